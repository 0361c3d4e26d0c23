"""Grading that keeps a sitting as codes gives the numbers an independent numpy/pandas computation gives.

Three hundred candidates with ids out of sheet order sit three variants: A and B have the same
twelve items in other orders (one form), C eight of them (a second form). The paper mixes letter
items worth 1–3 points, a fill-in and a 多选题 with proportional credit (shares of 1/3 and 2/3, so
sums are not exact in binary), and few items, so many candidates tie on their total and the upper
and lower 27 % are settled by candidate id. Every candidate's score, each item's p, point-biserial,
upper−lower and option counts, each form's α/KR-20 and SEM, and the section and 知识点 means are
recomputed here from the raw answers with pandas.
"""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from click.testing import CliRunner

from drill.cli import cli

np = pd = None


@pytest.fixture(scope="module", autouse=True)
def _numeric():
    global np, pd
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")


OPTIONS = ["甲", "乙", "丙", "丁"]


def _items() -> list[dict]:
    items = []
    for n in range(1, 11):
        items.append({"id": f"d/mc{n}/t", "deck": "d", "fact": f"mc{n}", "type": "multiple_choice",
                      "section": "一、单选题", "points": 1 + n % 3, "key": "ABCD"[n % 4],
                      "answer": OPTIONS[n % 4], "options": OPTIONS, "prompt": f"第{n}题",
                      "topic": ["首问责任制", "投诉处理"][n % 2]})
    items.append({"id": "d/ms/t", "deck": "d", "fact": "ms", "type": "multiple_select", "section": "二、多选题",
                  "points": 3, "key": "ACD", "answer": "甲、丙、丁", "options": OPTIONS, "scoring": "proportional",
                  "prompt": "哪些对？", "topic": "营业规范"})
    items.append({"id": "d/fill/t", "deck": "d", "fact": "fill", "type": "typed", "section": "三、填空题",
                  "points": 2, "key": "7:30", "answer": "7:30", "prompt": "几点开门？", "topic": "营业规范"})
    return items


def _variant(items: list[dict], order: list[int]) -> dict:
    chosen = [dict(items[i], number=n) for n, i in enumerate(order, start=1)]
    return {"total_points": sum(i["points"] for i in chosen), "pass_mark": 60, "files": [], "items": chosen}


def _share(item: dict, given: str) -> float:
    """The share of the points an answer earns, worked out here from the rules, not by drill."""
    if item["type"] == "multiple_select":
        right, chosen = set(item["key"]), set(given)
        if not chosen or chosen - right:
            return 0.0
        return 1.0 if chosen == right else len(chosen) / len(right)
    return 1.0 if given == item["key"] else 0.0


@pytest.fixture(scope="module")
def graded(tmp_path_factory, _numeric):
    tmp = tmp_path_factory.mktemp("stream")
    items = _items()
    rng = random.Random(7)
    orders = {"A": list(range(12)), "B": rng.sample(range(12), 12), "C": rng.sample(range(12), 8)}
    manifest = {"manifest_version": 1, "exam": "stream", "title": "流式评分", "seed": 7, "format": "html",
                "pass_mark": 60, "duration_minutes": None,
                "variants": {v: _variant(items, order) for v, order in orders.items()}}
    ids = rng.sample(range(10_000, 99_999), 300)  # ids out of sheet order: ties settled by id, not by row
    rows, long = [], []
    for c, number in enumerate(ids):
        variant = "ABC"[c % 3]
        skill = rng.random()
        answers = {}
        for item in (dict(items[i], number=n) for n, i in enumerate(orders[variant], start=1)):
            if item["type"] == "multiple_select":
                given = rng.choice(["ACD", "AC", "CD", "A", "AB", "", "DCA"]) if rng.random() > skill else "ACD"
            elif item["type"] == "typed":
                given = "7:30" if rng.random() < skill else rng.choice(["8:00", "", "九点"])
            else:
                given = item["key"] if rng.random() < skill else rng.choice("ABCD")
            answers[item["number"]] = given
            long.append({"candidate": f"K{number}", "variant": variant, "id": item["id"], "section": item["section"],
                         "topic": item["topic"], "points": float(item["points"]), "share": _share(item, given)})
        rows.append([f"K{number}", variant] + [answers.get(n, "") for n in range(1, 13)])
    sheet = tmp / "sheet.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["考号", "卷别", *map(str, range(1, 13))], *rows])
    path = tmp / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    scores = tmp / "scores.csv"
    result = CliRunner().invoke(cli, ["exam", "grade", str(path), str(sheet), "--json", "--out-csv", str(scores)])
    assert result.exit_code == 0, result.output
    frame = pd.DataFrame(long)
    frame["awarded"] = frame["share"] * frame["points"]
    totals = frame.groupby("candidate")["awarded"].sum()
    return {"json": json.loads(result.stdout), "frame": frame, "totals": totals,
            "scores": scores.read_text(encoding="utf-8-sig")}


def test_every_candidates_score_and_the_scores_sheet_match_pandas(graded):
    totals = graded["totals"]
    got = {c["candidate"]: c["score"] for c in graded["json"]["candidates"]}
    assert got == pytest.approx(totals.to_dict())
    sheet = {r["考生"]: float(r["得分"]) for r in csv.DictReader(io.StringIO(graded["scores"]))}
    assert sheet == pytest.approx(totals.round(4).to_dict())


def test_item_statistics_match_pandas_with_ties_settled_by_id(graded):
    frame, totals = graded["frame"], graded["totals"]
    stats = {s["id"]: s for s in graded["json"]["items"]}
    assert set(stats) == set(frame["id"])
    for item, rows in frame.groupby("id"):
        rows = rows.set_index("candidate")
        share = rows["share"]
        rest = totals[share.index] - rows["awarded"]
        s = stats[item]
        assert s["candidates"] == len(rows)
        assert s["difficulty"] == pytest.approx(share.mean())
        assert s["point_biserial"] == pytest.approx(np.corrcoef(share, rest)[0, 1])
        ranked = pd.DataFrame({"total": totals[share.index], "share": share}).reset_index()
        ranked = ranked.sort_values(["total", "candidate"], ascending=[False, True])
        g = max(1, round(0.27 * len(ranked)))
        assert s["upper_lower"] == pytest.approx(ranked["share"].iloc[:g].mean() - ranked["share"].iloc[-g:].mean())
    # ties at the group edges are real here, so the id order mattered
    assert totals.duplicated().sum() > 100


def test_forms_reliability_sem_sections_and_topics_match_pandas(graded):
    frame, totals, data = graded["frame"], graded["totals"], graded["json"]
    forms = {tuple(f["variants"]): f for f in data["summary"]["forms"]}
    assert set(forms) == {("A", "B"), ("C",)}
    for variants, form in forms.items():
        part = frame[frame["variant"].isin(variants)]
        matrix = part.pivot(index="candidate", columns="id", values="awarded")
        form_totals = matrix.sum(axis=1)
        k = matrix.shape[1]
        alpha = k / (k - 1) * (1 - matrix.var(axis=0, ddof=0).sum() / form_totals.var(ddof=0))
        assert form["candidates"] == len(matrix) and form["items"] == k
        assert form["reliability_method"] == "alpha"  # points differ and the 多选题 gives part credit
        assert form["reliability"] == pytest.approx(alpha)
        assert form["mean"] == pytest.approx(form_totals.mean())
        assert form["sd"] == pytest.approx(form_totals.std(ddof=0))
        assert form["sem"] == pytest.approx(form_totals.std(ddof=0) * np.sqrt(1 - alpha))
        assert (form["min"], form["max"]) == pytest.approx((form_totals.min(), form_totals.max()))
    sections = {s["title"]: s for s in data["summary"]["sections"]}
    per_section = frame.groupby(["section", "candidate"])[["awarded", "points"]].sum().groupby("section").mean()
    for title, row in per_section.iterrows():
        assert sections[title]["mean"] == pytest.approx(row["awarded"])
        assert sections[title]["points"] == pytest.approx(row["points"])
    percent = 100 * totals / frame.groupby("candidate")["points"].sum()
    assert data["summary"]["mean_percent"] == pytest.approx(percent.mean(), abs=1e-4)
    assert data["summary"]["passed"] == int((percent >= 60 - 1e-9).sum())


def test_topic_means_and_option_counts_match_pandas(graded):
    from drill.exam.breakdown import topic_stats
    from drill.exam.sitting import Sitting

    frame = graded["frame"]
    # the same analysis on results handed in as a plain list (packed into a sitting) gives the same numbers
    from drill.exam.analysis import CandidateResult, ItemResponse, analyse_items

    results = []
    for (candidate, variant), rows in frame.groupby(["candidate", "variant"], sort=False):
        responses = tuple(ItemResponse(r.id, r.share == 1.0, r.points, "", r.section, 0,
                                       credit=r.share if r.id == "d/ms/t" else None, reason="")
                          for r in rows.itertuples())
        results.append(CandidateResult(candidate, variant, responses, 60.0))
    listed = {s.item_id: s for s in analyse_items(results)}
    json_items = {s["id"]: s for s in graded["json"]["items"]}
    for item_id, s in listed.items():
        assert s.difficulty == pytest.approx(json_items[item_id]["difficulty"])
        assert s.point_biserial == pytest.approx(json_items[item_id]["point_biserial"])
        assert s.upper_lower == pytest.approx(json_items[item_id]["upper_lower"])
    manifest = {"variants": {"A": {"items": [{"id": i, "topic": t} for i, t in
                                             frame[["id", "topic"]].drop_duplicates().itertuples(index=False)]}}}
    topics = {t.topic: t for t in topic_stats(Sitting.of(results), manifest)}
    per_topic = frame.groupby(["topic", "candidate"])["awarded"].sum().groupby("topic").mean()
    for topic, mean in per_topic.items():
        assert topics[topic].mean == pytest.approx(mean)
    counts = json_items["d/mc1/t"]["choices"]
    given = frame[frame["id"] == "d/mc1/t"]
    assert sum(counts.values()) == len(given)
    assert counts["乙"] == int((given["share"] == 1.0).sum())  # mc1's key is B (乙): every 乙 is right


def test_a_sitting_with_more_distinct_answers_than_two_bytes_number_keeps_them_apart():
    """Codes are 2 bytes until the 65,536th distinct response; then every block's codes widen to 4."""
    from drill.exam.analysis import ItemResponse, analyse_items
    from drill.exam.sitting import Sitting

    sitting = Sitting()
    first = [sitting.code(ItemResponse("fill", n % 2 == 0, 1.0, f"答{n}")) for n in range(2)]
    block = sitting.block("A", 60.0, [sitting.responses[first[0]]])
    sitting.add(block, [first[0]], "c0")
    last = [sitting.code(ItemResponse("fill", n % 2 == 0, 1.0, f"答{n}")) for n in range(2, 70_000)][-1]
    sitting.add(block, [last], "c1")
    sitting.add(block, [first[1]], "c2")
    assert sitting.blocks[0].codes.typecode == "I"
    assert [(r.candidate, r.responses[0].choice, r.score) for r in sitting] == [
        ("c0", "答0", 1.0), ("c1", "答69999", 0.0), ("c2", "答1", 0.0)]
    [stats] = analyse_items(sitting)
    assert stats.candidates == 3 and stats.difficulty == pytest.approx(1 / 3)
    assert stats.choices == {"答0": 1, "答1": 1, "答69999": 1}


def _sittings():
    from hypothesis import strategies as st

    shares = st.sampled_from([0.0, 1.0, 0.5, 1 / 3, 2 / 3])
    candidate = st.tuples(st.text("ABCDEFG", min_size=1, max_size=3), st.lists(shares, min_size=3, max_size=3))
    return st.lists(candidate, min_size=2, max_size=40, unique_by=lambda c: c[0])


def test_item_statistics_match_numpy_on_any_small_sitting():
    """Any sitting of 2–40 candidates (ids that sort apart from their rows, shares with ties and thirds):
    p, point-biserial and upper−lower as numpy works them out from the raw matrix."""
    from hypothesis import given, settings

    from drill.exam.analysis import CandidateResult, ItemResponse, analyse_items, group_size

    points = [1.0, 2.0, 3.0]

    @settings(max_examples=80, deadline=None)
    @given(_sittings())
    def check(rows):
        results = [CandidateResult(cid, "A", tuple(
            ItemResponse(f"i{j}", share == 1.0, points[j], "", credit=share) for j, share in enumerate(row)), 60.0)
            for cid, row in rows]
        stats = {s.item_id: s for s in analyse_items(results)}
        share = np.array([row for _cid, row in rows])
        awarded = share * np.array(points)
        totals = awarded.sum(axis=1)
        order = sorted(range(len(rows)), key=lambda i: (-totals[i], rows[i][0]))
        g = group_size(len(rows))
        for j in range(3):
            s = stats[f"i{j}"]
            assert s.difficulty == pytest.approx(share[:, j].mean())
            rest = totals - awarded[:, j]
            x_varies = np.ptp(share[:, j]) > 0
            rest_varies = np.ptp(rest) > 1e-9
            if x_varies and rest_varies:
                assert s.point_biserial == pytest.approx(np.corrcoef(share[:, j], rest)[0, 1], abs=1e-9)
            else:
                assert s.point_biserial is None
            column = share[order, j]
            assert s.upper_lower == pytest.approx(column[:g].mean() - column[-g:].mean(), abs=1e-12)

    check()


def test_a_candidate_named_again_is_found_after_the_sheet_whether_their_first_row_was_graded_or_refused():
    from drill.errors import InputError
    from drill.exam.responses import grade_sheet
    from drill.exam.sheets import Sheet

    item = {"number": 1, "id": "d/a/t", "type": "multiple_choice", "section": "一", "points": 1, "key": "A",
            "options": ["甲", "乙"]}
    manifest = {"variants": {"A": {"pass_mark": 60, "items": [item]}}}
    rows = [("考号", "1"), ("c1", "E"), ("c2", "A"), ("c1", "A"), ("c2", "B"), ("c1", "B"), ("c3", "A")]
    with pytest.raises(InputError) as caught:
        grade_sheet(Sheet("s.csv", iter(rows), "UTF-8", ragged=True), manifest)
    got = [(p.line, p.column, p.message) for p in caught.value.problems]
    assert got == [(2, 2, "B2 (item 1): 'E' is not among the options A–B"),
                   (4, 1, "candidate 'c1' already on row 2"), (5, 1, "candidate 'c2' already on row 3"),
                   (6, 1, "candidate 'c1' already on row 2")]


@pytest.mark.parametrize("candidate, extra", [("a\x00b", "部\x00门"), ("\ud800z", ""), ("=1+1", "x"), ("", "")])
def test_a_sittings_packed_text_comes_back_as_it_was_given(candidate, extra):
    from drill.exam.analysis import ItemResponse
    from drill.exam.sitting import Sitting

    sitting = Sitting(("部门",))
    code = sitting.code(ItemResponse("x", True, 1.0, "甲"))
    block = sitting.block("A", 60.0, [sitting.responses[code]])
    sitting.add(block, [code], "before", "甲", ["一部"])
    sitting.add(block, [code], candidate, "名", [extra])
    sitting.add(block, [code], "after", "", [""])
    assert [(r.candidate, r.name, r.extra) for r in sitting] == [
        ("before", "甲", (("部门", "一部"),)), (candidate, "名", (("部门", extra),)), ("after", "", (("部门", ""),))]


def test_json_of_a_sitting_is_printed_as_its_candidates_are_made(capsys):
    from drill.cli.common import JsonStream, echo_json

    made = []

    def candidates():
        for n in range(3):
            made.append(n)
            yield {"candidate": f"考生{n}", "score": n / 2}

    value = {"candidates": JsonStream(candidates, 3), "absent": JsonStream(lambda: iter(()), 0), "n": 3}
    assert made == []  # nothing made until it is printed
    echo_json(value)
    assert made == [0, 1, 2]
    assert capsys.readouterr().out == json.dumps(
        {"candidates": [{"candidate": f"考生{n}", "score": n / 2} for n in range(3)], "absent": [], "n": 3},
        ensure_ascii=False, indent=2) + "\n"
