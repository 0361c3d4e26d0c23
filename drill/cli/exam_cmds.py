"""Exam commands: build papers and keys, take a timed paper, grade responses."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..i18n import _, ngettext
from ..text import terminal_safe
from .common import JsonStream, echo_json, handle_errors, messages_for_scripts, store_file_option

if TYPE_CHECKING:
    from datetime import datetime

    from ..errors import Problem
    from ..exam.analysis import ItemResponse


@click.group()
def exam() -> None:
    """Build exam papers from a blueprint, take one in the terminal, grade answer sheets.

    \b
    Examples:
      drill exam build exams/counter-staff-cert.yaml --variants 3 --seed 7 --out papers/
      drill exam take exams/counter-staff-cert.yaml
      drill exam grade papers/keys/manifest.json responses.csv --report report.html
      drill exam audit papers/keys/manifest.json
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
        if not exporters:
            raise NotFoundError(_("no exam format {name} (no format writes exam papers; see `drill plugins`)")
                                .format(name=repr(name)))
        raise NotFoundError(_("no exam format {name} (formats that write exam papers: {known}; see `drill plugins`)")
                            .format(name=repr(name), known=", ".join(exporters)))
    return exporters[name]


def _exam_exporters_for(names: list[str]) -> dict[str, Any]:
    """Format name → plugin for each format named; two formats whose files would have the same name are refused."""
    from ..errors import InputError, Problem

    chosen = {name: _exam_exporter(name) for name in names}
    by_suffix: dict[str, str] = {}
    for name, plugin in chosen.items():
        suffix = plugin.attributes["suffix"]
        if suffix in by_suffix:
            raise InputError(Problem(
                _("formats {first} and {second} both write {suffix} files; build them into separate folders").format(
                    first=repr(by_suffix[suffix]), second=repr(name), suffix=suffix), field="--format", code="usage"))
        by_suffix[suffix] = name
    return chosen


def _weak_retrievability(cards: list[Any], db: str | None = None) -> dict[str, float]:
    """Card id → retrievability now, from the review store (cards never reviewed are left out)."""
    from ..errors import NotFoundError
    from ..recall import retrievability_by_card
    from ..store import Store, default_store_path

    path = Path(db) if db else default_store_path()
    if not path.exists():
        raise NotFoundError(_("no review store at {path}; review some cards before asking for a weak-spot paper")
                            .format(path=path))
    with Store(path) as store:
        return retrievability_by_card(store, (c.id for c in cards), _clock_now())


def read_item_difficulty(path: str) -> dict[str, float]:
    """Card id → proportion correct, from the JSON that `drill exam grade --json` prints."""
    import json

    from ..errors import InputError, Problem

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        out = {str(i["id"]): float(i["difficulty"]) for i in data["items"] if i.get("difficulty") is not None}
    except FileNotFoundError:
        raise InputError(Problem(_("no such file"), file=path, code="not-found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(_("cannot read: {reason}").format(reason=exc), file=path, code="io")) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(_("not JSON: {reason}").format(reason=exc.msg), file=path, line=exc.lineno,
                                 column=exc.colno)) from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InputError(Problem(_("not the output of `drill exam grade --json` (items with id and difficulty)"),
                                 file=path)) from None
    if not out:
        raise InputError(Problem(_("no item difficulties in the file"), file=path))
    return out


def _new_seed() -> int:
    import secrets

    return secrets.randbelow(1_000_000)


def _with_force_advice(problem: Problem, force: bool) -> Problem:
    # the library says what is wrong; the command line adds which of its options helps
    from dataclasses import replace

    if problem.code != "exists":
        return problem
    if force:
        advice = _("{problem}; --force empties only files").format(problem=problem.message)
    else:
        advice = _("{problem}; use --force to empty it first, or choose another folder").format(problem=problem.message)
    return replace(problem, message=advice)


@exam.command()
@click.argument("blueprint_path", metavar="BLUEPRINT")
@click.option("--variants", default=1, show_default=True, type=click.IntRange(1, 26), help="How many variants (A, B, …).")
@click.option("--seed", type=int, help="Seed for the draw and shuffles (default: a new one, printed). Same seed → same files.")
@click.option("--format", "format_names", multiple=True, default=("html",), show_default=True,
              help="An exporter that writes exam papers: html, docx, moodle, gift, xlsx, txt, markdown, … "
                   "(see `drill plugins`). Repeat it, or give a list (html,docx), to write several formats at once.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the papers; the answer keys and manifest.json go to its keys/ folder, unless --key-out.")
@click.option("--key-out", "key_dir", type=click.Path(file_okay=False),
              help="Put the answer keys and manifest.json in this folder instead of OUT/keys/.")
@click.option("--force", is_flag=True,
              help="Empty the output folder(s) of files this build does not write (papers of an earlier build).")
@click.option("--weak", type=click.IntRange(min=1), help="Weak-spot paper: the N cards you are most likely to forget (from your review store).")
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="Review store for --weak (default: $DRILL_HOME/drill.db or the user data dir).")
@click.option("--balance-with", "balance_path", type=click.Path(dir_okay=False),
              help="Balance difficulty between variants using item difficulties from an earlier "
                   "`drill exam grade --json` output (each variant's expected score close to variant A's).")
@click.option("--same-items", is_flag=True,
              help="乱序卷: every variant has the same items, in another order with options reshuffled "
                   "(default: each variant is its own draw).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@handle_errors
def build(blueprint_path: str, variants: int, seed: int | None, format_names: tuple[str, ...], out_dir: str,
          key_dir: str | None, force: bool, weak: int | None, db: str | None, balance_path: str | None,
          same_items: bool, as_json: bool) -> None:
    """Build exam papers with answer keys and a manifest from a BLUEPRINT.

    Each variant is written as a student paper (no answers anywhere) in the
    output folder and an answer key (<exam>-<V>-key.<ext>) in its keys/
    folder, with manifest.json, which maps every variant to its items, keys,
    points and options for `drill exam grade`: the output folder's papers
    may go to candidates, the keys/ folder stays with the trainer.
    Variants are separate draws unless --same-items (乱序卷) gives them all the
    same items in other orders, so item analysis sees every candidate.
    A folder that already holds files this build would not write (papers of
    an earlier, larger build) is refused unless --force empties it first;
    --key-out DIR puts the keys and the manifest there instead.

    \b
    Examples:
      drill exam build exams/counter-staff-cert.yaml --variants 3 --seed 7 --out papers/
      drill exam build exams/counter-staff-cert.yaml --variants 2 --same-items --seed 7 --out same/
      drill exam build exams/counter-staff-cert.yaml --variants 3 --balance-with graded.json --out balanced/
      drill exam build exams/counter-staff-cert.yaml --format docx --seed 7 --out papers/
      drill exam build exams/counter-staff-cert.yaml --format html --format docx --seed 7 --out papers/
      drill exam build exams/counter-staff-cert.yaml --format html,docx,markdown --seed 7 --out papers/
      drill exam build exams/counter-staff-cert.yaml --format moodle --out moodle/
      drill exam build exams/counter-staff-cert.yaml --format xlsx --out bank/
      drill exam build exams/counter-staff-cert.yaml --variants 2 --out papers/ --key-out keys/ --force
      drill exam build exams/counter-staff-cert.yaml --weak 10 --out weak/
      drill exam build exams/counter-staff-cert.yaml --weak 10 --db my-progress.db --out weak/
    """
    from ..errors import BlueprintError
    from ..exam import build_exam, load_blueprint_cards, weak_blueprint
    from ..exam.blueprint import blueprint_deck_files
    from ..exam.manifest import manifest_json, paper_manifest

    if as_json:
        messages_for_scripts()

    names = list(dict.fromkeys(n.strip() for value in format_names for n in value.split(",") if n.strip()))
    exporters = _exam_exporters_for(names or ["html"])
    format_name = ",".join(exporters)
    blueprint, cards = load_blueprint_cards(blueprint_path)
    shortfall = None
    if weak:
        from ..exam.assemble import weak_shortfall

        known = _weak_retrievability(cards, db)
        blueprint, cards = weak_blueprint(blueprint, cards, known, weak)
        shortfall = weak_shortfall(blueprint, weak, known)
        if shortfall:
            click.echo(_("note: {message}").format(message=shortfall), err=True)
    seed = _new_seed() if seed is None else seed
    try:
        difficulty = read_item_difficulty(balance_path) if balance_path else None
        papers = build_exam(blueprint, cards, seed, variants, same_items=same_items, difficulty=difficulty)
    except BlueprintError as exc:
        raise _with_file(exc, blueprint_path) from None
    from ..exam.manifest import KEYS_FOLDER, answer_sheet_template, with_fingerprint

    papers = with_fingerprint(papers)

    from ..atomic import check_not_input, write_text
    from ..errors import InputError
    from ..exam.output import build_folders, publish, stale_entries

    # "a/../b" is b: no stray "a/" is made on the way
    out = Path(os.path.realpath(out_dir))
    keys = Path(os.path.realpath(key_dir)) if key_dir else out / KEYS_FOLDER
    inputs = [blueprint_path, *map(str, blueprint_deck_files(blueprint, Path(blueprint_path).parent))]
    if balance_path:
        inputs.append(balance_path)
    files: dict[str, list[str]] = {}
    with build_folders(out, keys) as folders:
        for name, exporter in exporters.items():
            _write_papers(papers, exporter, name, folders, out, keys, files)
        manifest = paper_manifest(papers, files, format_name)
        write_text(folders.scratch / "manifest.json", manifest_json(manifest))
        folders.add(keys, folders.scratch / "manifest.json")
        write_text(folders.scratch / ANSWER_SHEET, answer_sheet_template(papers), encoding="utf-8", newline="")
        folders.add(keys, folders.scratch / ANSWER_SHEET)
        # neither a file this build writes nor one --force would remove may be one of its inputs
        for destination, planned in folders.planned.items():
            for name in planned:
                check_not_input(destination / name, inputs)
        for destination, names in stale_entries(folders).items():
            for name in names:
                check_not_input(destination / name, inputs)
        try:
            publish(folders, force)
        except InputError as exc:
            raise InputError([_with_force_advice(p, force) for p in exc.problems]) from None
    shown = Path(os.path.normpath(out_dir))  # the folders as the user named them, without "a/.."
    shown_keys = Path(os.path.normpath(key_dir)) if key_dir else shown / KEYS_FOLDER
    summary = {
        "exam": blueprint.exam, "seed": seed, "format": format_name, "formats": list(exporters),
        "out": str(shown), "same_items": same_items,
        "keys": str(shown_keys), "variants": {v: files[v] for v in files},
        "manifest": str(shown_keys / "manifest.json"),
        "items": len(papers[0].items), "total_points": papers[0].total_points, "shortfall": shortfall,
    }
    if difficulty:
        from ..exam.assemble import expected_percent

        summary["expected_percent"] = {p.variant: round(expected_percent(p, difficulty), 2) for p in papers}
    if as_json:
        echo_json(summary)
        return
    click.echo(terminal_safe(
        _("{exam}: {variants} variant(s), {items} items, {points} points, seed {seed}").format(
            exam=blueprint.exam, variants=len(papers), items=len(papers[0].items),
            points=f"{papers[0].total_points:g}", seed=seed)))
    click.echo(terminal_safe("  " + ngettext("format: {formats}", "formats: {formats}", len(exporters)).format(
        formats=", ".join(exporters))))
    for variant, names in files.items():
        # as the user finds them from the output folder (the manifest lists them from its own folder)
        shown_names = [os.path.relpath(keys / name, out) for name in names]
        click.echo(terminal_safe(f"  {variant}: {', '.join(shown_names)}"))
    click.echo(terminal_safe("  " + _("manifest: {path}").format(path=shown_keys / "manifest.json")))
    click.echo(terminal_safe("  " + _("answer keys and manifest in {keys}: keep that folder from candidates").format(
        keys=shown_keys)))


#: candidates listed in the terminal by `exam grade` (all of them go to the files)
TERMINAL_CANDIDATES = 200

#: the empty answer sheet a build writes beside its manifest (with the build's fingerprint)
ANSWER_SHEET = "answer-sheet.csv"


def _write_papers(papers: list[Any], exporter: Any, format_name: str, folders: Any, out: Path, keys: Path,
                  files: dict[str, list[str]]) -> None:
    """Every variant into the build's scratch folder: the student paper for ``out``, the rest for ``keys``."""
    from rich.console import Console
    from rich.progress import Progress

    from ..errors import InputError, PluginError

    suffix = exporter.attributes["suffix"]
    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=len(papers) < 4 or not console.is_terminal) as progress:
        task = progress.add_task(_("writing papers"), total=len(papers))
        for paper in papers:
            path = folders.scratch / f"{paper.exam}-{paper.variant}{suffix}"
            try:
                written = exporter.exporter.export(paper, path, {})
            except InputError:
                raise
            except (Exception, SystemExit) as exc:  # a plugin's failure (even sys.exit) is reported, not success
                raise PluginError(_("format {format} failed on variant {variant}: {error}").format(
                    format=repr(format_name), variant=paper.variant,
                    error=f"{type(exc).__name__}: {terminal_safe(exc)}")) from exc
            # the first file is the student paper; the rest (the key) go with the manifest
            final = [folders.add(out if i == 0 else keys, Path(p)) for i, p in enumerate(written)]
            files.setdefault(paper.variant, []).extend(os.path.relpath(p, keys) for p in final)
            progress.advance(task)


@exam.command()
@click.argument("manifest_path", metavar="MANIFEST", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the pairs found as JSON.")
@handle_errors
def audit(manifest_path: str, as_json: bool) -> None:
    """Check built papers as a whole: does any item give away or rule out another?

    Reads the manifest.json of a build (or finds it in the build's folder) and applies the rules assembly follows
    to every pair of items of every variant: one item prints another's answer,
    two state the same rule, an option right in one is wrong in another
    (elimination, a key used as a distractor), a level list answers a count,
    a 简答 scoring point is printed elsewhere. For papers built before a rule
    existed, edited by hand, or assembled elsewhere. Exit code 2 when a pair
    is found.

    \b
    Examples:
      drill exam audit papers/keys/manifest.json
      drill exam audit papers/ --json
    """
    from ..exam.crossitem import manifest_conflicts
    from ..exam.manifest import manifest_file, read_manifest

    manifest_path = os.fspath(manifest_file(manifest_path))

    if as_json:
        messages_for_scripts()
    found = manifest_conflicts(read_manifest(manifest_path))
    total = sum(len(pairs) for pairs in found.values())
    if as_json:
        echo_json({"manifest": manifest_path, "pairs": total, "variants": {
            v: [{"items": [a, b], "why": why} for a, b, why in pairs] for v, pairs in found.items()}})
    else:
        for variant, pairs in found.items():
            for a, b, why in pairs:
                click.echo(terminal_safe(_("{variant}: items {a} and {b}: {why}").format(
                    variant=variant, a=a, b=b, why=why)))
        click.echo(terminal_safe(ngettext("{n} pair of items that cannot stand on one paper ({variants} variant(s))",
                                          "{n} pairs of items that cannot stand on one paper ({variants} variant(s))",
                                          total).format(n=total, variants=len(found))), err=bool(total))
    if total:
        from .common import EXIT_INPUT

        sys.exit(EXIT_INPUT)


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




#: Lines that submit the paper early in `exam take` (Ctrl-D does too), and lines that skip an item.
SUBMIT_WORDS = frozenset({"/交卷", "/submit"})
SKIP_WORDS = frozenset({"/跳过", "/skip"})


def _item_spec(item: Any) -> dict[str, Any]:
    """An exam item as the manifest describes it (what the answer checks read)."""
    return {"type": item.type.value, "options": [o.text for o in item.options], "key": item.key}


def _letters_help(item: Any) -> str:
    last = chr(64 + len(item.options)) if item.options else "A"
    if item.type.value == "multiple_select":
        return _("type every right letter of A–{last} (e.g. AC); Enter skips, /submit hands the paper in now"
                 ).format(last=last)
    if item.type.value == "ordering":
        return _("type each letter of A–{last} once, in the right order; Enter skips, "
                 "/submit hands the paper in now").format(last=last)
    return _("type one letter of A–{last}; Enter skips, /submit hands the paper in now").format(last=last)


def _clock_now() -> datetime:
    from ..clock import now

    return now()


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@exam.command()
@click.argument("blueprint_path", metavar="BLUEPRINT")
@click.option("--variant", default="A", show_default=True, help="Which variant to take (A, B, …).")
@click.option("--seed", type=int, help="Seed of the paper (default: a new one, printed).")
@click.option("--same-items", is_flag=True, help="The variant of a 乱序卷 built with --same-items.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds allowed (default: the blueprint's duration).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON at the end.")
@click.option("--db", type=click.Path(dir_okay=False), default=None, callback=store_file_option,
              help="Store file to keep the result in (default: $DRILL_HOME/drill.db or the user data dir).")
@handle_errors
def take(blueprint_path: str, variant: str, seed: int | None, same_items: bool, time_limit: float | None,
         as_json: bool, db: str | None) -> None:
    """Take a timed paper in the terminal and get it scored.

    Type one answer per line: the option letter for choice and true/false
    items, every right letter for multiple-select items (多选, e.g. ACD),
    letters in order for ordering items (e.g. CABED), words for fill-in items.
    A letter the item does not have is asked again. An empty line (or /跳过,
    /skip) skips an item; /交卷 (or /submit) or Ctrl-D submits the paper at
    once, unanswered items blank. When the time is up the paper is submitted.
    The result is kept in your store (the review store, or --db FILE).

    \b
    Examples:
      drill exam take exams/counter-staff-cert.yaml
      drill exam take exams/counter-staff-cert.yaml --variant B --seed 7
      printf 'A\\nB\\n' | drill exam take exams/counter-staff-cert.yaml --seed 7 --json
    """
    import time
    from rich.console import Console
    from rich.text import Text

    from ..card import CardType
    from ..errors import BlueprintError, Problem
    from ..exam import build_exam, load_blueprint_cards
    from ..exam.responses import answer_problem, true_false_letter
    from ..exam.scoring import mark_item

    letter = variant.strip().upper()
    if len(letter) != 1 or not "A" <= letter <= "Z":
        raise BlueprintError(Problem(_("variant must be a letter A–Z, not {variant}").format(variant=repr(variant)),
                                     field="variant"))
    blueprint, cards = load_blueprint_cards(blueprint_path)
    seed = _new_seed() if seed is None else seed
    try:
        paper = build_exam(blueprint, cards, seed, ord(letter) - 64, same_items=same_items)[-1]
    except BlueprintError as exc:
        raise _with_file(exc, blueprint_path) from None

    from ..store import Store

    # opened before the first question: a store that cannot be written is said now, not after the last answer
    store = Store(db)
    click.get_current_context().call_on_close(store.close)
    console = Console(highlight=False, stderr=as_json)
    limit = time_limit if time_limit is not None else (paper.duration_minutes or 0) * 60 or None
    console.print(Text(terminal_safe(_("{title} · variant {variant} · seed {seed}").format(
        title=paper.title, variant=paper.variant, seed=seed)), style="bold"))
    n_items, points, mark = len(paper.items), f"{paper.total_points:g}", f"{paper.pass_mark:g}"
    if limit:
        console.print(Text(ngettext("{n} item, {points} points, pass mark {mark}%, time limit {clock}",
                                    "{n} items, {points} points, pass mark {mark}%, time limit {clock}", n_items)
                           .format(n=n_items, points=points, mark=mark, clock=_clock(limit))))
    else:
        console.print(Text(ngettext("{n} item, {points} points, pass mark {mark}%",
                                    "{n} items, {points} points, pass mark {mark}%", n_items)
                           .format(n=n_items, points=points, mark=mark)))
    if paper.instructions:
        console.print(Text(terminal_safe(paper.instructions)))
    reader = LineReader(sys.stdin.buffer)  # bytes: select() sees what a text buffer hides
    started = _clock_now()
    start = time.monotonic()
    given: dict[int, str] = {}
    timed_out = submitted = False
    for section in paper.sections:
        console.print(Text("\n" + _("{title} ({points} points each)").format(
            title=terminal_safe(section.title), points=f"{section.points_each:g}"), style="bold"))
        for item in section.items:
            header_shown = False
            while True:
                remaining = None if limit is None else limit - (time.monotonic() - start)
                if remaining is not None and remaining <= 0:
                    timed_out = True
                    break
                if not header_shown:
                    header = f"\n{item.number}. " + (
                        _("[{clock} left]").format(clock=_clock(remaining)) + " " if remaining is not None else "")
                    hint = _(" (select all that apply)") if item.type is CardType.MULTIPLE_SELECT else ""
                    console.print(Text(header, style="cyan"), Text(terminal_safe(item.prompt) + hint), sep="")
                    for i, option in enumerate(item.options):
                        console.print(Text(f"   {chr(65 + i)}. {terminal_safe(option.text)}"))
                    header_shown = True
                console.print(Text("> "), end="")
                try:
                    line = reader.readline(remaining)
                except TimeoutError:
                    timed_out = True
                    break
                if line is None or line.strip() in SUBMIT_WORDS:
                    submitted = True
                    break
                answer = "" if line.strip() in SKIP_WORDS else line.strip()
                if item.type is CardType.TRUE_FALSE:
                    answer = true_false_letter(_item_spec(item), answer)
                why = answer_problem(_item_spec(item), answer)
                if why is None:
                    given[item.number] = answer
                    break
                console.print(Text("   " + _("{problem}; {help}").format(problem=terminal_safe(why),
                                                                     help=_letters_help(item)), style="yellow"))
            if timed_out or submitted:
                break
        if timed_out or submitted:
            break
    if timed_out:
        console.print(Text("\n" + _("Time is up: the paper is handed in."), style="bold yellow"))
    elif submitted:
        console.print(Text("\n" + _("Paper handed in."), style="bold"))
    finished = _clock_now()

    # the sitting (every answer given) is put together before any marking, and kept whatever marking does
    rows: list[dict[str, Any]] = [{"number": item.number, "id": item.card_id, "type": item.type.value, "key": item.key,
             "given": given.get(item.number, ""), "correct": False, "points": item.points, "awarded": 0.0,
             "reason": "", "equivalent": False, "judged": False}
            for section in paper.sections for item in section.items]
    total = paper.total_points
    result = {
        "exam": paper.exam, "title": paper.title, "variant": paper.variant, "seed": seed,
        "blueprint": os.path.abspath(blueprint_path), "started_at": started.isoformat(),
        "finished_at": finished.isoformat(), "timed_out": timed_out, "score": 0.0, "total": total,
        "percent": 0.0, "pass_mark": paper.pass_mark, "passed": False, "marked": False, "items": rows,
    }
    unmarkable: list[int] = []
    marking_failed: Exception | None = None
    try:
        by_item = {i.number: i for i in paper.items}
        for r in rows:
            marked = mark_item(by_item[r["number"]], r["given"])
            r.update(correct=marked.correct, awarded=r["points"] * marked.credit, reason=marked.reason,
                     equivalent=marked.equivalent, judged=marked.judged)
            if marked.unmarkable:
                unmarkable.append(r["number"])
        score = sum(r["awarded"] for r in rows)
        percent = 100 * score / total if total else 0.0
        if not math.isfinite(score) or not math.isfinite(percent):
            raise ArithmeticError(f"score {score!r} of {total!r}")
        result.update(score=score, percent=round(percent, 2), passed=percent + 1e-9 >= paper.pass_mark,
                      marked=not unmarkable)
    except Exception as exc:  # noqa: BLE001 - whatever marking does, the answers are kept below
        marking_failed = exc
        for r in rows:
            r.update(correct=False, awarded=0.0, judged=False)
        score = percent = 0.0
    passed = bool(result["passed"])
    from ..errors import StoreError

    failed: StoreError | None = None
    try:
        store.record_exam_result(result)
    except StoreError as exc:  # the disk filled or the file broke during the paper: the sitting is not lost
        failed = exc

    if marking_failed is not None:
        saved = _rescue_result(result) if failed is not None else None
        click.echo(terminal_safe(_("error: the paper could not be marked ({error}); your answers are kept, "
                                   "a person has to mark them").format(error=marking_failed)), err=True)
        if failed is not None:
            click.echo(terminal_safe(_("error: the result could not be kept in the store: {error}").format(
                error=failed)), err=True)
            if saved:
                click.echo(terminal_safe(_("it was saved to {path}").format(path=saved)), err=True)
        if as_json:
            echo_json(result)
        raise SystemExit(1)

    by_number = {i.number: i for i in paper.items}
    outcome = (_("Score {score} / {total} ({percent}%): passed") if passed
               else _("Score {score} / {total} ({percent}%): failed"))
    console.print(Text("\n" + outcome.format(score=f"{score:g}", total=f"{total:g}", percent=f"{percent:.1f}"),
                       style="bold green" if passed else "bold red"))
    for r in rows:
        if r["correct"]:
            continue
        item = by_number[r["number"]]
        right = _("{key} ({answer})").format(key=item.key, answer=item.answer) if item.options else item.answer
        console.print(Text(f"\n✗ {item.number}. ", style="red"), Text(terminal_safe(item.prompt)), sep="")
        console.print(Text("   " + _("Your answer: {answer}").format(
            answer=terminal_safe(r["given"]) or _("(no answer)"))))
        console.print(Text("   " + _("Right answer: {answer}").format(answer=terminal_safe(right))))
        verdict = _("Verdict: {reason}") if r["judged"] else _("Verdict: {reason} (mark by hand)")
        console.print(Text("   " + verdict.format(reason=terminal_safe(r["reason"]))))
        if item.explanation:
            console.print(Text("   " + _("Explanation: {text}").format(text=terminal_safe(item.explanation))))
    if unmarkable:
        click.echo(ngettext("warning: item {numbers} could not be marked automatically; it counts 0 until a "
                            "person marks it", "warning: items {numbers} could not be marked automatically; they "
                            "count 0 until a person marks them", len(unmarkable)).format(
            numbers=", ".join(map(str, unmarkable))), err=True)
    if as_json:
        echo_json(result)
    if failed is not None:
        saved = _rescue_result(result)
        click.echo(terminal_safe(_("error: the result could not be kept in the store: {error}").format(error=failed)),
                   err=True)
        if saved:
            where = _("it was saved to {path} (the answers and score above are complete)").format(path=saved)
        else:
            where = _("print it with --json next time (the answers and score above are complete)")
        click.echo(terminal_safe(where), err=True)
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
@click.argument("responses_path", metavar="RESPONSES")
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False),
              help="Roster (CSV or .xlsx: 考号/工号/candidate column, optional 姓名): refuse unknown candidates, "
                   "list absent ones.")
@click.option("--json", "as_json", is_flag=True, help="Print scores, statistics and item analysis as JSON.")
@click.option("--out-csv", type=click.Path(dir_okay=False),
              help="Write the scores sheet as CSV (UTF-8 with BOM, opens in Excel).")
@click.option("--out-xlsx", type=click.Path(dir_okay=False), help="Write the scores sheet as an .xlsx workbook.")
@click.option("--report", type=click.Path(dir_okay=False), help="Write an HTML report (statistics, items, scores).")
@handle_errors
def grade(manifest_path: str, responses_path: str, roster_path: str | None, as_json: bool, out_csv: str | None,
          out_xlsx: str | None, report: str | None) -> None:
    """Score answer sheets against a build's manifest and analyse the test and every item.

    MANIFEST is the build's keys/manifest.json, or the build's output folder.

    RESPONSES is a CSV (UTF-8 with or without BOM, GB18030/GBK, UTF-16 as
    Excel saves "Unicode text") or an .xlsx workbook (first sheet): a header
    `candidate,variant,1,2,…` (第1题 and Q1 also name item 1) and one row per
    candidate. A damaged sheet is refused with every problem named by row and
    column (exit 2): a row cut short, missing or repeated item columns, an
    unterminated quote, no candidates, a letter the item does not have, a cell
    over 128 KB. True/false items also take √/×, 对/错, T/F.

    Printed: mean, SD, reliability (KR-20) and standard error of measurement
    per form, mean per section, and per item: difficulty (proportion correct),
    discrimination (corrected point-biserial and upper−lower 27%), how often
    each option was chosen, flags. Item analysis on fewer than 30 candidates
    per item is marked as rough.

    \b
    Examples:
      drill exam grade papers/keys/manifest.json responses.csv
      drill exam grade papers/ 答题卡.xlsx --roster 名单.xlsx --out-xlsx 成绩.xlsx
      drill exam grade papers/keys/manifest.json responses.csv --report report.html --out-csv scores.csv
      drill exam grade papers/keys/manifest.json responses.csv --json | jq '.items[] | select(.flags != [])'
    """
    from ..atomic import check_not_input, write_text
    from ..errors import OutputError
    from ..exam.analysis import analyse_items, score_summary
    from ..exam.manifest import manifest_file, read_manifest
    from ..exam.report import flag_names, summary_lines, warning_line
    from ..exam.responses import grade_responses, read_roster
    from ..exam.scoresheet import score_table, write_scores_csv, write_scores_xlsx
    from ..exam.scoring import is_unmarkable

    manifest_path = os.fspath(manifest_file(manifest_path))
    outputs = [p for p in (out_csv, report) if p]
    for target in outputs:
        check_not_input(target, [manifest_path, responses_path])
    if out_csv and report and os.path.realpath(out_csv) == os.path.realpath(report):
        raise OutputError(report, _("--report and --out-csv name the same file"))
    manifest = read_manifest(manifest_path)
    roster = read_roster(roster_path) if roster_path else None
    grading = grade_responses(responses_path, manifest, roster, roster_path)
    results = grading.results
    fingerprint_state = "checked" if grading.fingerprint_checked else (
        "missing" if manifest.get("fingerprint") else "not in manifest")
    if fingerprint_state == "missing" and not as_json:
        click.echo(_("note: the answer sheet carries no fingerprint (试卷指纹), so it was not checked that it "
                     "belongs to these papers (fingerprint {fingerprint}); the template answer-sheet.csv beside the "
                     "manifest carries it").format(fingerprint=manifest["fingerprint"]), err=True)
    order = [it["id"] for spec in manifest["variants"].values() for it in spec["items"]]
    stats = analyse_items(results, order)
    keys = {(v, it["id"]): it for v, spec in manifest["variants"].items() for it in spec["items"]}

    def audit(pick: Callable[[ItemResponse], bool]) -> JsonStream:
        """Every response ``pick`` takes (each distinct response asked once), made as it is read."""
        found = results.find(pick)

        def entries() -> Iterator[dict[str, Any]]:
            for index, _position, x in found:
                variant = results.place(index)[0].variant
                yield {"candidate": results.candidate(index), "variant": variant,
                       "item": keys[(variant, x.item_id)]["number"], "id": x.item_id, "given": x.choice,
                       "key": keys[(variant, x.item_id)]["key"], "reason": x.reason}

        return JsonStream(entries, len(found))

    # answers the judge counted right although they differ from the key, for the trainer to check
    equivalents = audit(lambda x: x.equivalent)
    by_hand = audit(lambda x: not x.judged)
    unmarkable = grading.unmarkable()
    summary = score_summary(results, stats)
    inputs = [p for p in (manifest_path, responses_path, roster_path) if p]
    if out_csv or out_xlsx:
        header, rows = score_table(results, grading.absent, with_names=roster is not None,
                                   extra_columns=grading.extra_columns)
        if out_csv:
            write_scores_csv(out_csv, header, rows, inputs=inputs)
        if out_xlsx:
            from ..exam.breakdown import workbook_views

            write_scores_xlsx(out_xlsx, header, rows, inputs=inputs,
                              views=workbook_views(manifest, results, stats, grading.absent))
    if report:
        from ..exam.report import grading_report_html

        write_text(report, grading_report_html(manifest, results, stats, summary, grading.absent), inputs=inputs)
    warning = warning_line(summary)
    if as_json:
        echo_json({
            "exam": manifest.get("exam"),
            "encoding": grading.encoding,
            "fingerprint": {"manifest": manifest.get("fingerprint"), "sheet": fingerprint_state},
            "summary": {
                "candidates": summary.candidates, "passed": summary.passed,
                "mean_percent": round(summary.mean_percent, 4), "sd_percent": round(summary.sd_percent, 4),
                "forms": [
                    {"variants": list(f.variants), "candidates": f.candidates, "items": f.items,
                     "total_points": f.total_points, "mean": f.mean, "sd": f.sd, "min": f.minimum, "max": f.maximum,
                     "reliability": f.reliability, "reliability_method": f.reliability_method, "sem": f.sem}
                    for f in summary.forms
                ],
                "sections": [{"title": s.title, "candidates": s.candidates, "points": s.points, "mean": s.mean}
                             for s in summary.sections],
                "fewest_candidates_per_item": summary.fewest_per_item,
            },
            "warnings": [english] if (english := warning_line(summary, translated=False)) else [],
            "candidates": JsonStream(lambda: (  # one candidate at a time: a sitting may hold a million
                {"candidate": r.candidate, "name": r.name, "variant": r.variant, "score": r.score, "total": r.total,
                 "percent": round(r.percent, 2), "passed": r.passed,
                 "correct": [x.item_id for x in r.responses if x.correct]}
                for r in results), len(results)),
            "absent": [{"candidate": c, "name": n} for c, n in grading.absent],
            "items": [
                {"id": s.item_id, "candidates": s.candidates, "difficulty": s.difficulty,
                 "point_biserial": s.point_biserial, "upper_lower": s.upper_lower,
                 "choices": s.choices, "flags": list(s.flags)}
                for s in stats
            ],
            "accepted_equivalents": equivalents,
            "mark_by_hand": by_hand,
            "unmarkable": [details for _problem, details in unmarkable],
        })
        _report_unmarkable(unmarkable)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..exam.report import choice_shown, item_info

    def num(v: float | None) -> str:
        return "–" if v is None else f"{v:.2f}"

    console = Console(highlight=False)
    people = Table(title=_("Candidates' scores"))
    for col in (_("Candidate"), _("Name"), _("Variant"), _("Score"), _("Percent"), _("Result")):
        people.add_column(col)
    # a terminal table of 100,000 candidates helps nobody and takes minutes: the first ones, then where the rest are
    shown_results = results[:TERMINAL_CANDIDATES]
    for r in shown_results:
        people.add_row(Text(terminal_safe(r.candidate)), Text(terminal_safe(r.name)), Text(terminal_safe(r.variant)),
                       f"{r.score:g} / {r.total:g}", f"{r.percent:.1f}%",
                       Text(_("passed") if r.passed else _("failed"), style="green" if r.passed else "red"))
    for candidate, name in grading.absent[:TERMINAL_CANDIDATES]:
        people.add_row(Text(terminal_safe(candidate)), Text(terminal_safe(name)), "", "", "",
                       Text(_("absent"), style="yellow"))
    console.print(people)
    hidden = len(results) - len(shown_results)
    if hidden > 0:
        console.print(Text(ngettext("… and {n} more candidate: every score is in --out-csv / --out-xlsx / --report",
                                    "… and {n} more candidates: every score is in --out-csv / --out-xlsx / --report",
                                    hidden).format(n=hidden), style="yellow"))
    info = item_info(manifest)
    items = Table(title=_("Item analysis"))
    for col in (_("No."), _("Item"), _("Candidates"), _("Difficulty"), "r(pb)", _("Upper−lower"), _("Answers"),
                _("Flags")):
        items.add_column(col, overflow="fold")
    for s in stats:
        entry = info.get(s.item_id, {})
        prompt = str(entry.get("prompt") or s.item_id)
        chosen = "; ".join(f"{choice_shown(k)}: {v}" for k, v in sorted(s.choices.items(), key=lambda kv: -kv[1]))
        items.add_row(" ".join(entry.get("variants", [])), Text(terminal_safe(prompt[:60])), str(s.candidates),
                      num(s.difficulty), num(s.point_biserial), num(s.upper_lower), Text(terminal_safe(chosen)),
                      Text(flag_names(s.flags), style="red"))
    console.print(items)
    for line in summary_lines(summary):
        console.print(Text(line), soft_wrap=True)
    for sec in summary.sections:
        console.print(Text("  " + _("{section}: mean {mean}/{points} ({percent}%)").format(
            section=terminal_safe(sec.title), mean=f"{sec.mean:.2f}", points=f"{sec.points:g}",
            percent=f"{sec.mean_percent:.1f}")))
    if grading.absent:
        n_absent = len(grading.absent)
        # Translators: the separator between names in a list
        names = _(", ").join(terminal_safe(c) for c, _name in grading.absent)
        console.print(Text(ngettext("{n} candidate on the roster handed in no answer sheet (absent): {names}",
                                    "{n} candidates on the roster handed in no answer sheet (absent): {names}",
                                    n_absent).format(n=n_absent, names=names), style="yellow"))
    if warning:
        console.print(Text(warning, style="yellow"), soft_wrap=True)
    for title, listed in ((_("Accepted as equivalent, not identical to the key (check the marking)"), equivalents),
                          (_("Not judged: standard phrases without key points, counted wrong (mark by hand)"),
                           by_hand)):
        if not listed:
            continue
        found = len(listed)
        table = Table(title=title)
        for col in (_("candidate"), _("item"), _("answer given"), _("key"), _("reason")):
            table.add_column(col, overflow="fold")
        for e in islice(listed, TERMINAL_CANDIDATES):
            table.add_row(Text(terminal_safe(e["candidate"])), f"{e['variant']}{e['item']}",
                          Text(terminal_safe(e["given"])), Text(terminal_safe(e["key"])),
                          Text(terminal_safe(e["reason"])))
        console.print(table)
        if found > TERMINAL_CANDIDATES:
            more = found - TERMINAL_CANDIDATES
            console.print(Text(ngettext("… and {n} more (all of them in --json)", "… and {n} more (all of them in "
                                        "--json)", more).format(n=more), style="yellow"))
    _report_unmarkable(unmarkable)


def _report_unmarkable(unmarkable: list[tuple[Any, dict[str, Any]]]) -> None:
    """One error per answer the judge could not mark, located by file, row and column (the others are graded);
    exit 1 if any."""
    for problem, _details in unmarkable:
        click.echo(terminal_safe(str(problem)), err=True)
    if unmarkable:
        raise SystemExit(1)
