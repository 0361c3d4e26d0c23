"""The report a training centre files (知识点, 分数段, 排名, 错题, 缺考), checked against numpy/pandas.

Forty candidates answer a 12-item paper at random (letters, a fill-in, blanks);
every number drill prints is recomputed here from the raw answers with
numpy/pandas, independently of drill's own analysis.
"""

from __future__ import annotations

import json
import random
import re

import openpyxl
import pytest
from click.testing import CliRunner

from drill.cli import cli

TOPICS = ["首问责任制", "投诉处理", "营业规范"]


def make_manifest() -> dict:
    items = []
    for n in range(1, 12):
        key = "ABCD"[n % 4]
        items.append({"number": n, "id": f"d/mc{n}/t", "deck": "d", "fact": f"mc{n}", "type": "multiple_choice",
                      "section": "一、单选题" if n <= 6 else "二、单选题", "points": 2 if n > 6 else 1, "key": key,
                      "answer": "甲乙丙丁"[n % 4], "options": ["甲", "乙", "丙", "丁"], "prompt": f"第{n}题题干",
                      "topic": TOPICS[n % 3]})
    items.append({"number": 12, "id": "d/fill/t", "deck": "d", "fact": "fill", "type": "typed", "section": "三、填空题",
                  "points": 3, "key": "7:30", "answer": "7:30", "prompt": "营业厅几点开门？", "topic": "营业规范"})
    total = sum(i["points"] for i in items)
    return {"manifest_version": 1, "exam": "centre", "title": "中心报表测试", "seed": 3, "format": "html",
            "pass_mark": 60, "duration_minutes": None,
            "variants": {"A": {"total_points": total, "pass_mark": 60, "files": [], "items": items}}}


# numpy and pandas are imported by the tests, not at collection: a test process that imports them
# at start-up is ~70 MB bigger for every test after it (and child processes inherit the high-water mark)
np = pd = None


@pytest.fixture(scope="module", autouse=True)
def _numeric():
    global np, pd
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def sitting(tmp_path_factory, _numeric):
    tmp = tmp_path_factory.mktemp("centre")
    man = make_manifest()
    items = man["variants"]["A"]["items"]
    rng = random.Random(20)
    rows = []
    for c in range(40):
        skill = rng.random()
        answers = []
        for it in items:
            if it["type"] == "typed":
                answers.append("7:30" if rng.random() < skill else rng.choice(["8:00", "", "七点"]))
            else:
                answers.append(it["key"] if rng.random() < skill else rng.choice(["A", "B", "C", "D", ""]))
        rows.append([f"K{c:03d}", f"考生{c}", "A", *answers])
    sheet = tmp / "r.csv"
    sheet.write_text("考号,姓名,卷别," + ",".join(str(i["number"]) for i in items) + "\r\n"
                     + "".join(",".join(r) + "\r\n" for r in rows), encoding="utf-8")
    roster = tmp / "roster.csv"
    roster.write_text("考号,姓名\r\n" + "".join(f"{r[0]},{r[1]}\r\n" for r in rows) + "K900,缺考甲\r\n",
                      encoding="utf-8")
    m = tmp / "manifest.json"
    m.write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    book, report = tmp / "scores.xlsx", tmp / "report.html"
    runner = CliRunner()
    result = runner.invoke(cli, ["exam", "grade", str(m), str(sheet), "--roster", str(roster), "--json",
                                 "--out-xlsx", str(book), "--report", str(report)])
    assert result.exit_code == 0, result.output
    # the raw answers, scored here: 1 when the answer is the key (the fill-in: exactly 7:30)
    frame = pd.DataFrame([r[3:] for r in rows], index=[r[0] for r in rows], columns=[i["id"] for i in items])
    right = pd.DataFrame({i["id"]: (frame[i["id"]] == i["key"]).astype(float) for i in items})
    points = pd.Series({i["id"]: float(i["points"]) for i in items})
    awarded = right * points
    return {"json": json.loads(result.output), "book": openpyxl.load_workbook(book),
            "html": report.read_text(encoding="utf-8"), "right": right, "awarded": awarded, "points": points,
            "items": items, "frame": frame}


def test_scores_p_values_point_biserial_alpha_and_sem_match_numpy(sitting):
    data, awarded, right = sitting["json"], sitting["awarded"], sitting["right"]
    totals = awarded.sum(axis=1)
    got = {c["candidate"]: c["score"] for c in data["candidates"]}
    assert got == pytest.approx(totals.to_dict())
    stats = {s["id"]: s for s in data["items"]}
    for item in right.columns:
        assert stats[item]["difficulty"] == pytest.approx(right[item].mean())
        rest = totals - awarded[item]
        assert stats[item]["point_biserial"] == pytest.approx(np.corrcoef(right[item], rest)[0, 1])
    k = awarded.shape[1]
    alpha = k / (k - 1) * (1 - awarded.var(axis=0, ddof=0).sum() / totals.var(ddof=0))
    form = data["summary"]["forms"][0]
    assert form["reliability"] == pytest.approx(alpha)
    assert form["sem"] == pytest.approx(totals.std(ddof=0) * np.sqrt(1 - alpha))


def test_topic_scores_bands_ranking_and_wrong_items_match_pandas(sitting):
    book, awarded, points, items = sitting["book"], sitting["awarded"], sitting["points"], sitting["items"]
    assert book.sheetnames == ["成绩", "知识点", "分数段", "排名", "错题", "题目分析", "缺考"]
    topic_of = pd.Series({i["id"]: i["topic"] for i in items})
    by_topic = awarded.T.groupby(topic_of).sum().T
    topic_points = points.groupby(topic_of).sum()
    topics = {r[0]: r for r in book["知识点"].iter_rows(min_row=2, values_only=True)}
    for topic in TOPICS:
        assert topics[topic][3] == pytest.approx(by_topic[topic].mean(), abs=1e-4)
        assert topics[topic][5] == pytest.approx(100 * by_topic[topic].mean() / topic_points[topic], abs=1e-3)
    percent = 100 * awarded.sum(axis=1) / points.sum()
    edges = (percent // 10 * 10).clip(upper=90).astype(int)
    bands = {r[0]: r[1] for r in book["分数段"].iter_rows(min_row=2, values_only=True)}
    for low in range(0, 100, 10):
        label = f"{low}–{100 if low == 90 else low + 9}"
        assert bands[label] == int((edges == low).sum()), label
        assert f"<td>{label}</td><td>{bands[label]}</td>" in sitting["html"]
    expected_rank = awarded.sum(axis=1).rank(method="min", ascending=False).astype(int)
    ranks = {r[1]: r[0] for r in book["排名"].iter_rows(min_row=2, values_only=True)}
    assert ranks == expected_rank.to_dict()
    wrong = pd.Series([r[0] for r in book["错题"].iter_rows(min_row=2, values_only=True)]).value_counts()
    expected_wrong = (sitting["right"] < 1).sum(axis=1)
    assert wrong.reindex(expected_wrong.index, fill_value=0).to_dict() == expected_wrong.to_dict()
    fill_rows = [r for r in book["错题"].iter_rows(min_row=2, values_only=True) if r[2] == 12]
    assert fill_rows and all(r[6] == "7:30" for r in fill_rows)  # the right answer beside the wrong one
    assert [r for r in book["缺考"].iter_rows(min_row=2, values_only=True)] == [("K900", "缺考甲")]


def test_html_report_shows_topics_bands_picture_ranking_wrong_items_and_absentees(sitting):
    html = sitting["html"]
    assert "<svg" in html and "<rect" in html  # the 分数段 picture
    for topic in TOPICS:
        assert f"<td>{topic}</td>" in html
    assert "缺考甲" in html and "<details>" in html
    first = re.search(r"<tr><td>1</td><td>(K\d+)</td>", html)
    best = sitting["awarded"].sum(axis=1).idxmax()
    assert first and sitting["awarded"].sum(axis=1)[first.group(1)] == sitting["awarded"].sum(axis=1)[best]
