"""The grading report as one self-contained HTML page in the interface language (deck text escaped).

Compact in print. Headings, statistics and notes follow :mod:`drill.i18n`;
what the decks and answer sheets say (prompts, keys, names) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from ..i18n import N_, _, current_language, ngettext
from ..i18n import ngettext as _interface_plural
from .analysis import MIN_CANDIDATES_PER_ITEM, CandidateResult, ItemStats, ScoreSummary, score_summary

#: Item flags as the report names them (translated where shown).
FLAG_NAMES = {"too easy": N_("too easy"), "too hard": N_("too hard"),
              "negative discrimination": N_("negative discrimination")}


#: Headings and column names of the report (translated where shown).
HEADINGS = (N_("Scores by section"), N_("Section"), N_("Mean score"), N_("Percent"), N_("Item analysis"), N_("No."),
            N_("Item"), N_("Candidates"), N_("Difficulty"), N_("Upper−lower"), N_("Flags"), N_("Candidates' scores"),
            N_("Candidate"), N_("Name"), N_("Variant"), N_("Score"), N_("Result"), N_("Scores by topic"), N_("Topic"),
            N_("Items"), N_("Score bands"), N_("Band"), N_("Rank"), N_("Wrong answers"), N_("Answer given"),
            N_("Right answer"), N_("Absent"))


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
    # Translators: the separator between names in a list
    return _(", ").join(_(FLAG_NAMES[f]) if f in FLAG_NAMES else f for f in flags)


def summary_lines(summary: ScoreSummary) -> list[str]:
    """The test statistics in short lines (shared by the report and the terminal)."""
    lines = [
        ngettext("{n} candidate, {passed} passed ({pass_rate}%); mean {mean}%, standard deviation {sd}%",
                 "{n} candidates, {passed} passed ({pass_rate}%); mean {mean}%, standard deviation {sd}%",
                 summary.candidates).format(
            n=summary.candidates, passed=summary.passed, pass_rate=f"{100 * summary.pass_rate:.1f}",
            mean=f"{summary.mean_percent:.1f}", sd=f"{summary.sd_percent:.1f}")
    ]
    for form in summary.forms:
        method = "KR-20" if form.reliability_method == "KR-20" else _("coefficient alpha")
        lines.append(
            ngettext("Variant {variants} ({n} candidate, {items} items, {points} points): mean {mean}, "
                     "standard deviation {sd}, lowest {lowest}, highest {highest}, reliability {method} "
                     "{reliability}, standard error of measurement {sem} points",
                     "Variant {variants} ({n} candidates, {items} items, {points} points): mean {mean}, "
                     "standard deviation {sd}, lowest {lowest}, highest {highest}, reliability {method} "
                     "{reliability}, standard error of measurement {sem} points", form.candidates).format(
                variants=_(", ").join(form.variants), n=form.candidates, items=form.items,
                points=f"{form.total_points:g}", mean=f"{form.mean:.2f}", sd=f"{form.sd:.2f}",
                lowest=f"{form.minimum:g}", highest=f"{form.maximum:g}", method=method,
                reliability=_num(form.reliability), sem=_num(form.sem))
        )
    return lines


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def warning_line(summary: ScoreSummary, translated: bool = True) -> str | None:
    """The note that item analysis rests on few candidates (None when it does not).

    In the interface language; ``translated=False`` gives the English text ``--json`` prints.
    """
    if not summary.item_analysis_warning:
        return None
    # one call either way, so the message is extracted once: the local name picks the language
    ngettext = _interface_plural if translated else _english_plural
    n = summary.fewest_per_item
    return ngettext(
        "Note: some items were answered by only {n} candidate (fewer than {minimum}), so their difficulty and "
        "discrimination are rough; more candidates, or papers with the same items in other orders "
        "(exam build --same-items) so that every candidate answers every item, make the analysis more reliable.",
        "Note: some items were answered by only {n} candidates (fewer than {minimum}), so their difficulty and "
        "discrimination are rough; more candidates, or papers with the same items in other orders "
        "(exam build --same-items) so that every candidate answers every item, make the analysis more reliable.",
        n).format(n=n, minimum=MIN_CANDIDATES_PER_ITEM)


def _centre_sections(manifest, results, stats, absent, ranked, topic_stats, topic_difficulty,  # type: ignore[no-untyped-def]
                     score_bands, wrong_items) -> str:
    """知识点, 分数段 (a bar picture and its numbers), 错题 and 缺考: what a training centre files."""
    from .scoresheet import clean_cell

    head = {name: escape(_(name)) for name in HEADINGS}
    difficulty = topic_difficulty(stats, manifest)
    topics = "".join(
        f"<tr><td>{escape(t.topic)}</td><td>{t.items}</td><td>{t.candidates}</td><td>{t.mean:.2f}/{t.points:g}</td>"
        f"<td>{t.mean_percent:.1f}%</td><td>{_num(difficulty.get(t.topic))}</td></tr>\n"
        for t in topic_stats(results, manifest))
    bands = score_bands(results)
    most = max((n for _label, n in bands), default=0) or 1
    bar_h, width = 18, 300
    bars = "".join(
        f'<text x="0" y="{i * bar_h + 13}">{escape(label)}</text>'
        f'<rect x="60" y="{i * bar_h + 3}" width="{width * n / most:.1f}" height="{bar_h - 6}"/>'
        f'<text x="{65 + width * n / most:.1f}" y="{i * bar_h + 13}">{n}</text>'
        for i, (label, n) in enumerate(bands))
    picture = (f'<svg class="bands" xmlns="http://www.w3.org/2000/svg" width="{width + 120}" '
               f'height="{bar_h * len(bands) + 4}" role="img">{bars}</svg>')
    band_rows = "".join(f"<tr><td>{escape(label)}</td><td>{n}</td></tr>" for label, n in bands)
    wrong = []
    for _rank, r in ranked:
        missed = list(wrong_items(r, manifest))
        if not missed:
            continue
        lines = "".join(
            f"<tr><td>{w.number}</td><td>{escape(w.prompt)}</td><td>{escape(clean_cell(w.given))}</td>"
            f"<td>{escape(w.right)}</td><td>{w.awarded:g}/{w.points:g}</td></tr>" for w in missed)
        who = escape(" ".join(x for x in (clean_cell(r.candidate), clean_cell(r.name)) if x))
        wrong.append(f"<details><summary>{who}（{len(missed)}）</summary><table><thead><tr><th>{head['No.']}</th>"
                     f"<th>{head['Item']}</th><th>{head['Answer given']}</th><th>{head['Right answer']}</th>"
                     f"<th>{head['Score']}</th></tr></thead><tbody>{lines}</tbody></table></details>\n")
    absent_list = "、".join(escape(" ".join(x for x in (clean_cell(c), clean_cell(n)) if x)) for c, n in absent)
    return f"""<h2>{head["Scores by topic"]}</h2>
<table class="people"><thead><tr><th>{head["Topic"]}</th><th>{head["Items"]}</th><th>{head["Candidates"]}</th><th>{head["Mean score"]}</th><th>{head["Percent"]}</th><th>{head["Difficulty"]}</th></tr></thead>
<tbody>
{topics}</tbody></table>
<h2>{head["Score bands"]}</h2>
{picture}
<table class="people"><thead><tr><th>{head["Band"]}</th><th>{head["Candidates"]}</th></tr></thead><tbody>{band_rows}</tbody></table>
<h2>{head["Absent"]}</h2>
<p>{absent_list or "–"}</p>
<h2>{head["Wrong answers"]}</h2>
{"".join(wrong) or "<p>–</p>"}
"""


def choice_shown(choice: str) -> str:
    """A counted answer as a report shows it: the blank answer in the interface language."""
    from .responses import BLANK

    return _("(blank)") if choice == BLANK else choice


def grading_report_html(manifest: Mapping[str, Any], results: Sequence[CandidateResult],
                        stats: Sequence[ItemStats], summary: ScoreSummary | None = None,
                        absent: Sequence[tuple[str, str]] = ()) -> str:
    from .scoresheet import clean_cell

    info = item_info(manifest)
    summary = summary or score_summary(results, stats)
    passed, failed = escape(_("passed")), escape(_("failed"))
    key_line, answers_line = escape(_("Key: {key}")), escape(_("Answers: {answers}"))
    from .breakdown import ranking, score_bands, topic_difficulty, topic_stats, wrong_items

    ranked = ranking(results)
    rows = "".join(
        f"<tr><td>{rank}</td><td>{escape(clean_cell(r.candidate))}</td><td>{escape(clean_cell(r.name))}</td>"
        f"<td>{escape(clean_cell(r.variant))}</td>"
        f"<td>{r.score:g}/{r.total:g}</td><td>{r.percent:.1f}%</td>"
        f"<td class=\"{'pass' if r.passed else 'fail'}\">{passed if r.passed else failed}</td></tr>\n"
        for rank, r in ranked
    )
    absent_label = escape(_("absent"))
    rows += "".join(  # 缺考: on the roster, no answer sheet
        f"<tr><td></td><td>{escape(clean_cell(c))}</td><td>{escape(clean_cell(n))}</td><td></td><td></td><td></td>"
        f"<td class=\"warn\">{absent_label}</td></tr>\n"
        for c, n in absent
    )
    extra = _centre_sections(manifest, results, stats, absent, ranked, topic_stats, topic_difficulty, score_bands,
                             wrong_items)
    sections = "".join(
        f"<tr><td>{escape(s.title)}</td><td>{s.mean:.2f}/{s.points:g}</td><td>{s.mean_percent:.1f}%</td></tr>\n"
        for s in summary.sections
    )
    items = []
    for s in stats:
        entry = info.get(s.item_id, {})
        prompt = entry.get("prompt") or s.item_id
        options = entry.get("options") or []
        chosen = " · ".join(f"{escape(clean_cell(choice_shown(k)))} {v}"
                            for k, v in sorted(s.choices.items(), key=lambda kv: -kv[1]))
        key_text = str(entry.get("key", ""))
        if options:
            key_text = _("{key} ({answer})").format(key=key_text, answer=entry.get("answer", ""))
        key = escape(key_text)
        few = " class=\"few\"" if s.candidates < MIN_CANDIDATES_PER_ITEM else ""
        items.append(
            f"<tr><td>{escape(' '.join(entry.get('variants', [])))}</td>"
            f"<td class=\"q\">{escape(prompt)}<div class=\"k\">{key_line.format(key=key)}</div>"
            f"<div class=\"c\">{answers_line.format(answers=chosen)}</div></td>"
            f"<td{few}>{s.candidates}</td><td>{_num(s.difficulty)}</td><td>{_num(s.point_biserial)}</td>"
            f"<td>{_num(s.upper_lower)}</td><td class=\"flags\">{escape(flag_names(s.flags))}</td></tr>\n"
        )
    warning = warning_line(summary)
    title = _("{title} — scores and item analysis").format(title=manifest.get("title", ""))
    stats_html = "".join(f"<li>{escape(line)}</li>" for line in summary_lines(summary))
    lang = "zh-CN" if current_language() == "zh_CN" else "en"
    head = {name: escape(_(name)) for name in HEADINGS}
    legend = escape(_("Difficulty = proportion correct; r(pb) = correlation between the item and the total of the "
                      "other items (corrected point-biserial); upper−lower = proportion correct in the top 27% of "
                      "candidates by total score minus that in the bottom 27%; fewer than {minimum} candidates is "
                      "shown in red.").format(minimum=MIN_CANDIDATES_PER_ITEM))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
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
svg.bands rect {{ fill: #4a78b5; }} svg.bands text {{ font-size: 9pt; }}
details {{ margin: .2em 0; }}
@page {{ size: A4; margin: 12mm; }}
</style></head>
<body>
<h1>{escape(title)}</h1>
<ul class="s">{stats_html}</ul>
{f'<p class="warn">{escape(warning)}</p>' if warning else ''}
<h2>{head["Scores by section"]}</h2>
<table class="people"><thead><tr><th>{head["Section"]}</th><th>{head["Mean score"]}</th><th>{head["Percent"]}</th></tr></thead>
<tbody>
{sections}</tbody></table>
<h2>{head["Item analysis"]}</h2>
<p>{legend}</p>
<table><thead><tr><th>{head["No."]}</th><th>{head["Item"]}</th><th>{head["Candidates"]}</th><th>{head["Difficulty"]}</th><th>r(pb)</th><th>{head["Upper−lower"]}</th><th>{head["Flags"]}</th></tr></thead>
<tbody>
{''.join(items)}</tbody></table>
{extra}
<h2>{head["Candidates' scores"]}</h2>
<table class="people"><thead><tr><th>{head["Rank"]}</th><th>{head["Candidate"]}</th><th>{head["Name"]}</th><th>{head["Variant"]}</th><th>{head["Score"]}</th><th>{head["Percent"]}</th><th>{head["Result"]}</th></tr></thead>
<tbody>
{rows}</tbody></table>
</body></html>
"""
