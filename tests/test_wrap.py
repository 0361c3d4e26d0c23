"""Terminal line breaking for Chinese text: width in cells, hanging indents, kinsoku."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from drill.cli.wrap import CLOSING, OPENING, hanging, wrap

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
PUNCT = st.sampled_from("，。、；：？！」）》")
OPEN = st.sampled_from("「（《")
LATIN = st.text("abcdefgXYZ0123", min_size=1, max_size=6)


@st.composite
def chinese_text(draw):
    """Text as decks hold it: Han characters, closing punctuation after a character, quotes, Latin words."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.integers(0, 9))
        if kind < 6:
            parts.append(draw(HAN))
        elif kind < 8 and parts and parts[-1][-1] not in CLOSING | OPENING | {" "}:
            parts.append(draw(PUNCT))
        elif kind == 8:
            parts.append(draw(OPEN) + draw(HAN))
        else:
            parts.append(" " + draw(LATIN) + " ")
    return "".join(parts).strip() or "字"


@given(chinese_text(), st.integers(8, 60))
def test_wrapped_lines_fit_and_keep_every_character(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(chinese_text(), st.integers(8, 60))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text, width):
    lines = wrap(text, width)
    for line in lines[1:]:
        assert line[0] not in CLOSING, lines
    for line in lines[:-1]:
        assert line[-1] not in OPENING, lines


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("请稍等，我帮您确认一下。", 10, ["请稍等，我", "帮您确认一", "下。"]),
    ("请稍等，我帮您确认一下。", 8, ["请稍等，", "我帮您确", "认一下。"]),
    ("首问负责制。", 10, ["首问负责", "制。"]),            # a lone 。 never starts a line
    ("请到「自助服务区」办理", 10, ["请到「自助", "服务区」办", "理"]),
    ("请到「自助服务区」办理", 6, ["请到", "「自助", "服务", "区」办", "理"]),  # 「 stays with what it opens
    ("拨打 10086 查询话费余额", 12, ["拨打 10086", "查询话费余额"]),    # a number is not split
    ("第一行\n第二行", 20, ["第一行", "第二行"]),
])
def test_wrap_examples(text, width, lines):
    assert wrap(text, width) == lines


def test_hanging_indent_lines_up_under_the_text():
    lines = hanging("  a) ", "营业厅应当在显著位置公示服务项目、资费标准和服务时限。", 30)
    assert lines[0].startswith("  a) 营业厅")
    assert all(line.startswith("     ") and line[5] != " " for line in lines[1:])
    assert all(cell_len(line) <= 30 for line in lines)


@pytest.mark.parametrize(("text", "width", "unit"), [
    ("✗ 错误  答对 0/4 项", 16, "0/4 项"),
    ("✗ 错误  答对 0/4 项", 15, "0/4 项"),
    ("复习了 125 张卡片", 12, "125 张"),
    ("请在10分钟内完成", 7, "10分"),
    ("遗忘 8 次", 6, "8 次"),
])
def test_a_number_keeps_its_measure_word_on_its_line(text, width, unit):
    lines = wrap(text, width)
    assert any(unit in line for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
