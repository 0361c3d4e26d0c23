"""Curated word tables the answer judge reads: synonyms it accepts and the markers of a rude tone.

Both tables are kept by hand and checked against the handbooks (``/decks`` cite
them): a pair goes in only where an examiner marking a handbook answer accepts
either word in every place the handbooks use it. Word vectors are never used:
they pair opposites (左侧 with 右侧) because opposites share their contexts.

Rules every group keeps (a test checks them): the members of a group carry the
same numbers and the same count of negations, so a synonym can never turn a
changed number or a dropped 不 into a right answer; no word is in two groups.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: groups of words an examiner accepts for one another, wherever the handbooks use them
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # 引导与站位（联通行为规范：“在客人左前方引导”；电信礼仪：站立、递物的方位）
    ("右侧", "右边", "右手边"),
    ("左侧", "左边", "左手边"),
    # 营业厅的门（湖北移动手册：迎宾岗“在正门”迎接；卡片已认 大门、入口）
    ("正门", "门口", "大门"),
    # 办理业务“在确保不出差错的情况下加快速度”（湖北移动手册）
    ("不出差错", "没有差错", "不出错", "没出差错", "无差错"),
    # 用户提建议时：“您的建议……多给我们提宝贵意见”（电信服务用语规范，同一句里两词互换）
    ("建议", "意见"),
    # 请您稍等／请稍候（电信、移动服务用语）; 谢谢 is not paired with 感谢: 五声十字 asks for the words themselves
    ("稍等", "稍候"),
    ("马上", "立即", "立刻"),
    # 现场接待礼仪的礼貌态度“腰弯”（售后沟通礼仪）：弯腰 says the same, the handbooks use neither otherwise
    ("腰弯", "弯腰"),
    # 联通营业服务行为：站姿“严禁倚靠”，坐姿“不得仰靠座位的背部”——同一手册两处说同一件事
    ("仰靠", "倚靠"),
)

#: words that mark a tone the handbooks prohibit, by the tone's name as the decks list it (服务禁用语气);
#: a reply that uses one is wrong whatever its key points (机械语气 has no marker: it is how, not what, one says)
TONE_MARKERS: Mapping[str, tuple[str, ...]] = {
    "反问语气": ("难道", "不是跟你说", "不是说过了", "怎么又问", "你的意思不是"),
    "质问语气": ("有没有搞错", "搞错没有", "凭什么", "什么怎么样", "你到底"),
    "愤怒语气": ("快说", "快点说", "烦不烦", "吵什么", "急什么", "烦死了", "真烦人", "别磨蹭", "磨磨蹭蹭"),
    "散漫语气": ("随便你", "无所谓", "爱办不办", "随你便"),
    "讽刺语气": ("这都不懂", "这都不会", "这也不知道", "连这个都"),
}


@dataclass(frozen=True, slots=True)
class ServiceStandards:
    """What the loaded decks prohibit in a reply to a customer, handed to the judge as data.

    ``phrases``: prohibited phrases as the decks write them (``你们必须……``);
    ``tones``: prohibited tones by name (``反问语气``), looked up in :data:`TONE_MARKERS`.
    """

    phrases: tuple[str, ...] = ()
    tones: tuple[str, ...] = ()

    def markers(self) -> tuple[tuple[str, str], ...]:
        """(tone, marker) for every listed tone the table knows."""
        return tuple((tone, marker) for tone in self.tones for marker in TONE_MARKERS.get(tone, ()))

    def __bool__(self) -> bool:
        return bool(self.phrases or self.tones)


#: the name of a list of prohibited words or tones: a 禁 and, after it, a word for language
_PROHIBITED_LANGUAGE = re.compile(r"禁.*(?:语|言|词)|忌语")


def standards_from_facts(facts: Iterable[Any]) -> ServiceStandards:
    """The prohibited phrases and tones that deck facts list.

    A ``prohibited_phrase`` fact gives its ``phrase`` (alternatives split on ／);
    a ``list`` fact named for prohibited *language* (禁用语, 禁语, 禁用语气, 禁止使用的
    习惯性语言 — not 五条禁令 or 着装禁忌, whose items are deeds) gives its items: those ending in 语气 as tones, phrases of three characters or more as
    phrases (single words such as 喂 or 什么 also occur in correct replies, and
    two-character ones such as 应该 are covered by the phrases that use them).
    """
    phrases: list[str] = []
    tones: list[str] = []
    for fact in facts:
        kind = getattr(fact, "kind", None)
        if kind == "prohibited_phrase" and getattr(fact, "phrase", None):
            phrases += [p for p in str(fact.phrase).replace("/", "／").split("／") if p.strip()]
        elif kind == "list" and _PROHIBITED_LANGUAGE.search(str(getattr(fact, "name", ""))):
            for item in getattr(fact, "items", ()) or ():
                text = str(getattr(item, "text", item))
                if text.endswith("语气"):
                    tones.append(text)
                elif len(text) >= 3:
                    phrases.append(text)
    return ServiceStandards(tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(tones)))


def standards_from_decks(decks: Iterable[Any]) -> ServiceStandards:
    """:func:`standards_from_facts` over every fact of ``decks`` (loaded :class:`drill.deck.Deck` objects)."""
    return standards_from_facts(f for deck in decks for f in getattr(deck, "facts", ()))


def deck_standards(path: str | os.PathLike[str] | None) -> ServiceStandards:
    """The standards one deck file lists, read once per file version; none when the file cannot be read.

    For a review or a try that has a card's deck file but not the deck: a moved
    or broken deck file leaves the judge without standards, never stops it.
    """
    if path is None:
        return ServiceStandards()
    try:
        stat = os.stat(path)
    except OSError:
        return ServiceStandards()
    return _deck_standards(os.fspath(path), stat.st_mtime_ns, stat.st_size)


def shipped_deck_standards(deck_id: str | None) -> ServiceStandards:
    """The standards of the shipped deck named ``deck_id``; none for any other deck.

    An exam item carries its deck's id, not its file: ``exam take`` and ``exam
    grade`` both look the id up here, so both mark a reply alike.
    """
    if not deck_id:
        return ServiceStandards()
    from .catalog import shipped_decks

    return deck_standards(shipped_decks().get(deck_id))


@lru_cache(maxsize=64)
def _deck_standards(path: str, mtime_ns: int, size: int) -> ServiceStandards:
    from .errors import DrillError
    from .loader import load_deck

    try:
        return standards_from_decks([load_deck(path)])
    except (DrillError, OSError, ValueError):
        return ServiceStandards()


__all__ = [
    "SYNONYM_GROUPS",
    "TONE_MARKERS",
    "ServiceStandards",
    "deck_standards",
    "shipped_deck_standards",
    "standards_from_decks",
    "standards_from_facts",
]
