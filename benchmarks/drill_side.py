"""drill's side of the benchmarks, one measured child process per call.

    python benchmarks/drill_side.py lint DECK.yaml
    python benchmarks/drill_side.py yaml DECK.yaml            # the CSafeLoader baseline
    python benchmarks/drill_side.py answers STORE N
    python benchmarks/drill_side.py export-anki DECK.yaml OUT.apkg
    python benchmarks/drill_side.py optimize REVIEWS.csv SCRATCHDIR
    python benchmarks/drill_side.py exam DECK.yaml OUTDIR VARIANTS ITEMS BANK
    python benchmarks/drill_side.py judge N
    python benchmarks/drill_side.py make deck|store|reviews OUT N SEED [NOW | N_CARDS]   # data, untimed

Each prints ``BENCH_RESULT {"seconds": …}`` for the measured part only; the
parent reads the process's peak RSS from ``os.wait4``.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import report_result


def lint(path: str) -> None:
    from drill.lint import lint_file

    start = time.perf_counter()
    result = lint_file(path)
    seconds = time.perf_counter() - start
    if result.errors:
        raise SystemExit(f"the benchmark deck has errors: {result.errors[:3]}")
    report_result(seconds, cards=len(result.cards), facts=len(result.deck.facts) if result.deck else 0)


def yaml_baseline(path: str) -> None:
    import yaml

    start = time.perf_counter()
    text = Path(path).read_text(encoding="utf-8")
    doc = yaml.load(text, Loader=yaml.CSafeLoader)
    seconds = time.perf_counter() - start
    report_result(seconds, facts=len(doc["facts"]))


def answers(store_path: str, n: int) -> None:
    """Answer ``n`` cards through a ReviewSession (what `drill review` drives): next card, answer, commit."""
    from drill.session import ReviewSession
    from drill.store import Store

    # the real clock, as `drill review` and Anki use it (stores are made relative to today),
    # a second further per card so learning steps come due as they would in a sitting
    start_at = datetime.now(UTC)
    ticks = iter(range(10**9))
    ratings = (3, 3, 1, 2, 4)
    with Store(store_path) as store:
        # as for Anki's collection: daily limits high enough for any number of answers
        store.set_settings(new_per_day=9999, reviews_per_day=9999)
        session = ReviewSession(store, clock=lambda: start_at + timedelta(seconds=next(ticks)))
        start = time.perf_counter()
        for i in range(n):
            card = session.next_card()
            if card is None:
                raise SystemExit(f"the queue ran dry after {i} answers")
            session.answer(card.id, ratings[i % len(ratings)], duration_ms=4000)
        seconds = time.perf_counter() - start
        logged = store.conn.execute("SELECT count(*) FROM reviews WHERE reviewed_at >= ?",
                                    (start_at.strftime("%Y-%m-%dT%H:%M:%S"),)).fetchone()[0]
    if logged != n:
        raise SystemExit(f"expected {n} new review rows, found {logged}")
    report_result(seconds, answers=n)


def _bundle(deck_path: str):  # type: ignore[no-untyped-def]
    from drill.exporting import DeckBundle
    from drill.generate import make_cards
    from drill.loader import load_deck

    deck = load_deck(deck_path)
    return DeckBundle(decks=(deck,), cards=tuple(make_cards(deck)))


def export_anki(deck_path: str, out: str) -> None:
    bundle = _bundle(deck_path)  # loading is benchmark 3; this one times the export alone
    start = time.perf_counter()
    from drill_anki import exporter  # genanki is imported here, as a plugin user pays for it

    written = exporter.export(bundle, Path(out), {"timestamp": "0"})
    seconds = time.perf_counter() - start
    report_result(seconds, cards=len(bundle.cards), files=len(written))


def _log_store(reviews_csv: str, path: Path):  # type: ignore[no-untyped-def]
    """A store whose review log is the CSV's reviews (written straight into its tables, untimed)."""
    import json

    from gen_reviews import read_reviews

    from drill.store import Store, to_text

    records = read_reviews(Path(reviews_csv))
    store = Store(path)
    card_ids = sorted({r.card_id for r in records})
    added = to_text(records[0].reviewed_at)
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO cards(id, deck, fact, template, type, content_hash, content, added_at)"
            " VALUES (?, 'bench', ?, 'define', 'basic', '', '{}', ?)",
            [(f"bench/f{c}/define", f"f{c}", added) for c in card_ids],
        )
        conn.executemany(
            "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, state_before, before)"
            " VALUES (?, ?, ?, ?, 0, ?)",
            [(f"bench/f{r.card_id}/define", r.rating, to_text(r.reviewed_at), r.duration_ms, json.dumps({}))
             for r in records],
        )
    return store, len(records)


def optimize(reviews_csv: str, scratch: str) -> None:
    from drill.optimize import optimize_parameters

    store, n = _log_store(reviews_csv, Path(scratch) / "optimize.db")
    with store:
        start = time.perf_counter()
        result = optimize_parameters(store, tz=UTC, store_result=False)
        seconds = time.perf_counter() - start
    if not result.parameters_after:
        raise SystemExit(f"drill's optimizer fitted nothing: {result.message}")
    report_result(seconds, reviews=n, items=result.items, loss_before=result.loss_before,
                  loss_after=result.loss_after)


def exam(deck_path: str, out_dir: str, variants: int, items: int, bank: int) -> None:
    """Build ``variants`` papers of ``items`` items from a ``bank``-card bank; write every exam format but PDF."""
    import random

    from drill.card import CardType
    from drill.exam.assemble import build_exam
    from drill.exam.blueprint import Blueprint
    from drill.exam.output import build_folders, publish
    from drill.generate import make_cards
    from drill.loader import load_deck

    deck = load_deck(deck_path)
    cards = make_cards(deck)  # the bank is given; building the papers from it is what is timed
    if len(cards) > bank:
        cards = random.Random(1).sample(cards, bank)
    shares = ((CardType.MULTIPLE_CHOICE, "一、单项选择题", 0.5, 2), (CardType.TRUE_FALSE, "二、判断题", 0.2, 1),
              (CardType.CLOZE, "三、填空题", 0.2, 2), (CardType.ORDERING, "四、排序题", 0.1, 5))
    counts = [max(1, round(items * share)) for _, _, share, _ in shares]
    counts[0] += items - sum(counts)
    blueprint = Blueprint(
        exam="bench-exam", title="基准测试模拟考试", decks=[deck.deck], pass_mark=60, duration_minutes=90,
        sections=[{"title": title, "types": [kind], "count": n, "points": pts}
                  for (kind, title, _, pts), n in zip(shares, counts)],
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    from drill.plugins import available_exporters

    formats = {name: ex for name, ex in available_exporters().items() if "exam" in ex.accepts and name != "pdf"}
    papers = build_exam(blueprint, cards, seed=7, variants=variants)
    built = time.perf_counter()
    files = 0
    # as `drill exam build` writes a build: into a scratch folder, then moved into place (synced there, once)
    with build_folders(out) as folders:
        for paper in papers:
            for name, exporter in sorted(formats.items()):
                for path in exporter.export(paper, folders.scratch / f"paper-{paper.variant}-{name}{exporter.suffix}",
                                            {}):
                    folders.add(out, path)
                    files += 1
        publish(folders, force=True)
    seconds = time.perf_counter() - start
    report_result(seconds, assemble_s=built - start, export_s=seconds - (built - start), bank=len(cards),
                  formats=sorted(formats), files=files)


#: a 60-character key with numbers, a negation-free model answer and a standard phrase with key points
JUDGE_KEY = "客户投诉须在24小时内通过系统立单，营业厅应在2个工作日内联系客户并给出处理意见，处理结果须在一周之内电话回访客户确认。"
JUDGE_PHRASE = {"type": "typed", "kind": "prohibited_phrase", "answer": "您反映的问题我已向公司做了反馈，公司将尽快处理并给您答复。",
                "points": ["反馈|反映", "尽快处理|尽快解决|马上处理", "答复|回复"]}


def judge_answers(n: int) -> None:
    """Judge ``n`` different answers of about 60 characters; report the median time per answer.

    Every answer differs (a number, a word, a negation, punctuation), so no answer is
    read from a cache; the key is compiled once, as it is for a card under review.
    """
    import random
    import statistics

    start = time.perf_counter()
    from drill.judge import judge

    cold = time.perf_counter()
    key = {"type": "cloze", "answer": JUDGE_KEY}
    judge(key, JUDGE_KEY.replace("24", "二十四"))  # the first Chinese numeral loads cn2an (timed apart)
    first = time.perf_counter() - cold
    rng = random.Random(1)
    edits = [
        lambda t, i: t.replace("24", str(i % 97 + 1)),
        lambda t, i: t.replace("2个", f"{'两三四五六七八九'[i % 8]}个"),
        lambda t, i: t.replace("应在", "不应在" if i % 2 else f"应于第{i}天前"),
        lambda t, i: t.replace("，", " " * (i % 3 + 1)) + "。" * (i % 4),
        lambda t, i: t[: i % 50] + "请" + t[i % 50:],
    ]
    # a different character at the end keeps every answer apart (and most of them still right)
    answers = [rng.choice(edits)(JUDGE_KEY, i) + chr(0x4E00 + i % 20000) for i in range(n)]
    phrases = [f"您的问题{i}我已经反馈给公司，会尽快处理并回复您" for i in range(n)]
    times = []
    verdicts = 0
    for text in answers:
        t0 = time.perf_counter()
        verdicts += judge(key, text).correct is True
        times.append(time.perf_counter() - t0)
    phrase_times = []
    for text in phrases:
        t0 = time.perf_counter()
        judge(JUDGE_PHRASE, text)
        phrase_times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    report_result(median, median_ms=median * 1000, mean_s=statistics.fmean(times), p90_s=statistics.quantiles(times, n=10)[-1],
                  phrase_median_s=statistics.median(phrase_times), first_s=first, answers=n,
                  chars=len(JUDGE_KEY), accepted=verdicts, total_s=time.perf_counter() - start)


def make_data(kind: str, out: str, n: int, seed: int, *extra: str) -> None:
    """Generate a data set in this child, so the harness process stays small.

    Linux starts a child's peak-RSS count at its parent's, so a harness that had
    built a 100k-card store itself would inflate every later child's figure.
    """
    if kind == "deck":
        from gen_deck import generate_deck

        Path(out).write_text(generate_deck(n, seed), encoding="utf-8")
    elif kind == "store":
        from gen_store import make_store

        make_store(out, n, seed=seed, now=datetime.fromisoformat(extra[0]))
    elif kind == "reviews":
        from gen_reviews import generate_reviews, write_reviews

        write_reviews(Path(out), generate_reviews(n, int(extra[0]), seed))
    else:
        raise SystemExit(f"unknown data set {kind}")


def main() -> None:
    cmd, *args = sys.argv[1:]
    if cmd == "lint":
        lint(args[0])
    elif cmd == "yaml":
        yaml_baseline(args[0])
    elif cmd == "answers":
        answers(args[0], int(args[1]))
    elif cmd == "export-anki":
        export_anki(args[0], args[1])
    elif cmd == "optimize":
        optimize(args[0], args[1])
    elif cmd == "make":
        make_data(args[0], args[1], int(args[2]), int(args[3]), *args[4:])
    elif cmd == "exam":
        exam(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    elif cmd == "judge":
        judge_answers(int(args[0]))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
