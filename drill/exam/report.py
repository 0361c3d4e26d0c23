"""The grading report as one self-contained HTML page in Chinese (deck text escaped), compact in print."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .analysis import MIN_CANDIDATES_PER_ITEM, CandidateResult, ItemStats, ScoreSummary, score_summary

#: Item flags as the report names them.
FLAG_NAMES = {"too easy": "过易", "too hard": "过难", "negative discrimination": "负区分"}


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def item_info(manifest: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Item id → its manifest entry (first variant that has it) and the variants it is on."""
    out: dict[str, dict[str, Any]] = {}
    for variant, spec in manifest["variants"].items():
        for item in spec["items"]:
            entry = out.setdefault(item["id"], {**item, "variants": []})
            entry["variants"].append(f"{variant}{item['number']}")
    return out


def flag_names(flags: Sequence[str]) -> str:
    return "、".join(FLAG_NAMES.get(f, f) for f in flags)


def summary_lines(summary: ScoreSummary) -> list[str]:
    """The test statistics in short Chinese lines (shared by the report and the terminal)."""
    lines = [
        f"考生 {summary.candidates} 人，通过 {summary.passed} 人（{100 * summary.pass_rate:.1f}%）；"
        f"平均得分率 {summary.mean_percent:.1f}%，标准差 {summary.sd_percent:.1f}%"
    ]
    for form in summary.forms:
        method = "KR-20" if form.reliability_method == "KR-20" else "α系数"
        lines.append(
            f"{'、'.join(form.variants)}卷（{form.candidates} 人，{form.items} 题，满分 {form.total_points:g}）："
            f"平均 {form.mean:.2f}，标准差 {form.sd:.2f}，最低 {form.minimum:g}，最高 {form.maximum:g}，"
            f"信度 {method} {_num(form.reliability)}，测量标准误 {_num(form.sem)} 分"
        )
    return lines


def warning_line(summary: ScoreSummary) -> str | None:
    if not summary.item_analysis_warning:
        return None
    return (f"注意：部分试题只有 {summary.fewest_per_item} 名考生作答（少于 {MIN_CANDIDATES_PER_ITEM} 人），"
            "难度与区分度只作参考；更多考生，或同题乱序卷（exam build --same-items）让每题由全部考生作答，分析更可靠。")


def grading_report_html(manifest: Mapping[str, Any], results: Sequence[CandidateResult],
                        stats: Sequence[ItemStats], summary: ScoreSummary | None = None) -> str:
    info = item_info(manifest)
    summary = summary or score_summary(results, stats)
    rows = "".join(
        f"<tr><td>{escape(r.candidate)}</td><td>{escape(r.name)}</td><td>{escape(r.variant)}</td>"
        f"<td>{r.score:g}/{r.total:g}</td><td>{r.percent:.1f}%</td>"
        f"<td class=\"{'pass' if r.passed else 'fail'}\">{'通过' if r.passed else '未通过'}</td></tr>\n"
        for r in results
    )
    sections = "".join(
        f"<tr><td>{escape(s.title)}</td><td>{s.mean:.2f}/{s.points:g}</td><td>{s.mean_percent:.1f}%</td></tr>\n"
        for s in summary.sections
    )
    items = []
    for s in stats:
        entry = info.get(s.item_id, {})
        prompt = entry.get("prompt") or s.item_id
        options = entry.get("options") or []
        chosen = " · ".join(f"{escape(k)} {v}" for k, v in sorted(s.choices.items(), key=lambda kv: -kv[1]))
        key = escape(str(entry.get("key", ""))) + (f"（{escape(str(entry.get('answer', '')))}）"
                                                     if options else "")
        few = " class=\"few\"" if s.candidates < MIN_CANDIDATES_PER_ITEM else ""
        items.append(
            f"<tr><td>{escape(' '.join(entry.get('variants', [])))}</td>"
            f"<td class=\"q\">{escape(prompt)}<div class=\"k\">答案：{key}</div>"
            f"<div class=\"c\">作答：{chosen}</div></td>"
            f"<td{few}>{s.candidates}</td><td>{_num(s.difficulty)}</td><td>{_num(s.point_biserial)}</td>"
            f"<td>{_num(s.upper_lower)}</td><td class=\"flags\">{escape(flag_names(s.flags))}</td></tr>\n"
        )
    warning = warning_line(summary)
    title = f"{manifest.get('title', '')} — 成绩与试题分析"
    stats_html = "".join(f"<li>{escape(line)}</li>" for line in summary_lines(summary))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
html {{ font-family: "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
       font-size: 10pt; }}
h1 {{ font-size: 14pt; margin: 0 0 .4em; }} h2 {{ font-size: 11pt; margin: .8em 0 .3em; }}
ul.s {{ margin: 0; padding-left: 1.2em; }}
table {{ border-collapse: collapse; margin: .3em 0; width: 100%; }}
th, td {{ border: 1px solid #999; padding: 1px 4px; vertical-align: top; text-align: left; }}
th {{ background: #eee; }}
tr {{ page-break-inside: avoid; break-inside: avoid; }}
td.q {{ width: 55%; }} .k, .c {{ font-size: 8.5pt; color: #444; }}
.pass {{ color: #060; }} .fail, .flags, .few, .warn {{ color: #a00; }}
table.people {{ width: auto; }}
@page {{ size: A4; margin: 12mm; }}
</style></head>
<body>
<h1>{escape(title)}</h1>
<ul class="s">{stats_html}</ul>
{f'<p class="warn">{escape(warning)}</p>' if warning else ''}
<h2>各部分得分</h2>
<table class="people"><thead><tr><th>部分</th><th>平均得分</th><th>得分率</th></tr></thead>
<tbody>
{sections}</tbody></table>
<h2>试题分析</h2>
<p>难度＝答对比例；r(pb)＝本题得分与其余题总分的相关（校正点二列相关）；
高低分组差＝总分前 27% 与后 27% 考生答对比例之差；人数少于 {MIN_CANDIDATES_PER_ITEM} 以红色标出。</p>
<table><thead><tr><th>题号</th><th>试题</th><th>人数</th><th>难度</th><th>r(pb)</th><th>高低分组差</th><th>提示</th></tr></thead>
<tbody>
{''.join(items)}</tbody></table>
<h2>考生成绩</h2>
<table class="people"><thead><tr><th>考生</th><th>姓名</th><th>试卷</th><th>得分</th><th>得分率</th><th>结果</th></tr></thead>
<tbody>
{rows}</tbody></table>
</body></html>
"""
