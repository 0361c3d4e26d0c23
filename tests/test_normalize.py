"""normalize() folds width and case and drops punctuation, spaces and controls, for every character."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from drill.text import normalize


def by_definition(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in ("P", "Z", "C"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_normalize_is_its_definition_for_any_text(text):
    # the fast path (a translate table for the BMP) must agree with the per-character rule
    assert normalize(text) == by_definition(text)


def test_chinese_examples():
    assert normalize("２４ 小时。") == normalize("24小时") == "24小时"
    assert normalize("请稍等，我帮您确认一下！") == "请稍等我帮您确认一下"
    assert normalize("BOSS\u3000系统") == "boss系统"
    assert normalize("𠮷野家、") == "𠮷野家"  # a character beyond the BMP is kept, its comma dropped
