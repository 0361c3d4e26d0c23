"""A chat-bot back end built on drill, as an embedder writes it: only public names, typed.

It keeps its own clock, loads shipped decks by id, asks the due cards, judges
the replies of any card type, makes the weekly weak-spot paper as JSON, and
turns drill's errors into replies. tests/test_embedding.py runs it and checks
it with ``mypy --strict``.
"""

from __future__ import annotations

import gettext
import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from drill import (
    Card,
    CardContent,
    DrillError,
    ExamPaper,
    Rating,
    ReviewSession,
    Store,
    Verdict,
    judge,
    load_deck,
    make_cards,
    retrievability_by_card,
    sync_decks,
    weak_paper,
)
from drill.errors import DeckError, InputError


class Clock:
    """The back end's own time: it moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def reply_for(card: Card | CardContent, text: str, language: str) -> str:
    """What the bot says to a reply: the verdict, or what was wrong with the reply itself."""
    try:
        verdict: Verdict = judge(card, text, language=language)
    except DrillError as exc:
        return f"? {exc}"
    mark = "✓" if verdict.correct else ("·" if verdict.correct is None else "✗")
    return f"{mark} {verdict.reason}"


def answer_for(card: CardContent) -> str:
    """A learner who knows every card: the reply right for the card's type."""
    options = card["options"]
    if card["type"] == "multiple_choice":
        return "abcdefgh"[next(i for i, o in enumerate(options) if o["correct"])]
    if card["type"] == "true_false":
        right = next(o["text"] for o in options if o["correct"])
        return "t" if right == "正确" else "f"
    if card["type"] == "ordering":
        texts = [o["text"] for o in options]
        return "".join(str(texts.index(step) + 1) for step in card["items"])
    return card["answer"]


def main(workdir: Path) -> dict[str, object]:
    gettext.textdomain("chat-backend")  # the host's own gettext domain: drill must leave it alone
    clock = Clock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    decks = ["sample-counter-basics", "telecom-service-language"]

    # shipped decks by id, for cards and for the store
    cards = [card for deck_id in decks for card in make_cards(load_deck(deck_id))]
    mc = next(c for c in cards if c.type == "multiple_choice")
    cloze = next(c for c in cards if c.type == "cloze")
    replies = {
        "letter": reply_for(mc, "b", "en"),
        "text": reply_for(cloze, "二十四小时", "zh-CN"),
        "wrong_text_en": reply_for(cloze, "一百年", "en"),
        "wrong_text_zh": reply_for(cloze, "一百年", "zh-CN"),
        "digits": reply_for(next(c for c in cards if c.type == "ordering"), "12345", "en"),
        "true_false": reply_for(next(c for c in cards if c.type == "true_false"), "对", "en"),
        "nonsense": reply_for(mc, "zz", "zh-CN"),
    }

    judged: dict[str, int] = {"right": 0, "wrong": 0, "not judged": 0, "unreadable": 0}
    with Store(workdir / "bot.db") as store:
        sync_decks(store, decks, clock())
        for day in range(3):
            session = ReviewSession(store, limit=150, new_limit=120, clock=clock)
            while (due := session.next_card()) is not None:
                try:  # the first day the learner knows nothing; an option card cannot take "不知道"
                    verdict = judge(due.content, answer_for(due.content) if day else "不知道")
                except InputError:
                    judged["unreadable"] += 1
                    session.answer(due.id, Rating.AGAIN)
                    continue
                judged["not judged" if verdict.correct is None else "right" if verdict.correct else "wrong"] += 1
                session.answer(due.id, Rating.AGAIN if verdict.correct is False else Rating.GOOD)
                clock.advance(seconds=20)
            summary = session.summary()
            clock.advance(days=1)
        seconds = summary.seconds
        recall = retrievability_by_card(store, now=clock())
        paper: ExamPaper = weak_paper(_weekly_blueprint(workdir, decks), store, 8,
                                      seed=5, now=clock(), language="zh-CN")

    errors: dict[str, str] = {}
    for name, attempt in (("missing deck", lambda: load_deck("no-such-deck")),
                          ("bad store", lambda: Store(workdir)),
                          ("bad deck", lambda: load_deck(_bad_deck(workdir), language="zh-CN"))):
        try:
            attempt()
        except DeckError as exc:
            errors[name] = f"DeckError: {exc}"
        except InputError as exc:
            errors[name] = f"InputError: {exc}"
        except DrillError as exc:
            errors[name] = f"{type(exc).__name__}: {exc}"
    return {"replies": replies, "judged": judged, "seconds": seconds, "recall": len(recall),
            "weakest": min(recall.values()), "paper": paper.model_dump(mode="json"), "errors": errors,
            "textdomain": gettext.textdomain()}


def refusals(workdir: Path) -> dict[str, object]:
    """Settings a trainer typed into the bot's admin page: each refusal is a DrillError, with no CLI advice."""
    refused: dict[str, str] = {}
    with Store(workdir / "admin.db") as store:
        for name, values in (("retention", {"desired_retention": 1.5}), ("negative", {"new_per_day": -1}),
                             ("unknown", {"cards_per_hour": 3}), ("leech", {"leech_action": "delete"}),
                             ("parameters", {"parameters": (-5.0,) * 21})):
            try:
                store.set_settings(**values)
            except DrillError as exc:
                refused[name] = f"{type(exc).__name__}: {exc}"
        for name, preset, new_per_day in (("default preset", "default", 5), ("preset bounds", "exam-week", -5)):
            try:
                store.set_preset(preset, new_per_day=new_per_day)
            except DrillError as exc:
                refused[name] = f"{type(exc).__name__}: {exc}"
        kept = store.settings().new_per_day
    return {"refused": refused, "kept_new_per_day": kept}


def _weekly_blueprint(workdir: Path, decks: list[str]) -> Path:
    """The bot's own weekly mini-paper over the decks it teaches."""
    path = workdir / "weekly.yaml"
    path.write_text(
        "exam: weekly\ntitle: 每周小测\ndecks: [" + ", ".join(decks) + "]\npass_mark: 60\nsections:\n"
        "  - {title: 一、单项选择题, types: [multiple_choice], count: 4, points: 5}\n"
        "  - {title: 二、判断题, types: [true_false], count: 4, points: 5}\n", encoding="utf-8")
    return path


def _bad_deck(workdir: Path) -> Path:
    path = workdir / "bad.yaml"
    path.write_text("deck: bad\ntitle: Bad\nfacts:\n  - id: f1\n    kind: nope\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        run = refusals if sys.argv[1:] == ["refusals"] else main
        json.dump(run(Path(tmp)), sys.stdout, ensure_ascii=False)
