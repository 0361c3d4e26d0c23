"""Exam commands: build papers and keys, take a timed paper, grade responses."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..text import terminal_safe
from .common import echo_json, handle_errors, store_file_option

if TYPE_CHECKING:
    from ..exam.analysis import ItemResponse


@click.group()
def exam() -> None:
    """Build exam papers from a blueprint, take one in the terminal, grade answer sheets.

    \b
    Examples:
      drill exam build exams/counter-staff-cert.yaml --variants 3 --seed 7 --out papers/
      drill exam take exams/counter-staff-cert.yaml
      drill exam grade papers/manifest.json responses.csv --report report.html
    """


def _with_file(exc: Exception, path: str) -> Exception:
    """Point assembly problems (which know no file) at the blueprint."""
    import dataclasses

    from ..errors import BlueprintError

    if isinstance(exc, BlueprintError):
        return BlueprintError([p if p.file else dataclasses.replace(p, file=path) for p in exc.problems])
    return exc


def exam_exporters() -> dict[str, Any]:
    """Format name → plugin (:class:`~drill.plugins.PluginInfo`), for every exporter that writes exam papers."""
    from ..plugins import discover_plugins

    return {p.name: p for p in sorted(discover_plugins(), key=lambda p: p.name)
            if p.status == "ok" and "exam" in p.accepts}


def _exam_exporter(name: str) -> Any:
    from ..errors import NotFoundError

    exporters = exam_exporters()
    if name not in exporters:
        known = ", ".join(exporters) or "none"
        raise NotFoundError(f"no exam format {name!r} (formats that write exam papers: {known}; see `drill plugins`)")
    return exporters[name]


def _weak_retrievability(cards: list[Any]) -> dict[str, float]:
    """Card id → retrievability now, from the review store (cards never reviewed are left out)."""
    from datetime import datetime, timezone

    from ..errors import NotFoundError
    from ..scheduling import retrievability
    from ..store import Store, default_store_path

    path = default_store_path()
    if not path.exists():
        raise NotFoundError(f"no review store at {path}; review some cards before asking for a weak-spot paper")
    now = datetime.now(timezone.utc)
    out: dict[str, float] = {}
    with Store(path) as store:
        settings = store.settings()
        for card in cards:
            try:
                state = store.card_state(card.id)
            except NotFoundError:
                continue
            r = retrievability(state, now, settings)
            if r is not None:
                out[card.id] = r
    return out


def _new_seed() -> int:
    import secrets

    return secrets.randbelow(1_000_000)


@exam.command()
@click.argument("blueprint_path", metavar="BLUEPRINT")
@click.option("--variants", default=1, show_default=True, type=click.IntRange(1, 26), help="How many variants (A, B, …).")
@click.option("--seed", type=int, help="Seed for the draw and shuffles (default: a new one, printed). Same seed → same files.")
@click.option("--format", "format_name", default="html", show_default=True,
              help="An exporter that writes exam papers: html, docx, moodle, gift, markdown, … (see `drill plugins`).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory for papers, keys and manifest.json.")
@click.option("--weak", type=click.IntRange(min=1), help="Weak-spot paper: the N cards you are most likely to forget (from your review store).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@handle_errors
def build(blueprint_path: str, variants: int, seed: int | None, format_name: str, out_dir: str,
          weak: int | None, as_json: bool) -> None:
    """Build exam papers with answer keys and a manifest from a BLUEPRINT.

    Each variant is written as a student paper (no answers anywhere) and an
    answer key beside it (<exam>-<V>-key.<ext>); manifest.json maps every
    variant to its items, keys, points and options for `drill exam grade`.

    \b
    Examples:
      drill exam build exams/counter-staff-cert.yaml --variants 3 --seed 7 --out papers/
      drill exam build exams/counter-staff-cert.yaml --format docx --seed 7 --out papers/
      drill exam build exams/counter-staff-cert.yaml --format moodle --out moodle/
      drill exam build exams/counter-staff-cert.yaml --weak 10 --out weak/
    """
    from ..exam import build_exam, load_blueprint_cards, weak_blueprint
    from ..exam.blueprint import blueprint_deck_files
    from ..exam.manifest import manifest_json, paper_manifest
    from ..errors import BlueprintError

    exporter = _exam_exporter(format_name)
    blueprint, cards = load_blueprint_cards(blueprint_path)
    if weak:
        blueprint, cards = weak_blueprint(blueprint, cards, _weak_retrievability(cards), weak)
    seed = _new_seed() if seed is None else seed
    try:
        papers = build_exam(blueprint, cards, seed, variants)
    except BlueprintError as exc:
        raise _with_file(exc, blueprint_path) from None

    from ..atomic import write_text
    from ..errors import OutputError

    # "a/../b" is b: no stray "a/" is made on the way
    out = Path(os.path.realpath(out_dir))
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out_dir, f"cannot make the folder: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise OutputError(out_dir, "not a folder")
    inputs = [blueprint_path, *map(str, blueprint_deck_files(blueprint, Path(blueprint_path).parent))]
    files: dict[str, list[str]] = {}
    try:
        _write_papers(papers, exporter.exporter, exporter.attributes["suffix"], format_name, out, inputs, files)
        manifest = paper_manifest(papers, files, format_name)
        write_text(out / "manifest.json", manifest_json(manifest), newline="\n", inputs=inputs)
    except BaseException:
        if created and not any(out.iterdir()):
            out.rmdir()
        raise
    shown = Path(os.path.normpath(out_dir))  # the folder as the user named it, without "a/.."
    summary = {
        "exam": blueprint.exam, "seed": seed, "format": format_name, "out": str(shown),
        "variants": {v: files[v] for v in files}, "manifest": str(shown / "manifest.json"),
        "items": len(papers[0].items), "total_points": papers[0].total_points,
    }
    if as_json:
        echo_json(summary)
        return
    click.echo(terminal_safe(f"{blueprint.exam}: {len(papers)} variant(s), {len(papers[0].items)} items, "
                             f"{papers[0].total_points:g} points, seed {seed}"))
    for variant, names in files.items():
        click.echo(terminal_safe(f"  {variant}: {', '.join(names)}"))
    click.echo(terminal_safe(f"  manifest: {shown / 'manifest.json'}"))


def _write_papers(papers: list[Any], exporter: Any, suffix: str, format_name: str, out: Path, inputs: list[str],
                  files: dict[str, list[str]]) -> None:
    from rich.console import Console
    from rich.progress import Progress

    from ..atomic import check_not_input
    from ..errors import InputError, PluginError

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=len(papers) < 4 or not console.is_terminal) as progress:
        task = progress.add_task("writing papers", total=len(papers))
        for paper in papers:
            path = out / f"{paper.exam}-{paper.variant}{suffix}"
            check_not_input(path, inputs)
            try:
                written = exporter.export(paper, path, {})
            except InputError:
                raise
            except (Exception, SystemExit) as exc:  # a plugin's failure (even sys.exit) is reported, not success
                raise PluginError(f"format {format_name!r} failed on variant {paper.variant}: "
                                  f"{type(exc).__name__}: {terminal_safe(exc)}") from exc
            files[paper.variant] = [os.path.relpath(p, out) for p in written]
            progress.advance(task)


# -- take ------------------------------------------------------------------------------------


class LineReader:
    """Lines from a stream, with a timeout where the stream has a file descriptor (POSIX).

    Reads the descriptor directly: a buffered text stream could hold lines that
    ``select`` cannot see.
    """

    def __init__(self, stream: Any):
        self.stream = stream
        self.buffer = b""
        self.eof = False
        try:
            self.fd: int | None = stream.fileno()
            import select

            select.select([self.fd], [], [], 0)
        except Exception:  # noqa: BLE001 - no descriptor (test runner) or no select on it (Windows)
            self.fd = None

    def readline(self, timeout: float | None) -> str | None:
        """The next line without its newline; None at end of input; TimeoutError when time is up."""
        if self.fd is None:
            line = self.stream.readline()
            if isinstance(line, bytes):
                line = line.decode("utf-8", "replace")
            return None if line == "" else line.rstrip("\r\n")
        import select
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.buffer and not self.eof:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                raise TimeoutError
            chunk = os.read(self.fd, 4096)
            if chunk:
                self.buffer += chunk
            else:
                self.eof = True
        if not self.buffer:
            return None
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8", "replace").rstrip("\r")




def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@exam.command()
@click.argument("blueprint_path", metavar="BLUEPRINT")
@click.option("--variant", default="A", show_default=True, help="Which variant to take (A, B, …).")
@click.option("--seed", type=int, help="Seed of the paper (default: a new one, printed).")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds allowed (default: the blueprint's duration).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON at the end.")
@click.option("--db", type=click.Path(dir_okay=False), default=None, callback=store_file_option,
              help="Store file to keep the result in (default: $DRILL_HOME/drill.db or the user data dir).")
@handle_errors
def take(blueprint_path: str, variant: str, seed: int | None, time_limit: float | None, as_json: bool,
         db: str | None) -> None:
    """Take a timed paper in the terminal and get it scored.

    Type one answer per line: option letters for choice and true/false items,
    letters in order for ordering items (e.g. CABED), words for fill-in items.
    An empty line skips an item. When the time is up the paper is submitted.
    The result is kept in your store (the review store, or --db FILE).

    \b
    Examples:
      drill exam take exams/counter-staff-cert.yaml
      drill exam take exams/counter-staff-cert.yaml --variant B --seed 7
      printf 'A\\nB\\n' | drill exam take exams/counter-staff-cert.yaml --seed 7 --json
    """
    import time
    from datetime import datetime, timezone

    from rich.console import Console
    from rich.text import Text

    from ..errors import BlueprintError, Problem
    from ..exam import build_exam, judge_item, load_blueprint_cards

    letter = variant.strip().upper()
    if len(letter) != 1 or not "A" <= letter <= "Z":
        raise BlueprintError(Problem(f"variant must be a letter A–Z, not {variant!r}", field="variant"))
    blueprint, cards = load_blueprint_cards(blueprint_path)
    seed = _new_seed() if seed is None else seed
    try:
        paper = build_exam(blueprint, cards, seed, ord(letter) - 64)[-1]
    except BlueprintError as exc:
        raise _with_file(exc, blueprint_path) from None

    from ..store import Store

    # opened before the first question: a store that cannot be written is said now, not after the last answer
    store = Store(db)
    click.get_current_context().call_on_close(store.close)
    console = Console(highlight=False, stderr=as_json)
    limit = time_limit if time_limit is not None else (paper.duration_minutes or 0) * 60 or None
    console.print(Text(terminal_safe(f"{paper.title} · 试卷 {paper.variant} 卷 · seed {seed}"), style="bold"))
    console.print(Text(f"{len(paper.items)} 题，满分 {paper.total_points:g} 分，及格 {paper.pass_mark:g}%"
                       + (f"，限时 {_clock(limit)}" if limit else "")))
    if paper.instructions:
        console.print(Text(terminal_safe(paper.instructions)))
    reader = LineReader(click.get_binary_stream("stdin"))
    started = datetime.now(timezone.utc)
    start = time.monotonic()
    given: dict[int, str] = {}
    timed_out = False
    for section in paper.sections:
        console.print(Text(f"\n{terminal_safe(section.title)}（每题 {section.points_each:g} 分）", style="bold"))
        for item in section.items:
            remaining = None if limit is None else limit - (time.monotonic() - start)
            if remaining is not None and remaining <= 0:
                timed_out = True
                break
            header = f"\n{item.number}. " + (f"[剩余 {_clock(remaining)}] " if remaining is not None else "")
            console.print(Text(header, style="cyan"), Text(terminal_safe(item.prompt)), sep="")
            for i, option in enumerate(item.options):
                console.print(Text(f"   {chr(65 + i)}. {terminal_safe(option.text)}"))
            console.print(Text("> "), end="")
            try:
                line = reader.readline(remaining)
            except TimeoutError:
                timed_out = True
                break
            if line is None:
                break
            given[item.number] = line.strip()
        if timed_out:
            break
    if timed_out:
        console.print(Text("\n时间到，已交卷。", style="bold yellow"))
    finished = datetime.now(timezone.utc)

    rows = []
    for section in paper.sections:
        for item in section.items:
            answer = given.get(item.number, "")
            verdict = judge_item(item, answer)
            rows.append({"number": item.number, "id": item.card_id, "type": item.type.value, "key": item.key,
                         "given": answer, "correct": verdict.correct is True, "points": item.points,
                         "reason": verdict.reason, "equivalent": verdict.equivalent,
                         "judged": verdict.correct is not None})
    score = sum(r["points"] for r in rows if r["correct"])
    total = paper.total_points
    percent = 100 * score / total if total else 0.0
    passed = percent + 1e-9 >= paper.pass_mark
    result = {
        "exam": paper.exam, "title": paper.title, "variant": paper.variant, "seed": seed,
        "blueprint": os.path.abspath(blueprint_path), "started_at": started.isoformat(),
        "finished_at": finished.isoformat(), "timed_out": timed_out, "score": score, "total": total,
        "percent": round(percent, 2), "pass_mark": paper.pass_mark, "passed": passed, "items": rows,
    }
    from ..errors import StoreError

    failed: StoreError | None = None
    try:
        store.record_exam_result(result)
    except StoreError as exc:  # the disk filled or the file broke during the paper: the sitting is not lost
        failed = exc

    by_number = {i.number: i for i in paper.items}
    console.print(Text(f"\n得分 {score:g} / {total:g}（{percent:.1f}%）— " + ("通过" if passed else "未通过"),
                       style="bold green" if passed else "bold red"))
    for r in rows:
        if r["correct"]:
            continue
        item = by_number[r["number"]]
        right = f"{item.key}（{item.answer}）" if item.options else item.answer
        console.print(Text(f"\n✗ {item.number}. ", style="red"), Text(terminal_safe(item.prompt)), sep="")
        console.print(Text(f"   你的答案：{terminal_safe(r['given']) or '（未答）'}"))
        console.print(Text(f"   正确答案：{terminal_safe(right)}"))
        console.print(Text(f"   判定：{terminal_safe(r['reason'])}" + ("" if r["judged"] else "（需人工评分）")))
        if item.explanation:
            console.print(Text(f"   说明：{terminal_safe(item.explanation)}"))
    if as_json:
        echo_json(result)
    if failed is not None:
        saved = _rescue_result(result)
        where = f"it was saved to {saved}" if saved else "print it with --json next time"
        click.echo(terminal_safe(f"error: the result could not be kept in the store: {failed}\n{where} "
                                 "(the answers and score above are complete)"), err=True)
        raise SystemExit(1)


def _rescue_result(result: dict[str, Any]) -> str | None:
    """Write a sitting the store could not take to a JSON file (here, else the temp folder); its path."""
    import json
    import re
    import tempfile

    from ..atomic import write_text
    from ..errors import DrillError

    stamp = result["finished_at"][:19].replace(":", "").replace("-", "")
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", f"drill-exam-{result['exam']}-{result['variant']}-{stamp}") + ".json"
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    for folder in (os.getcwd(), tempfile.gettempdir()):
        try:
            return str(write_text(Path(folder) / name, text))
        except DrillError:
            continue
    return None


# -- grade -----------------------------------------------------------------------------------


@exam.command()
@click.argument("manifest_path", metavar="MANIFEST")
@click.argument("responses_path", metavar="RESPONSES.csv")
@click.option("--json", "as_json", is_flag=True, help="Print scores and item analysis as JSON.")
@click.option("--out-csv", type=click.Path(dir_okay=False), help="Write per-candidate scores to this CSV.")
@click.option("--report", type=click.Path(dir_okay=False), help="Write an HTML report (scores and item analysis).")
@handle_errors
def grade(manifest_path: str, responses_path: str, as_json: bool, out_csv: str | None, report: str | None) -> None:
    """Score answer sheets against a build's manifest and analyse every item.

    RESPONSES.csv has a header `candidate,variant,1,2,…` and one row per
    candidate with the answer given to each item number. Items are analysed
    by card id across variants: difficulty (proportion correct),
    discrimination (corrected point-biserial and upper−lower 27%), how often
    each option was chosen, and flags (too easy, too hard, negative
    discrimination).

    \b
    Examples:
      drill exam grade papers/manifest.json responses.csv
      drill exam grade papers/manifest.json responses.csv --report report.html --out-csv scores.csv
      drill exam grade papers/manifest.json responses.csv --json | jq '.items[] | select(.flags != [])'
    """
    from ..exam.analysis import analyse_items
    from ..exam.manifest import read_manifest, read_responses

    from ..atomic import check_not_input
    from ..errors import OutputError

    outputs = [p for p in (out_csv, report) if p]
    for target in outputs:
        check_not_input(target, [manifest_path, responses_path])
    if out_csv and report and os.path.realpath(out_csv) == os.path.realpath(report):
        raise OutputError(report, "--report and --out-csv name the same file")
    manifest = read_manifest(manifest_path)
    results = read_responses(responses_path, manifest)
    order = [it["id"] for spec in manifest["variants"].values() for it in spec["items"]]
    stats = analyse_items(results, order)
    keys = {(v, it["id"]): it for v, spec in manifest["variants"].items() for it in spec["items"]}

    def audit(pick: Callable[[ItemResponse], bool]) -> list[dict[str, Any]]:
        return [
            {"candidate": r.candidate, "variant": r.variant, "item": keys[(r.variant, x.item_id)]["number"],
             "id": x.item_id, "given": x.choice, "key": keys[(r.variant, x.item_id)]["key"], "reason": x.reason}
            for r in results for x in r.responses if pick(x)
        ]

    # answers the judge counted right although they differ from the key, for the trainer to check
    equivalents = audit(lambda x: x.equivalent)
    by_hand = audit(lambda x: not x.judged)
    if out_csv:
        import csv

        from ..atomic import atomic_open, formula_safe

        inputs = [manifest_path, responses_path]
        with atomic_open(out_csv, newline="", inputs=inputs) as fh:
            writer = csv.writer(fh)
            writer.writerow(["candidate", "variant", "score", "total", "percent", "passed"])
            for r in results:
                # a candidate id is whatever the sheet said: never a formula in a spreadsheet
                writer.writerow([formula_safe(r.candidate), formula_safe(r.variant), f"{r.score:g}", f"{r.total:g}", f"{r.percent:.2f}",
                                 "yes" if r.passed else "no"])
    if report:
        from ..exam.report import grading_report_html

        from ..atomic import write_text

        write_text(report, grading_report_html(manifest, results, stats), inputs=[manifest_path, responses_path])
    if as_json:
        echo_json({
            "exam": manifest.get("exam"),
            "candidates": [
                {"candidate": r.candidate, "variant": r.variant, "score": r.score, "total": r.total,
                 "percent": round(r.percent, 2), "passed": r.passed,
                 "correct": [x.item_id for x in r.responses if x.correct]}
                for r in results
            ],
            "items": [
                {"id": s.item_id, "candidates": s.candidates, "difficulty": s.difficulty,
                 "point_biserial": s.point_biserial, "upper_lower": s.upper_lower,
                 "choices": s.choices, "flags": list(s.flags)}
                for s in stats
            ],
            "accepted_equivalents": equivalents,
            "mark_by_hand": by_hand,
        })
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def num(v: float | None) -> str:
        return "–" if v is None else f"{v:.2f}"

    console = Console(highlight=False)
    people = Table(title="Candidates")
    for col in ("candidate", "variant", "score", "percent", "result"):
        people.add_column(col)
    for r in results:
        people.add_row(Text(terminal_safe(r.candidate)), Text(terminal_safe(r.variant)), f"{r.score:g} / {r.total:g}",
                       f"{r.percent:.1f}%", Text("pass" if r.passed else "fail", style="green" if r.passed else "red"))
    console.print(people)
    items = Table(title="Items")
    for col in ("item", "n", "difficulty", "r(pb)", "U−L", "chosen", "flags"):
        items.add_column(col, overflow="fold")
    for s in stats:
        chosen = "; ".join(f"{k}: {v}" for k, v in sorted(s.choices.items(), key=lambda kv: -kv[1]))
        items.add_row(Text(terminal_safe(s.item_id)), str(s.candidates), num(s.difficulty), num(s.point_biserial),
                      num(s.upper_lower), Text(terminal_safe(chosen)), Text(", ".join(s.flags), style="red"))
    console.print(items)
    for title, rows in (("Accepted as equivalent, not identical to the key (check the marking)", equivalents),
                        ("Not judged: standard phrases without key points, counted wrong (mark by hand)", by_hand)):
        if not rows:
            continue
        table = Table(title=title)
        for col in ("candidate", "item", "answer", "key", "reason"):
            table.add_column(col, overflow="fold")
        for e in rows:
            table.add_row(Text(terminal_safe(e["candidate"])), f"{e['variant']}{e['item']}",
                          Text(terminal_safe(e["given"])), Text(terminal_safe(e["key"])),
                          Text(terminal_safe(e["reason"])))
        console.print(table)
    passed = sum(r.passed for r in results)
    console.print(Text(f"{len(results)} candidate(s), {passed} passed"))
