"""exam build's output folder: stale papers refused unless --force, keys elsewhere with --key-out."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from drill.cli import cli

BLUEPRINT = Path(__file__).resolve().parent / "data" / "counter-staff-mini.yaml"


def build(out: Path, variants: int, *extra: str):
    return CliRunner().invoke(cli, ["exam", "build", str(BLUEPRINT), "--variants", str(variants), "--seed", "3",
                                    "--out", str(out), *extra])


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_smaller_build_into_a_folder_of_a_larger_one_is_refused_and_changes_nothing(tmp_path):
    out = tmp_path / "papers"
    assert build(out, 5).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = build(out, 3)
    assert result.exit_code == 2
    assert "counter-staff-cert-D.html" in result.output and "--force" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not any(p.name.startswith(".drill-build-") for p in tmp_path.iterdir())


def test_force_empties_the_folder_of_stale_papers(tmp_path):
    out = tmp_path / "papers"
    assert build(out, 5).exit_code == 0
    assert build(out, 3, "--force").exit_code == 0
    assert names(out) == sorted(["manifest.json", "answer-sheet.csv"] + [f"counter-staff-cert-{v}{s}.html" for v in "ABC"
                                                     for s in ("", "-key")])
    assert sorted(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["variants"]) == ["A", "B", "C"]


def test_rebuilding_the_same_files_needs_no_force(tmp_path):
    out = tmp_path / "papers"
    assert build(out, 2).exit_code == 0
    assert build(out, 2).exit_code == 0


def test_force_never_removes_a_folder(tmp_path):
    out = tmp_path / "papers"
    (out / "keep-me").mkdir(parents=True)
    (out / "keep-me" / "notes.txt").write_text("x", encoding="utf-8")
    result = build(out, 1, "--force")
    assert result.exit_code == 2 and "keep-me" in result.output
    assert (out / "keep-me" / "notes.txt").exists()


def test_key_out_puts_keys_and_manifest_away_from_the_papers(tmp_path):
    out, keys = tmp_path / "papers", tmp_path / "keys"
    result = build(out, 2, "--key-out", str(keys), "--format", "docx")
    assert result.exit_code == 0, result.output
    assert names(out) == ["counter-staff-cert-A.docx", "counter-staff-cert-B.docx"]
    assert names(keys) == ["answer-sheet.csv", "counter-staff-cert-A-key.docx", "counter-staff-cert-B-key.docx",
                           "manifest.json"]
    manifest = json.loads((keys / "manifest.json").read_text(encoding="utf-8"))
    for variant, spec in manifest["variants"].items():
        assert [(keys / f).resolve().exists() for f in spec["files"]] == [True, True]
    # the manifest there grades as usual
    items = manifest["variants"]["A"]["items"]
    (tmp_path / "r.csv").write_text("candidate,variant," + ",".join(str(i["number"]) for i in items) + "\n"
                                    "c1,A," + ",".join(i["key"] for i in items) + "\n", encoding="utf-8")
    graded = CliRunner().invoke(cli, ["exam", "grade", str(keys / "manifest.json"), str(tmp_path / "r.csv"), "--json"])
    assert graded.exit_code == 0 and json.loads(graded.output)["candidates"][0]["percent"] == 100.0


def test_an_output_path_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "papers").write_text("not a folder", encoding="utf-8")
    result = build(tmp_path / "papers", 1)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_weak_paper_reads_the_store_given_by_db_and_states_its_shortfall(tmp_path):
    from datetime import datetime, timedelta, timezone

    from drill import CardType
    from drill.exam import load_blueprint_cards
    from drill.store import Store, sync_decks

    when = datetime.now(timezone.utc) - timedelta(days=30)
    _, cards = load_blueprint_cards(BLUEPRINT)
    from drill.exam.assemble import leaks

    mc: list = []  # four weak cards that can stand on one paper together
    for card in {c.fact: c for c in cards if c.type is CardType.MULTIPLE_CHOICE}.values():
        if len(mc) < 4 and not any(leaks(card, p) or leaks(p, card) for p in mc):
            mc.append(card)
    db = tmp_path / "elsewhere.db"
    with Store(db) as store:
        sync_decks(store, [BLUEPRINT.parent.parent.parent / "decks" / "sample-counter-basics.yaml"], when)
        for card in mc:
            store.answer(card.id, 3, when)
    result = CliRunner().invoke(cli, ["exam", "build", str(BLUEPRINT), "--weak", "10", "--db", str(db), "--seed", "2",
                                      "--out", str(tmp_path / "weak"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["items"] == 4
    assert "asked for 10 weak item(s), the paper has 4" in data["shortfall"]
    assert "asked for 10" in result.stderr
