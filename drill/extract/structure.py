"""A handbook's structure: headings, numbered blocks and sentences, each knowing its lines.

Conversion often glues a heading or a list number into the running text
(``第二章营销员职业素养本章导读…``, ``…。(一)营业厅经理岗：负责…``), so blocks are
cut at list and heading markers inside paragraphs too, not only at line breaks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .cleanup import Paragraph
from .substitutions import Substitution

_CN = "一二三四五六七八九十"
#: markers that open a block, by type; the type is what nests (a 第X章 holds 一、 which holds （一）)
MARKERS: tuple[tuple[str, str], ...] = (
    ("md", r"#{1,6}\s*"),
    ("chapter", rf"第[{_CN}百\d]{{1,3}}[章篇部分]\s*"),
    ("section", rf"第[{_CN}\d]{{1,3}}节\s*"),
    ("ordinal", rf"第[{_CN}\d]{{1,3}}(?:级|步|条|阶段|层次)[：:，]?\s*"),
    ("cn", rf"(?<![{_CN}第\u4e00-\u9fff])[{_CN}]{{1,3}}[、．.]\s*"),
    ("cn-paren", rf"[（(]\s*[{_CN}]{{1,3}}\s*[)）]\s*"),
    ("num", r"(?<![\d.])\d{1,2}\s*[、．]\s*(?!\d)|(?<![\d.])\d{1,2}\.(?![\d])\s*"),
    ("num-paren", r"[（(]\s*\d{1,2}\s*[)）]\s*"),
    ("circled", r"[①-⑳]\s*"),
    ("bullet", r"[-*•·●■◆▪]\s+|[➢➤▶►•]\s*"),
    # 「。七国际漫游服务专线…。八客户温馨祝福…」: a numeral that lost its 、, taken only where the numbers count up
    ("cn-bare", rf"(?<![{_CN}第\u4e00-\u9fff\d])(?:十[一二三四五六七八九]|[一二三四五六七八九十])(?![{_CN}百千万两])"
                r"(?![个位种次条项天年月日时分秒倍级声类步层点名人家是星大小成])(?=[\u4e00-\u9fff]{2})"
                r"(?!(?<=一)[定般些切直样起致旦律边心贯再向味流举同道带早并共会线手体身生度])(?!(?<=十)[足全])(?!(?<=二)话)"),
)
_MARKER = re.compile("|".join(f"(?P<{name.replace('-', '_')}>{pattern})" for name, pattern in MARKERS))
#: where a marker may open a block inside a paragraph: after an end of sentence or clause
_INLINE_OK = "。！？；：:;”」）)"
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?])")
_HEADING_PUNCT = re.compile(r"[。！？；，,;]")
MAX_HEADING = 30


@dataclass
class Sentence:
    text: str
    first: int
    last: int


@dataclass
class Block:
    """A run of text under one marker (or none), with its place in the handbook."""

    marker: str | None
    kind: str | None  # the marker's type, see MARKERS
    text: str
    first: int
    last: int
    is_heading: bool
    headings: tuple[str, ...] = ()
    topic: str | None = None
    repairs: list[Substitution] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    paragraph: int = 0  # index of the paragraph it was cut from


def _marker_kind(m: re.Match[str]) -> str:
    return next(k for k, v in m.groupdict().items() if v is not None).replace("_", "-")


def _cut(par: Paragraph, index: int) -> list[Block]:
    text = par.text
    cuts: list[tuple[int, int, str | None]] = []  # (block start, body start, kind)
    for m in _MARKER.finditer(text):
        start = m.start()
        if _marker_kind(m) == "cn-bare" and not _bare_counted(text, m):
            continue
        if start != 0:
            before = text[start - 1]
            if before in " \t" and text[:start].strip():  # a space kept before a list number: the mark before it counts
                before = text[:start].rstrip()[-1] if text[:start].rstrip()[-1] in _INLINE_OK else before
            # a bracketed number opens an item wherever it stands when the next number follows it
            paren = _marker_kind(m) in {"cn-paren", "num-paren"} and _next_follows(text, m)
            arrow = _marker_kind(m) == "bullet" and m.group(0)[0] in "➢➤▶►•"  # never inside prose
            # 「2、乘坐电梯：…，3、使用自动扶梯：…」: a number after a comma opens an item when the one before it stands earlier
            counted = before in "，, \t" and _marker_kind(m) in {"num", "cn"} and _previous_precedes(text, m)
            if before not in _INLINE_OK and not paren and not arrow and not counted \
                    and not _first_after_title(text, m, cuts):
                continue
                continue
            if _marker_kind(m) == "md" or (_marker_kind(m) == "bullet" and m.group(0)[0] not in "➢➤▶►•"):
                continue
        cuts.append((start, m.end(), _marker_kind(m)))
        if _marker_kind(m) in {"chapter", "section"}:  # 「第三节营销员岗位简介一、营业厅岗位分类…」: the first item glued on
            glued = _FIRST_CN_ITEM.match(text, m.end())
            if glued:
                cuts.append((glued.start(2), glued.end(2), "cn"))
    if not cuts or cuts[0][0] != 0:
        cuts.insert(0, (0, 0, None))
    blocks = []
    for n, (start, body, kind) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(text)
        body_text = text[body:end].strip()
        if not body_text:
            continue
        first, last = par.lines_of(start, end)
        repairs = [s for line in range(first, last + 1) for s in par.repairs.get(line, [])]
        block = Block(text[start:body].strip() or None, kind, body_text, first, last, False,
                      repairs=list(dict.fromkeys(repairs)), paragraph=index)
        offset = body + (len(text[body:end]) - len(text[body:end].lstrip()))
        for piece in _split_sentences(body_text):
            s = body_text.find(piece)
            a, b = par.lines_of(offset + s, offset + s + len(piece))
            block.sentences.append(Sentence(piece, a, b))
        blocks.append(block)
    return blocks


_NEXT = {c: _CN[i + 1] for i, c in enumerate(_CN[:-1])}
#: a chapter's or section's short title and, glued to it, its first 一、 item (the marker's pattern wants no word before it)
_FIRST_CN_ITEM = re.compile(r"\s*([\u4e00-\u9fff“”]{2,16}?)(一、)(?=[\u4e00-\u9fff])")
#: the numerals a list counts with, first to nineteenth
_COUNTING = [*_CN, *(f"十{c}" for c in _CN[:-1])]


def _bare_counted(text: str, m: re.Match[str]) -> bool:
    """Whether a numeral without its 、 (「。七国际漫游…」) is a list number: the one before or after it opens a sentence too.

    Both must stand at a sentence's start (after 。！？ or the paragraph's start) and be followed by words,
    the next one within the next 2,000 characters or the one before within the 2,000 before.

    >>> text = "。七国际漫游服务专线组织培训。八客户温馨祝福积极参与。"
    >>> [_bare_counted(text, x) for x in _MARKER.finditer(text)]
    [True, True]
    >>> [_bare_counted(t, x) for t in ["。七彩灯光很美。"] for x in _MARKER.finditer(t)]
    [False]
    >>> list(_MARKER.finditer("。一定要微笑。二话不说。"))  # words that open with a numeral
    []
    """
    at = m.start()
    if at and text[at - 1] not in "。！？!?”…. \t":
        return False
    number = _COUNTING.index(m.group(0)) if m.group(0) in _COUNTING else -1
    if number < 0:
        return False
    around = []
    if number + 1 < len(_COUNTING):
        around.append((_COUNTING[number + 1], text[m.end():m.end() + 2000], 0))
    if number > 0:
        around.append((_COUNTING[number - 1], text[max(0, at - 2000):at], max(0, at - 2000)))
    for numeral, span, _offset in around:
        for other in re.finditer(rf"(?:^|(?<=[。！？!?”…]))\s*{numeral}(?![{_CN}])(?=[\u4e00-\u9fff]{{2}})", span):
            found = _MARKER.match(span, other.end() - len(numeral))
            if found and _marker_kind(found) == "cn-bare":
                return True
    return False
#: the numbers an item list opens with, in each numbering
_FIRST = {"1", "一", "①"}


def _first_after_title(text: str, m: re.Match[str], cuts: list[tuple[int, int, str | None]]) -> bool:
    """Whether ``m`` is the first number of a list glued to the short title before it: 「二、服务理念1.客户至上：…」.

    Conversion often drops the line break between a numbered title and its first item; the first
    item's number (1, 一, ①) then stands right after the title's last word. It opens an item when the
    title is all that stands between it and a marker of another numbering (no punctuation, at most
    ``MAX_GLUED_TITLE`` characters).

    >>> [m.group(0) for m in _MARKER.finditer("二、服务理念1.客户至上：客户是贵宾。")]
    ['二、', '1.']
    >>> _first_after_title("二、服务理念1.客户至上", list(_MARKER.finditer("二、服务理念1.客户至上"))[1], [(0, 2, "cn")])
    True
    """
    kind = _marker_kind(m)
    if not cuts or cuts[-1][2] in {None, kind, "md", "bullet"} or kind not in {"num", "num-paren", "cn-paren", "circled"}:
        return False
    if re.sub(r"[（()）.、．\s]", "", m.group(0)) not in _FIRST:
        return False
    title = text[cuts[-1][1]:m.start()].strip()
    return 2 <= len(title) <= MAX_GLUED_TITLE and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9“”《》]+", title) is not None


def _next_follows(text: str, m: re.Match[str]) -> bool:
    """Whether the bracketed number of ``m`` is followed later by the next one: （一） … （二）."""
    number = re.sub(r"[（()）\s]", "", m.group(0))
    if number.isdigit():
        following = str(int(number) + 1)
    elif number in _NEXT:
        following = _NEXT[number]
    else:
        return False
    return re.search(rf"[（(]\s*{following}\s*[)）]", text[m.end():m.end() + 2000]) is not None


_PREVIOUS = {c: _CN[i - 1] for i, c in enumerate(_CN) if i}


def _previous_precedes(text: str, m: re.Match[str]) -> bool:
    """Whether the number before that of ``m`` opens an item shortly before it: 2、 … ，3、."""
    number = re.sub(r"[、．.\s]", "", m.group(0))
    if number.isdigit():
        if int(number) < 2:
            return False
        previous = str(int(number) - 1)
    elif number in _PREVIOUS:
        previous = _PREVIOUS[number]
    else:
        return False
    return re.search(rf"(?:^|[。！？；：，,;:\s]){previous}、", text[max(0, m.start() - 300):m.start()]) is not None


_SLASH = "/／"


def _inside_slash_list(text: str, start: int, i: int) -> bool:
    """Whether the question mark at ``i`` stands inside phrases joined by 「/」 (「你问我，我问谁？/ 什么怎么样？/ …」).

    It does when a slash follows it before the next full stop and one stands before it in the
    sentence, or when the next mark after it (spaces aside) is a slash: the list stays one sentence.

    >>> _inside_slash_list("如：你知道吗？/ 怎么又问？", 0, 6)
    True
    >>> _inside_slash_list("你知道吗？我不知道。", 0, 4)
    False
    """
    rest = re.split(r"[。！!]", text[i + 1:], maxsplit=1)[0]
    after = rest.lstrip()
    if after[:1] in _SLASH:
        return True
    return any(c in _SLASH for c in text[start:i]) and any(c in _SLASH for c in rest)


_CLOSE_OF = {"“": "”", "「": "」", "『": "』"}


def _closed(text: str, i: int) -> bool:
    """Whether the quote opening at ``i`` is closed before the next one opens.

    >>> _closed("他说“好的”。", 2), _closed("“适度即掌握。自律原则：“礼”是…”", 0)
    (True, False)
    """
    close = text.find(_CLOSE_OF[text[i]], i + 1)
    reopen = text.find(text[i], i + 1)
    return close >= 0 and (reopen < 0 or close < reopen)


def _split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, not cut inside quotes nor inside phrases joined by 「/」."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "“「『" and not _closed(text, i):
            continue  # 「“适度即掌握…。自律原则…」: a quote whose close was lost in conversion holds no sentences
        if ch in "“「『":
            depth += 1
        elif ch in "”」』" and depth:
            depth -= 1
        elif ch in "？?" and depth == 0 and _inside_slash_list(text, start, i):
            continue
        elif ch in "。！？!?" and depth == 0:
            out.append(text[start:i + 1].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return [s for s in out if s]


def _looks_like_heading(block: Block, whole_paragraph: bool) -> bool:
    text = block.text
    if block.kind == "md":
        return True
    if len(re.findall(r"[\u3400-\u9fff]", text)) < 2 and len(re.findall(r"[A-Za-z]", text)) < 3:
        return False  # 「3」「•1」「2-2」: a slide's number or a stray mark, no title
    if len(text) > MAX_HEADING or _HEADING_PUNCT.search(text) or text.endswith(("：", ":")):
        return False
    if block.kind in {"chapter", "section"}:
        return True
    if block.kind is None and text.count("、") >= 2:
        return False  # 「形象规范、行为规范、服务用语规范」: a series of items, not a title
    return whole_paragraph


#: textbook furniture after a chapter's title: the title ends where it starts
_AFTER_TITLE = re.compile(r"本章导读|本节导读|本章要点|学习目标|导读")


def _glued_title(block: Block) -> str | None:
    """The title of a 第X章/第X节 marker glued to its text: up to the first punctuation, at most 12 characters.

    The title also ends before textbook furniture (本章导读) and before a word of it that the text
    repeats at once (「营销员的角色认知营销员是…」: the sentence's subject repeats the title's first word).

    >>> b = Block("第一节", "section", "营销员的角色认知营销员是最前端的服务提供者", 1, 1, False)
    >>> _glued_title(b)
    '营销员的角色认知'
    """
    m = re.match(rf"(?:(?![{_CN}]{{1,3}}、)[^，。、；：:,（(“]){{2,12}}", block.text)
    if not m:
        return None
    title = m.group(0)
    furniture = _AFTER_TITLE.search(title)
    if furniture and furniture.start() >= 2:
        title = title[:furniture.start()]
    for j in range(4, len(title) - 2):
        if title[j:j + 3] in title[:j]:
            return title[:j]
    return title


#: a statement that opens with who must act (「…客户我们要加强…」): a numbered title glued before it ends there
_WE_MUST = re.compile(r"(?:我们|你们|我)(?:要|应|必须|需要|须)")
#: a glued title does not end on a word that needs more after it
_TITLE_TAIL = re.compile(r"[的和与及在对向把被为是了]$")


def _title_end(run: str) -> int | None:
    """Where a numbered title glued to its text ends, told by the text alone, or None.

    The text's first words repeat a word of the title (「营业厅功能类别营业厅应具有…」, 「什么是服务意识服务意识是指…」),
    or the text opens with who must act (「需要比客户更了解客户我们要加强…」).

    >>> _title_end("营业厅功能类别营业厅应具有营销")
    7
    >>> _title_end("需要比客户更了解客户我们要加强主动服务意识")
    10
    >>> _title_end("礼仪的原则礼仪是维系社会生活的纽带")
    5
    >>> _title_end("客户的需要是营业员最关心的事情")
    """
    for j in range(4, min(len(run) - 6, MAX_GLUED_TITLE) + 1):
        if _TITLE_TAIL.search(run[:j]):
            continue
        # 「礼仪的原则礼仪是…」: the text opens again with the title's first word, its subject
        if run[j:j + 3] in run[:j] or _WE_MUST.match(run, j) or (run[j:j + 2] == run[:2] and re.match(r"[\u4e00-\u9fff]{2}", run)):
            return j
    return None


MAX_GLUED_TITLE = 16


def _unglue_title(block: Block) -> list[Block]:
    """A numbered block whose title is glued to its text, as the title (a heading) and the text after it."""
    if block.kind not in {"cn", "cn-bare", "cn-paren", "num-paren"} or block.is_heading or not block.sentences:
        return [block]
    first = block.sentences[0]
    run = re.match(r"[^，。；：:、！？“”「」（）()\s]*", first.text)
    j = _title_end(run.group(0)) if run else None
    skip = 0
    # 「三产品的评估和改良1活动结束…。2根据…」: the first item's number, its 、 lost, glued to the title
    glued = re.match(rf"([\u4e00-\u9fff]{{2,{MAX_GLUED_TITLE}}}?)1(?=[\u4e00-\u9fff])", first.text)
    if glued and re.search(r"[。；]\s*2(?=[\u4e00-\u9fff])", block.text):
        j, skip = glued.end(1), 1
    if j is None or not block.text.startswith(first.text[:j]):
        return [block]
    title = first.text[:j]
    head = Block(block.marker, block.kind, title, first.first, first.first, True, repairs=block.repairs,
                 sentences=[Sentence(title, first.first, first.first)], paragraph=block.paragraph)
    body = Block(None, None, block.text[j + skip:], first.first, block.last, False, repairs=block.repairs,
                 sentences=[Sentence(first.text[j + skip:], first.first, first.last), *block.sentences[1:]],
                 paragraph=block.paragraph)
    return [head, body]


def structure(paragraphs: list[Paragraph]) -> list[Block]:
    """Blocks of the handbook with their heading path and topic."""
    blocks: list[Block] = []
    for index, par in enumerate(paragraphs):
        cut = _cut(par, index)
        for n, block in enumerate(cut):
            # 「二、营业厅各岗位主要工作职责（一）…」: a short numbered title right before the first item is a heading
            opens_items = n + 1 < len(cut) and cut[n + 1].kind not in {None, block.kind}
            block.is_heading = _looks_like_heading(block, len(cut) == 1 or (block.kind is not None and opens_items))
        blocks.extend(part for block in cut for part in _unglue_title(block))
    # a heading type used once in the whole handbook is its title: topics come from the level below
    kinds = Counter((b.kind, (b.marker or "").count("#")) for b in blocks if b.is_heading)
    stack: list[tuple[tuple[str | None, int], str]] = []
    for block in blocks:
        title = None
        if block.is_heading:
            title = block.text
        elif block.kind in {"chapter", "section"}:
            title = _glued_title(block)
        if title is not None:
            # a numeral that lost its 、 is of the same level as one that kept it
            key = ("cn" if block.kind == "cn-bare" else block.kind, (block.marker or "").count("#"))
            if key[0] is None:
                key = ("plain", 0)
            keys = [k for k, _ in stack]
            if key in keys:
                del stack[keys.index(key):]
            label = f"{block.marker or ''}{title}" if block.kind in {"chapter", "section"} and block.marker else title
            stack.append((key, label.replace("#", "").strip()))
        elif block.kind is not None:
            # a numbered item that is no title ends the scope of its sibling title before it (and of what that held)
            key = ("cn" if block.kind == "cn-bare" else block.kind, 0)
            keys = [k for k, _ in stack]
            if key in keys:
                del stack[keys.index(key):]
        block.headings = tuple(t for _, t in stack)
        block.topic = _topic(stack, kinds)
    return blocks


def _topic(stack: list[tuple[tuple[str | None, int], str]], kinds: Counter[tuple[str | None, int]]) -> str | None:
    """The topic of a block: its chapter, else its outermost Markdown heading below the title, else its nearest heading."""
    if not stack:
        return None
    for key, label in stack:
        if key[0] == "chapter":
            return label
    marked = [(key, label) for key, label in stack if key[0] == "md"]
    if marked:
        if len(marked) > 1 and kinds[marked[0][0]] == 1:  # a heading level used once is the title
            return marked[1][1]
        return marked[0][1]
    return stack[-1][1]
