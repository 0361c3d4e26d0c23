"""What drill's own plugins say about themselves, in the interface language.

A plugin's ``description`` is the English text its package declares; the plugin
packages carry no catalog of their own. `drill plugins` shows the descriptions of
drill's own plugins through drill's catalog, and any other plugin's text exactly
as its author wrote it (a third-party description is never matched to ours).
"""

from __future__ import annotations

from .i18n import N_, _

#: (distribution, description as the plugin declares it): drill's own plugins; the text is the msgid
FIRST_PARTY: frozenset[tuple[str, str]] = frozenset({
    ("drill-anki", N_("Anki package (.apkg): native cloze notes, subdeck per topic, stable GUIDs")),
    ("drill-csv", N_("Anki text import (tab-separated, #guid/#notetype/#deck/#tags headers)")),
    ("drill-exam-formats", N_("Word (DOCX) exam paper and answer key")),
    ("drill-exam-formats", N_("GIFT question bank (gradable bank in the key file)")),
    ("drill-exam-formats", N_("Print-ready HTML exam paper (A4, 宋体/黑体, training-centre form) and answer key")),
    ("drill-exam-formats", N_("Moodle XML question bank (gradable bank in the key file)")),
    ("drill-exam-formats", N_("Plain-text question bank (1. 题干 / A. … / 答案：B / 解析：…)")),
    ("drill-exam-formats", N_("Excel question bank, one row per question "
                              "(题型, 题干, 选项A…, 正确答案, 解析, 分值, 难度, 知识点)")),
    ("drill-json", N_("JSON with every deck, fact and card field (+ JSON Schema); drill_json.load_export reads it")),
    ("drill-markdown", N_("Markdown study sheet (by topic) or exam paper with a separate answer key (.key.md)")),
    ("drill-readers-office", N_("Word documents: handbooks, and question banks in the text form (1. 题干 / A. … / 答案：)")),
    ("drill-readers-office", N_("Excel question banks: one question per row "
                                "(题型, 题干, 选项A…, 正确答案, 解析, 分值, 难度, 知识点)")),
    ("drill-readers-handbooks", N_("PDF handbooks with a text layer (pypdf)")),
})

#: what an exporter accepts and a reader reads, as shown in `drill plugins`
_KINDS = {"deck": N_("deck"), "exam": N_("exam paper"), "bank": N_("question bank"), "handbook": N_("handbook")}


def shown_description(distribution: str | None, description: str | None) -> str:
    """A plugin's description to show: drill's own in the interface language, anyone else's as written."""
    text = description or ""
    if (distribution or "", text) in FIRST_PARTY:
        return _(text)
    return text


def shown_kind(kind: str) -> str:
    """``deck``, ``exam``, ``bank`` or ``handbook`` (what a plugin takes) in the interface language."""
    return _(_KINDS[kind]) if kind in _KINDS else kind
