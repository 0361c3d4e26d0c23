"""The listed repairs of character noise: the only changes drill extract makes to a handbook's words.

Documents captured from sharing sites come with systematic conversion noise
(旳 for 的, 原那么 for 原则, 效劳 for 服务, a stuttered 不不不). Each repair is one
row below, so a trainer can read — and a maintainer extend — exactly what was
changed; every fact built from a repaired line records the repairs in its
``source``. A repair that needs judgement (企业 for 公司, a lone 地 for 的) is not
here: it would be right in one sentence and wrong in the next. Where the noise is
only unambiguous in some company, the row names it (地 after 客户/我们 … is 的,
unless it opens a word such as 地址 or 地区: the row lists those characters).

Three kinds of noise are listed: a converter that read traditional characters
or synonyms (效劳, 原那么, 但凡 for 凡是, 征询 for 咨询 in its service compounds),
a PDF font that maps a character to a rare look-alike code point (癿 for 的,
劢 for 动, 乊 for 之), and stutters (不不不小于).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Substitution:
    """One listed repair: ``wrong`` becomes ``right`` wherever it stands."""

    wrong: str
    right: str
    why: str
    #: characters that, right after ``wrong``, show it is a word of its own here (地 + 址 = 地址): no repair
    unless_next: str = ""
    #: characters that, right before ``wrong``, make a word with its first character (土 + 地 = 土地): no repair
    unless_previous: str = ""


#: characters that make a word with 地 (地址, 地区, 地点 …): 客户地址 is no noise
_WORDS_WITH_DI = "址区点方位图域面下上铁产处市段板毯球理震带盘基摊主标势形貌毯"

#: characters that make a word with a 地 after them (土地, 当地, 本地, 各地 …): 当地习惯 is no noise
_ENDS_WITH_DI = "土当本各外异场园基阵营工田山草绿天境余质落大内属的高低产原两此该驻实盆领腹胜福圣心陆耕荒林谷洼空见"

#: The table (the pattern tries longer rows first where one contains another).
SUBSTITUTIONS: tuple[Substitution, ...] = (
    Substitution("原那么", "原则", "则 read as 那么 by a traditional-to-simplified converter"),
    *(Substitution(f"{head}那么", f"{head}则", "则 read as 那么 by a traditional-to-simplified converter")
      for head in ("准", "规", "细", "总", "法", "守", "否")),
    Substitution("效劳", "服务", "服务 read as 效劳 by a traditional-to-simplified converter"),
    Substitution("不不不小于", "不小于", "a stuttered negation"),
    Substitution("不不不大于", "不大于", "a stuttered negation"),
    Substitution("不不小于", "不小于", "a stuttered negation"),
    Substitution("不不大于", "不大于", "a stuttered negation"),
    Substitution("旳", "的", "的 misread as the rare 旳"),
    Substitution("才干够", "才能够", "能 read as 干 by a converter"),
    # a synonym-swapping converter: each row only where the swapped word makes no sense
    Substitution("但凡", "凡是", "凡是 swapped for 但凡 by a synonym converter (rules open with 凡是)"),
    Substitution("以以便", "以方便", "方便 swapped for 以便 by a synonym converter"),
    Substitution("于以便", "于方便", "方便 swapped for 以便 by a synonym converter"),
    Substitution("业务征询", "业务咨询", "咨询 swapped for 征询 by a synonym converter"),
    Substitution("客户征询", "客户咨询", "咨询 swapped for 征询 by a synonym converter"),
    Substitution("产品征询", "产品咨询", "咨询 swapped for 征询 by a synonym converter"),
    Substitution("征询服务", "咨询服务", "咨询 swapped for 征询 by a synonym converter"),
    Substitution("征询解答", "咨询解答", "咨询 swapped for 征询 by a synonym converter"),
    Substitution("征询台", "咨询台", "咨询 swapped for 征询 by a synonym converter"),
    Substitution("征询区", "咨询区", "咨询 swapped for 征询 by a synonym converter"),
    Substitution("同步还", "同时还", "同时 swapped for 同步 by a synonym converter"),
    Substitution("，同步", "，同时", "同时 swapped for 同步 by a synonym converter (a clause opens with 同时)",
                 unless_next="更传备"),
    Substitution("一种个", "一个个", "个 swapped for 种 by a synonym converter"),
    Substitution("本身权限", "自身权限", "自身 swapped for 本身 by a synonym converter"),
    Substitution("、偏护、", "、包庇、", "包庇 swapped for 偏护 by a synonym converter (串通、包庇、纵容)"),
    Substitution("全方面", "全面", "全面 swapped for 全方面 by a synonym converter"),
    Substitution("承当", "承担", "承担 swapped for the old variant 承当 by a synonym converter"),
    Substitution("逐层上报", "逐级上报", "逐级 swapped for 逐层 by a synonym converter"),
    Substitution("涉及如下", "包括如下", "包括 swapped for 涉及 by a synonym converter"),
    Substitution("涉及：", "包括：", "包括 swapped for 涉及 by a synonym converter (a list follows)"),
    Substitution("：涉及", "：包括", "包括 swapped for 涉及 by a synonym converter (a list follows the colon)"),
    Substitution("本卷须知", "注意事项", "注意事项 swapped for 本卷须知 (an exam paper's heading) by a synonym converter"),
    Substitution("化装", "化妆", "化妆 (make-up) swapped for 化装 (disguise) by a synonym converter"),
    Substitution("操作环节", "操作步骤", "步骤 swapped for 环节 by a synonym converter (操作步骤指南)"),
    # 简介 is a noun (岗位简介); with an object or an adverb of manner it stands for the act 介绍
    *(Substitution(wrong, wrong.replace("简介", "介绍"), "介绍 swapped for the noun 简介 by a synonym converter")
      for wrong in ("简介产品", "简介自己", "简介别人", "简介他人", "简介替代", "详细简介", "主动简介", "耐心简介")),
    Substitution("一直如一", "始终如一", "始终 swapped for 一直 by a synonym converter (the idiom 始终如一)"),
    Substitution("一直。", "始终。", "始终 swapped for 一直 by a synonym converter (an adverb cannot end a sentence)"),
    Substitution("其别人", "其他人", "其他 swapped for 其别 by a synonym converter"),
    Substitution("可连续发展", "可持续发展", "持续 swapped for 连续 by a synonym converter (可持续发展)"),
    Substitution("营业场合", "营业场所", "场所 swapped for 场合 by a synonym converter"),
    Substitution("换位思索", "换位思考", "思考 swapped for 思索 by a synonym converter (换位思考)"),
    Substitution("一局部", "一部分", "部分 swapped for 局部 by a synonym converter"),
    Substitution("简朴地", "简单地", "简单 swapped for 简朴 (frugal) by a synonym converter"),
    Substitution("严厉工作纪律", "严肃工作纪律", "严肃 swapped for 严厉 by a synonym converter"),
    *(Substitution(f"阐明{what}", f"说明{what}", "说明 swapped for 阐明 by a synonym converter")
      for what in ("情况", "原因", "来意")),
    Substitution("向客户阐明", "向客户说明", "说明 swapped for 阐明 by a synonym converter"),
    *(Substitution(wrong, wrong.replace("反响", "反馈"), "反馈 swapped for 反响 by a synonym converter (反响 is a noun: 市场反响)")
      for wrong in ("反响给", "反响至", "反响到", "部门反响")),
    Substitution("座立", "坐立", "坐 (to sit) printed as 座 (a seat): 座立 is no word"),
    Substitution("„„", "……", "an ellipsis read as two low quotation marks by a converter"),
    Substitution("给予积极地", "给予积极的", "的 printed as 地 after 给予 (a noun phrase follows)"),
    # 的 printed as 地 after a possessor: never an adverb there, unless 地 opens a word (地址, 地区 …)
    *(Substitution(f"{who}地", f"{who}的", "的 printed as 地 after a possessor", unless_next=_WORDS_WITH_DI)
      for who in ("客户", "顾客", "用户", "我们", "你们", "他们", "她们", "对方", "别人", "他人", "员工", "道路")),
    # 的 printed as 地 before a noun: an adverb's 地 is followed by a verb, never by these nouns
    *(Substitution(f"地{noun}", f"的{noun}", "的 printed as 地 before a noun", unless_previous=_ENDS_WITH_DI)
      for noun in ("问题", "需求", "态度", "意识", "思想", "颜色", "位置", "背部", "袜子", "承诺", "感受", "利益", "权益",
                   "心情", "姓名", "工号牌", "习惯", "形象", "声誉", "前面", "后面", "左侧", "右侧", "第一", "满意")),
    # a PDF font mapping a character to a rare look-alike code point
    Substitution("癿", "的", "的 mapped to the look-alike 癿 by a PDF font"),
    Substitution("劢", "动", "动 mapped to the look-alike 劢 by a PDF font"),
    Substitution("乊", "之", "之 mapped to the look-alike 乊 by a PDF font"),
    Substitution("斱", "方", "方 mapped to the look-alike 斱 by a PDF font"),
    Substitution("亍", "于", "于 mapped to the look-alike 亍 by a PDF font"),
    Substitution("叏", "取", "取 mapped to the look-alike 叏 by a PDF font"),
    Substitution("収", "发", "发 mapped to the look-alike 収 by a PDF font"),
    Substitution("秱", "移", "移 mapped to the look-alike 秱 by a PDF font"),
    Substitution("戓", "战", "战 mapped to the look-alike 戓 by a PDF font"),
    Substitution("兊", "克", "克 mapped to the look-alike 兊 by a PDF font"),
    Substitution("培讪", "培训", "训 mapped to the look-alike 讪 by a PDF font"),
    Substitution("讪练", "训练", "训 mapped to the look-alike 讪 by a PDF font"),
    Substitution("教讪", "教训", "训 mapped to the look-alike 讪 by a PDF font"),
    Substitution("帮劣", "帮助", "助 mapped to the look-alike 劣 by a PDF font"),
)

def _pattern(rows: tuple[Substitution, ...]) -> re.Pattern[str]:
    return re.compile("|".join(
        (f"(?<![{re.escape(s.unless_previous)}])" if s.unless_previous else "") + re.escape(s.wrong)
        + (f"(?![{re.escape(s.unless_next)}])" if s.unless_next else "")
        for s in sorted(rows, key=lambda s: -len(s.wrong))))


_PATTERN = _pattern(SUBSTITUTIONS)
_BY_WRONG = {s.wrong: s for s in SUBSTITUTIONS}


@lru_cache(maxsize=512)
def _pattern_of(rows: frozenset[Substitution]) -> re.Pattern[str]:
    return _pattern(tuple(sorted(rows, key=lambda s: s.wrong)))


def repair_only(text: str, rows: tuple[Substitution, ...] | list[Substitution]) -> str:
    """``text`` with only the repairs ``rows`` made: what a fact's recorded repairs turn its cited lines into.

    >>> repair_only("客户地需求，原那么上", [_BY_WRONG["原那么"]])
    '客户地需求，原则上'
    >>> repair_only("客户地需求", [])
    '客户地需求'
    """
    if not rows:
        return text
    return _pattern_of(frozenset(rows)).sub(lambda m: _BY_WRONG[m.group(0)].right, text)


def repair(text: str) -> tuple[str, list[Substitution]]:
    """``text`` with the listed repairs made, and the repairs that were made (each once).

    >>> text, made = repair("服务原那么旳要求")
    >>> text, [f"{s.wrong}→{s.right}" for s in made]
    ('服务原则的要求', ['原那么→原则', '旳→的'])
    >>> repair("客户地址")[0], repair("满足客户地需求")[0]
    ('客户地址', '满足客户的需求')
    """
    made: list[Substitution] = []

    def one(m: re.Match[str]) -> str:
        sub = _BY_WRONG[m.group(0)]
        if sub not in made:
            made.append(sub)
        return sub.right

    return _PATTERN.sub(one, text), made
