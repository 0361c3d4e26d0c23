"""`drill import` of untrusted Anki packages: bombs, views, bad log values, a full disk, a killed import.

Every package is made here with the standard library (and zstandard), small but
equivalent where size is the point: the ratio and budget limits are what stop a
bomb, so a 40 MB bomb shows what a 4 GB one does (the full-size runs are in
benchmarks/hostile_import.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner

from drill.anki_package import AnkiPackageError, ImportLimits, open_package, read_reviews
from drill.cli import cli
from drill.exporting import note_guid
from drill.store import Store
from tests.conftest import SAMPLE_DECK

NOW = datetime.now(UTC)
DAY_MS = 86_400_000


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    db = tmp_path / "drill.db"
    result = CliRunner().invoke(cli, ["add", str(SAMPLE_DECK), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def card_id(store_path: Path) -> str:
    with Store(store_path) as store:
        return min(store.known_card_ids())


def collection(path: Path, card_id: str | None, reviews: list[tuple], *, ver: object = 11,
               revlog_sql: str = "CREATE TABLE revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)") -> Path:
    """A minimal Anki collection: one note (of ``card_id``, when given) with one card, and ``reviews``.

    ``reviews`` are (id, ease, time, type, factor) rows for that card (cid 1).
    """
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE col (id integer primary key, ver)")
    conn.execute("INSERT INTO col VALUES (1, ?)", (ver,))
    conn.execute("CREATE TABLE notes (id integer primary key, guid, flds)")
    conn.execute("CREATE TABLE cards (id integer primary key, nid, ord)")
    conn.execute(revlog_sql)
    if card_id is not None:
        conn.execute("INSERT INTO notes VALUES (1, ?, ?)", (note_guid(card_id), card_id + "\x1f问\x1f答"))
        conn.execute("INSERT INTO cards VALUES (1, 1, 0)")
    for rid, ease, taken, kind, factor in reviews:
        conn.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                     " VALUES (?, 1, 0, ?, 0, 0, ?, ?, ?)", (rid, ease, factor, taken, kind))
    conn.commit()
    conn.close()
    return path


def package(path: Path, db: Path | bytes, *, name: str = "collection.anki21", meta: bytes | None = None,
            method: int = zipfile.ZIP_DEFLATED) -> Path:
    data = db if isinstance(db, bytes) else db.read_bytes()
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        if meta is not None:
            zf.writestr("meta", meta)
        zf.writestr(name, data)
    return path


def run_import(package_path: Path, store_path: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8", "LANGUAGE": "en"}
    return subprocess.run([sys.executable, "-m", "drill", "import", str(package_path), "--db", str(store_path),
                           *extra], capture_output=True, text=True, env=env, timeout=120)


def _refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# -- bombs ------------------------------------------------------------------------------------


def test_a_deflate_bomb_is_refused_from_its_declared_sizes_before_anything_is_written(tmp_path, store_path):
    bomb = package(tmp_path / "bomb.colpkg", b"\0" * (40 << 20))  # 40 MB of zeros → ~40 KB packed (ratio ~1000)
    assert bomb.stat().st_size < 200_000
    before = _dump(store_path)
    result = run_import(bomb, store_path, tmp_path / "tmp")
    _refused(result, "bomb.colpkg", "collection.anki21", "more than 100 times its packed size")
    assert list((tmp_path / "tmp").iterdir()) == []  # no unpacked copy left
    assert _dump(store_path) == before


def test_a_zstd_bomb_is_stopped_while_unpacking_after_a_few_megabytes(tmp_path, store_path):
    frame = zstandard.ZstdCompressor(level=19).compress(b"\0" * (64 << 20))  # 64 MB → a few KB
    bomb = package(tmp_path / "zbomb.colpkg", frame, name="collection.anki21b", meta=b"\x08\x03",
                   method=zipfile.ZIP_STORED)
    written: list[int] = []
    real_write = None

    class Counting:
        def __init__(self, out):
            self.out = out

        def write(self, data):
            written.append(len(data))
            return self.out.write(data)

    import drill.anki_package as ap

    real_write = ap._extract

    def extract(path, zf, counter, info, out, limits, zstd):
        return real_write(path, zf, counter, info, Counting(out), limits, zstd)

    limits = ImportLimits(ratio_allowance=1 << 20)
    try:
        ap._extract = extract
        with pytest.raises(AnkiPackageError, match="more than 100 times its packed size"), open_package(bomb, limits):
            pass
    finally:
        ap._extract = real_write
    assert sum(written) <= 2 << 20  # stopped at the allowance, not at 64 MB
    result = run_import(bomb, store_path, tmp_path / "tmp")  # the default limits, through the command
    _refused(result, "collection.anki21b", "zip or zstd bomb")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_meta_bomb_is_refused_without_reading_it(tmp_path, store_path, card_id):
    db = collection(tmp_path / "c.anki21", card_id, [])
    bomb = package(tmp_path / "meta.colpkg", db, meta=b"\x08\x03" + b"\0" * (50 << 20))
    _refused(run_import(bomb, store_path, tmp_path / "tmp"), "its meta file cannot be read")


def test_a_zip_listing_too_many_members_is_refused_before_its_directory_is_read(tmp_path, card_id):
    db = collection(tmp_path / "c.anki21", card_id, [])
    path = tmp_path / "many.colpkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("collection.anki21", db.read_bytes())
        for i in range(120):
            zf.writestr(str(i), b"")
    with pytest.raises(AnkiPackageError, match="the zip lists 121 files"), open_package(path, ImportLimits(max_members=100)):
        pass
    with open_package(path, ImportLimits(max_members=200)) as conn:  # within the limit it reads
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 1


def test_a_bzip2_member_is_refused_since_its_output_cannot_be_bounded(tmp_path, card_id):
    db = collection(tmp_path / "c.anki21", card_id, [])
    path = package(tmp_path / "bz.colpkg", db, method=zipfile.ZIP_BZIP2)
    with pytest.raises(AnkiPackageError, match="method Anki does not use"), open_package(path):
        pass


# -- tables that are no tables, reads that never end -------------------------------------------


@pytest.mark.parametrize("table", ["revlog", "notes"])
def test_a_recursive_view_in_place_of_a_table_is_refused_at_once(tmp_path, store_path, table):
    db = tmp_path / "c.anki21"
    conn = sqlite3.connect(db)
    conn.executescript(f"""
        CREATE TABLE col (id integer primary key, ver); INSERT INTO col VALUES (1, 11);
        CREATE TABLE notes (id integer primary key, guid, flds);
        CREATE TABLE cards (id integer primary key, nid, ord);
        CREATE TABLE revlog (id integer primary key, cid, ease, time, type, factor);
        DROP TABLE {table};
        CREATE VIEW {table} AS WITH RECURSIVE r(id, cid, ease, time, type, factor, guid, flds) AS
          (SELECT 1, 1, 3, 1, 1, 0, 'g', 'f' UNION ALL SELECT id + 1, 1, 3, 1, 1, 0, 'g', 'f' FROM r) SELECT * FROM r;
    """)
    conn.close()
    started = time.monotonic()
    result = run_import(package(tmp_path / "view.colpkg", db), store_path, tmp_path / "tmp")
    _refused(result, f"{table} is a view, not a table")
    assert time.monotonic() - started < 60


def test_a_read_past_its_step_budget_is_refused(tmp_path, card_id):
    start = _ms(NOW - timedelta(days=300))
    db = collection(tmp_path / "c.anki21", card_id, [(start + i * 1000, 3, 5000, 1, 2500) for i in range(3000)])
    path = package(tmp_path / "p.colpkg", db)
    with pytest.raises(AnkiPackageError, match="took more than its budget"), \
            open_package(path, ImportLimits(base_steps=20_000, steps_per_byte=0)) as conn:
        list(read_reviews(conn))
    with open_package(path) as conn:  # the default budget reads it
        assert len(list(read_reviews(conn))) == 3000


def test_a_read_past_its_time_budget_is_refused(tmp_path, card_id):
    from drill.anki_package import _query

    path = package(tmp_path / "p.colpkg", collection(tmp_path / "c.anki21", card_id, []))
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    started = time.monotonic()
    with pytest.raises(AnkiPackageError, match="took more than its budget"), \
            open_package(path, ImportLimits(max_seconds=0.5)) as conn:
        list(_query(conn, endless))
    assert time.monotonic() - started < 30


def test_ctrl_c_stops_a_long_read(tmp_path, card_id):
    path = package(tmp_path / "p.colpkg", collection(tmp_path / "c.anki21", card_id, []))
    code = (
        "import sys\n"
        "from drill.anki_package import open_package, _query\n"
        f"with open_package({str(path)!r}) as conn:\n"
        "    print('reading', flush=True)\n"
        "    list(_query(conn, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        "SELECT count(*) FROM c'))\n"
    )
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "TMPDIR": str(tmp)})
    assert proc.stdout.readline() == b"reading\n"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert b"KeyboardInterrupt" in err
    assert list(tmp.iterdir()) == []  # the unpacked copy removed on the way out


# -- review log values ------------------------------------------------------------------------


YEAR_10000_MS = 253_402_300_800_000


@pytest.mark.parametrize("row,words", [
    ((YEAR_10000_MS, 3, 5000, 1, 2500), ["revlog[", "in the future"]),
    ((_ms(NOW + timedelta(days=365 * 50)), 3, 5000, 1, 2500), ["revlog[", "in the future"]),
    ((float(2**63), 3, 5000, 1, 2500), ["revlog[", "id is 9.223372036854776e+18, not a whole number"]),
    ((-2**63, 3, 5000, 1, 2500), ["revlog[", "before Anki existed"]),
    ((_ms(NOW) - DAY_MS, "3", 5000, 1, 2500), ["revlog[2] (id", "ease is '3', not a whole number"]),
    ((_ms(NOW) - DAY_MS, 3, None, 1, 2500), ["revlog[2] (id", "time is empty (NULL)"]),
    ((_ms(NOW) - DAY_MS, 9, 5000, 1, 2500), ["revlog[2] (id", "ease is 9, outside 0…4"]),
    ((_ms(NOW) - DAY_MS, 3, 5000, 1.5, 2500), ["revlog[2] (id", "type is 1.5, not a whole number"]),
    ((_ms(NOW) - DAY_MS, 3, 2**63 - 1, 1, 2500), ["revlog[2] (id", "time is"]),
])
def test_bad_review_log_values_are_refused_with_their_row_and_change_nothing(tmp_path, store_path, card_id, row,
                                                                             words):
    good = (_ms(NOW) - 2 * DAY_MS, 3, 4000, 0, 0)
    db = collection(tmp_path / "c.anki21", card_id, [good, row])
    before = _dump(store_path)
    result = run_import(package(tmp_path / "bad.colpkg", db), store_path, tmp_path / "tmp")
    _refused(result, "bad.colpkg", *words)
    assert _dump(store_path) == before


def test_a_text_schema_version_is_refused_with_its_field(tmp_path, store_path, card_id):
    db = collection(tmp_path / "c.anki21", card_id, [], ver="eleven")
    _refused(run_import(package(tmp_path / "v.colpkg", db), store_path, tmp_path / "tmp"), "col.ver", "'eleven'")


def test_a_review_a_little_ahead_of_this_clock_is_taken(tmp_path, store_path, card_id):
    ahead = (_ms(NOW + timedelta(hours=2)), 3, 4000, 0, 0)  # a phone clock a little fast
    db = collection(tmp_path / "c.anki21", card_id, [ahead])
    result = run_import(package(tmp_path / "ok.colpkg", db), store_path, tmp_path / "tmp", "--json")
    assert result.returncode == 0, result.stderr
    assert '"added": 1' in result.stdout


def test_many_bad_rows_are_listed_up_to_a_limit_then_counted(tmp_path, store_path, card_id):
    rows = [(_ms(NOW) - DAY_MS + i, "x", 5000, 1, 0) for i in range(30)]
    result = run_import(package(tmp_path / "b.colpkg", collection(tmp_path / "c.anki21", card_id, rows)),
                        store_path, tmp_path / "tmp")
    _refused(result, "revlog[20]", "… and 10 more bad rows in revlog")
    assert "revlog[21]" not in result.stderr


# -- leeches ----------------------------------------------------------------------------------


def test_lapses_made_in_anki_make_a_leech(tmp_path, store_path, card_id):
    start = NOW - timedelta(days=400)
    rows, at = [], start
    for ease in (3, 3):  # learn the card
        rows.append((_ms(at), ease, 4000, 0, 0))
        at += timedelta(days=1)
    for _ in range(8):  # forget it eight times (the default threshold), relearning each time
        at += timedelta(days=10)
        rows.append((_ms(at), 1, 4000, 1, 2500))
        at += timedelta(days=1)
        rows.append((_ms(at), 3, 4000, 2, 2500))
    db = collection(tmp_path / "c.anki21", card_id, rows)
    result = run_import(package(tmp_path / "l.colpkg", db), store_path, tmp_path / "tmp")
    assert result.returncode == 0, result.stderr
    assert "flagged as a leech" in result.stdout
    with Store(store_path) as store:
        leech, suspended, lapses = store.conn.execute(
            "SELECT leech, suspended, lapses FROM cards WHERE id = ?", (card_id,)).fetchone()
    assert (leech, suspended) == (1, 1) and lapses >= 8


# -- temporary copies and a full disk ----------------------------------------------------------


def test_the_copy_a_killed_import_left_is_swept_by_the_next(tmp_path, store_path, card_id):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # a process that made its unpacked copy and was killed before removing it
    leftover = subprocess.run(
        [sys.executable, "-c", "import os, tempfile; d = tempfile.mkdtemp(prefix=f'drill-import-{os.getpid()}-');"
         " open(os.path.join(d, 'collection.sqlite'), 'wb').write(b'x' * 1000); os.kill(os.getpid(), 9)"],
        env={**os.environ, "TMPDIR": str(tmp)})
    assert leftover.returncode == -9
    [left] = tmp.iterdir()
    assert left.name.startswith("drill-import-")
    unrelated = tmp / "drill-import-notes"  # not a copy of ours: left alone
    unrelated.mkdir()
    db = collection(tmp_path / "c.anki21", card_id, [])
    result = run_import(package(tmp_path / "ok.colpkg", db), store_path, tmp)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp.iterdir()) == ["drill-import-notes"]


def test_an_import_killed_with_sigterm_removes_its_copy(tmp_path, store_path, card_id):
    start = _ms(NOW - timedelta(days=300))
    db = collection(tmp_path / "c.anki21", card_id, [(start + i * 1000, 3, 5000, 1, 2500) for i in range(200_000)])
    path = package(tmp_path / "big.colpkg", db)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "LANGUAGE": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "drill", "import", str(path), "--db", str(store_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while not any(tmp.iterdir()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, "the import ended before it could be terminated"
    proc.terminate()
    proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM  # it unwound, not died
    assert list(tmp.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None, reason="needs a private tmpfs (root)")
def test_a_full_temporary_folder_is_reported_as_a_full_disk_not_a_damaged_package(tmp_path, store_path):
    tmp = tmp_path / "small"
    tmp.mkdir()
    data = os.urandom(3 << 20)  # does not compress: 3 MB to unpack into a 1 MB folder
    path = package(tmp_path / "fine.colpkg", data, method=zipfile.ZIP_STORED)
    script = (f"mount -t tmpfs -o size=1m drill-test {tmp} && "
              f"TMPDIR={tmp} LANGUAGE=en {sys.executable} -m drill import {path} --db {store_path}")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=1m drill-test {tmp}"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot mount a private tmpfs here")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "no space left in the temporary folder" in result.stderr
    assert "damaged" not in result.stderr and "Traceback" not in result.stderr


# -- the write lock -----------------------------------------------------------------------------


def test_an_import_works_out_its_merge_without_the_write_lock_and_keeps_an_answer_given_meanwhile(
        tmp_path, store_path, card_id):
    from drill.anki_import import import_anki
    from drill.scheduling import replay

    start = NOW - timedelta(days=60)
    rows = [(_ms(start + timedelta(days=3 * i)), 3, 4000, 1 if i else 0, 2500) for i in range(10)]
    path = package(tmp_path / "p.colpkg", collection(tmp_path / "c.anki21", card_id, rows))
    lock_free: list[bool] = []

    def meanwhile(done, total):  # called as each card's merge is worked out, before anything is written
        other = sqlite3.connect(store_path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once if the import held the write lock
            other.execute("ROLLBACK")
            lock_free.append(True)
        finally:
            other.close()
        with Store(store_path) as learner:  # the learner answers the same card in `drill review`
            learner.answer(card_id, 1, NOW - timedelta(minutes=5))

    with Store(store_path) as store:
        report = import_anki(store, path, meanwhile)
        assert report.added == 10 and lock_free == [True]
        log = store.reviews_for(card_id)
        assert len(log) == 11 and sum(1 for r in log if r.extra["origin"] is None) == 1  # the answer is kept
        assert store.card_state(card_id) == replay(card_id, log, store.settings_for_deck(card_id.split("/")[0]))


def test_a_package_name_with_escapes_is_printed_without_them(tmp_path, store_path, card_id):
    db = collection(tmp_path / "c.anki21", card_id, [(_ms(NOW) - DAY_MS, 3, 4000, 0, 0)])
    path = package(tmp_path / "phone\x1b]0;owned\x07\u202e.colpkg", db)
    result = run_import(path, store_path, tmp_path / "tmp")
    assert result.returncode == 0, result.stderr
    assert "phone" in result.stdout and not any(ch in result.stdout + result.stderr for ch in "\x1b\x07\u202e")


@pytest.mark.parametrize("reset", [False, True])
def test_an_imported_log_gives_the_state_a_rebuild_gives_with_or_without_a_reset(tmp_path, store_path, card_id,
                                                                                 reset):
    from drill.anki_import import import_anki
    from drill.scheduling import replay

    with Store(store_path) as store:
        store.answer(card_id, 3, NOW - timedelta(days=50))
        store.answer(card_id, 1, NOW - timedelta(days=40))
        if reset:
            store.reset_cards([card_id])
    rows = [(_ms(NOW - timedelta(days=d)), 3, 4000, 1, 2500) for d in (45, 30, 20, 5)]
    path = package(tmp_path / "p.colpkg", collection(tmp_path / "c.anki21", card_id, rows))
    with Store(store_path) as store:
        assert import_anki(store, path).added == 4
        settings = store.settings_for_deck(card_id.split("/")[0])
        assert store.card_state(card_id) == replay(card_id, store.reviews_for(card_id), settings)
        assert store.card_state(card_id).reps == (4 if reset else 6)  # only the reviews after the reset count
