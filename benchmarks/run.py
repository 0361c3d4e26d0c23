"""Measure drill against the official ``anki`` package, genanki and py-fsrs's torch optimizer.

    uv run --group bench python benchmarks/run.py [--quick] [--only NAME…] [--repeat N]

Every measurement runs in a fresh child process (after one unmeasured warm-up
run), and the table gives each side's median, min–max over the repeats, peak
RSS, the drill/comparator ratio and whether the target is met. Data sets are
seeded and cached under benchmarks/.data/ (git-ignored). A side that cannot run
here (a missing part, the torch venv not wanted) shows as "n/a (reason)".
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    BENCH_DIR,
    DATA_DIR,
    ROOT,
    BenchUnavailable,
    ChildFailed,
    Measurement,
    Row,
    Side,
    measure,
    python_argv,
    render_markdown,
    rows_to_json,
    run_child,
)

SEED = 1
TORCH_VENV = DATA_DIR / "torch-venv"
TORCH_PINS = ("torch==2.13.0", "fsrs[optimizer]")


@dataclass
class Sizes:
    first_card: tuple[int, ...]
    answer_store: int
    answers: int
    lint_facts: int
    export_facts: int
    optimize_reviews: int
    optimize_cards: int
    torch_reviews: int  # the torch optimizer is compared at this size if smaller than optimize_reviews
    exam_bank: int
    exam_variants: int
    exam_items: int
    memory_store: int
    memory_answers: int
    judge_answers: int = 2_000


FULL = Sizes(first_card=(10_000, 100_000), answer_store=10_000, answers=1_000, lint_facts=10_000,
             export_facts=10_000, optimize_reviews=100_000, optimize_cards=10_000, torch_reviews=20_000,
             exam_bank=20_000, exam_variants=10, exam_items=100, memory_store=100_000, memory_answers=100)
QUICK = Sizes(first_card=(300,), answer_store=300, answers=30, lint_facts=150, export_facts=150,
              optimize_reviews=2_000, optimize_cards=200, torch_reviews=2_000, exam_bank=600,
              exam_variants=2, exam_items=10, memory_store=300, memory_answers=10,
              judge_answers=50)


@dataclass
class Context:
    sizes: Sizes
    repeat: int
    quick: bool
    torch: bool  # run the torch comparator (creates the venv on first use)
    data: Path = DATA_DIR
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="drill-bench-")))

    @property
    def child_env(self) -> dict[str, str]:
        # Children write bytecode caches in their warm-up run, as an installed package has
        # them; DRILL_HOME keeps every child away from the user's own store.
        return {"DRILL_HOME": str(self.scratch / "home"), "PYTHONDONTWRITEBYTECODE": ""}


BENCHES: dict[str, Callable[[Context], list[Row]]] = {}


def bench(name: str) -> Callable[[Callable[[Context], list[Row]]], Callable[[Context], list[Row]]]:
    def register(fn: Callable[[Context], list[Row]]) -> Callable[[Context], list[Row]]:
        BENCHES[name] = fn
        return fn

    return register


def side(name: str, run: Callable[[], Measurement]) -> Side:
    """Run one side; a missing part or a failing child becomes the row's "n/a" reason, not a crash."""
    try:
        return Side(name, run())
    except BenchUnavailable as exc:
        return Side(name, unavailable=str(exc))
    except ChildFailed as exc:
        print(f"[{name}] {exc}", file=sys.stderr)
        return Side(name, unavailable="failed: " + str(exc).splitlines()[-1][:80])
    except Exception as exc:  # noqa: BLE001 - a harness bug in one row must not lose the others
        traceback.print_exc()
        return Side(name, unavailable=f"error: {type(exc).__name__}: {exc}"[:100])


def fmt_n(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# --- data -------------------------------------------------------------------------


def _need(module: str, what: str) -> None:
    # find_spec, not import: the harness must stay small (see drill_side.make_data)
    if importlib.util.find_spec(module) is None:
        raise BenchUnavailable(f"{what} not available")


def _atomic(path: Path, make: Callable[[Path], None]) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp) if tmp.is_dir() else tmp.unlink()
        make(tmp)
        tmp.replace(path)
    return path


def _make(ctx: Context, kind: str, name: str, n: int, *extra: object) -> Path:
    def build(tmp: Path) -> None:
        run_child(python_argv(BENCH_DIR / "drill_side.py", "make", kind, tmp, n, SEED, *extra), env=ctx.child_env)

    return _atomic(ctx.data / name, build)


def deck_file(ctx: Context, n_facts: int) -> Path:
    _need_file("benchmarks/gen_deck.py")
    return _make(ctx, "deck", f"deck-{n_facts}-s{SEED}.yaml", n_facts)


def store_file(ctx: Context, n_cards: int) -> Path:
    """A drill store with ``n_cards`` cards, due relative to today (so cached per day, like Anki's)."""
    _need_file("benchmarks/gen_store.py")
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return _make(ctx, "store", f"store-{n_cards}-s{SEED}-{now:%Y%m%d}.db", n_cards, now.isoformat())


def reviews_file(ctx: Context, n_reviews: int, n_cards: int) -> Path:
    return _make(ctx, "reviews", f"reviews-{n_reviews}-{n_cards}-s{SEED}.csv", n_reviews, n_cards)


def anki_collection(ctx: Context, n_cards: int) -> Path:
    def build(tmp: Path) -> None:
        run_child(python_argv(BENCH_DIR / "compare" / "anki_side.py", "build", tmp, n_cards), env=ctx.child_env)

    return _atomic(ctx.data / f"anki-{n_cards}-s{SEED}.anki2", build)


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def fresh_copy(src: Path, dst: Path) -> Callable[[], None]:
    """A ``prepare`` hook: Anki writes to a collection it opens, so every run gets a pristine copy."""

    def prepare() -> None:
        _remove_db(dst)
        shutil.copyfile(src, dst)

    return prepare


def drill_exe() -> str:
    exe = Path(sys.executable).with_name("drill")
    if not exe.exists():
        raise BenchUnavailable("the drill command is not installed in this environment")
    return str(exe)


def _need_file(rel: str) -> None:
    if not (ROOT / rel).exists():
        raise BenchUnavailable(f"{rel} not available")


# --- 1. time to first card ------------------------------------------------------------


@bench("first-card")
def first_card(ctx: Context) -> list[Row]:
    rows = []
    for n in ctx.sizes.first_card:
        def drill_run(n: int = n) -> Measurement:
            _need_file("drill/cli/review_cmds.py")
            store = store_file(ctx, n)
            return measure([drill_exe(), "review", "--dry-run", "--db", str(store)], ctx.repeat,
                           env=ctx.child_env, expect_output=True)

        def anki_run(n: int = n) -> Measurement:
            col = anki_collection(ctx, n)
            copy = ctx.scratch / f"first-{n}.anki2"
            return measure(python_argv(BENCH_DIR / "compare" / "anki_side.py", "first-card", copy), ctx.repeat,
                           prepare=fresh_copy(col, copy), env=ctx.child_env, expect_output=True)

        big = n >= 100_000
        rows.append(Row(
            f"1. time to first card, {fmt_n(n)} cards (fresh process)",
            side("drill", drill_run), side("anki", anki_run),
            "≤ Anki" + (" and ≤ 0.35× Anki and ≤ 0.3 s" if big else ""),
            check=lambda d, c, big=big: d.median <= c.median and (not big or (d.median <= 0.3
                                                                             and d.median <= 0.35 * c.median)),
        ))
    return rows


# --- 2. answer throughput ---------------------------------------------------------------


@bench("answers")
def answers(ctx: Context) -> list[Row]:
    n, cards = ctx.sizes.answers, ctx.sizes.answer_store

    def drill_run() -> Measurement:
        store = store_file(ctx, cards)
        copy = ctx.scratch / "answers.db"
        return measure(python_argv(BENCH_DIR / "drill_side.py", "answers", copy, n), ctx.repeat,
                       prepare=fresh_copy(store, copy), env=ctx.child_env)

    def anki_run() -> Measurement:
        col = anki_collection(ctx, cards)
        copy = ctx.scratch / "answers.anki2"
        return measure(python_argv(BENCH_DIR / "compare" / "anki_side.py", "answers", copy, n), ctx.repeat,
                       prepare=fresh_copy(col, copy), env=ctx.child_env)

    return [Row(f"2. {fmt_n(n)} answers, each committed ({fmt_n(cards)}-card store)",
                side("drill", drill_run), side("anki", anki_run), "≤ Anki",
                check=lambda d, c: d.median <= c.median)]


# --- 3. load + lint -----------------------------------------------------------------------


@bench("lint")
def lint(ctx: Context) -> list[Row]:
    n = ctx.sizes.lint_facts

    def drill_run() -> Measurement:
        return measure(python_argv(BENCH_DIR / "drill_side.py", "lint", deck_file(ctx, n)), ctx.repeat,
                       env=ctx.child_env)

    def yaml_run() -> Measurement:
        return measure(python_argv(BENCH_DIR / "drill_side.py", "yaml", deck_file(ctx, n)), ctx.repeat,
                       env=ctx.child_env)

    return [Row(f"3. load + lint a {fmt_n(n)}-fact deck", side("drill", drill_run),
                side("yaml CSafeLoader", yaml_run), "≤ 3× yaml load",
                check=lambda d, c: d.median <= 3 * c.median)]


# --- 4. Anki export ----------------------------------------------------------------------


@bench("export")
def export(ctx: Context) -> list[Row]:
    n = ctx.sizes.export_facts
    drill_apkg = ctx.scratch / "drill-export.apkg"

    def drill_run() -> Measurement:
        _need("drill_anki", "the drill_anki exporter")
        return measure(python_argv(BENCH_DIR / "drill_side.py", "export-anki", deck_file(ctx, n), drill_apkg),
                       ctx.repeat, env=ctx.child_env)

    def genanki_run() -> Measurement:
        if not drill_apkg.exists():
            raise BenchUnavailable("needs drill's package to copy its notes from")
        spec = ctx.scratch / "genanki-spec.json"
        _, out = run_child(python_argv(BENCH_DIR / "compare" / "genanki_side.py", "spec", drill_apkg, spec),
                           env=ctx.child_env)
        counts = json.loads(out.strip().splitlines()[-1])
        m = measure(python_argv(BENCH_DIR / "compare" / "genanki_side.py", "write", spec,
                                ctx.scratch / "genanki.apkg"), ctx.repeat, env=ctx.child_env)
        m.note = "; ".join(filter(None, [
            f"{counts['notes']} notes, {counts['models']} note types, {counts['decks']} decks", m.note]))
        return m

    drill = side("drill", drill_run)
    return [Row(f"4. Anki export of a {fmt_n(n)}-fact deck", drill, side("genanki", genanki_run),
                "≤ 1.5× genanki", check=lambda d, c: d.median <= 1.5 * c.median)]


# --- 5. optimizer ----------------------------------------------------------------------


def torch_python(ctx: Context) -> Path:
    """The torch venv's interpreter, creating the venv (with pip, from the local CPU wheel) on first use."""
    if not ctx.torch:
        raise BenchUnavailable("torch comparator skipped (--no-torch)")
    py = TORCH_VENV / "bin" / "python"
    marker = TORCH_VENV / ".bench-ready"
    if not marker.exists():
        print(f"creating {TORCH_VENV} (torch CPU + fsrs[optimizer]); this takes a few minutes once",
              file=sys.stderr)
        base = getattr(sys, "_base_executable", sys.executable)
        try:
            run_child([base, "-m", "venv", str(TORCH_VENV)], timeout=600)
            run_child([str(py), "-m", "pip", "install", "--quiet", *TORCH_PINS], timeout=3600)
            run_child([str(py), "-c", "import torch, fsrs.optimizer; fsrs.optimizer.Optimizer"], timeout=600)
        except ChildFailed as exc:
            raise BenchUnavailable("could not set up the torch venv: " + str(exc).splitlines()[-1][:60]) from None
        marker.write_text(" ".join(TORCH_PINS) + "\n")
    return py


@bench("optimize")
def optimize(ctx: Context) -> list[Row]:
    s = ctx.sizes

    def reviews(n: int) -> Path:
        return reviews_file(ctx, n, max(1, n // 10) if n < s.optimize_reviews else s.optimize_cards)

    def drill_run(n: int) -> Callable[[], Measurement]:
        def run() -> Measurement:
            _need_file("drill/optimize.py")
            scratch = ctx.scratch / f"optimize-{n}"
            scratch.mkdir(exist_ok=True)
            return measure(python_argv(BENCH_DIR / "drill_side.py", "optimize", reviews(n), scratch), ctx.repeat,
                           prepare=lambda: _remove_db(scratch / "optimize.db"), env=ctx.child_env)
        return run

    def torch_run(n: int) -> Measurement:
        py = torch_python(ctx)
        # one run: the torch fit takes minutes, and its spread is not what is being asked
        return measure([str(py), str(BENCH_DIR / "compare" / "torch_optimizer.py"), str(reviews(n))], 1,
                       env=ctx.child_env, warmup=False, timeout=3 * 3600)

    rows = []
    n_cmp = min(s.torch_reviews, s.optimize_reviews)
    if n_cmp < s.optimize_reviews:
        rows.append(Row(f"5a. optimize on {fmt_n(s.optimize_reviews)} reviews (drill alone)",
                        side("drill", drill_run(s.optimize_reviews)), None, "(reference)"))
    note = (f"the torch optimizer takes minutes per 10k reviews, so the comparison runs at {fmt_n(n_cmp)} reviews"
            if n_cmp < s.optimize_reviews else "")
    rows.append(Row(f"5. optimize on {fmt_n(n_cmp)} reviews", side("drill (fsrs-rs)", drill_run(n_cmp)),
                    side("fsrs torch", lambda: torch_run(n_cmp)), "≥ 100× faster",
                    check=lambda d, c: d.median * 100 <= c.median, note=note))
    return rows


# --- 6. exam build -----------------------------------------------------------------------


@bench("exam")
def exam(ctx: Context) -> list[Row]:
    s = ctx.sizes

    def drill_run() -> Measurement:
        _need_file("drill/exam/assemble.py")
        _need("drill_exam_formats", "the exam exporters")
        # gen_deck's mix of kinds makes 3.125 cards per fact: 6,400 facts → 20,000 cards
        deck = deck_file(ctx, max(50, s.exam_bank * 8 // 25))
        m = measure(python_argv(BENCH_DIR / "drill_side.py", "exam", deck, ctx.scratch / "exam",
                                s.exam_variants, s.exam_items, s.exam_bank), ctx.repeat, env=ctx.child_env)
        x = m.samples[-1].extra
        m.note = "; ".join(filter(None, [
            (f"bank of {x['bank']} cards; assembling {x['assemble_s'] * 1000:.0f} ms, writing {x['files']} files "
             f"({', '.join(x['formats'])}) {x['export_s'] * 1000:.0f} ms"), m.note]))
        return m

    return [Row(f"6. exam build: {s.exam_variants} variants × {s.exam_items} items, {fmt_n(s.exam_bank)}-card "
                "bank, all formats but PDF", side("drill", drill_run), None, "≤ 1 s",
                check=lambda d, _c: d.median <= 1.0)]


# --- 6b. judging answers ------------------------------------------------------------------


@bench("judge")
def judge_bench(ctx: Context) -> list[Row]:
    s = ctx.sizes

    def drill_run() -> Measurement:
        _need_file("drill/judge.py")
        m = measure(python_argv(BENCH_DIR / "drill_side.py", "judge", s.judge_answers), ctx.repeat,
                    env=ctx.child_env)
        x = m.samples[-1].extra
        m.note = "; ".join(filter(None, [
            (f"{x['answers']} answers of {x['chars']} characters: median {x['median_ms']:.3f} ms, p90 "
             f"{x['p90_s'] * 1000:.3f} ms; key points {x['phrase_median_s'] * 1000:.3f} ms; first answer "
             f"(loads cn2an) {x['first_s'] * 1000:.0f} ms"), m.note]))
        return m

    return [Row(f"6b. judging one typed answer (60 characters), median of {fmt_n(s.judge_answers)}",
                side("drill", drill_run), None, "< 1 ms", check=lambda d, _c: d.median < 0.001)]


# --- 7. memory ---------------------------------------------------------------------------


@bench("memory")
def memory(ctx: Context) -> list[Row]:
    s = ctx.sizes

    def dry_run() -> Measurement:
        _need_file("drill/cli/review_cmds.py")
        return measure([drill_exe(), "review", "--dry-run", "--db", str(store_file(ctx, s.memory_store))],
                       ctx.repeat, env=ctx.child_env)

    def session() -> Measurement:
        store = store_file(ctx, s.memory_store)
        copy = ctx.scratch / "memory.db"
        return measure(python_argv(BENCH_DIR / "drill_side.py", "answers", copy, s.memory_answers), ctx.repeat,
                       prepare=fresh_copy(store, copy), env=ctx.child_env)

    def rss_check(d: Measurement, _c: Measurement | None) -> bool:
        return d.peak_rss_mb <= 150

    return [
        Row(f"7a. peak RSS, `drill review --dry-run`, {fmt_n(s.memory_store)} cards", side("drill", dry_run), None,
            "≤ 150 MB RSS", check=rss_check),
        Row(f"7b. peak RSS, {s.memory_answers} answers via the library, {fmt_n(s.memory_store)} cards",
            side("drill", session), None, "≤ 150 MB RSS", check=rss_check),
    ]


# --- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run (seconds, not minutes)")
    ap.add_argument("--only", nargs="+", choices=sorted(BENCHES), metavar="NAME",
                    help=f"run only these: {', '.join(BENCHES)}")
    ap.add_argument("--repeat", type=int, default=None, help="measured runs per side (default 5, quick 1)")
    ap.add_argument("--no-torch", action="store_true", help="skip the torch optimizer (and its venv)")
    ap.add_argument("--torch-reviews", type=int, default=None,
                    help="reviews for the torch comparison (default 20000; 100000 takes a long while)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--data", type=Path, default=DATA_DIR, help=f"where generated data is cached ({DATA_DIR})")
    a = ap.parse_args(argv)

    sizes = QUICK if a.quick else FULL
    if a.torch_reviews:
        sizes = Sizes(**{**sizes.__dict__, "torch_reviews": a.torch_reviews})
    ctx = Context(sizes=sizes, repeat=a.repeat or (1 if a.quick else 5), quick=a.quick, torch=not a.no_torch,
                  data=a.data)
    ctx.data.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    try:
        for name in a.only or list(BENCHES):
            print(f"running {name} …", file=sys.stderr, flush=True)
            rows.extend(BENCHES[name](ctx))
    finally:
        shutil.rmtree(ctx.scratch, ignore_errors=True)
    print(render_markdown(rows))
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak RSS is each child's own (os.wait4). Linux starts that count at the parent's RSS at "
          f"spawn, so the harness keeps itself small (its own peak: {floor:.0f} MB) and generates data in children.")
    if a.json:
        a.json.write_text(json.dumps(rows_to_json(rows), indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
