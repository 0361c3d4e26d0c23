"""Every `uv run drill …` line of the README and the docs pages runs as written, in order, offline.

Every other command line in them is one another test runs (listed in
:data:`COVERED_ELSEWHERE`), so no command in the documentation goes untried.
The lines run in a scratch folder that holds what a reader has after a fresh
clone (decks/, exams/) plus the files the pages ask them to save (the deck
and blueprint examples, the responses CSV), with a fresh DRILL_HOME. `uv run
drill` is replaced by this environment's `drill` (the same program, without
uv's sync). Interactive commands get no terminal: `review` runs with
`--dry-run`, and `exam take` reads its answers from an empty stdin. The store
starts with some answered cards, as a reader's has before a weak-spot paper.
The third-party plugin example needs `pip install`; tests/test_packaging.py
installs and runs it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import docs_pages
from tests.conftest import ROOT

DOCS = docs_pages.text()
DRILL = Path(sys.executable).with_name("drill")

#: command lines of the docs that this test does not run, and the test that does run them
COVERED_ELSEWHERE = {
    r"pip install uv$": "CI itself (.ci/run installs uv this way)",
    r"python3 -m venv ~/uv && ~/uv/bin/pip install uv$": ".ci/run (the same fallback)",
    r'export PATH="\$HOME/uv/bin:\$PATH"': ".ci/run (the same fallback)",
    r"uv run --group dev pytest$": "CI: this very test run",
    r"uv run --group dev mkdocs build --strict": "tests/test_docs.py",
    r"uv run --group dev mkdocs serve": "tests/test_docs.py (the same site, built)",
    r"uv run --group bench python benchmarks/run.py": "tests/test_benchmarks_smoke.py",
    r"uv tool install drill-cards$": "tests/test_packaging.py (uv tool install of the built wheels)",
    r"pip install drill-cards$": "tests/test_packaging.py (plain pip of the built wheels)",
    r"pip install --find-links dist/ dist/drill_cards-\*\.whl$": "tests/test_packaging.py",
    r"uv pip install \./drill-shout": "tests/test_packaging.py (the plugin example, with pip)",
}
_PROGRAMS = ("uv ", "pip ", "python", "export ", "drill ", "sudo ", "apt", "chromium", "eval ", "source ")


def _blocks() -> list[tuple[str, str]]:
    return docs_pages.blocks(DOCS)


def _all_command_lines() -> list[str]:
    lines = []
    for lang, text in _blocks():
        if lang not in ("sh", "bash", "indented"):
            continue
        for line in text.splitlines():
            line = line.strip()
            if line.startswith(_PROGRAMS) or "uv run drill" in line:
                lines.append(line)
    return lines


def _command_lines() -> list[str]:
    return [line for line in _all_command_lines() if "uv run drill" in line]


def _files_to_save() -> dict[str, str]:
    files = {}
    for lang, text in _blocks():
        first = text.splitlines()[0] if text else ""
        if lang == "yaml" and re.search(r"^deck: my-counter$", text, re.M):
            files["my-counter.yaml"] = text
        elif lang == "yaml" and (m := re.match(r"# (\S+\.yaml)", first)):
            files[m.group(1)] = text
        elif lang == "text" and (m := re.match(r"# (\S+\.txt)", first)):
            files[m.group(1)] = text
        elif lang == "markdown" and (m := re.match(r"<!-- (\S+\.md) -->", first)):
            files[m.group(1)] = text
        elif lang == "csv" and first.startswith("candidate,"):
            files["responses.csv"] = text
        elif lang == "csv" and first.startswith("考号"):
            files["roster.csv"] = text
    return files


COMMANDS = _command_lines()


def _collection_from_a_phone(path: Path, scratch: Path) -> None:
    """What a trainee exports from Anki: the sample deck imported there and a few cards answered."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.scheduler.v3 import CardAnswer

    from drill import load_deck, make_cards
    from drill.exporting import DeckBundle
    from drill_anki import exporter

    deck = load_deck(ROOT / "decks" / "sample-counter-basics.yaml")
    apkg = scratch / "phone.apkg"
    exporter.export(DeckBundle(decks=(deck,), cards=tuple(make_cards(deck))), apkg, {})
    col = Collection(str(scratch / "phone.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg),
                                                         options=ImportAnkiPackageOptions(with_scheduling=True)))
        # study the deck itself, as a phone does once the deck is chosen
        roots = [d for d in col.decks.all_names_and_ids() if "::" not in d.name and d.name != "Default"]
        col.decks.select(roots[0].id)
        for _ in range(3):
            queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
            card = col.get_card(queued.card.id)
            card.start_timer()
            col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD))
        col.export_collection_package(str(path), include_media=False, legacy=False)
    finally:
        col.close()


def _answer_some_cards(db: Path, decks: Path) -> None:
    from datetime import UTC, datetime

    import yaml

    from drill import ReviewSession, Store, sync_decks
    from drill.catalog import resolve_deck

    start = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        blueprint = yaml.safe_load((ROOT / "exams" / "counter-staff-cert.yaml").read_text(encoding="utf-8"))
        sync_decks(store, [decks / Path(resolve_deck(d)).name for d in blueprint["decks"]], start)
        session = ReviewSession(store, limit=120, new_limit=80, clock=lambda: start)
        rating = 0
        while (card := session.next_card()) is not None:
            rating += 1
            session.answer(card.id, 1 + rating % 4)
    assert db.exists()


def test_readme_has_the_commands_this_test_runs():
    assert any(" review " in c for c in COMMANDS) and any(" exam grade " in c for c in COMMANDS)
    assert "uv run drill review cmcc-hubei-sales" in COMMANDS   # the README's main job, exactly
    bare = [line for lang, text in _blocks() if lang in ("sh", "bash", "indented")
            for line in text.splitlines() if re.match(r"\s*(?:[A-Z_]+=\S+\s+)*drill ", line)]
    assert not bare, f"bare `drill` commands in the docs (write `uv run drill`): {bare}"


def test_every_other_command_in_the_docs_is_run_by_another_test():
    others = [line.split(" #")[0].strip() for line in _all_command_lines() if "uv run drill" not in line]
    assert others, "the install steps have moved"
    untried = [line for line in others if not any(re.match(p, line) for p in COVERED_ELSEWHERE)]
    assert not untried, f"commands in the docs that no test runs: {untried}"


@pytest.mark.slow
def test_every_readme_command_runs_as_written(tmp_path):
    work = tmp_path / "clone"
    work.mkdir()
    for name in ("decks", "exams"):
        # the clone's own files: shipped deck ids resolve to them, as in a fresh clone
        (work / name).symlink_to(ROOT / name, target_is_directory=True)
    for name, text in _files_to_save().items():
        (work / name).write_text(text, encoding="utf-8")
    _answer_some_cards(tmp_path / "home" / "drill.db", work / "decks")
    _collection_from_a_phone(work / "collection.colpkg", tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    env.update(DRILL_HOME=str(tmp_path / "home"), LANG="C.UTF-8", COLUMNS="100")
    failures = []
    for line in COMMANDS:
        command = line.split(" #")[0].strip()
        if "--format shout" in command:
            continue
        if " review" in command and "--dry-run" not in command:
            command += " --dry-run"
        shell = command.replace("uv run drill", shlex.quote(str(DRILL)))
        run = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=work, env=env,
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            failures.append(f"{line}\n  exit {run.returncode}: {(run.stderr or run.stdout)[-600:]}")
    assert not failures, "documented commands that fail as written:\n" + "\n".join(failures)
