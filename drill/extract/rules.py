"""The built-in extractor: patterns Chinese service handbooks share, turned into facts of today's kinds.

Every field of a drafted fact is a piece of its cited text, cut at punctuation
or at a cue word (分为, 包括, 负责, 严禁 …); nothing is reworded. Where a pattern
would need a word the text does not give (a lost number, an item too long to
recall), the sentence is left out and listed with the reason.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from ..i18n import _
from .candidates import Citation, DraftedFact, Extraction, LeftOut
from .quality import BROKEN_WORD
from .structure import Block, Sentence

_CN_NUM = "零一二三四五六七八九十百千万两半"
_NUMBER = rf"(?:\d+(?:\.\d+)?|[{_CN_NUM}]{{1,4}})"
#: units a handbook's rules count in; a number followed by one of these is a blank worth asking
_UNITS = ("个工作日|工作日|分钟|小时|秒钟|个月|公分|厘米|毫米|平方米|平米|㎡|公里|米|秒|天|日|周|月|年|次|声|步|元|倍|%|％|"
          "类|级|种|项|条|星|人|位|遍|米|公斤|千克|台|张|份|页|岁")
_AMOUNT = re.compile(rf"(?:不少于|不低于|不超过|不高于|至少|最多|最少|约|超过|达到)?{_NUMBER}(?:[-~～至到]{_NUMBER})?"
                     rf"(?:{_UNITS}|时(?=[至到前后以之起整半左内，。；、）)\s]|$))(?:以内|以上|以下|之内|内)?"
                     r"|(?<![\d:])[0-2]?\d[:：][0-5]\d(?![\d:：])")  # a time of day: 7:30, 22时
_NOT_AMOUNT_BEFORE = re.compile(rf"[第每周星]$|[{_CN_NUM}]$")
_NOT_AMOUNT_AFTER = re.compile(r"^(?:性|是|化|点|般|定|切|起|同|直|致|样|些|下子|方面)")
_LOST_NUMBER = re.compile(r"(?:在第|限|为|于|达到|保证)(?:小时|分钟|秒钟|个工作日|时间内|次解决)|达到[，。；]|率达到(?![\d零一二三四五六七八九十百])")
_MODAL = re.compile(r"严禁|禁止|不得|不准|切忌|杜绝|必须|务必(?!须)|应当|应该|不能|不要|不可以|不可|不宜|需要"
                    r"|(?:^|(?<=[，。；：]))要求(?=[\u4e00-\u9fff])"
                    r"|(?<![响反适回相对供答效感顺理])应(?![用对急变])|(?<![重主需必只想不])要(?![求点素领害是闻])"
                    r"|(?<![必无])须(?!知)|(?<![必所急因按])需(?!求)")
#: 涉及 and 表现为 announce a list only before a colon (「开通的业务涉及：…」; 包括 read as 涉及 by a converter)
_ENUM_CUE = re.compile(r"可?分为|分成|包括|包含|主要有|(?:涉及|具体表现为|表现为)(?=[：:])|有以下[几]?[种类个方面点项]?|有如下[几]?[种类个方面点项]?|如下")
_ORDINAL_IS = re.compile(r"[一二三四五六七八九十]是")
_STEP_CUE = re.compile(r"流程|步骤|程序|顺序|环节|阶段")
_DUTY_CUE = re.compile(r"职责|岗位职能|工作内容")
_POST = re.compile(r"(?:岗|员|经理|长|人员|专员|主管|师|组|部|中心)$")
_FORBIDDEN_CUE = re.compile(r"禁语|忌语|禁用语|不能说|不说|禁止使用的")
_SPEECH_CUE = re.compile(r"说|道|用语|问候|回答|答复|告知|致歉|称呼|询问|提醒|话术|应答|致意|招呼|欢迎|送别|解释")
_PRINCIPLE_CUE = re.compile(r"原则|制度|理念|口号|方针|精神|宗旨|准则|承诺|制")
#: what a phrase said to a customer sounds like
_SAID = re.compile(r"您|你|我|请|谢谢|对不起|欢迎|再见|好的|抱歉|[！？!?]")
#: what a phrase said to a customer speaks with (a bare 我们 may be a statement about the staff)
_ADDRESSED = re.compile(r"您|你|请|谢谢|对不起|欢迎|再见|好的|抱歉|[！？!?]")
_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"]{2,60})[”」』\"]")
_TERM = re.compile(r"(?:所谓)?(?P<term>(?:[^，。；：、“”]|“[^，。；：、“”]{1,8}”){1,20}?)(?:，)?(?:是指|指的是|就是指|(?<=，)就是(?!说))"
                   r"(?P<definition>[^。；]{4,120})")
#: 「商业广告信息指商品经营者…的信息」: a name opening the sentence, then 指 and a definition
_TERM_ZHI = re.compile(r"^(?P<term>[\u4e00-\u9fffA-Za-z0-9“”]{2,10}?)(?<!是)指(?![向出着点导挥引])(?P<definition>[^。；]{8,120})")
_CLAUSES = re.compile(r"[，；]")
_TRAILING = "，。；：、！？…,.;:!? "
_COUNT_TAIL = re.compile(r"(?:等等|等)(?:环节|方面|内容|事项|步骤|因素|措施|手段)$|"  # 「…、质量检测等环节」
                         rf"(?:等等|等)?(?:{_NUMBER}(?:大|个)?(?:类|种|项|个方面|方面|点|级|个|条|部分))?(?:等等|等)?$")
MAX_ITEM = 25
#: a list longer than this is unfair to recall (ITEM-RUBRIC: recall of 8+ items); a category's members are asked one by one
MAX_ITEMS = 8
MAX_MEMBERS = 10
MAX_NAME = 20
MAX_BLANK = 8
#: a drafted rule longer than this is cut to the clauses around its blank
MAX_RULE = 80
#: a blank that starts or ends like this is a piece of grammar, not a word to recall
_BAD_BLANK = re.compile(r"^(?:的|要|在|是|从|把|将|对|向|给|与|和|被|让|使|由|按|根据|依据|通过|经过|如|若)|(?:时|的|地|得|了)$")


_OPEN, _CLOSE = "（(“「『《【", "）)”」』》】"


def split_top(text: str, seps: str, maxsplit: int = 0) -> list[str]:
    """``text`` cut at the characters of ``seps`` that stand outside brackets and quotes.

    >>> split_top("设置终端（座机、上网本）专区、礼品区", "、")
    ['设置终端（座机、上网本）专区', '礼品区']
    """
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in seps and depth == 0:
            parts.append(text[start:i])
            start = i + 1
            if maxsplit and len(parts) == maxsplit:
                break
    parts.append(text[start:])
    return parts


def good_item(item: str, limit: int = MAX_ITEM) -> bool:
    """An item a learner can recall as it stands: whole (brackets closed), not a clause cut off mid-thought."""
    if not 2 <= len(item) <= limit or "：" in item or ":" in item or re.match(r"\d+(?:\.\d+)+|\d+、", item):
        return False
    # 「必须的工具」: 必须 before 的 qualifies a thing (必需的), no clause's modal
    if re.search(r"以下|如下|下列", item) or re.match(r"(?:要|应|须|需|必须(?!的)|也|更|即|我们|如)", item):
        return False  # a clause of a sentence (「要主动打招呼」「也包括…」), not an item
    if sum(item.count(c) for c in _OPEN) != sum(item.count(c) for c in _CLOSE):
        return False
    return not re.search(r"(?:时|后|的|及|或|并|将|把|涉及)$", item)


def _strip(text: str) -> str:
    return text.strip(_TRAILING).strip()


def _item(text: str) -> str:
    """An item as a learner recalls it: without a leading 并/及/涉及 or a trailing 等."""
    text = _strip(text)
    text = re.sub(r"^(?:并且?|且|及|以及|还|涉及|包括)(?=..)", "", text)
    return re.sub(r"(?<=..)(?:等等|等)$", "", text)


def good_name(name: str | None) -> bool:
    """A list's name a learner can read as a question: no list number, colon or cut-off bracket in it, no question
    (「有多少障碍」 asks; it names nothing)."""
    if not name or not 2 <= len(name) <= MAX_NAME or "：" in name or ":" in name or "、" in name:
        return False
    if re.search(r"多少|哪些|哪几|什么|怎样|怎么|如何|为何|吗$|[？?]", name):
        return False
    balanced = sum(name.count(c) for c in _OPEN) == sum(name.count(c) for c in _CLOSE)
    return balanced and not re.match(r"\d", name) and not re.search(r"[一二三四五六七八九十]+、|不仅$|涉及$", name)


def _cite(file: str, block: Block, first: int, last: int, quote: str) -> Citation:
    return Citation(file, block.headings[-2:], first, last, quote, tuple(block.repairs))


def _fact(kind: str, fields: dict[str, object], cite: Citation, block: Block, identity: str) -> DraftedFact:
    return DraftedFact(kind, fields, cite, block.topic, identity=f"{kind}|{identity}")


class RuleExtractor:
    """Drafts facts from a handbook's structure by rules (offline, deterministic)."""

    name = "rules"
    description = "enumerations, duties, prohibitions and obligations, numbers, sequences, phrases, definitions"

    def extract(self, file: str, blocks: list[Block]) -> Extraction:
        out = Extraction()
        for fact in _enumerations(file, blocks):
            out.facts.append(fact)
        out.facts.extend(_heading_table(file, blocks))
        out.facts.extend(_run_in_members(file, blocks))
        for block in blocks:
            if block.is_heading:
                continue
            for j, sentence in enumerate(block.sentences):
                if j == 0 and block.kind == "cn-bare":
                    continue  # 「七国际漫游服务专线组织营业员…」: a title glued on without any mark, nowhere to cut it off
                facts, left_out = _sentence_facts(file, block, sentence,
                                                  block.sentences[j - 1] if j else None)
                out.facts.extend(facts)
                out.left_out.extend(left_out)
        out.facts = _without_broken_copies(_without_repeats(out.facts), blocks)
        return out


def _without_repeats(facts: list[DraftedFact]) -> list[DraftedFact]:
    """A statement the handbook repeats inside a longer run (a slide, then its notes): the rule with the
    shorter window, when both blank the same words and one's text holds the other's."""
    by_blanks: dict[tuple[str, ...], list[DraftedFact]] = {}
    for fact in facts:
        if fact.kind == "rule":
            by_blanks.setdefault(tuple(_BLANKS.findall(fact.fields["text"])), []).append(fact)
    drop: set[int] = set()
    for same in by_blanks.values():
        for a in same:
            for b in same:
                # a copy that opens on the end of a broken word (「收，双目平视…」) is no better window
                if a is not b and id(b) not in drop and len(a.fields["text"]) > len(b.fields["text"]) \
                        and b.fields["text"] in a.fields["text"] and not BROKEN_WORD.match(b.fields["text"]):
                    drop.add(id(a))
                    break
    return [f for f in facts if id(f) not in drop]


_BLANKS = re.compile(r"\{\{(.*?)\}\}")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _without_broken_copies(facts: list[DraftedFact], blocks: list[Block]) -> list[DraftedFact]:
    """A slide the handbook shows twice, once with its last word broken off at a page (「…收腹，下颌微」 beside
    「…收腹，下颌微收，双目平视…」): the broken copy's facts go; the whole statement stands elsewhere.

    A fact's quote is a broken copy when it ends on a character of a word, and another sentence of the
    handbook opens with all of it and goes on with more characters of that word.
    """
    broken = [f for f in facts if f.citation.quote and _CJK_CHAR.match(f.citation.quote[-1])]
    if not broken:
        return facts
    texts = sorted({s.text for b in blocks for s in b.sentences})
    drop: set[int] = set()
    for fact in broken:
        quote = fact.citation.quote
        at = bisect.bisect_right(texts, quote)  # the texts that open with the quote sort right after it
        while at < len(texts) and texts[at].startswith(quote):
            if _CJK_CHAR.match(texts[at][len(quote)]):
                drop.add(id(fact))
                break
            at += 1
    return [f for f in facts if id(f) not in drop]


# ── enumerations made of numbered blocks ────────────────────────────────────────

_OUTER = {"chapter": 0, "section": 1, "md": 0, "ordinal": 2, "cn": 2, "cn-bare": 2, "cn-paren": 3, "num": 4, "num-paren": 5, "circled": 6,
          "bullet": 6}


def _items_of(blocks: list[Block], start: int) -> tuple[list[tuple[int, str]], int]:
    """The numbered items that start at ``start``: (block index, text) and the index after them."""
    kind = blocks[start].kind
    level = _OUTER[kind or "bullet"]
    items: list[tuple[int, str]] = []
    j = start
    sub = 0  # the number of the last sub-item of the current item
    while j < len(blocks):
        b = blocks[j]
        if b.kind == kind and not b.is_heading:
            items.append((j, b.text))
            sub = 0
        elif b.kind is None and not b.is_heading and items:
            # text continued from the previous page belongs to the item
            items[-1] = (items[-1][0], items[-1][1] + b.text)
        elif b.kind is not None and _OUTER.get(b.kind, 9) > level and items:
            # a sub-item of the current item: its numbers count from 1 (「五、组织庞杂 18、…」 is another list)
            number = _marker_number(b.marker)
            if number is not None and number not in {1, sub + 1}:
                break
            sub = number or sub
        else:
            break
        j += 1
    return items, j


def _marker_number(marker: str | None) -> int | None:
    """The number of a list marker (「18、」 → 18, 「（三）」 → 3, 「②」 → 2), None for a bullet or none.

    >>> [_marker_number(m) for m in ("18、", "（三）", "②", "•", None)]
    [18, 3, 2, None, None]
    """
    if not marker:
        return None
    digits = re.search(r"\d+", marker)
    if digits:
        return int(digits.group(0))
    circled = re.search(r"[①-⑳]", marker)
    if circled:
        return ord(circled.group(0)) - ord("①") + 1
    numeral = re.search(r"[一二三四五六七八九十]+", marker)
    if numeral:
        text = numeral.group(0)
        if text.startswith("十"):
            return 10 + (_CN_COUNT.get(text[1:], 0) if len(text) > 1 else 0)
        if len(text) > 1 and text[1] == "十":
            return 10 * _CN_COUNT.get(text[0], 0) + (_CN_COUNT.get(text[2:], 0) if len(text) > 2 else 0)
        return _CN_COUNT.get(text)
    return None


def _unglued_members(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Members named 「X原则：…」 where one member lost its list number and runs on inside the one before it
    (「（四）差别原则：…的服务。高效原则：在服务过程中…」): split there when the name ends like its siblings'."""
    names = [_split_name(t) for _, t in items]
    if len(items) < 2 or not all(names):
        return items
    suffix = names[0][0][-2:]  # type: ignore[index]
    if not all(n[0].endswith(suffix) for n in names):  # type: ignore[index]
        return items
    out: list[tuple[int, str]] = []
    glued = re.compile(rf"(?<=[。！？])(?=[^，。；：“”]{{1,6}}{re.escape(suffix)}[：:])")
    for i, text in items:
        out.extend((i, piece) for piece in glued.split(text) if piece)
    return out


def _group_name(blocks: list[Block], start: int) -> tuple[str | None, int | None]:
    """What a numbered group is a list of: the heading or the lead-in clause just before it."""
    if start == 0:
        return None, None
    before = blocks[start - 1]
    if before.is_heading:  # 「服务总则一、服务原则」: a section title with the first list heading glued on
        return _strip(re.split(r"[一二三四五六七八九十]{1,2}、", before.text)[-1]), start - 1
    last = before.sentences[-1].text if before.sentences else before.text
    if last.endswith(("：", ":")):
        clause = _CLAUSES.split(last.rstrip("：:"))[-1]
        clause = _ENUM_CUE.split(clause)[0] if _ENUM_CUE.search(clause) else clause
        clause = _strip(re.sub(r"(?:有|包括|包含|是)?(?:哪些|哪几[种类个项点方面]*|什么)$", "", clause))  # 「…的原因有哪些：」
        if 2 <= len(clause) <= MAX_NAME:
            return clause, start - 1
    if before.kind is not None and len(before.text) <= MAX_NAME:
        return _strip(before.text), start - 1
    return None, None


def _echoes(pair: tuple[str, str]) -> bool:
    """Whether a member's description holds a two-character word of its name (「温和说话：语气温和…」).

    >>> _echoes(("温和说话", "语气温和、亲切")), _echoes(("互动原则", "礼尚往来"))
    (True, False)
    """
    name, description = pair
    return any(re.fullmatch(r"[\u4e00-\u9fff]{2}", name[i:i + 2]) and name[i:i + 2] in description
               for i in range(len(name) - 1))


def _split_name(text: str) -> tuple[str, str] | None:
    """``名称：说明`` → (名称, 说明) when the name is short."""
    m = re.match(r"([^：:，。；“”]{2,12})[：:](.+)", text)
    if not m:
        return None
    return _strip(m.group(1)), m.group(2).strip()


def _first_clause(text: str, limit: int = MAX_ITEM) -> str | None:
    for cut in ("。！？", "；;", "，,"):
        head = _strip(split_top(text, cut, maxsplit=1)[0])
        if 2 <= len(head) <= limit:
            return head if good_item(head, limit) else None
    return None


MAX_DESCRIPTION = 60


def _description(text: str) -> str | None:
    """What a member's text says first: its first clause, or the first two when the first only says where or when.

    >>> _description("在服务过程中，服务态度应该是主动热情的，同时针对客户的需求开展好主动营销服务，既包括对业务的主动推荐，"
    ...              "也包括对需要帮助的客户主动提供帮助。")
    '在服务过程中，服务态度应该是主动热情的'
    >>> _description("说到做到，不做虚假承诺。")
    '说到做到，不做虚假承诺'
    """
    first = _first_clause(text, MAX_DESCRIPTION)
    if first is None or "，" in first or not _CONDITION.search(first):
        return first
    rest = split_top(text[len(first):].lstrip("，,"), "，,。；;！？", maxsplit=1)[0]
    both = _strip(f"{first}，{rest}")
    return both if len(both) <= MAX_DESCRIPTION and _balanced(both) and not re.search(r"[：:]", both) else None


def _situation_and_response(text: str) -> tuple[str, str] | None:
    """``投诉受理完毕时您反映的问题是…`` or ``预约时间：您好，…`` → (situation, the first thing to say)."""
    m = re.match(r"([^，。；：？！“”]{2,14}?(?:时|后|前))[：:]?(.+)", text) or re.match(r"([^，。；：？！“”]{2,14})[：:](.+)", text)
    if not m:
        return None
    situation, rest = _strip(m.group(1)), m.group(2).strip()
    if not re.search(r"[\u4e00-\u9fff]{2}", situation) or re.search(r"^如", rest):
        return None
    said = _QUOTE.search(rest)
    response = said.group(1) if said else _split_sentences_keep(rest)
    # 「…/…」: several phrases run together in the response, one to pick is no script
    if not response or not 4 <= len(response) <= 80 or not _SAID.search(response) or re.search(r"[/／„]", response):
        return None  # an instruction under a heading of phrases, not something said
    return situation, response


def _split_sentences_keep(text: str) -> str:
    m = re.match(r"(.+?[。！？])", text)
    return (m.group(1) if m else text).strip().rstrip("。")


_COLUMN_HEADERS = frozenset({"释义", "说明", "内容", "含义", "解释", "要求", "备注", "具体内容", "标准"})


def _verbatim(blocks: list[Block], start: int, end: int) -> str:
    """The handbook's own words of ``blocks[start:end]``, markers included: what a source quotes."""
    return " ".join(f"{b.marker or ''}{b.text}" for b in blocks[start:end])


def _heading_table(file: str, blocks: list[Block]) -> Iterator[DraftedFact]:
    """A table converted to text: a title, then short names each followed by one sentence explaining it.

    ``员工服务行为准则 / 客户第一 / 树立客户第一的思想… / 主动热情 / 热情微笑服务…`` is a category
    named by the title, its members the names with the first clause of their sentence.
    """
    i = 0
    while i < len(blocks):
        title = blocks[i]
        pairs: list[tuple[Block, Block]] = []
        j = i + 1
        while j + 1 < len(blocks) and blocks[j].is_heading and blocks[j].kind is None and not blocks[j + 1].is_heading \
                and blocks[j + 1].kind is None and len(blocks[j].text) <= 8 and len(blocks[j + 1].sentences) == 1:
            pairs.append((blocks[j], blocks[j + 1]))
            j += 2
        name_of, name_at = title, i
        if title.text in _COLUMN_HEADERS and i > 0 and blocks[i - 1].is_heading:
            name_of, name_at = blocks[i - 1], i - 1  # 「员工服务行为准则 / 释义」: the table's title, then its column header
        if title.is_heading and len(pairs) >= 3 and good_name(name_of.text):
            members = []
            for name, body in pairs:
                description = _description(body.text)
                if description is None or not good_item(name.text, 8):
                    break
                members.append({"name": _strip(name.text), "description": description})
            else:
                last = pairs[-1][1]
                quote = "；".join(f"{m['name']}：{m['description']}" for m in members)
                yield _fact("category", {"name": _strip(name_of.text), "members": members[:MAX_MEMBERS]},
                            _cite(file, name_of, name_of.first, last.last, _verbatim(blocks, name_at, j)),
                            name_of,
                            f"{name_of.text}|{quote}")
            i = j
            continue
        i += 1


#: a member named by a run-in label that opens its sentence: 「尊重原则：尊重他人的人格，…」
_RUN_IN = re.compile(r"^([\u4e00-\u9fff]{2,4}(?:原则|准则|守则))[：:](.+)")


def _run_in_members(file: str, blocks: list[Block]) -> Iterator[DraftedFact]:
    """Principles named by run-in labels inside a block (「尊重原则：…。…遵守原则：…。适度原则：…」), no list numbers:
    a category named by the block's heading, each member with the first clause of what its label opens.

    Three such labels at least; the sentences between them belong to the member before.
    """
    for block in blocks:
        if block.is_heading or not block.headings or not good_name(block.headings[-1]):
            continue
        found = [(s, m) for s in block.sentences if (m := _RUN_IN.match(s.text))]
        names = [m.group(1) for _, m in found]
        if len(found) < 3 or len(set(names)) != len(names) or len({n[-2:] for n in names}) != 1:
            continue
        members = []
        for _, m in found:
            description = _description(re.sub(r"^(?:要|应|须|需要)(?=..)", "", m.group(2)))  # 「要礼尚往来…」
            if description is None:
                break
            members.append({"name": m.group(1), "description": description})
        else:
            first, last = found[0][0], found[-1][0]
            quote = "；".join(f"{s.text}" for s, _ in found)
            name = block.headings[-1]
            yield _fact("category", {"name": name, "members": members[:MAX_MEMBERS]},
                        _cite(file, block, first.first, last.last, quote), block, f"{name}|{quote}")


def _enumerations(file: str, blocks: list[Block]) -> Iterator[DraftedFact]:
    seen: set[int] = set()
    for start, block in enumerate(blocks):
        if start in seen or block.kind in {None, "chapter", "section", "md"} or block.is_heading:
            continue
        items, end = _items_of(blocks, start)
        seen.update(i for i, _ in items)
        if len(items) < 2:
            continue
        numbers = [_marker_number(blocks[i].marker) for i, _ in items]
        # 「1.… 3.…」: an item lost its number in conversion; phrases are facts one by one, a list is not whole
        counted = [n for n in numbers if n is not None]
        gap = len(counted) == len(numbers) and counted != list(range(counted[0], counted[0] + len(counted)))
        name, name_at = _group_name(blocks, start)
        first = blocks[name_at if name_at is not None else start].first
        last = blocks[end - 1].last
        where = block
        items = _unglued_members(items)
        named = [_split_name(t) for _, t in items]
        context = " ".join([name or "", *where.headings[-2:]])
        if _FORBIDDEN_CUE.search(context):
            for i, text in items:  # a numbered list of phrases not to say: each is a fact
                phrase = _strip(re.sub(r"[（(]\d+[)）]$", "", text)).strip()
                # 「你们必须/你们应该„„」: one phrase in two forms; a run of several joined by 「/」 is not one
                # a phrase sounds said (「你」「我」「请」, a question, a particle), not like the heading of a situation
                if not (_SAID.search(text) or re.search(r"[吗呢啊吧呀]", text)):
                    continue
                if 2 <= len(phrase) <= 40 and not re.search(r"^如|[/／].*[/／]", phrase) and (
                        not re.search(r"[/／]", phrase) or len(phrase) <= 20):
                    b = blocks[i]
                    yield _fact("prohibited_phrase", {"phrase": phrase}, _cite(file, b, b.first, b.last, text), b,
                                phrase)
            continue
        scripts = [_situation_and_response(t) for _, t in items]
        # phrases to say under a heading of phrases, or a list most of whose items are a situation and a phrase
        # without such a heading, the responses must speak to someone: 「我们要以礼相待」 is a statement, not a phrase
        addressed = [pair for pair in scripts if pair and _ADDRESSED.search(pair[1])]
        if (re.search(r"用语|话术|服务语", context) and any(scripts)) or 3 * len(addressed) >= 2 * len(items):
            for (i, text), pair in zip(items, scripts):
                if pair:
                    b = blocks[i]
                    yield _fact("script", {"situation": pair[0], "response": pair[1]},
                                _cite(file, b, b.first, b.last, text), b, f"{pair[0]}|{pair[1]}")
            continue
        if gap:
            continue
        if all(named) and good_name(name):
            pairs = [(n, _description(d) or "") for n, d in named]  # type: ignore[misc]
            quote = "；".join(f"{n}：{d}" for n, d in pairs)
            cite = _cite(file, where, first, last, _verbatim(blocks, name_at if name_at is not None else start, end))
            if _DUTY_CUE.search(context) or all(d.startswith("负责") for _, d in pairs):
                for (n, d), (i, _) in zip(named, items):  # type: ignore[misc]
                    duties = [_strip(c) for c in re.split(r"[；;，,。]", d) if 4 <= len(_strip(c)) <= 40][:8]
                    if duties and _POST.search(n):
                        b = blocks[i]
                        yield _fact("duty", {"role": n, "duties": duties},
                                    _cite(file, b, b.first, b.last, f"{n}：{d}"), b, f"{n}|{d}")
                continue
            names = [n for n, _ in pairs]
            if len(set(names)) == len(pairs) and 2 * sum(map(_echoes, pairs)) >= len(pairs) and len(pairs) <= MAX_ITEMS \
                    and all(good_item(n, 12) and len(n) >= 4 for n in names) and all(d for _, d in pairs):
                # (names of a word or two — 时间, 敲门 — are the aspects a heading covers, no items to recall)
                # 「问候客户：…问候客户」: descriptions that repeat their names give them away; the names are the list
                kind = "sequence" if _STEP_CUE.search(name or "") else "list"
                yield _fact(kind, {"name": name, "steps" if kind == "sequence" else "items": names}, cite, where,
                            f"{name}|{quote}")
                continue
            if len({n for n, _ in pairs}) == len(pairs) and all(d for _, d in pairs):
                members = [{"name": n, "description": d} for n, d in pairs][:MAX_MEMBERS]
                yield _fact("category", {"name": name, "members": members}, cite, where, f"{name}|{quote}")
                continue
        heads = [_first_clause(t) for _, t in items]
        if any(h and re.search(r"[您你]|对不起|谢谢", h) for h in heads):
            continue  # the first clauses of phrases to say are no list
        if name and all(heads) and good_name(name) and len(set(heads)) == len(heads) and len(heads) <= MAX_ITEMS:
            kind = "sequence" if _STEP_CUE.search(name) else "list"
            field = "steps" if kind == "sequence" else "items"
            quote = "；".join(h for h in heads if h)
            yield _fact(kind, {"name": name, field: heads},
                        _cite(file, where, first, last, _verbatim(blocks, name_at if name_at is not None else start, end)),
                        where, f"{name}|{quote}")


# ── facts from one sentence ─────────────────────────────────────────────────────

def _sentence_facts(file: str, block: Block, sentence: Sentence,
                    previous: Sentence | None) -> tuple[list[DraftedFact], list[LeftOut]]:
    text = sentence.text
    facts: list[DraftedFact] = []
    left: list[LeftOut] = []
    cite = _cite(file, block, sentence.first, sentence.last, text)
    heading = block.headings[-1] if block.headings else None
    term = _term(text, heading, cite, block)
    if term is not None:  # 「礼仪是…的总称，具体表现为：…」 defines a word and lists its forms
        facts.append(term)
    for maker in (_enumeration, _ordinals, _steps, _example_list, _colon_list, _bare_series, _clause_series):
        fact = maker(text, heading, cite, block)
        if fact is not None:
            facts.append(fact)
            break
    for inline in _inline_series(text, heading, cite, block):
        if all(not set(inline.fields["items"]) & set(f.fields.get("items", f.fields.get("steps", []))) for f in facts):
            facts.append(inline)
    if term is not None:  # a definition's list is named by its term, not by the definition before the cue
        for f in facts:
            if f.kind == "list" and f.fields["name"].endswith(term.fields["definition"]):
                f.fields["name"] = term.fields["term"]
    series = _counted_series(text, cite, block)
    if series is not None and all(f.fields.get("items") != series.fields.get(
            "items", series.fields.get("steps")) for f in facts):
        facts.append(series)
    facts.extend(_quotes(text, heading, cite, block))
    facts.extend(_slash_phrases(text, heading, cite, block, sentence))
    motto = _named_principle(text, cite, block)
    if motto is not None:
        facts.append(motto)
    counted = [f.fields["items"][-1] for f in facts if f.kind == "list"]
    # a definition's 须/应 belong to what it defines, not to a rule of its own
    rules, why = _blank_rules(text, cite, block, previous, counted, modal=not _spoken(text, block) and term is None)
    named = _pointed_term(text, block, previous)
    for rule in rules if named else []:  # 「…类信息：指…。此类信息的发送应…」: the term before says what 此类 is
        rule.context = named
        rule.citation = Citation(cite.file, cite.headings, min(previous.first, rule.citation.first),  # type: ignore[union-attr]
                                 rule.citation.last, rule.citation.quote, cite.repairs)
    facts.extend(rules)
    if not rules and not why and _LOST_NUMBER.search(text):
        left.append(LeftOut(cite, _("a number seems lost in conversion (a unit or 达到 with no figure)")))
    elif not rules and why:
        left.append(LeftOut(cite, why))
    if not facts and not left and (_ENUM_CUE.search(text) or _ORDINAL_IS.search(text)):
        left.append(LeftOut(cite, _("an enumeration cue without items that can be recalled (too few, or too long)")))
    return facts, left


def _lead(text: str, cue_start: int) -> str:
    """The clause before a cue word: the name of what is enumerated."""
    clauses = [c for c in re.split(r"[，；：。]", text[:cue_start]) if c.strip()]
    head = clauses[-1] if clauses else ""
    head = re.sub(r"^(?:其中|主要|一般|通常|又|还|则|而)", "", head)
    head = re.sub(r"^\d{1,2}(?=[^\d.、])", "", head)  # 「1营销类」: a list number whose 、 was lost
    return _strip(head)


def _split_items(rest: str) -> list[str] | None:
    rest = rest.lstrip("：:").strip()
    body = split_top(rest, "。；", maxsplit=1)[0]
    if "、" in body:
        body = split_top(body, "，", maxsplit=1)[0]
        parts = _joined_last(split_top(body, "、"))
    else:
        parts = split_top(body, "，,")
    parts = [_item(p) for p in parts]
    if parts:
        parts[-1] = _item(_COUNT_TAIL.sub("", parts[-1]))
    parts = [p for p in parts if p]
    if not 2 <= len(parts) <= MAX_ITEMS or not all(map(good_item, parts)) or len(set(parts)) != len(parts):
        return None
    return parts


_JOIN = re.compile(r"以及|和|及|与")
_COUNT_AFTER = re.compile(rf"^(?P<count>[一二三四五六七八九十两]|\d{{1,2}})(?:大|个)?(?:类|种|项|级|个方面|方面|点|条|部分)")


def _unquoted(item: str) -> str:
    """「“标杆型”」: an item quoted as a whole loses its quotes (the words stay the handbook's)."""
    m = re.fullmatch(r"[“「『\"]([^“”「」『』\"]+)[”」』\"]", item.strip())
    return m.group(1) if m else item


def _joined_last(parts: list[str]) -> list[str]:
    """A 、-series closed by 和/及/与 (「A、B和C三种」): the last two items apart, a count after them dropped when it matches.

    >>> _joined_last(["“标杆型”", "“销售型”和“战略型”三种不同类型"])
    ['标杆型', '销售型', '战略型']
    >>> _joined_last(["客户体验", "产品和品牌宣传"])
    ['客户体验', '产品和品牌宣传']
    """
    if len(parts) < 2:
        return parts
    last = parts[-1]
    joins = [m for m in _JOIN.finditer(last) if 2 <= m.start() and len(last) - m.end() >= 2]
    if not joins:
        return [_unquoted(p) for p in parts]
    m = joins[0]
    left, right = last[:m.start()], last[m.end():]
    widths = [len(_unquoted(p)) for p in parts[:-1]]
    counted = None
    for k in range(2, min(len(right), MAX_ITEM) + 1):
        c = _COUNT_AFTER.match(right[k:])
        if c:
            counted = (right[:k], c.group("count"))
            break
    if counted is not None:
        value = int(counted[1]) if counted[1].isdigit() else _CN_COUNT.get(counted[1], -1)
        if value != len(parts) + 1:
            return [_unquoted(p) for p in parts]
        right = counted[0]
    elif len(parts) < 3 or max(widths) > 10 or len(_unquoted(left)) > max(widths) + 2 or len(_unquoted(right)) > max(widths) + 4:
        return [_unquoted(p) for p in parts]  # 「…产品和品牌宣传」: one item that holds a 和, not two
    return [_unquoted(p) for p in parts[:-1]] + [_unquoted(left), _unquoted(right)]


def _unglue(term: str) -> str:
    """``礼貌礼貌`` or ``什么是服务意识服务意识`` (a heading glued to its text): the term once."""
    for n in range(len(term) // 2, 1, -1):
        if term[-n:] in term[:-n]:
            return term[-n:]
    return term


#: 「礼节是表示尊敬的各种惯用形式」: a sentence that opens with a short name and says what kind of thing it is
_TERM_IS = re.compile(r"^(?P<term>“?[\u4e00-\u9fff]{2,10}?”?)(?:是|，是)(?P<definition>(?!指)[^。；：]{2,100}?的"
                      r"(?:一种|一项|一个|各种)?[^，。；：的]{0,8}(?:方式|形式|制度|过程|能力|观念|总称|行为|活动|标志|准则|"
                      r"规范|承诺|思想|方法|手段|意识|原则))(?=[，。；！]|$)")
_NOT_TERM = re.compile(r"^(?:这|那|它|其|我|你|您|他|她|这些|其中|此|本|该|但|而|也|都|就|只|还|更|最|所以|因此|同时)"
                       r"|(?:的|了|也|都|就|还|才|又|即|而)$")


def _term(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    m = _TERM.search(text) or _TERM_ZHI.match(text)
    if m is not None and m.re is _TERM_ZHI and (_NOT_TERM.search(m.group("term").strip("“”"))
                                                or re.search(r"[手食拇]$", m.group("term"))):
        m = None
    if not m:
        m = _TERM_IS.match(text)
        if m is None or _NOT_TERM.search(m.group("term").strip("“”")):
            return None
    term = _strip(re.split(r"[，；：]", m.group("term"))[-1])
    term = term.strip("“”") if term.count("“") != 1 or not re.search(r"[^“”]“[^“”]+”$", term) else term  # 投诉“立单”
    term = re.sub(r"^(?:所谓|这里的|本文所称的?|其中|什么是)", "", term)
    term = _unglue(term)
    definition = _strip(m.group("definition"))
    if "：" in definition and "，" in definition[:definition.index("：")]:
        # 「…的信息，不涉及…如下三类信息：公益信息：指…」: the definition ends before the clause that announces a list
        shorter = _strip(definition[:definition.index("：")].rsplit("，", 1)[0])
        definition = shorter if len(shorter) >= 8 else definition
    if m.re is _TERM_IS and len(term) > 6:
        return None  # 「面部修饰女士化装是…」: a heading glued to the name, and no repeat to unglue it by
    if m.re is _TERM_IS and re.search(r"的(?:重要|主要|首要)[^，。；：的]{0,4}$", definition):
        return None  # 「礼仪是人类文明…的重要标志」: how much it matters, not what it is (other things are important too)
    if not 2 <= len(term) <= 15 or len(definition) < 4:
        return None
    return _fact("term", {"term": term, "definition": definition}, cite, block, term)


_COUNTED = re.compile(r"(?P<lead>[^，。；：、]{2,20}?)分(?:为|成)?(?P<items>[^，。；：]{2,120}?)"
                      r"(?P<count>[一二三四五六七八九十两]|\d{1,2})(?:级|类|种|个层次|个等级)")
_CN_COUNT = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)} | {"两": 2}


def _counted_series(text: str, cite: Citation, block: Block) -> DraftedFact | None:
    """「每类客户经理中分高级客户经理、客户经理（中级）、客户经理（普通）三级设立」: the count must match the items."""
    m = _COUNTED.search(text)
    if not m:
        return None
    items = [_item(p) for p in split_top(m.group("items"), "、")]
    count = m.group("count")
    expected = int(count) if count.isdigit() else _CN_COUNT.get(count, -1)
    name = _strip(re.sub(r"^(?:在|其中|又|并)|(?:中|里|内)$", "", m.group("lead")))
    if len(items) != expected or len(items) < 2 or not all(map(good_item, items)) or not good_name(name):
        return None
    kind = "sequence" if m.group(0).endswith(("级", "层次", "等级")) else "list"
    field = "steps" if kind == "sequence" else "items"
    return _fact(kind, {"name": name, field: items}, cite, block, f"{name}|{'、'.join(items)}")


def _enumeration(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    for m in _ENUM_CUE.finditer(text):  # 「礼仪包含的内容…具体表现为：…」: the cue the items follow
        items = _split_items(text[m.end():])
        name = _lead(text, m.start()) or (heading or "")
        if items and good_name(name):
            return _fact("list", {"name": name, "items": items}, cite, block, f"{name}|{'、'.join(items)}")
    return None


#: what introduces a 、-series inside a sentence: 「基础服务指A、B、C等服务」「如A、B、C等事项」「通过A、B、C等方式」
_SERIES_LEAD = re.compile(r"(?:是指|指|如|例如|比如|即|通过|包括|包含|涉及|掌握|具备|具有|携带|配备|配有|备有|设有|做到|有)[：:]?$")
_SERIES = re.compile(r"(?:[^，。；：、“”！？]{2,12}、){2,}[^，。；：、“”！？]{2,24}")


def _inline_series(text: str, heading: str | None, cite: Citation, block: Block) -> Iterator[DraftedFact]:
    """A 、-series of at least three short items inside a sentence, after 指/如/即/通过 …, named by the words before the cue.

    「基础服务指业务受理、资费查询和投诉处理等服务」 → 基础服务: 业务受理, 资费查询, 投诉处理.
    """
    for m in _SERIES.finditer(text):
        before = text[:m.start()]
        parts = split_top(m.group(0), "、")
        # the cue and the series' first item are glued: find where the cue ends inside the first part
        cue = None
        tail = before[-8:]
        for k in range(len(parts[0]) - 2, -1, -1):
            if _SERIES_LEAD.search(tail + parts[0][:k]) and k + 2 <= len(parts[0]):
                cue = k
                break
        closed = re.search(r"(?<=..)等", parts[-1])
        cued = cue is not None
        if cue is None:
            # no cue, but the series opens a clause and is closed by 等 (「…形象，着装、胸牌及接触点等按规范执行」):
            # the clause before names it
            if not closed or not re.search(r"[，；：]$", before):
                continue
            cue = 0
        lead = before + parts[0][:cue]
        if re.search(r"指[：:]?$", lead) and not closed:
            continue  # 「礼貌是指言语、动作谦虚、恭敬的表现」: a definition, not a list (an enumerating one ends in 等)
        parts[0] = parts[0][cue:]
        if closed:
            parts[-1] = parts[-1][:closed.start()]
        parts = _joined_last(parts)
        parts = [_item(p) for p in parts]
        if len(parts) < 3 or len(parts) > MAX_ITEMS or len(set(parts)) != len(parts):
            continue
        if not all(good_item(p, 12) for p in parts) or any(_CONDITION.search(p) for p in parts):
            continue
        if re.match(r"将|把|对|向|从|除了?|经过|通过|[我您你他她]", parts[0]):
            continue  # the first item still holds the clause's verb phrase: the cue was not where the series starts
        clauses = re.split(r"[，；。！？“”]", lead)
        name = clauses[-1].strip("“”「」 ")
        while _SERIES_LEAD.search(name):
            name = _SERIES_LEAD.sub("", name)
        if not name and len(clauses) > 1:  # 「…自己的权益和义务，如A、B、C等事项」: the clause before names the series
            name = re.sub(r"^.*(?:了解|熟悉|掌握|知道|明确|注意|清楚|应|要|须|需)(?=..)", "", clauses[-2])
            name = re.sub(r"^.*的(?=..)", "", name) if len(name) > 8 else name
        name = _unglue(_strip(name))
        name = re.sub(r"^(?:其中|主要|一般|通常|又|还|则|而|也|都)", "", name)
        # 「随身物品：上门时应携带工具、材料…等」: the label the series' own clause opens with names it
        label = re.search(r"(?:^|[，。；！？\s])([^，。；：:、“”！？\s]{2,8})[：:][^：:]*$", lead)
        if cued and label and not _named_series(name):
            name = _strip(label.group(1))
        if not _named_series(name):
            continue
        yield _fact("list", {"name": name, "items": parts}, cite, block, f"{name}|{'、'.join(parts)}")


def _named_series(name: str) -> bool:
    """Whether ``name`` names what a series lists, not a clause's fragment (「用户可以」「在违规行为中」「上门时应」)."""
    if not good_name(name) or len(name) > 12 or re.search(r"[我您你他她它]|^(?:要|应(?![急用对变])|须|需|可以|能够?)", name):
        return False
    return not re.search(r"(?:可以|可|能够?|做|中|时|后|前|应|须|需|要|必须)$|^(?:在|当|对|将|从|把)|可设|设置", name)



_EXAMPLES = re.compile(r"^(?P<lead>[^。；！？]{4,24}?)等?[：:]\s*(?:如|例如|比如)[：:]?\s*(?P<items>[^：:。；！？]+?)[…。.]*$")


_POINTS_BACK = re.compile(r"^(?:此类|这类|该类|此种|这种)")


def _pointed_term(text: str, block: Block, previous: Sentence | None) -> str | None:
    """The term a statement opening with 此类/这类 points back to: the one the sentence before defines, if any."""
    if previous is None or not _POINTS_BACK.match(text):
        return None
    labelled = re.match(r"^(?P<term>[^，。；：:、]{2,15})[：:]\s*(?:是指|指)", previous.text)
    if labelled:  # 「客户关怀类信息：指…」
        return labelled.group("term")
    term = _term(previous.text, None, _cite("", block, previous.first, previous.last, previous.text), block)
    return term.fields["term"] if term is not None else None


def _example_list(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    """「禁止使用习惯性语言、俚语等：如：啊、呀、喽、的呀……」: the examples are the list, its lead the name.

    Words this short may be one character (interjections); the lead keeps its own 、.
    """
    m = _EXAMPLES.match(text)
    if not m:
        return None
    items = [_strip(p) for p in split_top(m.group("items"), "、")]
    short = all(1 <= len(p) <= 2 for p in items)
    if not 3 <= len(items) <= MAX_ITEMS or len(set(items)) != len(items):
        return None
    if not all(re.fullmatch(r"[\u4e00-\u9fff]{1,2}", p) if short else good_item(p, 12) for p in items):
        return None
    name = _strip(m.group("lead"))
    if not 2 <= len(name) <= MAX_NAME or re.search(r"[：:，]", name):
        return None
    return _fact("list", {"name": name, "items": items}, cite, block, f"{name}|{'、'.join(items)}")


_SLASH_EXAMPLES = re.compile(r"(?:^|(?<=[：:，,]))(?:如|例如|比如)[：:]\s*(?P<items>[^/／]+(?:[/／][^/／]+)+)$")
#: a prohibition that opens a sentence of examples (「禁止使用习惯性语言、俚语等：如：…」)
_FORBIDS = re.compile(r"^(?:禁止|严禁|切忌|杜绝|不得|不准)(?:使用|说)")


def _slash_phrases(text: str, heading: str | None, cite: Citation, block: Block,
                   sentence: Sentence) -> Iterator[DraftedFact]:
    """「如：难道你不知道……/ 刚才不是跟你说了吗？怎么又问？/ …」: examples joined by 「/」, each a phrase not to say.

    They are phrases not to say when a prohibition names them: a 禁语 cue in the headings or the
    lead, or a sentence beside them in the same block that forbids its own examples (「禁止使用…：如：…」).
    """
    m = _SLASH_EXAMPLES.search(text)
    if not m:
        return
    at = next((j for j, s in enumerate(block.sentences) if s is sentence), -2)
    beside = [block.sentences[j].text for j in (at - 1, at + 1) if at >= 0 and 0 <= j < len(block.sentences)]
    context = " ".join([*block.headings[-2:], text[:m.start()]])
    if not (_FORBIDDEN_CUE.search(context) or _FORBIDS.search(text[:m.start()])
            or any(_FORBIDS.search(b) and re.search(r"如[：:]", b) for b in beside)):
        return
    for part in re.split(r"[/／]|(?<=[？?])\s+", m.group("items")):
        phrase = part.strip().rstrip("。；;，,")
        if 2 <= len(phrase) <= 40 and (_SAID.search(phrase) or (len(phrase) >= 4 and re.search(r"[…？?]$", phrase))):
            yield _fact("prohibited_phrase", {"phrase": phrase}, cite, block, phrase)


def _ordinals(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    marks = list(_ORDINAL_IS.finditer(text))
    if len(marks) < 2 or not marks[0].group(0).startswith("一"):
        return None
    items = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        item = _first_clause(text[m.end():end])
        if item is None:
            return None
        items.append(item)
    name = _lead(text, marks[0].start()) or (heading or "")
    if not good_name(name) or len(set(items)) != len(items):
        return None
    return _fact("list", {"name": name, "items": items}, cite, block, f"{name}|{'、'.join(items)}")


_STEP_WORDS = re.compile(r"第[一二三四五六七八九十]步[，：:]?|首先|其次|然后|接着|再次|最后")


def _steps(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    marks = list(_STEP_WORDS.finditer(text))
    if len(marks) < 2 or not (marks[0].group(0).startswith(("首先", "第一步"))):
        return None
    if not any(m.group(0).startswith(("然后", "接着", "最后", "第二步")) for m in marks[1:]):
        return None  # 「首先…其次…」 counts points, it does not order steps
    steps = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        step = _first_clause(text[m.end():end], 30)
        if step is None:
            return None
        steps.append(step)
    name = _lead(text, marks[0].start()) or (heading or "")
    if not good_name(name) or len(set(steps)) != len(steps):
        return None
    return _fact("sequence", {"name": name, "steps": steps}, cite, block, f"{name}|{'、'.join(steps)}")


def _unnumbered(parts: list[str]) -> list[str]:
    """``1施工人员…；2联系电话；3…`` (the list numbers' 、 lost in conversion): the items without their numbers."""
    numbers = [re.match(r"(\d{1,2})(?=\D)", p) for p in parts]
    if all(numbers) and [int(m.group(1)) for m in numbers if m] == list(range(1, len(parts) + 1)):
        return [p[m.end():] for p, m in zip(parts, numbers) if m]
    return parts


def _colon_list(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    m = re.match(r"([^：:，。；“”]{2,15})[：:](.+)", text)
    if not m:
        return None
    name, rest = re.sub(r"^\d{1,2}(?=[^\d.、])", "", _strip(m.group(1))), m.group(2)
    if not good_name(name) or len(rest) > (MAX_ITEM + 1) * MAX_ITEMS + 10:
        return None
    parts = [_strip(p) for p in split_top(rest, "；;") if _strip(p)]
    if len(parts) < 3 or not all(map(good_item, parts)):
        parts = [_item(p) for p in _joined_last(split_top(rest.rstrip("。"), "、，,")) if _strip(p)]
        # a list of words (「禁用语：喂、什么、不知道」) may hold one word of a single character
        short = [p for p in parts if len(p) == 1 and re.fullmatch(r"[\u4e00-\u9fff]", p)]
        words = all(re.fullmatch(r"[\u4e00-\u9fff]{1,4}", p) for p in parts)  # 「应该」 is a word here, not a clause
        if len(parts) < 3 or len(short) > 1 or not all(good_item(p, 12) or p in short or words for p in parts):
            return None
    parts = _unnumbered(parts)
    if re.search(r".(?:携带|具有|具备|配备|配有|备有|设有|包括|包含)", parts[0]):
        return None  # 「工具包：维修时应携带万用表、…」: the first item holds the clause before the series
    name = _strip(re.sub(r"(?:应|须|需|主要)?(?:包括|包含|有)?(?:以下|如下|下列)(?:几[种类个项点])?(?:内容|方面|要求|几点)?$", "", name))
    if len(parts) > MAX_ITEMS or len(set(parts)) != len(parts) or any(_CONDITION.search(p) for p in parts) \
            or not good_name(name):
        return None
    return _fact("list", {"name": name, "items": parts}, cite, block, f"{name}|{'、'.join(parts)}")


def _bare_series(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    """A paragraph that is nothing but a 、-series (「形象规范、行为规范、服务用语规范」, a table row): a list named by its heading."""
    body = text.rstrip("。")
    if re.search(r"[，。；：！？,;:!?]", body):
        return None
    parts = [_item(p) for p in split_top(body, "、")]
    if not 3 <= len(parts) <= MAX_ITEMS or not all(good_item(p, 12) for p in parts) or len(set(parts)) != len(parts):
        return None
    if "的" in parts[-1] and not any("的" in p for p in parts[:-1]):
        return None  # 「产生不满、抱怨、投诉的三大原因」: the series qualifies the noun after its last 的, no list of its own
    if re.search(r"遵循|包括|包含|是|为", parts[0]) or _MODAL.search(parts[0]) or re.search(r".[对向把将从给]", parts[0]):
        return None  # 「礼仪应遵循尊重、遵守、…」: a sentence whose verb lost its punctuation, not a bare series
    if not good_name(heading):
        return None
    return _fact("list", {"name": heading, "items": parts}, cite, block, f"{heading}|{'、'.join(parts)}")


_CONDITION = re.compile(r"^(?:如|若|待|当|假如|如果|对于|在)|(?:时|后|前|的话)$")
_LEAD_MODAL = re.compile(r"(.{2,12}?)(?:(?<![响反适回相对供答效感顺理])应(?![用对急变])|(?<![重主需必只想不])要(?![求点素领害是闻])"
                         r"|(?<![必无])须|(?<![必所急])需(?!求))(.+)")


def _clause_series(text: str, heading: str | None, cite: Citation, block: Block) -> DraftedFact | None:
    """``语调自然柔和，语气平稳适宜，称呼恰当…`` or ``…整洁，雅观大方；面部清洁，可着淡妆；…`` under a heading."""
    body = text.rstrip("。！")
    if len(body) > (MAX_ITEM + 1) * MAX_ITEMS:
        return None  # longer than any series of recallable clauses: run-on text
    semis = [_strip(p) for p in split_top(body, "；") if _strip(p)]
    if len(semis) >= 3 and all(map(good_item, semis)):
        parts = semis
    else:
        parts = [_item(p) for p in split_top(body, "，；") if _strip(p)]
        # the first clause may carry the subject (「营业人员必须着统一工装，服装清洁、平整，纽扣齐全…」)
        if len(parts) < 3 or not all(good_item(p, 12) for p in parts):
            return None
    if any(_CONDITION.search(p) for p in parts):
        return None  # 「如遇…，要…，待…后，…」 is one instruction, not a list
    if any(re.search(r"[您我你]|对不起|谢谢|抱歉", p) for p in parts):
        return None  # a phrase to say, cut at its commas, is no list
    if any(re.match(r"是|从", p) for p in parts):
        return None  # 「从形式上看，是一种仪式；…」: clauses of a sentence (a predicate, a point of view), no items
    if any(re.match(r"[二三四五六七八九十]", p) for p in parts):
        return None  # 「九收费误差，…」: a numbered heading glued to its text, not a series of clauses
    name = heading
    modal = _LEAD_MODAL.match(parts[0])
    if modal and len(parts[0]) > 6:
        name, parts[0] = _strip(modal.group(1)), _strip(modal.group(2))
    if not good_name(name) or len(set(parts)) != len(parts) or len(parts) > MAX_ITEMS:
        return None
    return _fact("list", {"name": name, "items": parts}, cite, block, f"{name}|{'、'.join(parts)}")


def _quotes(text: str, heading: str | None, cite: Citation, block: Block) -> Iterable[DraftedFact]:
    context = f"{heading or ''} {' '.join(block.headings)}"
    for m in _QUOTE.finditer(text):
        phrase = m.group(1).strip()
        if len(phrase) < 2:
            continue
        if re.search(r"[/／„]|^如[：:]", phrase):
            continue  # 「如：…/…」: several phrases run together, or an example marker
        before_quote = text[max(0, m.start() - 40):m.start()]
        if _FORBIDDEN_CUE.search(context) or _FORBIDDEN_CUE.search(before_quote):
            yield _fact("prohibited_phrase", {"phrase": phrase}, cite, block, phrase)
        elif _SPEECH_CUE.search(text[max(0, m.start() - 6):m.start()]) or re.search(r"用语|话术", context):
            before = _strip(before_quote)
            # the situation is the last clause before the phrase that says when (「当客户等待较长时间时，应…致歉“…”」)
            whens = [c for c in re.split(r"[，；：。]", before)[1:] if c.endswith(("时", "后", "前")) and len(c) >= 4]
            first = whens[-1] if whens else re.split(r"[，；：]", before)[0]
            situation = first if first.endswith(("时", "后", "前")) and len(first) >= 4 else _strip(
                re.sub(r"(?:说|道|用语是?|问候|回答|答复)$", "", before))
            if len(situation) < 4 or len(situation) > 30:
                # a heading is a situation only when it names one (「投诉受理完毕时」「结束语」), not a topic
                situation = heading if heading and re.search(r"(?:时|后|前|语)$", heading) else ""
            if not re.search(r"[\u4e00-\u9fff]{2}", situation):
                continue
            if len(situation) >= 2 and len(phrase) >= 4 and "{" not in phrase and _SAID.search(phrase):
                yield _fact("script", {"situation": situation, "response": phrase}, cite, block, phrase)
        elif (len(phrase) <= 12 and "{" not in text and "|" not in text and not _PRINCIPLE_CUE.search(phrase[-2:])
              and (_PRINCIPLE_CUE.match(re.sub(r"^(?:的|为|作为)", "", text[m.end():m.end() + 8])[:4])
                   or re.search(r"(?:做到|坚持|遵守|执行|实行|贯彻|落实)$", before_quote))):
            # 「执行“谁受理谁负责到底”的原则」: the principle's wording is the blank, not its name
            cloze = text[:m.start(1)] + "{{" + phrase + "}}" + text[m.end(1):]
            yield _fact("rule", {"text": _trim_rule(cloze)}, cite, block, f"quote|{phrase}|{text}")


_NAMED_PRINCIPLE = re.compile(r"(?:严格|全面|认真|始终)?(?:执行|遵守|坚持|贯彻|遵循|奉行|落实)"
                              r"(?:(?P<motto>[\u4e00-\u9fff]{4,8}?)的?(?:原则|制度)"
                              # 「坚持因时、因事、因人的合宜原则」: a motto of parallel words before the principle's name
                              r"|(?P<series>[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4}){1,3})的[\u4e00-\u9fff]{2,4}原则)")
_NOT_MOTTO = re.compile(r"^(?:的|了|各|相关|以下|上述|这|该|此|公司|有关|国家)|(?:服务|基本|相关|管理|以下|各项|工作|营销)$")


def _named_principle(text: str, cite: Citation, block: Block) -> DraftedFact | None:
    """「执行谁受理谁负责到底的原则」「严格遵守每诉必录原则」 without quotes (lost in conversion): the motto is the blank."""
    if "{" in text or "|" in text:
        return None
    m = _NAMED_PRINCIPLE.search(text)
    if not m:
        return None
    group = "motto" if m.group("motto") else "series"
    if _NOT_MOTTO.search(m.group(group)) or re.search(r"[“”「」\"]", text[m.start():m.end() + 1]):
        return None  # quoted mottos are drafted from their quotes
    spans = [(m.start(group), m.end(group))]
    window, shift = _context_window(text, spans, None)
    if len(window) > MAX_RULE:  # a run-on sentence (its punctuation lost): the principle alone
        window, shift = m.group(0), -m.start()
    a, b = spans[0][0] + shift, spans[0][1] + shift
    rule = _trim_rule(_cloze(window, [(a, b)]))
    return _fact("rule", {"text": rule}, cite, block, f"motto|{m.group(group)}|{window}")


def _amounts(text: str) -> list[re.Match[str]]:
    found = []
    for m in _AMOUNT.finditer(text):
        if re.search(r"(?:如下|以下|下列|分为|分成|包括|共有|有)$", text[max(0, m.start() - 3):m.start()]):
            continue  # 「涉及如下四种情况」: the size of a list, asked by the list itself
        before = text[max(0, m.start() - 8):m.start()]  # a bounded look back: run-on text stays linear
        if _NOT_AMOUNT_BEFORE.search(before) or _NOT_AMOUNT_AFTER.match(text[m.end():m.end() + 4]):
            continue
        value = m.group(0)
        if re.search(r"\d\s*$", before):
            continue  # 「20 23年」: a number split by the conversion
        if re.search(r"[类种项条级步]$", value) and not (_MODAL.search(text) or text[max(0, m.start() - 1):m.start()] == "分"):
            continue  # a count with nothing required of it is a heading's number, not a rule
        if re.fullmatch(r"(?:1[89]|20)\d\d年|\d{1,2}[月日]|[一二三四五六七八九十]{1,3}[月日]", value):
            continue  # a date in a narrative, not a quantity a rule sets
        if re.fullmatch(r"[一两]?(?:类|种|项|条|级|次|位|人|步|天|日|月|年|遍|时)", value):
            continue
        if re.fullmatch(r"一(?:台|张|份|页)", value) and re.match(r"[\u4e00-\u9fff]", text[m.end():m.end() + 1]):
            continue  # 「一台清服务」「一张表格」: a/one thing, not a quantity a rule sets
            continue
        if _garbled(value):
            continue
        digits = re.search(_NUMBER, value)
        if digits and not digits.group(0).isdigit() and not _is_cn_number(digits.group(0)):
            continue
        found.append(m)
    return found[:3]


_PLAUSIBLE = {"分钟": 180, "秒": 600, "秒钟": 600, "小时": 72, "声": 10}


def _garbled(value: str) -> bool:
    """A duration no handbook sets (「1015分钟」: 「10～15」 with its dash lost in conversion)."""
    m = re.search(r"(\d+)(分钟|秒钟|秒|小时|声)", value)
    return m is not None and int(m.group(1)) > _PLAUSIBLE[m.group(2)]


_SIMPLE_CN = re.compile(r"(?:[一二两三四五六七八九]?十)?[一二两三四五六七八九]?|半|[一二两三四五六七八九][百千万]")


def _is_cn_number(token: str) -> bool:
    if token and _SIMPLE_CN.fullmatch(token):
        return True  # the common forms, without loading cn2an's patterns (a second of start-up)
    try:
        import cn2an

        cn2an.cn2an(token.replace("两", "二").replace("半", "零点五"), "normal")
        return True
    except (ValueError, KeyError, IndexError):
        return False


def _context_window(text: str, spans: list[tuple[int, int]], previous: Sentence | None) -> tuple[str, int]:
    """The sentence, or for a long one the clauses around the blanks; a fragment too short alone gets the sentence before."""
    if len(text) <= MAX_RULE:
        if len(text) < 10 and previous is not None and len(previous.text) <= 60:
            return previous.text + text, len(previous.text)
        return text, 0
    bounds = [0] + [m.end() for m in re.finditer(r"[，；：。]", text)] + [len(text)]
    lo = max(b for b in bounds if b <= spans[0][0])
    hi = min(b for b in bounds if b >= spans[0][1])
    lo_i = bounds.index(lo)
    if lo_i > 0 and hi - bounds[lo_i - 1] <= MAX_RULE:  # the clause before gives the blank its subject
        lo = bounds[lo_i - 1]
    return text[lo:hi], -lo


def _cloze(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a] + "{{" + text[a:b] + "}}")
        pos = b
    return "".join(out) + text[pos:]


def _trim_rule(text: str) -> str:
    return text.strip().rstrip("，；：、").strip()


def _spoken(text: str, block: Block) -> bool:
    """Whether ``text`` is something said (a question, a phrase in a section of phrases), not a rule."""
    return text.rstrip().endswith(("？", "?", "吗", "呢")) or bool(
        re.search(r"用语|禁语|忌语|话术|服务语", " ".join(block.headings[-2:])))


_BLANK_END = re.compile(r"[，。；！？、：“”]")


#: a tail after 的 with one of these is a clause (「态度对待他人」「问题随便答复」), not a thing to recall
_NOT_OBJECT = re.compile(r"^(?:相关|有关|各项|各类|以下|上述|这些)|对待|随便|随意|[对向给把将让使被从在]|[/／„…（）()“”]|[吗呢吧啊]$")
#: how an act too long for a blank may open before its verb: a manner word, or to whom it is done
#: (「立即向客户赔礼道歉」 → 「赔礼道歉」); what is left is the act itself
_MANNER = re.compile(r"^(?:(?:立即|立刻|马上|及时|主动|认真|仔细|严格|尽快|尽量|耐心|热情|迅速|随时|首先|一律|统一|自觉|积极|详细|再次|事先|提前|按时|准时|按期)"
                     r"(?:地)?)+|^(?:先|再|要|均|都|也|还|就)(?=..)")
_TO_WHOM = re.compile(r"^(?:向|对|给|为|替|帮|跟|与|和)(?:客户|顾客|用户|对方|他人|别人|客人|其|他们|来宾|来访者)"
                      r"|^(?:对|向|给|为)[^，。；]{1,10}?的(?:问题|客户|顾客|用户|事情|情况|要求|业务|人员|物品)")


def _number_spans(text: str, counted: list[str]) -> list[tuple[int, int]]:
    # 「分为A、B、C三类」: the count after a drafted list's last item is the list's length, not a rule
    return [(m.start(), m.end()) for m in _amounts(text)
            if not any(text[max(0, m.start() - len(last)):m.start()] == last for last in counted)]


def _shorten_act(start: int, blank: str) -> tuple[int, str]:
    """An act too long for a blank, without its manner words and to-whom phrase (「立即向客户赔礼道歉」 → 「赔礼道歉」)."""
    for pattern in (_MANNER, _TO_WHOM, _MANNER, _THEN, _MANNER):
        m = pattern.match(blank)
        if m and len(blank) - m.end() >= 2:
            start, blank = start + m.end(), blank[m.end():]
    return start, blank


#: 「解释并主动介绍替代业务」: of two acts joined by 并, the last is the blank
_THEN = re.compile(r"^.{2,}?(?:并且|并|再|然后|后(?!方可|方能|才))(?=..)")  # 「…后方可离岗」: what is allowed after, no act
#: a short act after a clause that says when it is done (「，待确认答案后，立即回复客户」), closing the statement
_THEN_ACT = re.compile(r"[，]\s*(?:待|等)[^，。；]{2,10}?(?:后|时)[，]\s*((?:立即|及时|马上|再)?[\u4e00-\u9fff]{2,6})(?=[。；]|$)")
#: what may follow a required act as its own short clause (「要双手相接，轻拿轻放，并致谢」)
_MORE_ACT = re.compile(r"[，、]\s*(?:并且|并|且|同时)?(?<![\u4e00-\u9fff][并且])"
                       r"((?![并且同]|直到|直至|以|使|让|确保|保证|便于|避免|从而)[\u4e00-\u9fff]{3,6})(?=[，。；]|$)")


def _modal_spans(text: str) -> tuple[list[tuple[int, int]], int]:
    """The words after each 须/应/不得/严禁 … up to punctuation, as blanks; and the longest act seen."""
    spans: list[tuple[int, int]] = []
    longest = 0
    # 「“.....」 (a sharing site's excerpt mark, never closed) opens no quote
    opens = [i for i, ch in enumerate(text) if ch == "“" and text[i + 1:i + 2] not in {".", "…", "。"}]
    closes = [i for i, ch in enumerate(text) if ch == "”"]
    for n, m in enumerate(_MODAL.finditer(text)):
        if n == 40:  # a "sentence" with this many modals is unpunctuated run-on text
            break
        # only the words up to the next punctuation matter, and only a few of them: look no further
        rest = text[m.end():m.end() + 4 * MAX_BLANK]
        blank = _BLANK_END.split(rest, maxsplit=1)[0]
        start = m.end() + (len(blank) - len(blank.lstrip()))
        blank = blank.strip()
        if spans and start < spans[-1][1]:
            continue
        inside_quote = bisect.bisect_left(opens, start) > bisect.bisect_left(closes, start)
        after = text[start + len(blank):start + len(blank) + 1]
        if after == "、":  # 「内容要简明、扼要」: a short series of words is recalled whole
            series = re.match(r"[^，。；：！？“”]+", text[start:start + 4 * MAX_BLANK])
            words = split_top(series.group(0), "、") if series else []
            if series and len(series.group(0)) <= MAX_BLANK + 3 and all(2 <= len(w) <= 4 for w in words):
                blank, after = series.group(0), text[start + len(series.group(0)):start + len(series.group(0)) + 1]
        if (after and after in "、“") or re.search(r"以下|如下|下列", blank):
            continue  # the complement is a series or announces a list: no single word to recall
        # 「须按时参加班前会」: a manner word that reads like a preposition (按时) is no part of the act to recall
        if (len(blank) > MAX_BLANK or _TO_WHOM.match(blank) or re.match(r"按时|准时|按期", blank)) \
                and not inside_quote:
            start, blank = _shorten_act(start, blank)  # 「应向客户出示工作证」 → 出示工作证
        kind_of = _KIND_OF.search(blank)
        if kind_of and not inside_quote:  # 「禁止带有{{推卸责任}}的解释」: of a manner of doing, what kind it is
            start, blank = start + kind_of.start(1), kind_of.group(1)
        if len(blank) > MAX_BLANK and not inside_quote and not spans_of_acts(text, start, blank, spans):
            # 「应保持营业厅的{{环境卫生}}」: of an act too long to recall whole, the thing after its last 的
            tail = re.search(r"的([^的]{3,6})$", blank)
            if tail and not _BAD_BLANK.search(tail.group(1)) and not _NOT_OBJECT.search(tail.group(1)):
                start, blank = start + tail.start(1), tail.group(1)
        if (2 <= len(blank) <= MAX_BLANK + ("、" in blank) * 3 and not re.search(r"[/／„…]|[吗呢吧啊]$", blank)
                and not _BAD_BLANK.search(blank) and not inside_quote
                and not re.fullmatch(r"(.{2,})\1", blank)):  # 「主动主动」: a stutter of the conversion
            spans.append((start, start + len(blank)))
            end = start + len(blank)
            for _n in range(2):  # the short acts that follow it belong to the requirement
                more = _MORE_ACT.match(text, end)
                then = _THEN_ACT.match(text, end)  # 「要立即致歉，待确认答案后，立即回复客户」: the act after its when
                if then and not _MODAL.search(then.group(1)) and not _BAD_BLANK.search(then.group(1)):
                    more = then
                elif not more or _MODAL.search(more.group(1)) or _CONDITION.search(more.group(1)) \
                        or _BAD_BLANK.search(more.group(1)):
                    break
                spans.append(more.span(1))
                end = more.end(1)
        longest = max(longest, len(blank))
    return spans, longest


#: an act whose object is a manner of speaking or acting qualified by what kind it is: the kind is the blank
_KIND_OF = re.compile(r"^(?:带有|带着|使用|采用|出现|采取|表现出|流露出?|用)([^的，。；]{2,6})的(?:解释|态度|行为|方式|做法|语言|语气|言语|"
                      r"话语|口吻|表情|动作|眼神)$")
#: norms said without a modal: 「以淡妆为主」「以客户听见为宜」, 「按品牌确定」「向上级请示」「在交接班本上登记」;
#: the word in the slot is the blank
_SLOT = re.compile(r"以(?![往前后上下及])(?P<a>[^，。；：、“”的]{2,8}?)为(?:主(?![动要体导])|宜|准|原则|目的|标准|依据|中心|重点|前提|基础|起点)"
                   r"|(?:按照?|根据|依据|依照|遵照)(?P<b>[^，。；：、“”的]{2,8}?)(?:进行|确定|办理|执行|实施|处理|管理|点名|要求)"
                   r"|向(?P<c>[^，。；：、“”]{2,8}?)(?:报告|报备|请示|汇报|反馈|反映|移交|上报)"
                   r"|(?:流转至?|转至|引导(?:客户)?至|移交|提交至?|上报至?|录入|送至|转交)(?P<d>[^，。；：、“”]{2,8}?)(?=(?:处理|办理|审批|登记)?(?:[，。；]|$))"
                   r"|在(?P<e>[^，。；：、“”在]{2,8}?)上(?:做好|填写|登记|记录|签字|注明)"
                   r"|有(?P<f>[^，。；：、“”有]{2,8}?)之分|予以(?P<g>[^，。；：、“”]{2,4})(?=[，。；]|$)"
                   r"|对[^，。；：“”]{2,10}?进行(?P<h>[\u4e00-\u9fff]{2,6}?)(?=[，。；]|并|$)"
                   r"|(?:位置|颜色|距离|长度|高度|宽度|间距|频率|比例|角度|顺序)(?:应|须|要|一般|统一)?为"
                   r"(?P<i>[^，。；：、“”]{2,8}?)(?=[，。；]|$)"
                   # where a thing is put: 「设置在营业厅正门附近」「别在左胸处」「叠放于腹前」「拿在胸前递出」
                   # and where one walks, stands or sits: 「让客户行走在外侧」; a place 「处」 closes wherever it stands
                   r"|(?:放|置|摆|挂|别|戴|拿|设|叠放|交叉|位|行走|走|站立?|坐|行进)(?:于|在)(?P<j>[^，。；：、“”在于]{2,6}?)"
                   r"(?=(?:附近|处|上|一侧)?(?:[，。；]|$)|递出|处)"
                   r"|由(?P<k>[^，。；：、“”由]{2,8}?)(?=负责|统一|牵头|组织|审核|审批)"
                   r"|请(?P<l>[^，。；：、“”您你]{2,6}?)(?=帮助|协助|协同|配合)"
                   r"|(?:只限|仅限)(?P<m>[^，。；：、“”]{2,6}?)(?=使用|办理|[，。；]|$)"
                   # 「…归档保存，作为营业人员的考核依据」: what a thing serves as, the words after its last 的
                   r"|作为[^，。；：、“”]{1,8}的(?P<n>[^，。；：、“”的]{2,6})(?=[，。；]|$)"
                   # how often: 「每月对各环节开展监控」「每周或每月公布…」
                   r"|将(?P<p>[^，。；：、“”将]{2,6}?)(?=交给|交由|转交|递给|递交|反馈给|移交)"
                   # 「不是被动的服务提供者，而是主动的意见贡献者」: what the contrast affirms
                   r"|不是[^，。；：“”]{2,20}?，?而是(?P<r>[^，。；：、“”]{2,10}?)(?=[，。；！]|$)"
                   r"|给予(?P<q>[^，。；：、“”]{3,17}?)(?=[，。；]|$)"  # not 「给予答复」: a bare verb
                   # the form a thing is done in, what it is done on the strength of: 「以书面形式告知」「凭有效证件办理」
                   r"|(?<![可所难])以(?P<s>[^，。；：、“”以]{2,8}?)(?:的)?(?:形式|方式)"
                   # which way a thing faces: 「笔尖朝向自己」「证件正面朝向客户」
                   r"|(?:方向|正面|正方|笔尖)?朝向?(?P<u>自己|客户|对方|顾客|外|内|上|下|前)(?=[，。；]|$)"
                   # what must be done before something may be: 「…的业务全部办理完毕后方可结束营业」「经主管签字后方可办理」
                   r"|(?<=[，。；：的将把经待])(?![须应要需必务])(?P<v>[\u4e00-\u9fff]{2,8})后方(?:可|能)"
                   r"|凭(?![证据借着条单])(?P<t>[^，。；：、“”凭该此其]{2,8}?)(?=办理|领取|兑换|更换|退|换|进入|[，。；]|$)"
                   r"|(?<![\u4e00-\u9fff])(?P<o>每(?:日|天|周|月|季度|年|班)(?:底|初|末)?(?:或每(?:日|天|周|月|季度|年))?)(?!(?<=周)[一二三四五六日天])(?=[\u4e00-\u9fff]{2})")
_NOT_SLOT = re.compile(r"^(?:其|此|该|这|那|相关|有关|上述|以下|如下|公司的?规定|规定|要求|流程|实际|情况|需要|客户需要"
                       r"|客户|顾客|用户|自己|本人|对方|他人)$|[我您你他她]")
#: a quoted name in a statement (「填写“设备故障登记簿”」「“行动导向”行为素质」): the name is the blank
_QUOTED_NAME = re.compile(r"[“「]([\u4e00-\u9fffA-Za-z0-9（）()]{2,10}|[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4}){1,4})[”」]")


#: two parallel clauses that repeat their verb (「先处理感情，再处理事情」「多用敬语，少用命令」「对内讲团结，对外讲服务」):
#: the two things the verb is done to are the blanks
_PAIRED = re.compile(r"(?P<p>先|首先|多|宜)(?P<v>[\u4e00-\u9fff]{1,2})(?P<x>[^，。；：、“”\s]{2,6}?)[，、；]\s*"
                     r"(?P<q>再|然后|后|少|忌|不宜)(?P=v)(?P<y>[^，。；：、“”\s]{2,6}?)(?=[，。；！]|$)")


def _paired_spans(text: str) -> list[tuple[int, int]]:
    """The blanks of parallel clauses that repeat their verb, when the two things are alike in length.

    >>> text = "处理投诉：先处理感情，再处理事情。"
    >>> [text[a:b] for a, b in _paired_spans(text)]
    ['感情', '事情']
    >>> _paired_spans("多用询问式，少用否认式举例。")  # a label glued to the second: not alike
    []
    """
    spans = []
    for m in _PAIRED.finditer(text):
        if abs(len(m.group("x")) - len(m.group("y"))) <= 1 and m.group("x") != m.group("y"):
            spans.extend([m.span("x"), m.span("y")])
    return spans


def _slot_spans(text: str) -> list[tuple[int, int]]:
    spans = _paired_spans(text)
    for m in _SLOT.finditer(text):
        name = next(g for g in "abcdefghijklmnopqrstuv" if m.group(g) is not None)
        a, b = m.span(name)
        word = text[a:b]
        if len(word) > MAX_BLANK:  # 「给予应急处理方案和抢通时限承诺」: two things joined by 和 are blanked apart
            joined = re.fullmatch(r"(.{2,8}?)(?:和|及|与)(.{2,8})", word)
            if joined:
                spans.extend([(a + joined.start(1), a + joined.end(1)), (a + joined.start(2), a + joined.end(2))])
            continue
        if name == "j" and re.search(r"(?:角度|立场|高度|一边|方面)$", word):
            continue  # 「站在客户的角度」: a point of view, no place
        # 「只限本人使用」「笔尖朝向自己」: here who is the thing to recall
        if (name in {"m", "u"} or not _NOT_SLOT.search(word)) and not _BAD_BLANK.search(word):
            spans.append((a, b))
    quoted = [m.group(1) for m in _QUOTED_NAME.finditer(text)]
    if re.search(r"[您你]", text):
        quoted = []  # a sentence that speaks to someone (「提醒您牢记“…”」) names nothing to recall
    for m in (_QUOTED_NAME.finditer(text) if quoted else ()):
        word = m.group(1)
        beside = text[max(0, m.start() - 1):m.start()] + text[m.end():m.end() + 1]
        # one of a series of quoted names or examples (「如“新年好”“圣诞快乐”」), a name said twice, a term defined
        if re.search(r"[、和与及“”]", beside) or re.search(r"如$|例如$|比如$", text[max(0, m.start() - 2):m.start()]) \
                or quoted.count(word) > 1 or re.match(r"是指|指", text[m.end():m.end() + 2]):
            continue  # one of a series of quoted names (a list's items), or a name said twice (a heading glued on)
        if not _SAID.search(word) and not _PRINCIPLE_CUE.search(text[m.end():m.end() + 2]):
            spans.append(m.span(1))  # a principle's quoted wording is drafted by _quotes
    return spans


def spans_of_acts(text: str, start: int, blank: str, spans: list[tuple[int, int]]) -> bool:
    """「不得留奇异发型和染奇异颜色」: two acts joined by 和/或/及, each short enough for a blank, are blanked apart."""
    parts = re.split(r"(和|或|及|与)", blank)
    if len(parts) != 3 or not all(2 < len(p) <= MAX_BLANK for p in parts[::2]):
        return False
    if re.match(r"做好|做到|进行|加强|保持|提供|完成|给予|开展|负责|注意|了解|掌握|熟悉", parts[0]):
        return False  # 「做好安抚和说服工作」: 和 joins the objects of one act
    if any(_BAD_BLANK.search(p) for p in parts[::2]):
        return False
    spans.append((start, start + len(parts[0])))
    second = start + len(parts[0]) + len(parts[1])
    spans.append((second, second + len(parts[2])))
    return True


def _groups(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Windows of a long sentence, each a run of whole clauses around up to three blanks, at most MAX_RULE long.

    The clause before a blank's own gives it its subject when it fits; windows do not overlap.
    """
    bounds = [0] + [m.end() for m in re.finditer(r"[，；：。！？]", text)] + [len(text)]
    groups: list[tuple[int, int, list[tuple[int, int]]]] = []
    floor, i = 0, 0
    while i < len(spans):
        a, b = spans[i]
        lo = max(x for x in bounds if x <= a)
        hi = min(x for x in bounds if x >= b)
        lo_i = bounds.index(lo)
        # only a clause of the same statement: after 「；」「：」 or a full stop the blank's clause opens a new one
        if lo_i > 0 and bounds[lo_i - 1] >= floor and hi - bounds[lo_i - 1] <= MAX_RULE \
                and text[lo - 1] in "，" and not re.search(r"[{}|]", text[bounds[lo_i - 1]:lo]):
            lo = bounds[lo_i - 1]
        lo = _with_condition(text, bounds, lo, floor)
        lo = max(lo, floor)
        members = [spans[i]]
        i += 1
        while i < len(spans) and len(members) < 3:
            end = min(x for x in bounds if x >= spans[i][1])
            if end - lo > MAX_RULE or re.search(r"[；;：:。！？{}|]", text[hi - 1:spans[i][0]]):
                break  # a colon or a full stop between blanks starts another statement
            members.append(spans[i])
            hi = max(hi, end)
            i += 1
        # the statement runs on to its full stop when that fits before the next blank (else it ends at its clause)
        limit = spans[i][0] if i < len(spans) else len(text)
        end = hi
        while end < len(text) and text[end - 1] not in "。；！？：":
            nxt = min(x for x in bounds if x > end)
            if nxt - lo > MAX_RULE or nxt > limit:
                break
            end = nxt
        if end == len(text) or text[end - 1] in "。；！？":
            hi = end
        if hi - lo <= MAX_RULE + 20:  # one clause longer than this is run-on text, no statement to quote
            groups.append((lo, hi, members))
        floor = hi
    return groups


#: a clause that says when the statement after it applies: 「当营业时间结束时，」「遇到…的问题时，」「如客户…，」「对于…，」
_CONDITION_CLAUSE = re.compile(r"^(?:当|每当|遇到?|如果?|假如|若|倘若|对于|凡是?|一旦)|(?:(?<![守按及准同随适届定暂临实过])时|时候|之后|以后|(?<![然最])后)，$")


def _with_condition(text: str, bounds: list[int], lo: int, floor: int) -> int:
    """``lo`` moved back over the condition clauses its statement opens with (「当营业时间结束时，如还有客户…，应…」).

    A rule cut away from its 当…时 / 遇到…时 / 如… / 对于… condition says what to do but never when; the window
    takes every clause from the condition on (the window is then dropped when that makes it run-on text).
    """
    if lo not in bounds:
        return lo
    k = first = bounds.index(lo)
    while first > 0 and bounds[first - 1] >= floor and text[bounds[first] - 1] == "，":
        first -= 1  # back to where the statement opens (after 「；」「：」, a full stop or the window before)
    if first < k and _CONDITION_CLAUSE.search(text[bounds[first]:bounds[first + 1]]):
        return bounds[first]  # the statement opens with its condition: every clause from there
    while k > 0 and bounds[k - 1] >= floor and text[bounds[k] - 1] == "，" \
            and _CONDITION_CLAUSE.search(text[bounds[k - 1]:bounds[k]]):
        k -= 1
    return bounds[k]


def _balanced(words: str) -> bool:
    """A blank is whole: its brackets and quotes open and close inside it (「省公司市场部）」 is cut off)."""
    return sum(words.count(c) for c in _OPEN) == sum(words.count(c) for c in _CLOSE)


def _blank_rules(text: str, cite: Citation, block: Block, previous: Sentence | None, counted: list[str],
                 modal: bool = True) -> tuple[list[DraftedFact], str]:
    """Rules blanking a sentence's numbers with their units and what it requires or forbids (须/应/不得/严禁 …).

    A short sentence is one rule with up to three blanks; a long one gives a rule per window of clauses
    (``_groups``). Returns the rules and, when none, why the sentence was left out (or "").
    """
    if len(text) <= MAX_RULE and re.search(r"[{}|]", text):
        return [], ""  # a cloze's own marks in the text: checked per window in a long sentence
    numbers = _number_spans(text, counted)
    modals, longest = _modal_spans(text) if modal else ([], 0)
    slots = _slot_spans(text)
    modals = [(a, b) for a, b in modals if _balanced(text[a:b])]
    slots = [(a, b) for a, b in slots if _balanced(text[a:b])]
    if numbers or slots:  # a bare two-character act (「必须{{接听}}」) is worth a blank only when nothing else is
        modals = [(a, b) for a, b in modals if b - a > 2]
    spans = sorted(numbers)
    for extra in (slots, modals):
        spans = sorted(set(spans) | {s for s in extra if not any(a < s[1] and s[0] < b for a, b in spans)})
    if not spans:
        if longest > MAX_BLANK:
            return [], _("the required or forbidden act is too long for a blank ({n} characters)").format(
                n=longest if longest < 4 * MAX_BLANK else f"{longest}+")
        return [], ""
    short = len(text) <= MAX_RULE
    groups = [(0, len(text), spans[k:k + 3]) for k in range(0, len(spans), 3)] if short else _groups(text, spans)
    facts: list[DraftedFact] = []
    lost = False
    for lo, hi, members in groups:
        window, here = _context_window(text, members, previous) if short else (text[lo:hi], -lo)
        if not short and lo > 0 and text[lo - 1] in "；;" and re.match(r"(?:既|又|也|还|而且)", window):
            continue  # 「…提供服务时，既热情友好…；既要彬彬有礼，又不能…」: the subject stands before the 「；」
        lead = re.match(r"[，；：。！？\s]*(?:并且|并|且|同时|而且|以及|\d{1,2}[、.．]?(?=[\u4e00-\u9fff]))?", window)
        if lead and lead.end() and all(a + here >= lead.end() for a, _ in members):
            window, here = window[lead.end():], here - lead.end()  # a window opens on its words, not on 并 or a lost list number
        inside = [(a + here, b + here) for a, b in members if 0 <= a + here and b + here <= len(window)]
        if not inside:
            continue
        if window.rstrip().endswith(("？", "?")) or re.search(r"[{}|]", window):
            continue  # a question asks, it states no rule; a cloze's own marks cannot stand in one
        if _LOST_NUMBER.search(window):
            lost = True  # a statement missing its number is no rule, whatever else it blanks
            continue
        where = cite
        if here > 0:  # the sentence before was put in front
            where = Citation(cite.file, cite.headings, min(cite.first, previous.first if previous else cite.first),
                             cite.last, window, cite.repairs)
        elif not short:
            where = Citation(cite.file, cite.headings, cite.first, cite.last, window.strip(), cite.repairs)
        rule = _trim_rule(_cloze(window, inside)).lstrip("，；：。！？ ")
        if len(_DELETION_MARK.sub("", rule)) < 8:  # 「在OKCT{{四步}}法之后」 is a fragment, not a rule
            continue
        kind = "number" if any(m in numbers for m in members) else "modal"
        facts.append(_fact("rule", {"text": rule}, where, block, f"{kind}|{window.strip()}"))
    if lost and not facts:
        return [], _("a number seems lost in conversion (a unit or 达到 with no figure)")
    return facts, ""


_DELETION_MARK = re.compile(r"[{}]")
