"""exam build's output folder: papers for candidates, keys and manifest in keys/ (or --key-out), stale papers
refused unless --force."""

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
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = build(out, 3)
    assert result.exit_code == 2
    assert "counter-staff-cert-D.html" in result.output and "--force" in result.output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not any(p.name.startswith(".drill-build-") for p in tmp_path.iterdir())


def test_force_empties_the_folder_of_stale_papers(tmp_path):
    out = tmp_path / "papers"
    assert build(out, 5).exit_code == 0
    assert build(out, 3, "--force").exit_code == 0
    assert names(out) == sorted(["keys"] + [f"counter-staff-cert-{v}.html" for v in "ABC"])
    assert names(out / "keys") == sorted(["manifest.json", "answer-sheet.csv"]
                                         + [f"counter-staff-cert-{v}-key.html" for v in "ABC"])
    manifest = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["variants"]) == ["A", "B", "C"]


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


def test_the_output_folder_holds_what_a_candidate_may_get_and_keys_hold_the_rest(tmp_path):
    """Papers in the output folder; every key, the manifest and the answer-sheet template in its keys/ folder,
    which grade and audit find when given the build's folder."""
    out = tmp_path / "papers"
    result = build(out, 2, "--format", "html,docx,markdown")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "keys" / "manifest.json").read_text(encoding="utf-8"))
    handed_out = [p for p in out.iterdir() if p.is_file()]
    assert sorted(p.name for p in handed_out) == sorted(f"counter-staff-cert-{v}{s}" for v in "AB"
                                                          for s in (".html", ".docx", ".md"))
    for path in handed_out:  # no key and no manifest among them: not by name, not by content
        assert "key" not in path.name and path.suffix != ".json"
    for variant, spec in manifest["variants"].items():
        assert all((out / "keys" / f).resolve().is_file() for f in spec["files"])
        keys = [f for f in spec["files"] if not f.startswith("..")]
        assert len(keys) == 3 and all("key" in f for f in keys)
    assert "keys" in result.output and "candidates" in result.output  # the build says which folder to keep back
    items = manifest["variants"]["A"]["items"]
    (tmp_path / "r.csv").write_text("candidate,variant," + ",".join(str(i["number"]) for i in items) + "\n"
                                    "c1,A," + ",".join(i["key"] for i in items) + "\n", encoding="utf-8")
    for given in (out, out / "keys", out / "keys" / "manifest.json"):
        graded = CliRunner().invoke(cli, ["exam", "grade", str(given), str(tmp_path / "r.csv"), "--json"])
        assert graded.exit_code == 0, graded.output
        assert json.loads(graded.output)["candidates"][0]["percent"] == 100.0
        audited = CliRunner().invoke(cli, ["exam", "audit", str(given), "--json"])
        assert audited.exit_code == 0, audited.output
    # the manifest's old place says where it is now
    moved = CliRunner().invoke(cli, ["exam", "audit", str(out / "manifest.json")])
    assert moved.exit_code == 2 and str(out / "keys" / "manifest.json") in moved.output


def test_a_refused_build_leaves_no_keys_folder(tmp_path):
    out = tmp_path / "papers"
    out.mkdir()
    (out / "old-paper.html").write_text("x", encoding="utf-8")
    result = build(out, 1)
    assert result.exit_code == 2 and "old-paper.html" in result.output
    assert names(out) == ["old-paper.html"]
