"""The replay order of a review log that mixes drill's answers with reviews imported from Anki."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drill.store.encoding import log_order

# (row id, time, origin): origin None is drill's own answer
rows = st.lists(st.tuples(st.integers(0, 50), st.one_of(st.none(), st.integers(0, 10**6).map(lambda n: f"anki:{n}"))),
                max_size=30).map(lambda xs: [(i, t, o) for i, (t, o) in enumerate(xs)])


@given(rows)
def test_log_order_is_a_permutation_keeping_drills_own_write_order(log):
    out = log_order(log, time=1, origin=2)
    assert sorted(out) == sorted(log)
    assert [r for r in out if r[2] is None] == [r for r in log if r[2] is None]
    imported = [r for r in out if r[2] is not None]
    assert imported == sorted(imported, key=lambda r: (r[1], r[2]))


@given(rows)
def test_without_imports_the_log_replays_in_write_order(log):
    native = [r for r in log if r[2] is None]
    assert log_order(native, time=1, origin=2) == native


@given(rows)
def test_an_imported_review_comes_before_drills_answers_given_after_it(log):
    out = log_order(log, time=1, origin=2)
    for i, r in enumerate(out):
        if r[2] is not None:
            assert all(not (n[2] is None and n[1] > r[1]) for n in out[:i])


def test_time_ordered_logs_merge_by_time():
    log = [(0, 10, None), (1, 30, None), (2, 20, "anki:1"), (3, 5, "anki:2"), (4, 40, "anki:3")]
    assert [r[0] for r in log_order(log, time=1, origin=2)] == [3, 0, 2, 1, 4]
