"""`drill doctor` exits non-zero when a card's state is not what its review log gives."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from drill.cli import cli
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "review-mini.yaml"


def run(*args: str, db, input: str | None = None):
    return CliRunner().invoke(cli, [*args, "--db", str(db)], input=input)


def test_doctor_exits_1_on_a_state_its_log_does_not_give_and_0_once_rebuilt(tmp_path):
    db = tmp_path / "drill.db"
    run("review", str(MINI), db=db, input="\n3\nq\n")
    healthy = run("doctor", "--json", db=db)
    assert healthy.exit_code == 0 and json.loads(healthy.output)["ok"] is True
    raw = sqlite3.connect(db)  # a state no answer made (a card due in 2076, as a bad import once left it)
    raw.execute("UPDATE cards SET due = '2076-01-01T00:00:00.000000Z', state = 2, stability = 9999"
                " WHERE reps > 0")
    raw.commit()
    raw.close()
    broken = run("doctor", db=db)
    assert broken.exit_code == 1, broken.output
    assert "1 card states differ from their review log" in broken.output
    assert json.loads(run("doctor", "--json", db=db).output)["ok"] is False
    fixed = run("doctor", "--rebuild", db=db)
    assert fixed.exit_code == 0, fixed.output
    assert run("doctor", db=db).exit_code == 0


def test_doctor_counts_a_state_it_cannot_read_as_a_mismatch_not_a_traceback(tmp_path):
    db = tmp_path / "drill.db"
    run("review", str(MINI), db=db, input="\n3\nq\n")
    raw = sqlite3.connect(db)
    raw.execute("UPDATE cards SET due = 'next tuesday' WHERE reps > 0")
    raw.commit()
    raw.close()
    result = run("doctor", db=db)
    assert result.exit_code == 1, result.output
    assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), result.exc_info
    assert "1 card states differ from their review log" in result.output
