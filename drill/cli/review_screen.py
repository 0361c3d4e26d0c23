"""The ``drill review`` screen: shows cards, reads keys and typed lines, drives a ReviewSession.

Keys are read one at a time in raw mode on a terminal; typed answers are read as a
whole line with ``input()`` so input methods (pinyin, wubi) work. Keys typed with a
Chinese input method count too: full-width letters and digits as half-width ones,
对/错 and 是/否 for true/false. When stdin is not a terminal, every line is one key
(an empty line is Enter), so the session can be scripted.

Text is wrapped by :mod:`drill.cli.wrap` (display cells, hanging indents, no line
starting with closing punctuation) and the screen is drawn again when the terminal
is resized. Ctrl-C anywhere ends the session like ``q``: answers are kept and the
summary is shown.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..grading import (
    OPTION_KEYS,
    Grade,
    grade_option,
    grade_ordering,
    grade_true_false,
    grade_typed,
    parse_order,
)
from ..i18n import _, ngettext
from ..scheduling import RATING_NAMES, Rating, State, format_interval
from ..session import STATE_LABELS, ReviewCard, ReviewSession, clean, type_label
from .wrap import hanging, wrap

#: card types answered by typing a line (list recall: the items, separated by 、 or spaces)
LINE_TYPES = {"typed", "cloze", "ordering", "list_recall"}

#: command keys; none of them is an option key (a–h), t/f, or a rating (1–4)
UNDO, NOTE, QUIT, BURY, SUSPEND = "u", "n", "q", "-", "@"
COMMAND_KEYS = (UNDO, NOTE, QUIT, BURY, SUSPEND)
#: what a typed line may hold instead of an answer
# A command key alone on the line is the command on every card type, so "u undoes" holds everywhere
# (no card of a Chinese handbook has the one Latin letter u, n or q or a lone - or @ as its answer);
# the colon forms are kept for those who learnt them.
LINE_COMMANDS = {":u": UNDO, ":n": NOTE, ":e": NOTE, ":q": QUIT, ":-": BURY, ":b": BURY, ":@": SUSPEND,
                 ":s": SUSPEND, UNDO: UNDO, NOTE: NOTE, QUIT: QUIT, BURY: BURY, SUSPEND: SUSPEND}
#: keys from a Chinese input method that answer true/false
TRUE_KEYS = frozenset("t对是")
FALSE_KEYS = frozenset("f错否")

assert not set(COMMAND_KEYS) & set(OPTION_KEYS + "tf1234"), "command keys must not collide with answer keys"


def _keep_items_whole(text: Text, width: int) -> Text:
    """A hint line broken only between its " · " items, so a key never parts from its label."""
    items = text.plain.split(" · ")
    if len(items) < 2 or text.spans or text.cell_len <= width:
        return text
    lines, line = [], ""
    for item in items:
        joined = f"{line} · {item}" if line else item
        if line and cell_len(joined) > width:
            lines.append(line + " ·")
            line = item
        else:
            line = joined
    lines.append(line)
    return Text("\n".join(lines), style=text.style)


def T(text: object, style: str = "") -> Text:
    return Text(clean(text), style=style)


def fold_key(key: str) -> str:
    """A key as typed with any input method, folded: full-width Ｂ/ｂ/１/＠ → b/b/1/@.

    >>> [fold_key(k) for k in ("Ｂ", "ｔ", "１", "＠", "－", "对", "enter")]
    ['b', 't', '1', '@', '-', '对', 'enter']
    """
    if len(key) != 1:
        return key
    folded = unicodedata.normalize("NFKC", key)
    if folded == "\u2212":  # the minus sign some input methods give for "-"
        folded = "-"
    return folded.lower() if len(folded) == 1 else key


class Quit(Exception):
    pass


#: what :meth:`Keys.line` returns when the window was resized while a line was typed
RESIZED = "\x00resize"


class _Resize(Exception):
    """Raised by the resize signal inside input(), which it interrupts (as Ctrl-C does)."""


class Keys:
    """One key at a time from a terminal, or one line per key from a pipe.

    On a terminal a resize is reported as the key ``"resize"``, so the screen can be
    drawn again at the new width.
    """

    def __init__(self, stream: IO[str] | None = None):
        self.stream = stream or sys.stdin
        self.tty = self.stream.isatty()
        self._cooked: list[Any] | None = None
        self._resized = False
        self._old_winch: Any = None
        self._in_line = False
        #: what was typed when a resize interrupted a line: typed in again for the learner
        self._pending = ""
        if self.tty:
            try:
                import readline  # noqa: F401 - line editing for input() with wide characters
            except ImportError:  # pragma: no cover - platform without readline
                pass

    def _on_winch(self, _signum: int, _frame: object) -> None:
        if self._in_line:
            # inside input(): keep what was typed, and stop reading so the screen can be drawn again
            try:
                import readline

                self._pending = readline.get_line_buffer()
            except ImportError:  # pragma: no cover - platform without readline
                self._pending = ""
            self._in_line = False
            raise _Resize
        self._resized = True

    def key(self) -> str:
        """A key name: a character (folded by :func:`fold_key`), "enter", "space", "esc",
        "resize", or "quit" on Ctrl-C/Ctrl-D/EOF."""
        if not self.tty:
            line = self.stream.readline()
            if not line:
                return "quit"
            line = line.rstrip("\r\n")
            if line == "":
                return "enter"
            if line.strip() == "":
                return "space"
            return fold_key(line.strip()[0])
        import select
        import termios
        import tty

        fd = self.stream.fileno()
        current = termios.tcgetattr(fd)
        try:
            # TCSANOW, not the default TCSAFLUSH: keys typed ahead must not be thrown away
            tty.setraw(fd, termios.TCSANOW)
            while not select.select([fd], [], [], 0.1)[0]:
                if self._resized:
                    self._resized = False
                    return "resize"
            data = os.read(fd, 1)
            if data == b"\x1b" or (data and data[0] >= 0xC0):
                # the rest of an escape sequence or of a UTF-8 character is already waiting
                while select.select([fd], [], [], 0.02)[0]:
                    data += os.read(fd, 8)
        finally:
            termios.tcsetattr(fd, termios.TCSANOW, current)
        if data in (b"\x03", b"\x04", b""):
            return "quit"
        if data in (b"\r", b"\n"):
            return "enter"
        if data == b" " or data == "\u3000".encode():  # a full-width space too
            return "space"
        if data.startswith(b"\x1b"):
            return "esc"
        return fold_key(data.decode("utf-8", "replace")[:1])

    def line(self, console: Console, prompt: str) -> str | None:
        """A typed line (None at end of input or on Ctrl-C)."""
        if not self.tty:
            console.print(T(prompt), end="")
            line = self.stream.readline()
            console.print()
            return None if not line else line.rstrip("\r\n")
        import termios

        fd = self.stream.fileno()
        current = termios.tcgetattr(fd)
        if self._cooked is not None:
            termios.tcsetattr(fd, termios.TCSANOW, self._cooked)  # echo and line editing for input()
        pending, self._pending = self._pending, ""
        hook = None
        try:
            import readline

            if pending:
                readline.set_startup_hook(lambda: readline.insert_text(pending))
                hook = readline
        except ImportError:  # pragma: no cover - platform without readline
            pass
        try:
            self._in_line = True
            return input(prompt)
        except _Resize:
            return RESIZED
        except (EOFError, KeyboardInterrupt):
            return None
        finally:
            self._in_line = False
            if hook is not None:
                hook.set_startup_hook(None)
            termios.tcsetattr(fd, termios.TCSANOW, current)

    def __enter__(self) -> Keys:
        """Between keys, keep typed-ahead keys from echoing over the screen; watch for resizes."""
        if self.tty:
            import termios
            import tty

            fd = self.stream.fileno()
            self._cooked = termios.tcgetattr(fd)
            tty.setcbreak(fd, termios.TCSANOW)
            if hasattr(signal, "SIGWINCH"):
                self._old_winch = signal.signal(signal.SIGWINCH, self._on_winch)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tty and self._cooked is not None:
            import termios

            termios.tcsetattr(self.stream.fileno(), termios.TCSADRAIN, self._cooked)
            self._cooked = None
            if self._old_winch is not None:
                signal.signal(signal.SIGWINCH, self._old_winch)


@dataclass
class _Shown:
    """What the screen shows of the current card, so it can be drawn again after a resize."""

    card: ReviewCard
    revealed: bool = False
    grade: Grade | None = None
    given: str | None = None
    note: bool = False
    hint: Text | None = None
    #: the order the options are shown in (indices into the card's options), shuffled per showing
    order: tuple[int, ...] = ()
    #: the hint is the rating bar (drawn again for the width after a resize)
    rating_bar: bool = False


class ReviewScreen:
    def __init__(self, session: ReviewSession, console: Console, keys: Keys, *, seed: int | None = None):
        self.session = session
        self.console = console
        self.keys = keys
        self.message: Text | None = None
        self.shown: _Shown | None = None
        #: multiple-choice options are shuffled for each showing from this seed (fixed: the same orders again)
        self.seed = seed if seed is not None else int.from_bytes(os.urandom(8), "big")
        self._showings: dict[str, int] = {}

    # -- drawing ---------------------------------------------------------------------------

    @property
    def width(self) -> int:
        return max(20, self.console.width)

    def lines(self, prefix: str, text: object, style: str = "", prefix_style: str = "") -> None:
        """Print ``prefix`` + ``text`` wrapped with a hanging indent."""
        body = clean(text)
        for i, line in enumerate(hanging(prefix, body, self.width)):
            head, rest = (line[: len(prefix)], line[len(prefix):])
            out = Text(head, style=prefix_style if i == 0 else "")
            out.append(rest, style=style)
            self.console.print(out, no_wrap=True, crop=False)

    def header(self, card: ReviewCard) -> Text:
        c = card.content
        counts = self.session.counts()
        head = Text()
        head.append_text(T(c.get("deck", ""), "bold cyan"))
        if c.get("topic"):
            head.append(" · ")
            head.append_text(T(c["topic"], "cyan"))
        head.append(f" · {_(STATE_LABELS[card.state.state])} · {type_label(str(c.get('type', '')))}", style="dim")
        early = learned_ahead(card, self.session.clock())
        if early is not None:
            # shown before its time because nothing else waits: say so, so the label's "10m" is not a lie
            head.append(" · ")
            head.append(_("learning ahead (due {when})").format(
                when=describe_when(early, self.session.clock(), self.session.day.tz)), style="yellow")
        tally = Text()
        # Translators: the counts of the review screen's header: cards answered, then waiting by kind
        tally.append(_("{n} done").format(n=self.session.answered) + " · ", style="bold")
        tally.append(_("{n} new").format(n=counts["new"]), style="bold blue")
        tally.append(" · ")
        tally.append(_("{n} learning").format(n=counts["learning"]), style="bold red")
        tally.append(" · ")
        tally.append(_("{n} review").format(n=counts["review"]), style="bold green")
        # the counts stay whole: on a line of their own when the header would have to break them
        head.append("\n" if head.cell_len + 4 + tally.cell_len > self.console.width else "    ")
        head.append_text(tally)
        return head

    def draw(self) -> None:
        """The whole screen for the current card (again after a resize)."""
        shown = self.shown
        assert shown is not None
        card = shown.card
        if self.keys.tty:
            self.console.clear()
        self.console.rule(style="dim")
        from ..clock import describe

        simulated = describe()
        if simulated:  # --now: every screen says the time is not the real one
            self.console.print(Text(simulated, style="bold magenta"), no_wrap=True, crop=True)
        head = self.header(card)
        if cell_len(head.plain) <= self.width:
            self.console.print(head, no_wrap=True, crop=False)
        else:
            for line in wrap(head.plain, self.width):
                self.console.print(Text(line, style="bold"), no_wrap=True, crop=False)
        if self.message is not None:
            self.console.print(self.message)
        self.console.print()
        c = card.content
        self.lines("", c.get("prompt", ""), "bold")
        if card.type == "multiple_choice":
            options = c.get("options", [])
            for key, i in zip(OPTION_KEYS, shown.order or range(len(options)), strict=False):
                self.lines(f"  {key}) ", options[i]["text"])
        elif card.type == "true_false":
            for i, o in enumerate(c.get("options", [])):
                self.lines(f"  {'t' if i == 0 else 'f'}) ", o["text"])
        elif card.type == "multiple_select":  # a trainer's 多选: every option, answered by revealing
            for key, o in zip(OPTION_KEYS, c.get("options", []), strict=False):
                self.lines(f"  {key}) ", o["text"])
        elif card.type == "ordering":
            for i, o in enumerate(c.get("options", []), start=1):
                self.lines(f"  {i}. ", o["text"])
        self.console.print()
        if shown.revealed:
            self.show_answer(card, shown.grade, shown.given)
        if shown.note:
            self.show_note(card, shown.revealed)
        if shown.rating_bar:
            # laid out again for the new width: its items stay whole
            shown.hint = self.rating_bar(card, shown.grade.suggested if shown.grade else None)
        if shown.hint is not None:
            self.console.print(_keep_items_whole(shown.hint, self.console.width), no_wrap=True, crop=False)

    def show_question(self, card: ReviewCard) -> None:
        order: tuple[int, ...] = ()
        if card.type == "multiple_choice":
            # a new order each time the card is shown, so the right answer is not always the same letter
            showing = self._showings[card.id] = self._showings.get(card.id, 0) + 1
            options = card.content.get("options", [])
            order = option_order(self.seed, card.id, card.state.reps, showing, len(options))
            fixed = {i for i, o in enumerate(options) if o.get("fixed")}
            if fixed:  # 「以上都不对」 and the like keep their place; the others move
                free = iter(i for i in order if i not in fixed)
                order = tuple(i if i in fixed else next(free) for i in range(len(options)))
        self.shown = _Shown(card, order=order)
        self.draw()
        self.message = None

    def hint(self, text: Text) -> None:
        """Print the key hint (once; kept for a redraw)."""
        assert self.shown is not None
        self.shown.hint = text
        self.console.print(_keep_items_whole(text, self.console.width), no_wrap=True, crop=False)

    def show_answer(self, card: ReviewCard, grade: Grade | None, given: str | None) -> None:
        c = card.content
        if grade is not None:
            if grade.correct is None:
                label, label_style = _("? rate it yourself"), "bold yellow"
            elif grade.correct:
                label, label_style = _("✓ right"), "bold green"
            else:
                label, label_style = _("✗ wrong"), "bold red"
            reason = grade.reason
            from ..judge import CORRECT_PREFIX

            prefix = _(CORRECT_PREFIX)
            if grade.correct and reason.startswith(prefix):
                reason = reason[len(prefix):]  # the mark already says it is right: 「✓ 正确  3 项全对」
            if reason and reason != _("correct"):
                # the verdict and its reason wrapped as a unit, the reason under itself
                self.lines(label + "  ", reason, "dim" if grade.correct is not False else "yellow", label_style)
            else:
                self.console.print(Text(label, style=label_style))
            if grade.correct is None or card.type == "list_recall":
                self.console.print(Text.assemble((_("your answer: "), "dim"), T(grade.given)))
            elif grade.diff and not grade.correct:
                self.console.print(self.diff_text(grade))
            elif not grade.correct:
                self.lines(_("your answer: "), grade.given, prefix_style="dim")
        # Translators: the label before a card's answer (keep the trailing space if the label needs one)
        self.lines(_("answer: "), c.get("answer", ""), "bold green", "bold")
        if card.type == "list_recall" and c.get("items"):
            for i, item in enumerate(c["items"], start=1):
                self.lines(f"  {i}. ", item)
        if c.get("explanation"):
            self.lines("", c["explanation"], "italic")

    @staticmethod
    def diff_text(grade: Grade) -> Text:
        # Translators: the labels of a typed answer compared with the expected one, one above the other
        labels = (_("yours:"), _("expected:"))
        width = max(cell_len(label) for label in labels) + 1
        given = Text(labels[0] + " " * (width - cell_len(labels[0])), style="dim")
        expected = Text(labels[1] + " " * (width - cell_len(labels[1])), style="dim")
        for kind, chunk in grade.diff:
            if kind == "same":
                given.append_text(T(chunk))
                expected.append_text(T(chunk))
            elif kind == "extra":
                given.append_text(T(chunk, "red strike"))
            else:
                expected.append_text(T(chunk, "green underline"))
        return Text.assemble(given, "\n", expected)

    def rating_bar(self, card: ReviewCard, suggested: Rating | None) -> Text:
        """The ratings with their intervals, then the keys; a line breaks only between whole items."""
        intervals = self.session.intervals(card)
        items: list[tuple[str, str]] = []
        for r in Rating:
            style = "bold reverse" if r is suggested else ""
            items.append((f" {int(r)} {_(RATING_NAMES[r])} {interval_label(intervals[r])} ", style))
        if suggested:
            keys = _("(enter: accept suggestion · u undo · - bury · @ suspend · n note · q quit)")
        else:
            keys = _("(enter: Good · u undo · - bury · @ suspend · n note · q quit)")
        parts = keys.split(" · ")
        items.extend((part + (" ·" if i < len(parts) - 1 else ""), "dim") for i, part in enumerate(parts))
        bar = Text()
        used = 0
        for i, (item, style) in enumerate(items):
            gap = 0 if i == 0 else (2 if i == len(Rating) else 1)
            if used and used + gap + cell_len(item) > self.width:
                bar.append("\n")
                used, gap = 0, 0
            bar.append(" " * gap)
            bar.append(item, style=style)
            used += gap + cell_len(item)
        return bar

    def show_note(self, card: ReviewCard, revealed: bool) -> None:
        """The note, the source and the card id; before the answer only what cannot give it away."""
        c = card.content
        lines = [(_("note: "), c.get("explanation") if revealed else None), (_("source: "), c.get("source")),
                 (_("card: "), card.id)]
        for label, value in lines:
            if value:
                self.lines(label, value, prefix_style="dim")
        if not revealed and c.get("explanation"):
            self.console.print(Text(_("(the note is shown with the answer)"), style="dim"))

    # -- one card --------------------------------------------------------------------------

    def standards(self, card: ReviewCard) -> Any:
        """The prohibited phrases and tones of a standard-phrase card's deck (read on first need, then kept)."""
        if card.content.get("kind") not in ("script", "prohibited_phrase"):
            return None
        from ..lexicon import deck_standards

        return deck_standards(self.session.store.deck_path(str(card.content.get("deck", ""))))

    def read_key(self) -> str:
        """The next key; a resize redraws the screen and waits on."""
        while True:
            key = self.keys.key()
            if key != "resize":
                return key
            self.draw()

    def ask(self, card: ReviewCard) -> str | None:
        """Show the card, take an answer and a rating; returns a command ("undo", "quit") or None."""
        started = time.monotonic()
        self.show_question(card)
        assert self.shown is not None
        grade: Grade | None = None
        given: str | None = None
        if card.type in LINE_TYPES:
            if card.type == "ordering":
                n = len(card.content.get("options", []))
                hint = _("type all {n} option numbers in order, e.g. {example}, then Enter (empty line: show "
                         "the answer, counted wrong; :u undo · :- bury · :@ suspend · :n note · :q quit)").format(
                    n=n, example="".join(map(str, range(1, n + 1))))
            elif card.type == "list_recall":
                hint = _("type the items separated by 、 or spaces, then Enter (empty line: show the answer, "
                         "counted wrong; :u undo · :- bury · :@ suspend · :n note · :q quit)")
            else:
                hint = _("type your answer, then Enter (empty line: show the answer, counted wrong; "
                         ":u undo · :- bury · :@ suspend · :n note · :q quit)")
            self.hint(Text(hint, style="dim"))
            while True:
                line = self.keys.line(self.console, "› ")
                if line == RESIZED:  # drawn again at the new width; what was typed is typed in again
                    self.draw()
                    continue
                if line is None:
                    return "quit"
                command = unicodedata.normalize("NFKC", line).strip().lower()
                if command in LINE_COMMANDS:
                    done = self.command(card, LINE_COMMANDS[command])
                    if done == "again":
                        continue
                    return done
                if not line.strip():
                    from ..judge import EMPTY_REASON

                    # no answer is a wrong answer (Again is suggested); the answer is shown
                    grade = Grade(False, 0.0, Rating.AGAIN, "", str(card.content.get("answer", "")),
                                  reason=_(EMPTY_REASON))
                    given = ""
                    break
                try:
                    if card.type == "ordering":
                        n = len(card.content.get("options", []))
                        if len(parse_order(line, n)) != n:
                            # an incomplete order is asked again, not marked wrong
                            self.console.print(Text(_("give all {n} numbers, each once (e.g. {example})").format(
                                n=n, example="".join(map(str, range(1, n + 1)))), style="yellow"))
                            continue
                        grade = grade_ordering(card.content, line)
                    else:
                        grade = grade_typed(card.content, line, self.standards(card))
                except ValueError as exc:
                    self.console.print(T(str(exc), style="yellow"))
                    continue
                given = line
                break
        else:
            choices = card.content.get("options", [])
            if card.type == "multiple_choice":
                self.hint(Text(_("[a–{last}] answer (full-width letters work too) · space/enter show the answer · "
                                 "u undo · - bury · @ suspend · n source · q quit").format(
                    last=OPTION_KEYS[len(choices) - 1]), style="dim"))
            elif card.type == "true_false":
                self.hint(Text(_("t/f or 对/错 (是/否) true/false, full-width too · "
                                 "space/enter show the answer · u undo · - bury · @ suspend · n source · q quit"),
                               style="dim"))
            else:
                self.hint(Text(_("space/enter show the answer · u undo · - bury · @ suspend · n source · q quit"),
                               style="dim"))
            while True:
                key = self.read_key()
                if key in ("space", "enter"):
                    break
                if card.type == "multiple_choice" and len(key) == 1 and key in OPTION_KEYS[: len(choices)]:
                    order = self.shown.order or tuple(range(len(choices)))
                    grade = grade_option(card.content, order[OPTION_KEYS.index(key)])
                    given = grade.given
                    break
                if card.type == "true_false" and key in TRUE_KEYS | FALSE_KEYS:
                    grade = grade_true_false(card.content, key in TRUE_KEYS)
                    given = grade.given
                    break
                if key == "quit" or key in COMMAND_KEYS:
                    done = self.command(card, QUIT if key == "quit" else key)
                    if done == "again":
                        continue
                    return done
                # any other key does nothing: no message, no redraw
        self.shown.revealed, self.shown.grade, self.shown.given = True, grade, given
        self.shown.hint = None
        self.console.print()
        self.show_answer(card, grade, given)
        suggested = grade.suggested if grade else None
        self.hint(self.rating_bar(card, suggested))
        self.shown.rating_bar = True
        while True:
            try:
                key = self.read_key()
            except KeyboardInterrupt:
                # Ctrl-C after a judged answer keeps it, with the suggested rating, like q
                self._keep_judged(card, grade, given, started)
                raise
            if key == "quit" or key == QUIT:
                self._keep_judged(card, grade, given, started)
                return "quit"
            if key in ("1", "2", "3", "4") or key == "enter":
                rating = Rating(int(key)) if key != "enter" else (suggested or Rating.GOOD)
                self._record(card, rating, grade, given, started)
                answered = self.session.last_answer
                if answered is not None and answered.leech:
                    lapses = answered.after.lapses
                    if self.session.settings_for(card.id).leech_action == "suspend":
                        what = ngettext("lapsed {n} time; suspended (`drill card list --leech`)",
                                        "lapsed {n} times; suspended (`drill card list --leech`)", lapses)
                    else:
                        what = ngettext("lapsed {n} time; tagged leech, still in review (`drill card list --leech`)",
                                        "lapsed {n} times; tagged leech, still in review "
                                        "(`drill card list --leech`)", lapses)
                    self.message = Text.assemble(
                        (_("leech: "), "bold yellow"), T(self.question(card.id)), (" " + what.format(n=lapses), "yellow"))
                return None
            if key == "quit" or key in COMMAND_KEYS:
                done_cmd = self.command(card, QUIT if key == "quit" else key)
                if done_cmd == "again":
                    continue
                return done_cmd

    def question(self, card_id: str, width: int = 30) -> str:
        """A card as a learner knows it: the start of its question (the id is under `n`, and in the summary)."""
        from ..errors import NotFoundError

        try:
            prompt = " ".join(str(self.session.store.card_content(card_id).get("prompt", "")).split())
        except NotFoundError:  # a card gone from the store: its id is all there is
            return card_id
        if not prompt:
            return card_id
        out = ""
        for ch in prompt:
            if cell_len(out + ch) > width - 1:
                return f"「{out}…」"
            out += ch
        return f"「{out}」"

    def _record(self, card: ReviewCard, rating: Rating, grade: Grade | None, given: str | None,
                started: float) -> None:
        self.session.answer(card.id, rating, answer=given, correct=None if grade is None else grade.correct,
                            reason=grade.reason if grade is not None and grade.reason else None,
                            duration_ms=int((time.monotonic() - started) * 1000))

    def _keep_judged(self, card: ReviewCard, grade: Grade | None, given: str | None, started: float) -> None:
        """Quitting after the program judged an answer keeps it with the suggested rating (never lost).

        A card the learner rates (no verdict) has nothing to keep until a rating is given.
        """
        if grade is None or grade.suggested is None:
            return
        self._record(card, grade.suggested, grade, given, started)
        self.console.print(Text(_("kept your answer as {rating}").format(rating=_(RATING_NAMES[grade.suggested])),
                                style="dim"))

    def command(self, card: ReviewCard, key: str) -> str | None:
        """Run a command key; "again" means stay on this card."""
        if key == QUIT:
            return "quit"
        if key == NOTE:
            assert self.shown is not None
            self.shown.note = True
            self.show_note(card, self.shown.revealed)
            return "again"
        if key == UNDO:
            undone = self.session.undo()
            if undone is None:
                self.console.print(Text(_("nothing to undo in this session (answers from earlier sessions "
                                          "cannot be undone)"), style="yellow"))
                return "again"
            self.message = Text.assemble((_("undone: "), "yellow"), T(self.question(undone)))
            return "undo"
        if key == SUSPEND:
            self.session.suspend(card.id)
            self.message = Text.assemble((_("suspended: "), "yellow"), T(self.question(card.id)),
                                         (" " + _("(u undoes; `drill card unsuspend` later)"), "dim"))
            return None
        if key == BURY:
            self.session.bury(card.id)
            self.message = Text.assemble((_("buried until tomorrow: "), "yellow"), T(self.question(card.id)))
            return None
        return "again"

    # -- the loop --------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        try:
            while True:
                card = self.session.next_card()
                if card is None:
                    break
                if self.ask(card) == "quit":
                    break
        except KeyboardInterrupt:
            pass  # Ctrl-C ends the session like q: every answer is already kept
        summary = self.session.summary()
        self.print_summary(summary.to_dict())
        return summary.to_dict()

    def print_summary(self, s: dict[str, Any]) -> None:
        self.console.print()
        self.console.rule(Text(_("summary"), style="bold"), style="dim")
        minutes, seconds = divmod(int(s["seconds"]), 60)
        n = s["answered"]
        self.console.print(Text(ngettext("reviewed {n} card in {time}", "reviewed {n} cards in {time}", n).format(
            n=n, time=f"{minutes}:{seconds:02d}")))
        r = s["ratings"]
        self.console.print(Text(_("ratings: again {again} · hard {hard} · good {good} · easy {easy}").format(
            again=r.get("again", 0), hard=r.get("hard", 0), good=r.get("good", 0), easy=r.get("easy", 0))))
        if s["accuracy"] is None:
            self.console.print(Text(_("accuracy —")))
        else:
            self.console.print(Text(_("accuracy {percent} ({correct}/{graded} graded)").format(
                percent=f"{s['accuracy']:.0%}", correct=s["correct"], graded=s["graded"])))
        self.console.print(Text(_("due tomorrow {due} · still waiting today {remaining}").format(
            due=s["due_tomorrow"], remaining=s["remaining"])))
        for card_id in s.get("leeches", []):
            self.console.print(Text.assemble((_("leech: "), "yellow"), T(self.question(card_id)),
                                             (f"  {card_id}", "dim")))
        if s.get("next_due"):
            when = describe_when(s["next_due"], self.session.clock(), self.session.day.tz)
            self.console.print(Text(_("next card due {when}").format(when=when)))


def option_order(seed: int, card_id: str, reps: int, showing: int, count: int) -> tuple[int, ...]:
    """The order a multiple-choice card's ``count`` options are shown in (indices into its options).

    It depends on the session's seed (``drill review --seed``), the card, how often it
    was answered and how often this session has shown it, so every showing may differ
    and a fixed seed gives the same orders again.
    """
    from ..text import seeded_rng

    positions = list(range(count))
    seeded_rng("options", seed, card_id, reps, showing).shuffle(positions)
    return tuple(positions)


def interval_label(interval: timedelta) -> str:
    """A rating's interval as the bar shows it: "<10m" when learn-ahead may bring the card back sooner.

    With nothing else waiting, a learning card comes up to LEARN_AHEAD early (as in
    Anki, which writes these intervals the same way).
    """
    from ..store import LEARN_AHEAD

    text = format_interval(interval)
    if timedelta(0) < interval <= LEARN_AHEAD:
        # Translators: a learning interval that may be shorter when nothing else is due ("<10m")
        return _("<{interval}").format(interval=text)
    return text


def learned_ahead(card: ReviewCard, now: datetime) -> datetime | None:
    """The due time of a learning card shown early (learn-ahead), or None when it is due."""
    state = card.state
    if state.state in (State.LEARNING, State.RELEARNING) and state.due is not None and state.due > now:
        return state.due
    return None


def describe_when(stored: str | datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """A stored UTC time as the learner reads it: local date and time (zone ``tz``), and how far off."""
    from ..store import from_text

    at = from_text(stored) if isinstance(stored, str) else stored
    assert at is not None
    local = at.astimezone(tz)
    if at <= now:
        return _("now")
    return _("{time} (in {interval})").format(time=f"{local:%Y-%m-%d %H:%M}", interval=format_interval(at - now))


__all__ = ["Keys", "ReviewScreen", "T", "clean", "describe_when", "fold_key", "interval_label", "learned_ahead", "option_order",
           "type_label"]
