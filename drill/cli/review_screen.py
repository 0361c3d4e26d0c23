"""The ``drill review`` screen: shows cards, reads keys and typed lines, drives a ReviewSession.

Keys are read one at a time in raw mode on a terminal; typed answers are read as a
whole line with ``input()`` so input methods (pinyin, wubi) work. When stdin is not
a terminal, every line is one key (an empty line is Enter), so the session can be
scripted.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from ..grading import (
    OPTION_KEYS,
    Grade,
    grade_option,
    grade_ordering,
    grade_true_false,
    grade_typed,
)
from ..scheduling import RATING_NAMES, Rating, State, format_interval
from ..session import ReviewCard, ReviewSession, clean

#: card types answered by typing a line (list recall: the items, separated by 、 or spaces)
LINE_TYPES = {"typed", "cloze", "ordering", "list_recall"}
STATE_LABELS = {State.NEW: "new", State.LEARNING: "learning", State.REVIEW: "review", State.RELEARNING: "relearning"}


def T(text: object, style: str = "") -> Text:
    return Text(clean(text), style=style)


class Quit(Exception):
    pass


class Keys:
    """One key at a time from a terminal, or one line per key from a pipe."""

    def __init__(self, stream: IO[str] | None = None):
        self.stream = stream or sys.stdin
        self.tty = self.stream.isatty()
        self._cooked: list[Any] | None = None
        if self.tty:
            try:
                import readline  # noqa: F401 - line editing for input() with wide characters
            except ImportError:  # pragma: no cover - platform without readline
                pass

    def key(self) -> str:
        """A key name: a character, "enter", "space", "esc", or "quit" on Ctrl-C/Ctrl-D/EOF."""
        if not self.tty:
            line = self.stream.readline()
            if not line:
                return "quit"
            line = line.rstrip("\r\n")
            if line == "":
                return "enter"
            if line.strip() == "":
                return "space"
            return line.strip()[0]
        import termios
        import tty

        fd = self.stream.fileno()
        current = termios.tcgetattr(fd)
        try:
            # TCSANOW, not the default TCSAFLUSH: keys typed ahead must not be thrown away
            tty.setraw(fd, termios.TCSANOW)
            data = os.read(fd, 1)
            if data == b"\x1b" or (data and data[0] >= 0xC0):
                import select

                # the rest of an escape sequence or of a UTF-8 character is already waiting
                while select.select([fd], [], [], 0.02)[0]:
                    data += os.read(fd, 8)
        finally:
            termios.tcsetattr(fd, termios.TCSANOW, current)
        if data in (b"\x03", b"\x04", b""):
            return "quit"
        if data in (b"\r", b"\n"):
            return "enter"
        if data == b" ":
            return "space"
        if data.startswith(b"\x1b"):
            return "esc"
        return data.decode("utf-8", "replace")[:1]

    def line(self, console: Console, prompt: str) -> str | None:
        """A typed line (None at end of input)."""
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
        try:
            return input(prompt)
        except EOFError:
            return None
        finally:
            termios.tcsetattr(fd, termios.TCSANOW, current)

    def __enter__(self) -> Keys:
        """Between keys, keep typed-ahead keys from echoing over the screen."""
        if self.tty:
            import termios
            import tty

            fd = self.stream.fileno()
            self._cooked = termios.tcgetattr(fd)
            tty.setcbreak(fd, termios.TCSANOW)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tty and self._cooked is not None:
            import termios

            termios.tcsetattr(self.stream.fileno(), termios.TCSADRAIN, self._cooked)
            self._cooked = None


class ReviewScreen:
    def __init__(self, session: ReviewSession, console: Console, keys: Keys):
        self.session = session
        self.console = console
        self.keys = keys
        self.message: Text | None = None

    # -- drawing ---------------------------------------------------------------------------

    def header(self, card: ReviewCard) -> Text:
        c = card.content
        done, left = self.session.answered, self.session.remaining()
        head = Text()
        head.append_text(T(c.get("deck", ""), "bold cyan"))
        if c.get("topic"):
            head.append(" · ")
            head.append_text(T(c["topic"], "cyan"))
        head.append(f" · {STATE_LABELS[card.state.state]} · {c.get('type', '')}", style="dim")
        head.append(f"    {done} done · {left} left", style="bold")
        return head

    def show_question(self, card: ReviewCard) -> None:
        if self.keys.tty:
            self.console.clear()
        self.console.rule(style="dim")
        self.console.print(self.header(card))
        if self.message is not None:
            self.console.print(self.message)
            self.message = None
        self.console.print()
        c = card.content
        self.console.print(T(c.get("prompt", ""), "bold"))
        if card.type in ("multiple_choice", "true_false"):
            for i, o in enumerate(c.get("options", [])):
                key = OPTION_KEYS[i] if card.type == "multiple_choice" else ("t" if i == 0 else "f")
                self.console.print(Text.assemble(f"  {key}) ", T(o["text"])))
        elif card.type == "ordering":
            for i, o in enumerate(c.get("options", []), start=1):
                self.console.print(Text.assemble(f"  {i}. ", T(o["text"])))
        self.console.print()

    def show_answer(self, card: ReviewCard, grade: Grade | None, given: str | None) -> None:
        c = card.content
        if grade is not None:
            if grade.correct is None:
                mark = Text("? 自评 rate it yourself", style="bold yellow")
            elif grade.correct:
                mark = Text("✓ 正确 right", style="bold green")
            else:
                mark = Text("✗ 错误 wrong", style="bold red")
            if grade.reason and grade.reason != "正确" and card.type != "ordering":
                mark.append("  ")
                mark.append_text(T(grade.reason, "dim" if grade.correct is not False else "yellow"))
            self.console.print(mark)
            if grade.correct is None or card.type == "list_recall":
                self.console.print(Text.assemble(("your answer: ", "dim"), T(grade.given)))
            elif grade.diff and not grade.correct:
                self.console.print(self.diff_text(grade))
            elif not grade.correct:
                self.console.print(Text.assemble(("your answer: ", "dim"), T(grade.given)))
        answer = Text.assemble(("answer: ", "bold"), T(c.get("answer", ""), "bold green"))
        self.console.print(answer)
        if card.type == "list_recall" and c.get("items"):
            for i, item in enumerate(c["items"], start=1):
                self.console.print(Text.assemble(f"  {i}. ", T(item)))
        if c.get("explanation"):
            self.console.print(T(c["explanation"], "italic"))

    @staticmethod
    def diff_text(grade: Grade) -> Text:
        given = Text("yours:    ", style="dim")
        expected = Text("expected: ", style="dim")
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
        intervals = self.session.intervals(card)
        bar = Text()
        for r in Rating:
            style = "bold reverse" if r is suggested else ""
            bar.append(f" {int(r)} {RATING_NAMES[r]} {format_interval(intervals[r])} ", style=style)
            bar.append(" ")
        tail = "enter: accept suggestion" if suggested else "enter: Good"
        bar.append(f"  ({tail} · u undo · s suspend · b bury · e note · q quit)", style="dim")
        return bar

    def show_note(self, card: ReviewCard) -> None:
        c = card.content
        lines = [("note", c.get("explanation")), ("source", c.get("source")), ("card", card.id)]
        for label, value in lines:
            if value:
                self.console.print(Text.assemble((f"{label}: ", "dim"), T(value)))

    # -- one card --------------------------------------------------------------------------

    def ask(self, card: ReviewCard) -> str | None:
        """Show the card, take an answer and a rating; returns a command ("undo", "quit") or None."""
        started = time.monotonic()
        self.show_question(card)
        grade: Grade | None = None
        given: str | None = None
        if card.type in LINE_TYPES:
            hint = {"ordering": "type the option numbers in order, then Enter",
                    "list_recall": "type the items separated by 、 or spaces, then Enter"}.get(
                        card.type, "type your answer, then Enter")
            while True:
                self.console.print(Text(f"{hint} (empty line: show the answer; :u undo · :s suspend · "
                                        ":b bury · :e note · :q quit)", style="dim"))
                line = self.keys.line(self.console, "› ")
                if line is None:
                    return "quit"
                command = line.strip().lower()
                if command in (":q", ":u", ":s", ":b", ":e"):
                    done = self.command(card, command[1])
                    if done == "again":
                        continue
                    return done
                if not line.strip():
                    break
                try:
                    if card.type == "ordering":
                        grade = grade_ordering(card.content, line)
                    else:
                        grade = grade_typed(card.content, line)
                except ValueError as exc:
                    self.console.print(Text(str(exc), style="yellow"))
                    continue
                given = line
                break
        else:
            choices = card.content.get("options", [])
            while True:
                if card.type == "multiple_choice":
                    # option letters win over the command keys (b is option b here; bury after the answer)
                    self.console.print(Text(f"[a–{OPTION_KEYS[len(choices) - 1]}] answer · space/enter show the "
                                            "answer · s suspend · u undo · q quit", style="dim"))
                elif card.type == "true_false":
                    self.console.print(Text("[t] true · [f] false · space/enter show the answer · e note · "
                                            "s suspend · b bury · u undo · q quit", style="dim"))
                else:
                    self.console.print(Text("space/enter show the answer · e note · s suspend · b bury · u undo · "
                                            "q quit", style="dim"))
                key = self.keys.key()
                if key in ("space", "enter"):
                    break
                if card.type == "multiple_choice" and key in OPTION_KEYS[: len(choices)]:
                    grade = grade_option(card.content, OPTION_KEYS.index(key))
                    given = grade.given
                    break
                if card.type == "true_false" and key in ("t", "f"):
                    grade = grade_true_false(card.content, key == "t")
                    given = grade.given
                    break
                if key in ("quit", "q", "u", "s", "b", "e"):
                    done = self.command(card, "q" if key == "quit" else key)
                    if done == "again":
                        continue
                    return done
        self.console.print()
        self.show_answer(card, grade, given)
        suggested = grade.suggested if grade else None
        while True:
            self.console.print(self.rating_bar(card, suggested))
            key = self.keys.key()
            if key in ("1", "2", "3", "4") or key == "enter":
                rating = Rating(int(key)) if key != "enter" else (suggested or Rating.GOOD)
                self.session.answer(card.id, rating, answer=given, correct=None if grade is None else grade.correct,
                                    reason=grade.reason if grade is not None and grade.reason else None,
                                    duration_ms=int((time.monotonic() - started) * 1000))
                return None
            if key in ("quit", "q", "u", "s", "b", "e"):
                done = self.command(card, "q" if key == "quit" else key)
                if done == "again":
                    continue
                return done

    def command(self, card: ReviewCard, key: str) -> str | None:
        """Run u/s/b/e/q; "again" means stay on this card."""
        if key == "q":
            return "quit"
        if key == "e":
            self.show_note(card)
            return "again"
        if key == "u":
            undone = self.session.undo()
            if undone is None:
                self.console.print(Text("nothing to undo", style="yellow"))
                return "again"
            self.message = Text.assemble(("undone: ", "yellow"), T(undone))
            return "undo"
        if key == "s":
            self.session.suspend(card.id)
            self.message = Text.assemble(("suspended: ", "yellow"), T(card.id))
            return None
        if key == "b":
            self.session.bury(card.id)
            self.message = Text.assemble(("buried until tomorrow: ", "yellow"), T(card.id))
            return None
        return "again"

    # -- the loop --------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        while True:
            card = self.session.next_card()
            if card is None:
                break
            if self.ask(card) == "quit":
                break
        summary = self.session.summary()
        self.print_summary(summary.to_dict())
        return summary.to_dict()

    def print_summary(self, s: dict[str, Any]) -> None:
        self.console.print()
        self.console.rule(Text("summary", style="bold"), style="dim")
        minutes, seconds = divmod(int(s["seconds"]), 60)
        acc = "—" if s["accuracy"] is None else f"{s['accuracy']:.0%} ({s['correct']}/{s['graded']} graded)"
        self.console.print(Text(f"reviewed {s['answered']} cards in {minutes}:{seconds:02d}"))
        self.console.print(Text(f"accuracy {acc}"))
        self.console.print(Text(f"due tomorrow {s['due_tomorrow']} · still waiting today {s['remaining']}"))


__all__ = ["Keys", "ReviewScreen", "T", "clean"]
