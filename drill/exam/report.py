"""The grading report as one self-contained HTML page (deck text escaped)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .analysis import CandidateResult, ItemStats


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


def grading_report_html(manifest: Mapping[str, Any], results: Sequence[CandidateResult],
                        stats: Sequence[ItemStats]) -> str:
    info = item_info(manifest)
    passed = sum(r.passed for r in results)
    rows = "".join(
        f"<tr><td>{escape(r.candidate)}</td><td>{escape(r.variant)}</td><td>{r.score:g} / {r.total:g}</td>"
        f"<td>{r.percent:.1f}%</td><td class=\"{'pass' if r.passed else 'fail'}\">{'通过' if r.passed else '未通过'}</td></tr>\n"
        for r in results
    )
    items = []
    for s in stats:
        entry = info.get(s.item_id, {})
        choices = "".join(f"<li>{escape(k)}: {v}</li>" for k, v in sorted(s.choices.items(), key=lambda kv: -kv[1]))
        items.append(
            f"<tr><td>{escape(s.item_id)}<br><small>{escape(' '.join(entry.get('variants', [])))}</small></td>"
            f"<td>{escape(entry.get('type', ''))}</td><td>{escape(str(entry.get('answer', '')))}</td>"
            f"<td>{s.candidates}</td><td>{_num(s.difficulty)}</td><td>{_num(s.point_biserial)}</td>"
            f"<td>{_num(s.upper_lower)}</td><td><ul>{choices}</ul></td>"
            f"<td class=\"flags\">{escape(', '.join(s.flags))}</td></tr>\n"
        )
    title = f"{manifest.get('title', '')} — 成绩与试题分析"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
html {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }}
ul {{ margin: 0; padding-left: 1.2em; }}
.pass {{ color: #060; }} .fail {{ color: #a00; }} .flags {{ color: #a00; }}
</style></head>
<body>
<h1>{escape(title)}</h1>
<p>{len(results)} candidate(s), {passed} passed (pass mark {manifest.get('pass_mark', '')}%).</p>
<h2>Candidates</h2>
<table><thead><tr><th>candidate</th><th>variant</th><th>score</th><th>percent</th><th>result</th></tr></thead>
<tbody>
{rows}</tbody></table>
<h2>Items</h2>
<p>difficulty = proportion correct; r(pb) = point-biserial of the item with the rest of the score;
U−L = proportion correct in the top 27% minus the bottom 27%.</p>
<table><thead><tr><th>item</th><th>type</th><th>answer</th><th>n</th><th>difficulty</th><th>r(pb)</th><th>U−L</th>
<th>chosen</th><th>flags</th></tr></thead>
<tbody>
{''.join(items)}</tbody></table>
</body></html>
"""
