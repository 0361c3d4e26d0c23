"""``drill lint``: load a deck and report errors and warnings, all located."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .audit import audit_cards, company_label_problem
from .card import Card
from .deck import Deck, matches_any
from .errors import DeckError, InputError, Problem
from .facts import GenContext
from .generate import generate
from .i18n import _, ngettext
from .loader import read_file, validate
from .yamlio import YamlDocument
from .text import normalize

#: deck id → the store's cloze cards of that deck: card id → (answer as synced, reviews)
SyncedAnswers = Callable[[str], Mapping[str, tuple[str, int]]]


@dataclass
class LintResult:
    """What linting one file found."""

    file: str
    deck: Deck | None = None
    cards: list[Card] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def deck_files(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """Expand directories to the ``*.yaml``/``*.yml`` files inside them (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.suffix in {".yaml", ".yml"} and x.is_file()))
        else:
            out.append(p)
    return out


def doc_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):  # pragma: no cover - it was just read
        return []


def _find_after(lines: list[str], start: tuple[int, int], needle: str) -> tuple[int, int]:
    """Where ``needle`` first stands in the file at or after ``start`` (1-based), else ``start``."""
    line, column = start
    for n in range(line - 1, min(len(lines), line + 40)):
        found = lines[n].find(needle, column - 1 if n == line - 1 else 0)
        if found >= 0:
            return n + 1, found + 1
    return start


def answer_form_problems(fact: object) -> list[tuple[tuple[str | int, ...], str]]:
    """Alternatives and key points of ``fact`` that cannot match anything: (path in the fact, message).

    An alternative identical to the answer or to another alternative, an empty
    synonym in a key point, a key point repeated or absent from the model
    answer itself, ``accept``/``points`` with no typed answer to apply to.
    """
    from .facts.list_ import ListFact
    from .facts.rule import RuleFact
    from .judge import canon, compile_form, missing_points, synonyms

    out: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(fact, ListFact):  # each item's other wordings: none may be an item or another's wording
        owner = {canon(i): i for i in fact.items}
        for item, wordings in fact.accept.items():
            for alt in wordings:
                key = canon(alt)
                if key in owner:
                    out.append((("accept", item), _("the other wording {alt!r} of item {item!r} is the same as "
                                                    "{other!r} (after width, punctuation and numerals are folded); "
                                                    "remove it").format(alt=alt, item=item, other=owner[key])))
                owner.setdefault(key, alt)
        return out
    if isinstance(fact, RuleFact):
        for d in fact.deletions():
            forms = {canon(d.answer): d.answer}
            for alt in d.alternatives:
                key = canon(alt)
                if alt and key in forms:
                    # Translators: keep {deletion} first: lint finds the line by it
                    out.append((("text",), _("{deletion}: the alternative {alt!r} is the same as {other!r} and can "
                                             "never match anything else; remove it").format(
                        deletion=f"{{{{{d.answer}|…}}}}", alt=alt, other=forms[key])))
                forms.setdefault(key, alt)
        return out
    answer = getattr(fact, "response", None) or getattr(fact, "instead", None)
    accept: list[str] = list(getattr(fact, "accept", []) or [])
    points: list[str] = list(getattr(fact, "points", []) or [])
    if (accept or points) and not answer:
        field = "accept" if accept else "points"
        out.append(((field,), _("`{field}` needs a typed answer to apply to: add `instead` (what to say)").format(
            field=field)))
        return out
    if answer is None or not (accept or points):
        return out
    seen: dict[str, str | None] = {canon(compile_form(answer).plain): None}  # None: the answer itself
    for j, alt in enumerate(accept):
        key = canon(compile_form(alt).plain)
        if key in seen:
            other = seen[key]
            if other is None:
                message = _("the accepted answer {alt!r} is the same as the answer itself (after width, punctuation "
                            "and numerals are folded); remove it")
            else:
                message = _("the accepted answer {alt!r} is the same as {other!r} (after width, punctuation and "
                            "numerals are folded); remove it")
            out.append((("accept", j), message.format(alt=alt, other=other)))
        seen.setdefault(key, alt)
    words: dict[str, int] = {}
    for j, point in enumerate(points):
        words_here = synonyms(point)
        if any(not w for w in words_here):
            out.append((("points", j), _("key point {point!r} has an empty synonym: remove the extra |").format(
                point=point)))
            continue
        for w in words_here:
            key = canon(w)
            if key in words:
                if words[key] == j:
                    message = _("{word!r} is already a synonym in this key point; each key point and synonym must "
                                "be different")
                else:
                    message = _("{word!r} is already a synonym in key point #{n}; each key point and synonym must "
                                "be different")
                out.append((("points", j), message.format(word=w, n=words[key] + 1)))
            words.setdefault(key, j)
    if points and not any(where[0] == "points" for where, _ in out):
        missing = missing_points(points, compile_form(answer).plain)
        for j, point in enumerate(points):
            if synonyms(point)[0] in missing:
                out.append((("points", j), _("key point {point!r} is not in the answer itself ({answer!r}); add the "
                                             "answer's own wording as a synonym").format(point=point, answer=answer)))
    return out


def typed_key_problems(fact: object) -> list[tuple[tuple[str | int, ...], str, str]]:
    """Accepted answers of a standard phrase its key points do not fit: (path in the fact, message, code).

    A typed phrase is judged by its key points, so every phrase the fact accepts
    must carry each of them; a learner who gives an accepted phrase in their own
    words otherwise fails. An accepted whole sentence with placeholders (××) is
    only ever matched word for word: the key points are what judge it.
    """
    from .judge import missing_points
    from .text import PLACEHOLDER

    points: list[str] = list(getattr(fact, "points", []) or [])
    accept = getattr(fact, "accept", None)
    if not isinstance(accept, list) or "points" not in getattr(type(fact), "model_fields", {}):
        return []
    out: list[tuple[tuple[str | int, ...], str, str]] = []
    for j, alt in enumerate(accept):
        missing = missing_points(points, alt) if points else ()
        if missing:
            out.append((("accept", j), _("the accepted phrase {alt!r} lacks the key points {points}, so a learner who "
                                         "says it in other words is marked wrong; key the card by points every "
                                         "accepted phrase carries").format(alt=alt, points="、".join(missing)),
                        "accept-misses-points"))
        elif PLACEHOLDER.search(alt):
            out.append((("accept", j), _("the accepted phrase {alt!r} has placeholders (××) and matches only word for "
                                         "word; judge it by key points it carries and give the wording in `note`").format(
                alt=alt), "accept-placeholder"))
    return out


def lint_file(path: str | os.PathLike[str], synced: SyncedAnswers | None = None,
              synced_stems: SyncedAnswers | None = None) -> LintResult:
    """Load ``path``, make its cards, and collect every error and warning.

    ``synced(deck_id)``, when given, returns the store's cloze cards of that deck
    (card id → (answer, reviews)), so an edit that would move review history is warned about;
    ``synced_stems(deck_id)`` the store's question cards (card id → (stem, reviews)), so a
    question whose stem was edited (a new item; the history stays with the old id) is too.
    """
    result = LintResult(file=os.fspath(path))
    from .bank import is_bank_path

    if is_bank_path(path):
        return _lint_bank(path, result, synced_stems)
    try:
        doc = read_file(path)
        if is_blueprint(doc.data):
            return _lint_blueprint(path, doc, result)
        deck = validate(doc, Deck, DeckError, "facts")
    except InputError as exc:
        result.problems = exc.problems
        return result
    result.deck = deck
    cards, warnings = generate(deck)
    result.cards = cards
    index = {f.id: i for i, f in enumerate(deck.facts)}

    def warn(fact_id: str, fld: str | None, message: str, code: str) -> None:
        where = doc.locate(("facts", index[fact_id], "id"))
        result.problems.append(
            Problem(message, file=result.file, line=where[0] if where else None,
                    column=where[1] if where else None, fact=fact_id, field=fld,
                    severity="warning", code=code)
        )

    for w in warnings:
        warn(w.fact, w.template, w.message, w.code)
    for problem in audit_cards(deck, cards):
        warn(problem.fact, problem.where, problem.message, problem.code)
    if synced is not None:
        from .history_moves import cloze_moves

        for move in cloze_moves(cards, synced(deck.deck)):
            warn(move.fact, "text", move.message(), "history-moves")
    _check_stem_edits(deck, cards, synced_stems, warn)
    lines = doc_lines(result.file)
    for i, fact in enumerate(deck.facts):
        for in_fact, message in answer_form_problems(fact):
            where = doc.locate(("facts", i, *in_fact), key=False)
            if where and in_fact == ("text",) and message.startswith("{{"):
                where = _find_after(lines, where, message[: message.index("|") + 1])
            result.problems.append(
                Problem(message, file=result.file, line=where[0] if where else None,
                        column=where[1] if where else None, fact=fact.id,
                        field=".".join(map(str, in_fact)), severity="error", code="answer-form")
            )
        for in_fact, message, code in typed_key_problems(fact):
            where = doc.locate(("facts", i, *in_fact), key=False)
            result.problems.append(
                Problem(message, file=result.file, line=where[0] if where else None,
                        column=where[1] if where else None, fact=fact.id,
                        field=".".join(map(str, in_fact)), severity="warning", code=code))
    _check_marks(deck, doc, result)
    _check_question_ids(deck, doc, result)
    label = company_label_problem(deck)
    if label:
        where = doc.locate(("context",), key=False)
        result.problems.append(Problem(label, file=result.file, line=where[0] if where else None,
                                       column=where[1] if where else None, field="context", severity="warning",
                                       code="company-label"))
    _check_duplicates_and_topics(deck, warn, _("no topic: the fact gets no same-topic siblings and no subdeck"))
    for fact in deck.facts:
        if not fact.source:
            warn(fact.id, "source", _("no source: say where in the handbook this comes from"), "no-source")
    unreviewed = [f.id for f in deck.facts if not f.reviewed]
    if unreviewed:  # a drafted fact nobody has read yet: one warning for the file, at the first of them
        warn(unreviewed[0], "reviewed", ngettext(
            "{n} fact is unreviewed (reviewed: false): a trainer has not read it against the handbook yet",
            "{n} facts are unreviewed (reviewed: false): a trainer has not read them against the handbook yet",
            len(unreviewed)).format(n=len(unreviewed)), "unreviewed")
    by_id: dict[str, int] = defaultdict(int)
    for card in cards:
        by_id[card.id] += 1
    for card_id, n in by_id.items():
        if n > 1:  # pragma: no cover - a template bug, never a deck problem
            raise AssertionError(f"card id {card_id} made {n} times")
    result.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return result


def is_blueprint(data: object) -> bool:
    """Whether a YAML document is an exam blueprint (``exam`` and ``sections``), not a deck (``facts``)."""
    return isinstance(data, dict) and "sections" in data and "exam" in data and "facts" not in data


def _lint_blueprint(path: str | os.PathLike[str], doc: YamlDocument, result: LintResult) -> LintResult:
    """Lint an exam blueprint: its own problems, then the same rule stated in two of the decks it draws on.

    Each rule stated twice is one warning at the blueprint's entry for the second deck, naming both
    facts (deck and fact id) and both wordings: a paper drawn from both decks could ask it twice.
    """
    from .audit import shared_rules
    from .exam.blueprint import blueprint_deck_files, load_blueprint
    from .generate import make_cards
    from .loader import load_deck

    blueprint = load_blueprint(path)  # raises BlueprintError with every problem, located
    decks = [load_deck(f) for f in blueprint_deck_files(blueprint, Path(path).parent)]
    drawn = {(c.deck, c.fact) for deck in decks for c in make_cards(deck)
             if any(s.accepts(c) for s in blueprint.sections)}
    entry = {deck.deck: i for i, deck in enumerate(decks)}
    for shared in shared_rules(decks, drawn):
        where = doc.locate(("decks", entry[shared.other_deck]), key=False)
        message = _("{deck}/{fact} and {other_deck}/{other_fact} state the same rule, so a paper drawn from both "
                    "decks may ask it twice: 「{wording}」 / 「{other_wording}」; keep it in one deck (list the other "
                    "fact's cards under its deck's `excluded`)").format(
            deck=shared.deck, fact=shared.fact, other_deck=shared.other_deck, other_fact=shared.other_fact,
            wording=shared.wording, other_wording=shared.other_wording)
        result.problems.append(Problem(message, file=result.file, line=where[0] if where else None,
                                       column=where[1] if where else None, field="decks", severity="warning",
                                       code="shared-rule"))
    return result


def _check_duplicates_and_topics(deck: Deck, warn: Callable[[str, str | None, str, str], None], no_topic: str) -> None:
    """Warn about facts that state what an earlier fact states, and about facts without a topic."""
    seen: dict[str, str] = {}
    for fact in deck.facts:
        for text in fact.texts():
            key = normalize(text)
            if key in seen and seen[key] != fact.id:
                warn(fact.id, None, _("states the same thing as fact {fact}").format(fact=seen[key]), "duplicate-fact")
            seen.setdefault(key, fact.id)
        if not fact.topic:
            warn(fact.id, "topic", no_topic, "no-topic")


def _check_stem_edits(deck: Deck, cards: list[Card], synced_stems: SyncedAnswers | None,
                      warn: Callable[[str, str | None, str, str], None]) -> None:
    """Questions whose edited stem made them new items, against the store (see :func:`drill.history_moves.stem_edits`)."""
    if synced_stems is None or not any(c.kind == "question" for c in cards):
        return
    from .history_moves import stem_edits

    for edit in stem_edits(cards, synced_stems(deck.deck)):
        warn(edit.fact, "stem", edit.message(), "stem-edited")


def _lint_bank(path: str | os.PathLike[str], result: LintResult,
               synced_stems: SyncedAnswers | None = None) -> LintResult:
    """Lint a question bank: every bad row, then the item audit's warnings located at each question's row.

    The audit may warn about a trainer's question; it never rewrites or withholds one.
    """
    from .bank import load_bank_located

    try:
        deck, where = load_bank_located(path)
    except InputError as exc:
        result.problems = exc.problems
        return result
    result.deck = deck
    cards, warnings = generate(deck)
    result.cards = cards

    def warn(fact_id: str, fld: str | None, message: str, code: str) -> None:
        row, label = where.get(fact_id, (None, None))
        result.problems.append(Problem(message, file=result.file, line=row, fact=fact_id,
                                       field=" ".join(x for x in (label, fld) if x) or None,
                                       severity="warning", code=code))

    for w in warnings:
        warn(w.fact, w.template, w.message, w.code)
    for problem in audit_cards(deck, cards):
        warn(problem.fact, problem.where, problem.message, problem.code)
    _check_stem_edits(deck, cards, synced_stems, warn)
    _check_duplicates_and_topics(deck, warn, _("no topic (知识点): the question is in no topic of a report or subdeck"))
    result.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return result


def _check_question_ids(deck: Deck, doc: YamlDocument, result: LintResult) -> None:
    """A question whose id was made from a stem it no longer has: the stem was edited after the bank was read.

    The history stays with the id in this deck file; a bank read again (``drill import-bank``, or the bank
    given directly) makes the edited stem a new item with a new id and no history.
    """
    from .bank import question_id, stem_id_moved
    from .facts.question import QuestionFact

    for i, fact in enumerate(deck.facts):
        if isinstance(fact, QuestionFact) and stem_id_moved(fact.id, fact.stem):
            where = doc.locate(("facts", i, "stem"), key=False) or doc.locate(("facts", i, "id"))
            result.problems.append(Problem(
                _("the id {id} was made from an earlier stem: its review history stays with {id} while this "
                  "file keeps it, but the edited stem read from a bank again is a new item ({new}) with no "
                  "history; give the bank an id column (编号) to keep an item's id through edits").format(
                    id=fact.id, new=question_id(None, fact.stem)),
                file=result.file, line=where[0] if where else None, column=where[1] if where else None,
                fact=fact.id, field="stem", severity="warning", code="stem-edited"))


def _check_marks(deck: Deck, doc, result: LintResult) -> None:  # type: ignore[no-untyped-def]
    """Report ``excluded``/``reviewed`` entries that name no card (a typo, or a card since removed)."""
    from .exam.multiselect import select_ids

    if not (deck.excluded or deck.reviewed):
        return
    ctx = GenContext(deck)
    possible = {c.id for fact in deck.facts for c in fact.make(ctx)}
    possible |= {f"{deck.deck}/{w.fact}/{w.template}" for w in ctx.warnings}  # cards withheld with a warning
    possible |= select_ids(deck)  # 多选题, made for papers only
    for name in ("excluded", "reviewed"):
        for i, pattern in enumerate(getattr(deck, name)):
            if not any(matches_any(deck.deck, card_id, [pattern]) for card_id in possible):
                where = doc.locate((name, i))
                result.problems.append(
                    Problem(_("{key} entry {pattern!r} names no card of this deck").format(key=name, pattern=pattern),
                            file=result.file,
                            line=where[0] if where else None, column=where[1] if where else None,
                            field=f"{name}[{i}]", severity="warning", code="stale-mark")
                )
