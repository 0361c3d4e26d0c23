"""Screening drafted facts before they reach a trainer: fragments, slide filler, missing context, bad blanks.

An extractor proposes a fact wherever a sentence has the shape of one; a reader
sends back the ones that are not fair items. Each check here is one reason a
reader gives, read from the fact's own words and its citation — never from the
words of a particular handbook. A fact that fails one is left out and listed in
the report with the reason; a fact whose statement needs its heading to be
answerable (「必须在当日内完成」 under 「投诉受理」) gets that heading as its
topic when the heading is a usable label, and is left out when it is not.

>>> from drill.extract.candidates import Citation, DraftedFact
>>> cite = Citation("h.txt", ("投诉受理",), 3, 3, "必须在当日内{{回复}}。")
>>> fact = DraftedFact("rule", {"text": "必须在当日内{{回复客户}}"}, cite, topic="第一章")
>>> screen(fact) is None, fact.topic
(True, '投诉受理')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..i18n import _
from .candidates import DraftedFact, LeftOut

_CJK = r"\u3400-\u9fff"
_BLANK = re.compile(r"\{\{(.*?)\}\}")
#: a statement cannot open with a word that joins it to a clause before it
_JOINED_OPENING = re.compile(r"^(?:[，、；：）」”,;:)]|又(?!称)|也|还(?!款|原|清)|并(?!非|不|列|行|存|购)|而(?!言)|且|但(?!凡)|却|"
                             r"则|以免|否则|从而|以便|以及|或者|同时|另外|此外|其次|再次)")
#: a rule opening on its verb (是…) or on a subject and 也 (客户也…) continues the sentence before it
_CONTINUING = re.compile(r"^(?:是(?!否|指)|[\u4e00-\u9fff]{1,4}也(?!是|许|就))")
#: nor end with one that needs words after it
_OPEN_ENDING = re.compile(r"(?:的|地|得|和|与|及|或|在|对|把|被|向|从|将|为|以|而|且|并|之|其|即|如|若|由|于|等到)$")
#: marks that close what opened before: a statement cannot start with one
_CLOSERS = set("，。、；：）」”’》,.;:)")
#: the second half of 既…又… without its first half in the statement
_SECOND_HALF = re.compile(r"又(?:要|不|能|应|是|有)")
#: a range whose separator was lost: 10～15分钟 printed 1015分钟 (two ascending two-digit numbers glued)
_LOST_RANGE = re.compile(r"(?<![\d.])(\d{2})(\d{2})(?=\s*(?:分钟|秒|小时|天|个工作日|日))")
#: a situation cannot end on an adverb or a modal: the words after it were cut off (「接电话时，并主动」)
_SITUATION_CUT = re.compile(r"(?:主动|并|应|要|须|需|先|再|即|立即|及时|首先)$")
#: the first half of a paired sentence (既…又…, 不但…而且…): a clause after it is half a statement
_PAIR_OPENER = re.compile(r"既|不但|不仅|虽然|尽管|如果|假如|只有|只要|因为|一方面|无论|不管")
#: words pointing at text outside the statement
#: a statement opening with a pointer (此类信息…) needs its heading as context, like one without a subject
_POINTER_OPENING = re.compile(r"^(?:此类|这类|该类|这些|这种|此种|该|此|其)(?![外次时后前实他])")
_ANAPHORA = re.compile(r"本[章节篇条]|前[一两二三四五六七八九十\d]+[条项点款]|上述|前述|以上[各几]?[条项点]|上[一]?[条项点]|下[述列]情况|该[项条]|此[项条]")
#: a list number inside the statement: two items of a list glued together
_INNER_NUMBER = re.compile(rf"[，；。,;]\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})[、．](?=[{_CJK}])")
#: a bare Chinese numeral glued to the words after it: a numbered heading that lost its 、
_BARE_NUMERAL = re.compile(rf"^[二三四五六七八九十](?![{_CJK}]?[个位种次条项天年月日时分秒倍级声类步层点方面期批名人家])(?=[{_CJK}])")
#: a principle's or code's name glued to its text without a mark (「适度原则在交往中…」)
_GLUED_LABEL = re.compile(rf"^[{_CJK}]{{2,4}}(?:原则|须知|守则|准则)(?![是为的上中和与及性，。、：:；\s{{]|$)")
#: a statement cut after the first phrase it announces (「常用礼貌用语五声十字：您好！」)
_CUT_AT_FIRST = re.compile(r"[：:][^：:，。；]{1,4}[！!]$")
#: 第 followed by no numeral: the number was lost in conversion (「第时间」)
_LOST_ORDINAL = re.compile(r"(?<![次门及宅府落])第(?![一二三四五六七八九十百千万零〇两几\d]|[一-龥]?[一二三四五六七八九十\d])")
#: a month followed by 日 with no day between them: the figure was lost (次月日)
_LOST_DAY = re.compile(r"(?:次|本|每|下|上)月日")
#: a clause this long without any punctuation is run-on text whose marks were lost
RUN_ON = 32
_CLAUSE = re.compile(r"[^，。、；：！？,.;:!?“”（）()《》「」\s]+")
#: a statement opening with one of these needs the subject its heading gives
_SUBJECTLESS = re.compile(r"^(?:必须|务必|应当|应该|应|需要|需|须|要|不得|不准|不能|不要|不可|严禁|禁止|做到|确保|保证|既要|既|"
                         r"(?:负责|处理|受理|协助|组织|指导|督促|开展|制定|落实|做好)(?![^，。；]{0,10}[时后前]|人|员|者|部|单位|中心|结果|流程|机构|工作))")
#: a time or condition the statement opens with (必要时，…; 客户开门后，…): the act after it still needs its subject
_LEAD_CLAUSE = re.compile(r"^(?:(?:如果|假如|如遇|如|若|当)[^，。；：,;:]{1,14}|在[^，。；：,;:]{1,14}[时后前中]|[^，。；：,;:]{1,3}时)[，,]")
#: a pronoun standing for a subject named in the sentence before (它是…, 他们…, 这是…)
_PRONOUN_SUBJECT = re.compile(r"^(?:它们|它|他们|她们|这就是|这是|这也是|那就是)")
#: how a consequence continuing the sentence before opens: 对 whom, with no modal anywhere to make it a rule and a word
#: that adds it to what was said before (「对所在单位同步进行通报批评。」 after 「…的，给予警告；」)
_TO_WHOM = re.compile(r"^(?:对于|对)[^，。；]*(?:同步|同时|一并|亦|也|同样|相应地?)")
_MODAL = re.compile(r"必须|务必|应|要|需|须|不得|不准|不能|不可|严禁|禁止|可以|方可|只能|只限")
#: a conclusion's connective before a statement with its own subject: the statement stands without it
_CONCLUSION = re.compile(r"^(?:所以|因此|因而|总之|可见|于是|故此|由此可见|综上所述|总而言之)[，,]")
#: a step or a time that the sentence before sets (然后…, 此时…), or a pointer to it (对此, 前者): the statement
#: alone does not say after what, when, or what
_GOES_ON = re.compile(r"^(?:然后|接着|随后|之后|其后|最后(?!一)|另一方面|对此|为此|这时|此时|届时|这样|那样|如此|前者|后者|"
                      r"以上(?=[\u4e00-\u9fff]{0,4}(?:人员|内容|各|几|要求|规定|情况|事项|做法|措施)))")
#: a slide's bullet that names a principle and nothing else: no subject, no act (「以顾客至上为原则」)
_BARE_PRINCIPLE = re.compile(r"^以[^，。；]{1,10}为(?:原则|宗旨|目标|中心|本|准则|出发点|标准)[。]?$")
#: how a clause without its own subject opens: a modal, or an adverb of manner before the act
_ACT_OPENING = re.compile(r"^(?:必须|务必|应当|应该|应|需要|需|须|要|做到|确保|保证|彻底|认真|及时|主动|积极|仔细|耐心|热情|"
                          r"迅速|立即|马上|尽快|严格|切实|全面|努力|并|且)")
#: examples, exercises and slide furniture: not statements of the handbook's rules
_EXAMPLE = re.compile(r"^(?:例|例如|比如|举例|案例|示例|如)[：:]")
_FILLER_LABEL = re.compile(r"^(?:谢谢(?:大家|聆听|观看)?|感谢(?:聆听|观看|参与)|thank\s*you|q\s*&\s*a|目录|提纲|课程(?:大纲|目标|安排)|"
                           r"学习目标|本章导读|课堂剪影|讨论|练习|互动|游戏|小结|总结|回顾)[!！。.]?$", re.IGNORECASE)
#: a list named by a cue or a word that names nothing in particular (「包括」, 「内容」, 「信息」)
_GENERIC_NAME = re.compile(r"^(?:包括|包含|分为|涉及|如下|以下|下列|内容|信息|情况|事项|方面|要求|问题|其他|其它)$")
#: a case study or an example under its own heading (案例：…, 背景：…): a story, not the handbook's rule
_PROVERB = r"^(?:俗话说|常言道|古人云|古语说|俗语说|有句话说|名人名言)[：:]?$"
_CASE_HEADING = re.compile(r"^(?:案例|背景)[一二三四五六七八九十\d]*[：:]|^案例[一二三四五六七八九十\d]*$|" + _PROVERB)
#: a course outline (第三讲：…) lists what a lecture covers, not what the handbook rules
_OUTLINE = re.compile(r"第[一二三四五六七八九十\d]{1,3}讲")
#: words that fit nearly any blank: a blank of only these asks the reader to guess
_VAGUE = ("牢牢记住", "记住", "牢记", "帮助", "服务", "工作", "处理", "注意", "做好", "做到", "认真", "及时", "主动", "积极",
          "仔细", "努力", "加强", "提高", "重视", "配合", "支持", "遵守", "执行", "落实", "完成", "保持", "进行", "确保",
          "保证", "负责", "参与", "了解", "掌握", "熟悉", "关注", "坚持", "予以", "给予", "一定", "尽量", "尽快", "这样", "如此",
          "一遍", "一下", "一些", "一点", "一番")
_VAGUE_ONLY = re.compile(rf"^(?:{'|'.join(sorted(_VAGUE, key=len, reverse=True))})+$")
#: the share of a blank that words of the rest of the sentence may cover before they give it away
ECHO = 0.7
#: words a blank may hold that carry none of its answer: the reader writes them without knowing the rule
#: (function words, the generic nouns of every service handbook, light verbs, adverbs of manner)
_GENERIC = ("的", "地", "得", "之", "和", "与", "及", "或", "并", "为", "向", "对", "把", "将", "给", "在", "于", "其", "是否",
            "客户", "顾客", "用户", "服务", "工作", "业务", "有关", "相关", "相应", "情况", "方面", "事项", "问题", "内容",
            "一种", "一定", "进行", "做到", "做好", "具有", "具备", "保持", "给予", "予以", "加以", "办理", "继续", "良好",
            "积极", "主动", "及时", "立即", "认真", "回应", "有效", "足够", "方式", "营业", "随意", "随便", "方可", "产品",
            "符合", "公司", "企业", "要求", "规定", "规范", "统一", "标准", "情形", "何种", "什么", "哪些", "哪种")
_GENERIC_WORD = re.compile("|".join(sorted(_GENERIC, key=len, reverse=True)))
#: more than this share of a blank's own words (``_GENERIC`` aside), its last word among them, printed elsewhere in
#: the statement gives it away
KEY_ECHO = 0.5
#: the longest item a reader is fairly asked to recall in a list
LONG_ITEM = 16
#: items this short are parallel attributes (语调柔和，称呼恰当) even when the handbook strings them into one sentence
SHORT_ITEM = 6
#: a list number left at the start of a rule's text (the heading cut missed it)
_LEADING_NUMBER = re.compile(r"^\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[、．.](?!\d)|[1-9]\d?\.(?=\d{3,}(?![\d.])))\s*")
#: an act that needs its object, standing at the end of a clause: 「自觉遵守和执行，」 (遵守 what?)
_ACTS = "遵守|执行|落实|贯彻|遵照|遵循"
_BARE_ACT = re.compile(rf"(?:^|[，。；！,;])(?:并|要|应)?(?:自觉|严格|认真|坚决|切实|积极|主动|共同|全面)?"
                       rf"((?:(?:{_ACTS})[和与及、])?(?:{_ACTS}))(?=[，。；！,;]|$)")
#: a heading that announces a list (主要…, 常见…, 内容, 属性, 类型 …): bullets under it are its members
_LIST_HEADING = re.compile(r"主要|各|几|若干|常见|常用|基本|以下|如下|区域|内容|包括|种类|分类|类型|类别|属性|要素|原则|要求|规范|标准|步骤|流程|方法|方式|技巧|职责|禁令|禁语|用语|事项|特点|特征|作用|功能|意义|目的|范围|组成|构成|环节")
#: the most items a reader is fairly asked to recall in one list (the rubric: 8 or more is unfair)
MAX_ITEMS = 7
#: the longest definition a reader is fairly asked to recall (characters)
LONG_DEFINITION = 80
#: examples, not the whole list: a cue of example right before the first item (如：啊、呀、喽……, 如套餐选择、…等)
_EXAMPLE_CUE = re.compile(r"(?:如|例如|比如|诸如|譬如)[：:]?\s*$")
#: a placeholder the learner would have to type (××, XX, ×小时)
_PLACEHOLDER = re.compile(r"××|ＸＸ|XX|xx|×(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])×")
#: a section number glued between words (「概述1.1客户服务理念」): a heading run into the statement
_GLUED_SECTION = re.compile(rf"[{_CJK}]\d{{1,2}}(?:\.\d{{1,2}})+(?![\d.])\s*(?![\d%％]|[个位种次条项天年月日时分秒倍级米元岁台张份页])(?=[{_CJK}])")
#: a light verb closing a blank while the act it carries stands right after it (向{{上级进行}}请示处理)
_LIGHT_VERB_END = re.compile(r"(?:进行|加以|予以|给予|作出|做出)$")
#: a course or handbook speaking of itself (本课的第5章“…”, 熟读本手册, 手册以“口袋书”形式呈现): a foreword, not a rule
_SELF_REFERENCE = re.compile(r"本(?:课程?|教材|讲义|手册|书)(?!面)|^(?:此|该|这本)?手册(?:以|采用|分为|共)|第[一二三四五六七八九十\d]{1,2}[章讲]“")
#: a talk addressing the trainees (你们) outside a quotation
_SPEAKER = re.compile(r"你们")
#: a condition opener: a situation cut from its middle leaves this part behind
_CONDITION = re.compile(r"如果|假如|若|如遇|当|倘若")
#: 等 inside an item, with words after it: the item runs over the list's close (信息管理系统等设备提供商)
_INNER_DENG = re.compile(rf"[{_CJK}]{{2}}等(?![级候待同于值效量])[{_CJK}]{{2}}")
#: how the rest of a clause opens after a comma: its predicate, its main clause, a condition, its list
_SAME_CLAUSE = re.compile(r"(?:是|应|须|必须|需|要(?!求)|则|都|就|才|方可|能(?!让)|可|包括|包含|即|如|假如|若|如果|倘若|作为|由于)")
#: the label of an example (例如：银行): it names no topic
_EXAMPLE_LABEL = re.compile(r"^\s*(?:例如|比如|举例|例|如)[：:]")
#: a usable context heading: a short label with Chinese words, not a bare number or a sentence
#: a picture's caption that stands where a heading would (「路口B有乱设摊位现象」): it states what the picture shows
_CAPTION = re.compile(r"有[^，。；]{1,12}(?:现象|情况)$")
_LABEL = re.compile(rf"^(?=.*[{_CJK}].*[{_CJK}])[^。！？；，,;]{{2,20}}$")


def _statement(fact: DraftedFact) -> str:
    """The words a reader meets: a rule's text with blanks filled, a list's name and items, a term and its definition."""
    f = fact.fields
    if fact.kind == "rule":
        return _BLANK.sub(lambda m: m.group(1).split("|")[0], f["text"])
    if fact.kind == "term":
        return f"{f['term']}：{f['definition']}"
    parts = [f.get("name") or f.get("role") or ""]
    for key in ("items", "steps", "duties"):
        parts.extend(f.get(key, []))
    parts.extend(m.get("name", "") for m in f.get("members", []) if isinstance(m, dict))
    return "，".join(p for p in parts if p)


def _members(fact: DraftedFact) -> list[str]:
    f = fact.fields
    for key in ("items", "steps", "duties"):
        if f.get(key):
            return list(f[key])
    return [m.get("name", "") for m in f.get("members", []) if isinstance(m, dict)]


def _label(heading: str) -> str | None:
    """``heading`` as a context label, or None when it is no usable label (a number, a sentence, furniture)."""
    heading = heading.strip()
    if not _LABEL.match(heading) or _FILLER_LABEL.match(heading) or _OUTLINE.search(heading) or _CAPTION.search(heading):
        return None
    return heading


def filler(fact: DraftedFact) -> str | None:
    """Slide and page filler: a course outline, an example, a thank-you slide, a list under a filler title."""
    c = fact.citation
    if _OUTLINE.search(c.quote) or any(_OUTLINE.search(h) for h in c.headings):
        return _("slide filler: a course outline (第…讲), not a rule of the handbook")
    if c.headings and _FILLER_LABEL.match(c.headings[-1].strip()):  # the nearest heading: a slide's own title
        return _("slide filler: a statement under a slide title ({title})").format(title=c.headings[-1].strip())
    if any(_CASE_HEADING.match(h) for h in c.headings):
        return _("slide filler: a case or example under its own heading, not a rule of the handbook")
    if fact.kind == "rule" and _EXAMPLE.match(fact.fields["text"]):
        return _("slide filler: an example, not a rule of the handbook")
    if fact.kind in {"rule", "term"}:
        said = re.sub(r"“[^”]*”|「[^」]*」", "", _statement(fact))
        if _SELF_REFERENCE.search(said):
            return _("slide filler: the course speaks of itself, not a rule of the handbook")
        if _SPEAKER.search(said):
            return _("slide filler: a talk addressing the trainees, not a rule of the handbook")
    name = fact.fields.get("name")
    if isinstance(name, str) and _FILLER_LABEL.match(name.strip()):
        return _("slide filler: items under a slide title ({title})").format(title=name)
    if isinstance(name, str) and _GENERIC_NAME.match(name):
        return _("missing context: the list's name says nothing of what it lists ({name})").format(name=name)
    if isinstance(name, str) and "—" not in name and _repeats_word(name):
        return _("a garbled name: a heading glued to the sentence's subject ({name})").format(name=name)
    return None


def _repeats_word(name: str) -> bool:
    """Whether ``name`` holds one two-character word twice (「开通或变更业务的范围界定开通的业务」)."""
    pairs = [name[i:i + 2] for i in range(len(name) - 1) if re.fullmatch(rf"[{_CJK}]{{2}}", name[i:i + 2])]
    return len(pairs) != len(set(pairs))


#: one character and a comma opening a statement: the end of a word whose start stayed on the page before
BROKEN_WORD = re.compile(rf"^[{_CJK}][，,]")


def fragment(fact: DraftedFact, line: str = "", after: str = "") -> str | None:
    """Half a sentence: cut from its first half, broken off at a line end, two items glued, marks lost.

    ``line`` is the text of the cited lines without whitespace (the sentence a window was cut from) and ``after``
    the line that follows them, when the caller has them.
    """
    text = _statement(fact)
    cut = _cut(fact, line, after)
    if cut:
        return cut
    own = fact.fields.get("text", "") if fact.kind == "rule" else ""
    first = next((v for v in (fact.fields.get("situation"), fact.fields.get("name"), fact.fields.get("text"),
                              fact.fields.get("term")) if isinstance(v, str) and v), "")
    if first[:1] in _CLOSERS:
        return _("a sentence fragment: it opens with a closing mark ({mark})").format(mark=first[:1])
    quote = fact.citation.quote.strip()
    spoken = fact.kind in {"prohibited_phrase", "script"}  # what is said may open any way
    if not spoken and _JOINED_OPENING.match(quote) and not re.match(r"^(?:同时|另外|此外|其次|再次)", quote):
        return _("a sentence fragment: it opens with a word that joins it to the clause before")
    if not spoken and BROKEN_WORD.match(quote):  # 「收，双目平视…」: the page before ended on 「下颌微」
        return _("a sentence fragment: it opens on the end of a word broken at a page ({start})").format(start=quote[:2])
    half = _SECOND_HALF.search(text)
    if half and "既" not in text[:half.start()]:
        return _("a sentence fragment: the second half of a paired sentence ({opener}…)").format(opener="既")
    lost = next((m for m in _LOST_RANGE.finditer(text) if int(m.group(1)) < int(m.group(2))), None)
    if lost:
        return _("conversion noise: a range lost its separator ({number})").format(number=lost.group(0))
    if fact.kind == "rule" and (_JOINED_OPENING.match(_BLANK.sub(r"\1", own)) or _CONTINUING.match(_BLANK.sub(r"\1", own))):
        return _("a sentence fragment: it opens with a word that joins it to the clause before")
    if fact.kind == "rule":
        plain = _BLANK.sub(lambda m: m.group(1), own)
        at = fact.citation.quote.find(plain[:12])
        if at > 0:
            before = re.split(r"[。；！？]", fact.citation.quote[:at])[-1]
            if _PAIR_OPENER.search(before):
                return _("a sentence fragment: the second half of a paired sentence ({opener}…)").format(
                    opener=_PAIR_OPENER.search(before).group(0))  # type: ignore[union-attr]
            if before.strip() and fact.citation.quote[at - 1] in "，," and _ACT_OPENING.match(plain):
                return _("a sentence fragment: a clause cut from a longer sentence whose subject stands before it")
        if _OPEN_ENDING.search(plain.rstrip("。！？；，")) and not plain.rstrip().endswith(("。", "！", "？")):
            return _("a sentence fragment: it ends on a word that needs words after it")
    situation = fact.fields.get("situation") if fact.kind == "script" else None
    if isinstance(situation, str) and (_OPEN_ENDING.search(situation) or _SITUATION_CUT.search(situation)):
        return _("a sentence fragment: the situation breaks off ({situation})").format(situation=situation)
    members = _members(fact)
    if members and _OPEN_ENDING.search(members[-1]) and not fact.citation.quote.rstrip().endswith(("。", "！", "？", "；")):
        return _("a sentence fragment: the last item was broken off at a line end ({item})").format(item=members[-1])
    if _INNER_NUMBER.search(text):
        return _("a run-in list: two numbered items glued into one statement")
    if fact.kind == "rule" and _CUT_AT_FIRST.search(_BLANK.sub(r"\1", own)):
        return _("a sentence fragment: it stops after the first of the phrases it announces")
    if fact.kind in {"rule", "term"} and (_BARE_NUMERAL.match(text) or _GLUED_LABEL.match(text)
                                          or _BARE_NUMERAL.match(fact.citation.quote)):
        return _("a run-in heading: a numbered title glued to the statement")
    if _LOST_DAY.search(fact.citation.quote):
        return _("conversion noise: the day of the month was lost ({words})").format(
            words=_LOST_DAY.search(fact.citation.quote).group(0))  # type: ignore[union-attr]
    if fact.kind == "rule" and re.search(r"(?:[了着过]|(?:内容|要求|方面|事项|情况)\}\})$", own.rstrip("。；")) \
            and fact.citation.quote.rstrip()[-1:] in {"，", ","}:
        return _("a sentence fragment: it stops where the sentence goes on after a comma")
    if _LOST_ORDINAL.search(text) or _LOST_ORDINAL.search(fact.citation.quote):
        return _("conversion noise: the number after 第 was lost")
    longest = max((len(c) for c in _CLAUSE.findall(text)), default=0)
    if longest > RUN_ON:
        return _("conversion noise: {n} characters without punctuation (run-on text, marks lost)").format(n=longest)
    return None


def _cut(fact: DraftedFact, line: str, after: str) -> str | None:
    """The statement's ends: where the cited words stop while the sentence goes on, or start inside a word."""
    quote = fact.citation.quote.strip()
    text = _statement(fact)
    if BROKEN_WORD.match(text):
        return _("a sentence fragment: it opens on the end of a word broken at a page ({start})").format(start=text[:2])
    if fact.kind == "rule" and (quote[-1:] in {"：", ":"} or _goes_on(quote, line)):
        return _("a sentence fragment: the sentence goes on after the cited words ({mark})").format(mark=quote[-1])
    if re.search(r"[：:，,、][、，]|、[：:]", quote):
        return _("conversion noise: stray marks where words were lost ({marks})").format(
            marks=re.search(r"[：:，,、][、，]|、[：:]", quote).group(0))  # type: ignore[union-attr]
    if _GLUED_SECTION.search(text):
        return _("a run-in heading: a section number glued between the words ({number})").format(
            number=_GLUED_SECTION.search(text).group(0))  # type: ignore[union-attr]
    members = _members(fact)
    if members and quote[-1:] not in set("。！？；.!?;…") and re.match(rf"^[{_CJK}]{{1,2}}[，,、。；]", after.strip()):
        return _("a sentence fragment: the last item was broken off at a line end ({item})").format(item=members[-1])
    if fact.kind == "rule" and line:
        plain = _BLANK.sub(lambda m: m.group(1).split("|")[0], fact.fields["text"])
        flat = line
        at = flat.find(re.sub(r"\s+", "", plain)[:12])
        if at > 0 and flat[at - 1] in "，,":
            if _ACT_OPENING.match(plain) or re.match(r"^(?:将|把|对|向|为|给)", plain):
                return _("a sentence fragment: a clause cut from a longer sentence whose subject stands before it")
    if fact.kind == "category":
        flat_quote = re.sub(r"\s+", "", fact.citation.quote)
        for m in fact.fields.get("members", []):
            d = m.get("description", "") if isinstance(m, dict) else ""
            if d and (re.fullmatch(rf"在[^，。；]*[中时上下内]", d) or _OPEN_ENDING.search(d)
                      or _goes_on_after(d, flat_quote)):
                return _("a sentence fragment: a member's description breaks off ({name})").format(name=m.get("name", ""))
    if len(members) >= 3:
        _close_last(fact)
        members = _members(fact)
        inner = next((m for m in members if _INNER_DENG.search(m)), None)
        if inner:
            return _("a wrong split: an item runs over the close of the list ({item})").format(item=inner)
        name = fact.fields.get("name") or ""
        tail = quote[quote.rfind(members[-1]) + len(members[-1]):] if members[-1] in quote else ""
        # the first item repeats the subject (客户同意指客户经过书面协议…); the last one runs on into the sentence
        # (…礼仪留给客户印象，这个印象…): a long end item that closes the sentence is an item (不得仰靠座位的背部。)
        ends = [(members[0], members[1:], bool(name) and members[0][:2] == name[:2]),
                (members[-1], members[:-1], bool(re.match(rf"^[，,][{_CJK}]", tail)))]
        for end, others, runs_on in ends:
            longest = max(len(o) for o in others)
            if runs_on and len(end) >= 2 * longest and len(end) >= longest + 4:
                return _("a wrong split: an item at the end of the list carries words of the sentence ({item})").format(
                    item=end)
    return None


def _goes_on_after(description: str, quote: str) -> bool:
    """Whether the quote goes on after a member's description with more of it (「…为宜；一次按门铃…」).

    A description ends at the end of its sentence or where the next member opens (a bullet, a list
    number, a short name and its colon); a 「；」 or 「，」 followed by more text is the same description cut.
    """
    d = re.sub(r"\s+", "", description)
    at = quote.find(d)
    if at < 0:
        return False
    rest = quote[at + len(d):]
    return bool(re.match(rf"[；;，,][{_CJK}]", rest)) and not re.match(rf"[；;，,][{_CJK}]{{1,8}}[：:]", rest)


def _label_topic(fact: DraftedFact, line: str) -> None:
    """A rule that goes on from a labelled sentence takes the label as its topic.

    「站姿：站立端正，两脚微开。双手相握或叠放于腹前。」: the second sentence is about 站姿 too, and
    without that label a reader does not know what posture it describes.
    """
    if fact.kind != "rule" or not line:
        return
    flat, q = line, re.sub(r"\s+", "", fact.citation.quote)
    at = flat.find(q)
    if at <= 0 or flat[at - 1] not in "。；;" or re.match(rf"^[{_CJK}]{{2,8}}[：:]", q):
        return
    sentence = re.split(r"[。！？!?]", flat[:at - 1])[-1]
    label = re.match(rf"^(?:[\d一二三四五六七八九十]+[、.．])?([{_CJK}]{{2,6}})[：:]", sentence)
    if label:
        fact.topic = label.group(1)


#: a heading that names phrases to say (预约服务用语, 规范用语): no topic for a phrase not to say
_SAY_HEADING = re.compile(r"用语|说法|话术|问候语|应答语|结束语")


def _phrase_topic(fact: DraftedFact) -> None:
    """A phrase not to say never takes a heading that names the phrases to say as its topic.

    Examples of 禁语 whose slide title was lost stand under the heading above (「预约服务用语」): as their
    topic it presents them as phrases to use. The nearest heading that names a prohibition is taken
    instead, else 服务禁语 — what the sentence that forbids them calls them.
    """
    if fact.kind != "prohibited_phrase" or not fact.topic or "禁" in fact.topic or not _SAY_HEADING.search(fact.topic):
        return
    fact.topic = next((h for h in reversed(fact.citation.headings) if "禁" in h), "服务禁语")


def _goes_on(quote: str, line: str) -> bool:
    """Whether a quote ending on a comma leaves out words its own clause needs.

    The sentence goes on with the cited clause's predicate (「厅店物业必须为我企业长久拥有，是…商铺」),
    its main clause (「…等诉求，应主动欢迎」), a condition (「…，假如客户问询…」) or the list it announces
    (「…说明的内容，包括…」). A further clause with its own act (「…接听电话，并主动问候」, 「…签字确认，
    遇到投诉时须…」) leaves the cited one whole.
    """
    if quote[-1:] not in {"，", ","}:
        return False
    flat, q = line, re.sub(r"\s+", "", quote)
    at = flat.find(q)
    return at >= 0 and bool(_SAME_CLAUSE.match(flat[at + len(q):]))


def _close_last(fact: DraftedFact) -> None:
    """The list's closing 等 and the word after it are no part of the last item: 「质量检测等环节」 → 质量检测."""
    for key in ("items", "steps", "duties"):
        items = fact.fields.get(key)
        if items:
            last = re.sub(rf"等[{_CJK}]{{1,2}}$", "", items[-1])
            if len(last) >= 2:
                items[-1] = last
            return


def unfair(fact: DraftedFact) -> str | None:
    """What a reader cannot fairly be asked to produce: a placeholder, a long definition, many items, open examples."""
    f = fact.fields
    said = [v for k, v in f.items() if isinstance(v, str) and k not in {"topic", "note"}]
    said += [v for k in ("items", "steps", "duties") for v in f.get(k, []) if isinstance(v, str)]
    held = next((m.group(0) for v in said for m in [_PLACEHOLDER.search(v)] if m), None)
    if held:
        return _("unfair to answer: a placeholder the learner would have to type ({mark})").format(mark=held)
    if fact.kind == "term":
        d = f["definition"]
        if len(d) > LONG_DEFINITION:
            return _("unfair to answer: a definition of {n} characters to recall word for word").format(n=len(d))
        quote = re.sub(r"\s+", "", fact.citation.quote)
        at = quote.find(re.sub(r"\s+", "", d))
        rest = quote[at + len(re.sub(r"\s+", "", d)):] if at >= 0 else ""
        if re.match(r"^为了?[^，。]*", d) and re.search(r"而(?:推出|制定|设立|建立|提出)", d):
            return _("also correct: the definition gives only the purpose, which fits other terms as well")
        term = f["term"]
        if len(term) >= 3 and d.endswith(term[-2:]) and re.search(
                r"(?:制定|推出|提出|设立|建立|确立|确定|规定)的[^，。的]{0,8}$", d):
            return _("also correct: the definition says only who made it and what kind of thing it is")
        if re.match(r"^[，,](?:主要)?(?:是指|指|即)", rest):
            return _("also correct: the definition gives only the kind; what makes the term stands after it")
    members = _members(fact)
    if fact.kind in {"list", "sequence", "category"} and len(members) > MAX_ITEMS:
        return _("unfair to recall: {n} items (a reader is fairly asked for at most {max})").format(
            n=len(members), max=MAX_ITEMS)
    if members:
        quote = fact.citation.quote
        first = quote.find(members[0])
        if (first > 0 and _EXAMPLE_CUE.search(quote[:first])) or quote.rstrip("。").endswith(("……", "...", "…")):
            return _("an incomplete list: the handbook gives only examples (如…等), not the whole list")
    return None


def bad_blank(fact: DraftedFact) -> str | None:
    """A cloze blank the rest of the sentence gives away, or one that many words fit.

    A blank whose ends are printed elsewhere in the sentence while its middle is not is narrowed to its
    middle (「禁止{{发送违法信息}}，或…发送商业广告信息」 → 禁止发送{{违法}}信息). When every blank of a rule is
    bad the rule is left out; when only some are, those lose their braces (the words stay) and the rule
    keeps its good blanks.
    """
    if fact.kind != "rule":
        return None
    text = fact.fields["text"]
    found = list(_BLANK.finditer(text))
    rest = _BLANK.sub("", text)
    around = rest + (fact.topic or "")
    reasons = [_blank_flaw(m.group(1).split("|")[0], rest, around, _BLANK.sub(r"\1", text[:m.start()]))
               or _across(m.group(1).split("|")[0], text[m.end():]) for m in found]
    # only a blank given away by the words around it (no flaw of its own) is narrowed
    narrowed = [_narrowed(m.group(1), around) if why and not _blank_flaw(m.group(1), "", "", _BLANK.sub(
        r"\1", text[:m.start()])) and not _across(m.group(1), text[m.end():]) else None for m, why in zip(found, reasons)]
    reasons = [None if n else why for n, why in zip(narrowed, reasons)]
    if not found or not (any(reasons) or any(narrowed)):
        return None
    if all(reasons):
        better = _better_blank(_BLANK.sub(lambda m: m.group(1).split("|")[0], text), fact.topic or "")
        if better is None:
            return reasons[0]
        fact.fields["text"] = better
        return None
    out, pos = [], 0
    for m, why, n in zip(found, reasons, narrowed):
        out.append(text[pos:m.start()] + (n if n else m.group(1) if why else m.group(0)))
        pos = m.end()
    fact.fields["text"] = "".join(out) + text[pos:]
    return None


#: where a rule names what it holds to: a figure with its unit, a quoted term, the X of 以X为… / 以X的态度
_BETTER = (re.compile(r"(?<![\d.])(?:\d+(?:\.\d+)?(?:[~～-]\d+)?(?:个工作日|分钟|小时|公分|平方米|厘米|米|秒钟?|天|次|个月|周|元|%|％)"
                      r"|\d{1,2}年)"),
           re.compile(rf"(?<=[“「])[{_CJK}]{{2,8}}(?=[”」])"),
           re.compile(rf"(?<=以)[{_CJK}]{{2,8}}(?=为(?:原则|标准|中心|宗旨|目标|起点|准则)|的态度)"))


def _better_blank(plain: str, topic: str) -> str | None:
    """``plain`` with a blank on the words that name what the rule holds to, when its own blanks are all bad.

    A figure with its unit comes first, then a quoted term, then the X of 以X为原则 / 以X的态度
    (「以首问负责的态度给予积极的回应」 → 以{{首问负责}}的态度…); a blank that is itself flawed is no better.
    """
    for pattern in _BETTER:
        for m in pattern.finditer(plain):
            rest = plain[:m.start()] + plain[m.end():]
            if not _blank_flaw(m.group(0), rest, rest + topic, plain[:m.start()]):
                return f"{plain[:m.start()]}{{{{{m.group(0)}}}}}{plain[m.end():]}"
    return None


def _narrowed(blank: str, around: str) -> str | None:
    """``blank`` with its braces around the middle the sentence does not print, or None when there is none.

    Two-character words printed in ``around`` are taken off both ends (发送违法信息 → 发送{{违法}}信息); both ends
    must go (a blank left on the act alone, 「{{核对}}交易凭证」, fits many acts) and what is left must be words
    of its own (not only ``_GENERIC`` ones) the sentence does not print.
    """
    if "|" in blank:
        return None
    start, end = 0, len(blank)
    while end - start >= 4 and blank[start:start + 2] in around and re.fullmatch(rf"[{_CJK}]{{2}}", blank[start:start + 2]):
        start += 2
    while end - start >= 4 and blank[end - 2:end] in around and re.fullmatch(rf"[{_CJK}]{{2}}", blank[end - 2:end]):
        end -= 2
    middle = blank[start:end]
    if start == 0 or end == len(blank) or not re.fullmatch(rf"[{_CJK}]{{2,}}", middle) or not _own_words(middle) \
            or any(middle[i:i + 2] in around for i in range(len(middle) - 1)):
        return None
    return f"{blank[:start]}{{{{{middle}}}}}{blank[end:]}"


def _blank_flaw(blank: str, rest: str, around: str, before: str = "") -> str | None:
    if any(blank.count(a) != blank.count(b) for a, b in ("（）", "()", "“”", "《》")):
        return _("a bad blank: it cuts through a bracket or quotation ({blank})").format(blank=blank)
    if len(blank) <= 2 and re.search(r"(?:进行|加以)$", before):
        return _("a bad blank: many words fit it ({blank})").format(blank=blank)
    if re.match(r"^(?:该|此|其|这|那)(?![外次时后前中实他])", blank):
        return _("a bad blank: its answer points at words outside the sentence ({blank})").format(blank=blank)
    if blank in rest:
        return _("a bad blank: the answer stands elsewhere in the sentence")
    own = _own_words(blank)
    if _VAGUE_ONLY.match(blank) or "相应" in blank or (len(blank) >= 3 and not own):
        return _("a bad blank: many words fit it ({blank})").format(blank=blank)
    if _echoed(blank, around):
        return _("a bad blank: the rest of the sentence or its topic repeats most of the answer's words")
    if len(blank) >= 3 and _key_echoed(blank, own, around):
        return _("a bad blank: its key word is printed elsewhere in the sentence ({blank})").format(blank=blank)
    return None


def _own_words(blank: str) -> list[str]:
    """The runs of ``blank`` that carry its answer: what is left when the words of ``_GENERIC`` are taken out.

    「为{{客户办理有关业务}}」 leaves nothing (any reader fills it); 「{{保持良好的礼仪}}」 leaves 礼仪.
    """
    return [run for run in re.split(rf"[^{_CJK}\w%％.]+", _GENERIC_WORD.sub(" ", blank)) if run]


def _key_echoed(blank: str, own: list[str], around: str) -> bool:
    """Whether ``around`` prints the last of the blank's own words (``own``) and more than ``KEY_ECHO`` of the blank.

    The last word of a Chinese phrase is its head (「良好的{{礼仪}}」, 「宣传{{资料}}」): 「营业厅应{{具有营销、服务功能}}，
    …营销与服务功能…」 prints 营销 and 功能 after the blank. The share is of the blank's own words and of those of its
    generic words the sentence prints too (「{{熟悉业务知识}}，业务知识的…」); words are read as pairs of characters.
    """
    if not own or own[-1][-2:] not in around:
        return False
    mine = [False] * len(blank)
    at = 0
    for run in own:
        at = blank.find(run, at)
        for i in range(at, at + len(run)):
            mine[i] = True
        at += len(run)
    hit = [False] * len(blank)
    for i in range(len(blank) - 1):
        if re.fullmatch(rf"[{_CJK}\w]{{2}}", blank[i:i + 2]) and blank[i:i + 2] in around:
            hit[i] = hit[i + 1] = True
    counted = [m or h for m, h in zip(mine, hit)]
    return sum(counted) >= 2 and sum(h and c for h, c in zip(hit, counted)) > KEY_ECHO * sum(counted)


def _across(blank: str, after: str) -> str | None:
    """A blank that cuts across words: it ends on a light verb whose act stands right after it (向{{上级进行}}请示)."""
    if _LIGHT_VERB_END.search(blank) and re.match(rf"[{_CJK}]", after):
        return _("a bad blank: it cuts across words ({blank})").format(blank=blank)
    if re.search(rf"[{_CJK}](?<![申邀提聘宴敬])请(?:客户|对方|用户|顾客)", blank):  # 施工单和{{服务卡请客户签字}}: two acts
        return _("a bad blank: it cuts across words ({blank})").format(blank=blank)
    return None


def _echoed(blank: str, around: str) -> bool:
    """Whether two-character words found in ``around`` cover most (``ECHO``) of ``blank`` (three characters or more)."""
    if len(blank) < 3:
        return False
    covered = [False] * len(blank)
    for i in range(len(blank) - 1):
        pair = blank[i:i + 2]
        if re.fullmatch(rf"[{_CJK}]{{2}}", pair) and pair in around:
            covered[i] = covered[i + 1] = True
    return sum(covered) >= ECHO * len(blank)


def enumeration(fact: DraftedFact) -> str | None:
    """A list a reader cannot fairly recall: long items, an item repeating its name, a sentence cut at its commas."""
    members = _members(fact)
    if not members or fact.kind == "category":
        return None
    if any(len(m) > LONG_ITEM or "，" in m for m in members):
        return _("unfair to recall: items of more than {n} characters or whole clauses").format(n=LONG_ITEM)
    name = fact.fields.get("name") or fact.fields.get("role") or ""
    if len(name) >= 2 and len(members) >= 2 and all(name in m for m in members):
        return _("a giveaway: every item repeats the list's name ({name})").format(name=name)
    if len(name) >= 3 and any(name in m for m in members):
        return _("a giveaway: an item repeats the list's name ({name})").format(name=name)
    quote = fact.citation.quote
    if name and name not in quote and "，" in quote and max(map(len, members)) > SHORT_ITEM \
            and all(m in quote.split("，")[i] for i, m in enumerate(members[:len(quote.split("，"))])):
        return _("not an enumeration: one sentence cut at its commas, named after the heading above it")
    only_items = re.sub(rf"[^{_CJK}]", "", quote) == re.sub(rf"[^{_CJK}]", "", "".join(members))
    if name and name not in quote and fact.kind == "list" and only_items and not re.search(r"[，。；]", quote) \
            and not _LIST_HEADING.search(name):
        return _("slide filler: bullets without a statement, under a heading that announces no list ({name})").format(
            name=name)
    if re.search(r"[•▪●➢]", quote) and any(quote[quote.find(m) + len(m):][:1] in {"，", ","} for m in members if m in quote):
        return _("a sentence fragment: a bullet cut at its first comma")
    return None


def definition(fact: DraftedFact) -> str | None:
    """A term whose definition holds the term itself gives it away."""
    if fact.kind == "term" and len(fact.fields["term"]) >= 3 and fact.fields["term"] in fact.fields["definition"]:
        return _("a giveaway: the definition holds the term ({term})").format(term=fact.fields["term"])
    return None


def tidy(fact: DraftedFact) -> None:
    """A list number left at the start of a rule's text is the handbook's numbering, not the rule: it goes."""
    if fact.kind == "rule":
        fact.fields["text"] = _CONCLUSION.sub("", _LEADING_NUMBER.sub("", fact.fields["text"], count=1), count=1)
        # 「我鼓励…熟读本手册…，期望全体营销人员…践行“{{…}}”的理念」: the handbook speaking of itself in the first
        # clause only is the foreword's voice; the rule is the rest, which has its own subject
        head, comma, rest = fact.fields["text"].partition("，")
        if comma and _SELF_REFERENCE.search(head) and not _SELF_REFERENCE.search(rest) and "{{" in rest \
                and "{{" not in head and len(re.findall(rf"[{_CJK}]", rest)) >= 12:
            fact.fields["text"] = rest
            q = fact.citation.quote
            fact.citation.quote = q.partition("，")[2] if q.startswith(head) else q
    if fact.topic and _CAPTION.search(fact.topic):  # a picture's caption is no heading (the one above is a slide's too)
        fact.topic = None
    if fact.topic and _EXAMPLE_LABEL.match(fact.topic):  # an example's label names no topic: the heading above does
        above = [h for h in fact.citation.headings if not _EXAMPLE_LABEL.match(h)]
        fact.topic = _label(above[-1]) if above else None


_COUNT = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")} | {"两": 2}


def _points_inside(text: str, found: re.Match[str]) -> bool:
    """Whether 「前两条」 counts clauses of the statement itself (凡是…；凡是…；凡是…前两条的…)."""
    m = re.match(r"前([一两二三四五六七八九十\d]+)", found.group(0))
    if not m:
        return False
    n = int(m.group(1)) if m.group(1).isdigit() else _COUNT.get(m.group(1), 99)
    return len([p for p in re.split(r"[；;。]", text[:found.start()]) if p.strip()]) > n


def _unnamed_items(fact: DraftedFact) -> str | None:
    """A list's name that does not say what its items are: the question 「name：___」 has no answer.

    The name is a clause of its own before the items (「统一客户经理服务形象，客户经理着装、胸牌…等按统一规范执行」:
    the items are what the clause after them says, not kinds of 服务形象), or it counts the things the items
    fall under (「每类客户经理中分高级…三级」: 每类客户经理 names no grade).
    """
    name, members = fact.fields.get("name", ""), _members(fact)
    if not name or not members:
        return None
    quote = re.sub(r"\s+", "", fact.citation.quote)
    own_clause = quote.find(f"{name}，{members[0]}") >= 0 or quote.find(f"{name},{members[0]}") >= 0
    if own_clause or re.match(r"^(?:每|各|所有|其中)", name):
        return _("missing context: the name ({name}) does not say what the items are").format(name=name)
    return None


def context(fact: DraftedFact) -> str | None:
    """A statement that needs words outside it: a pointer to earlier text, or no subject and no usable heading.

    A statement without a subject keeps its nearest heading as topic (the context a card shows);
    without a usable heading it is left out.
    """
    text = _statement(fact)
    found = _ANAPHORA.search(text)
    if found and not _points_inside(text, found):
        return _("missing context: it points at text outside the statement ({words})").format(words=found.group(0))
    bare = _BARE_ACT.search(text)
    if bare:
        return _("missing context: {verb} what? The statement does not say").format(verb=bare.group(1))
    situation = fact.fields.get("situation") if fact.kind == "script" else None
    if isinstance(situation, str) and situation in fact.citation.quote:
        before = re.split(r"[。！？；]", fact.citation.quote[:fact.citation.quote.find(situation)])[-1]
        if _CONDITION.search(before) and not _CONDITION.match(situation):
            return _("missing context: the situation is the last part of a longer condition ({situation})").format(
                situation=situation)
    if fact.kind == "script" and fact.fields.get("situation") in fact.citation.headings:
        return _("missing context: the situation is only the heading ({heading})").format(heading=fact.fields["situation"])
    if fact.kind in {"list", "sequence"}:
        return _unnamed_items(fact)
    if fact.kind != "rule":
        return None
    opening = _BLANK.sub(r"\1", fact.fields["text"])
    if _BARE_PRINCIPLE.match(opening):
        return _("a sentence fragment: a slide's bullet with no subject and no act")
    if _TO_WHOM.match(opening) and not _MODAL.search(opening) and not re.search(r"的[，,]", opening):
        return _("missing context: it goes on from the sentence before (who does what to whom is said there)")
    if _GOES_ON.match(opening):
        return _("missing context: it goes on from the sentence before ({word})").format(
            word=_GOES_ON.match(opening).group(0))  # type: ignore[union-attr]
    if _PRONOUN_SUBJECT.match(opening):
        return _("missing context: its subject is a pronoun for words of the sentence before ({word})").format(
            word=_PRONOUN_SUBJECT.match(opening).group(0))  # type: ignore[union-attr]
    lead = _LEAD_CLAUSE.match(opening)
    main = opening[lead.end():] if lead else opening
    if not _SUBJECTLESS.match(main) and not _POINTER_OPENING.match(opening):
        return None
    label = fact.context or (_label(fact.citation.headings[-1]) if fact.citation.headings else None)
    if label is None:
        if re.match(r"^(?:禁止|严禁)", opening):
            return None  # a prohibition names its own act: 「禁止发送违法信息」 stands alone
        return _("missing context: no subject, and no heading to name what it applies to")
    fact.topic = label
    return None


CHECKS = (filler, context, unfair, bad_blank, enumeration, definition)


#: a title numbered （一）, (二) … in the running text right before the statement: the words after it up to the
#: first clause's end are the title (「（四）客户的“服务大使”在现今的市场竞争中，…」)
_TITLE_NUMBER = re.compile(r"[（(][一二三四五六七八九十]{1,3}[)）]$")
#: a title line is short and ends on no mark: the next line is a sentence of its own
TITLE_LINE = 20
_LINE_END = set("。！？；，、：.!?;,:…”」）)")
#: a subject and its modal (化妆要, 营业员应): twice in one statement, the second time with no mark before it,
#: two bullets ran together when the line break between them was lost (「化妆要自然，力求…化妆要美化」)
#: a link between a subject and what is said of it: a clause with one is a statement, not a title
_LINK = re.compile(r"(?<!作)为|是|指|有|\d")
_SUBJECT_MODAL = re.compile(rf"[{_CJK}]{{2}}(?:必须|应当|要|应|须)")


def run_in_heading(fact: DraftedFact, lines: list[str]) -> str | None:
    """A heading run into the statement: after a （一） title number, or a bullet's repeated start.

    A short title on a line of its own (「内在素质：店员行为素养」) run into the sentence on the next line is cut
    from the statement and becomes its topic. ``lines`` are the cited lines as the cleanup left them (a line
    break the cleanup kept is a break the handbook has).
    """
    if fact.kind != "rule":
        return None
    text = _BLANK.sub(lambda m: m.group(1).split("|")[0], fact.fields["text"])
    starts = [m for m in _SUBJECT_MODAL.finditer(text) if "时" not in m.group(0)]
    for i, m in enumerate(starts):
        again = next((n for n in starts[i + 1:] if n.group(0) == m.group(0)), None)
        opens = m.start() == 0 or not re.match(rf"[{_CJK}]", text[m.start() - 1])
        if again and opens and re.match(rf"[{_CJK}]", text[again.start() - 1:again.start()]):
            return _("a run-in heading: two bullets ran together ({words}…{words})").format(words=m.group(0))
    said = re.sub(r"\s+", "", text)
    flat = [re.sub(r"\s+", "", line) for line in lines]
    at = "".join(flat).find(said[:10])
    if at < 0:
        return None
    n = 0
    while n < len(flat) and at >= len(flat[n]):  # the line the statement starts on, and where on it
        at -= len(flat[n])
        n += 1
    line = flat[n]
    first = re.split(r"[，。；：,;:]", text, maxsplit=1)[0]
    number = _TITLE_NUMBER.search(line[:at])
    if number and not _MODAL.search(first) and not _LINK.search(first) and "：" not in text[:15]:
        return _("a run-in heading: a numbered title glued to the statement ({number})").format(number=number.group(0))
    title = line[at:]
    if n + 1 < len(flat) and len(line) <= TITLE_LINE and line[-1:] not in _LINE_END \
            and not re.search(r"[。！？；，、,;!?]", title) and not _MODAL.search(title) \
            and said.startswith(title) and len(said) > len(title):
        # the title stands on a line of its own: it is cut from the statement and names its topic
        body = re.sub(r"^\s+", "", fact.fields["text"])
        cut = 0
        for char in title:
            while body[cut].isspace():
                cut += 1
            if body[cut] != char:
                return _("a run-in heading: a title line glued to the sentence after it ({title})").format(title=title)
            cut += 1
        if "{{" not in body[cut:]:
            return _("a run-in heading: a title line glued to the sentence after it ({title})").format(title=title)
        fact.fields["text"] = body[cut:].lstrip()
        fact.topic = _label(title) or fact.topic
    return None


def screen(fact: DraftedFact, line: str = "", after: str = "") -> str | None:
    """Why ``fact`` is no fair item (the first reason found), or None; may set its topic to the heading it needs.

    ``line`` is the text of the cited lines (one a line, as the cleanup left them) and ``after`` the line after
    them: with them the screen sees where a window was cut from its sentence and a word broken at a line end.
    """
    tidy(fact)
    heading = run_in_heading(fact, line.split("\n"))
    if heading:
        return heading
    line = re.sub(r"\s+", "", line)  # the helpers below find the quote in the line without its spaces
    reason = filler(fact) or fragment(fact, line, after)
    if reason:
        return reason
    _label_topic(fact, line)
    if fact.topic and _CASE_HEADING.match(fact.topic):  # 「俗话说：…。人人都需要…」: an aside the label introduces
        return _("slide filler: a case or example under its own heading, not a rule of the handbook")
    _phrase_topic(fact)
    for check in CHECKS[1:]:
        reason = check(fact)
        if reason:
            return reason
    return None


def screened(facts: Iterable[DraftedFact]) -> tuple[list[DraftedFact], list[LeftOut]]:
    """``facts`` split into the ones kept and the ones left out with their reasons."""
    kept: list[DraftedFact] = []
    left: list[LeftOut] = []
    for fact in facts:
        reason = screen(fact)
        if reason is None:
            kept.append(fact)
        else:
            left.append(LeftOut(fact.citation, reason, fact.extractor))
    return kept, left
