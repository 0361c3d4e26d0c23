"""Repairing conversion noise: page furniture, width, broken lines; the listed character repairs.

The result is a list of :class:`Paragraph` records whose every character still
knows the handbook line it came from, so a fact can cite its lines.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from ..text import terminal_safe
from ..yamlio import refused_character
from .substitutions import SUBSTITUTIONS, Substitution, repair

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
#: lines that are page furniture wherever they stand: page numbers, field codes, site watermarks
_FURNITURE_LINE = re.compile(
    r"^\s*(?:"
    r"第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|[-—–]?\s*\d{1,4}\s*[-—–]?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|PAGE\s*/\s*NUMPAGES|PAGE|NUMPAGES"
    r"|page\s+\d+(?:\s+of\s+\d+)?"
    r"|\d{4}\s*[/.\-年]\s*\d{1,2}\s*[/.\-月]\s*\d{1,2}\s*日?"
    # a sharing site's preview names the file, page by page (「…人力资源.doc_第6页」)
    r"|[^。；，,\s]{1,60}\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)(?:_第\s*\d+\s*页)?"
    r"|资源描述|注意事项|文档评论.*|相关资源|猜你喜欢|相关搜索|展开阅读全文|查看更多|收藏\s*分享.*|当前位置.*"
    r")\s*$",
    re.IGNORECASE,
)
#: watermarks a sharing site appends inside lines
#: 「“.....」 opening a line is a sharing site's excerpt mark (a quote that is never closed), noise like a watermark
_WATERMARKS = re.compile(r"^“(?:\.{3,}|…+)|文档来自于网络搜索|原创力文档|更多精品文档|本文档下载自")
#: words of a sharing site's download and payment notices; a line with three of them is such a notice
_SITE_WORDS = re.compile(r"本站|网站|下载|VIP|会员|付费|金币|验证码|登录|版权申诉|侵权|客服|上传|积分|支付|文档|扣币|网速|温馨提示"
                         r"|举报|求助|留言|退款|扫码|收藏|点赞|分享|获赠|换一换|密码|账号|注册|侵犯|全文|预览")
#: a short line is such a notice with two of them, or one twice (「下载相关举报」, 「三方登录：微信登录」)
SHORT_NOTICE = 20
#: a line up to this long is a notice with three site words, one of them repeated (「该文档…预览…下载」)
NOTICE = 80
#: a running header printed into the text of every page: at least this many times, never closer than ``HEADER_GAP``
HEADER_REPEATS = 10
HEADER_GAP = 250
HEADER_SPREAD = 3
#: a page's running number glued to the start of its text ("11、投诉…"), told by counting up
_PAGE_PREFIX = re.compile(r"^(\d{1,4})、")
#: a space before a list number (「一、信息竞争 二、认识知觉」) is the only mark between two items: it stays
#: and a space after a question mark may be the only mark between two questions (「怎么又问？ 你问我，我问谁？」): it stays
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}，。、；：！“”（）])[ \t\u3000]+"
                                rf"(?![一二三四五六七八九十]{{1,3}}、|\d{{1,2}}、)(?=[{_CJK}，。、；：？！“”（）\d])"
                                rf"|(?<=\d)[ \t\u3000]+(?=[{_CJK}])")
#: a table row or slide line turned to text: short cells separated by spaces only (「形象规范 行为规范 服务用语规范」),
#: perhaps after a label with a colon; at least three cells of at least three characters on average
_SPACED_CELLS = re.compile(rf"^(?:(?P<label>[^\s：:，。]{{2,15}})[：:][ \t\u3000]*)?"
                           rf"(?P<cells>[{_CJK}]{{2,12}}(?:[ \t\u3000]+[{_CJK}]{{2,12}}){{2,7}})$")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_NEAR_CJK = re.compile(rf"(?<=[{_CJK}）”])([,;:?!.])|([,;:?!.()])(?=[{_CJK}“（])|(?<=[{_CJK}])([()])")
#: 「2.礼貌待人」: a point after a list number of one or two digits is the number's mark, not a full stop
_LIST_POINT = re.compile(r"(?:^|(?<=[^\d.]))\d{1,2}$")
_SENTENCE_END = "。！？；…”\"』」）)"
_LIST_START = re.compile(r"^\s*(?:[-*•·●■◆]|\d{1,3}[.、．)）]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}、|[①-⑳]|第[一二三四五六七八九十\d]{1,3}[章节条步部分篇])")


@dataclass
class Paragraph:
    """Text of one paragraph after repair, with the line of each of its characters."""

    text: str
    #: (offset in ``text``, handbook line) where each source line's text starts
    starts: list[tuple[int, int]]
    #: repairs made on each line: line → substitutions
    repairs: dict[int, list[Substitution]] = field(default_factory=dict)
    _offsets: list[int] = field(default_factory=list, repr=False)

    def line_at(self, offset: int) -> int:
        if len(self._offsets) != len(self.starts):  # built once the paragraph is complete
            self._offsets = [s for s, _ in self.starts]
        i = bisect.bisect_right(self._offsets, offset) - 1
        return self.starts[max(i, 0)][1]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        return self.line_at(start), self.line_at(max(start, end - 1))


@dataclass
class Cleaned:
    paragraphs: list[Paragraph]
    #: what was taken away as page furniture: line → text
    furniture: dict[int, str]
    #: each kept line after repair: line → text
    lines: dict[int, str] = field(default_factory=dict)
    #: each kept line before the listed repairs: line → text (a fact's words are checked against this text
    #: after the repairs recorded on the fact, so a repair that is not recorded cannot hide)
    raw: dict[int, str] = field(default_factory=dict)
    #: the listed repairs made on each kept line: line → substitutions
    repairs: dict[int, list[Substitution]] = field(default_factory=dict)


def _without_refused(text: str) -> str:
    """``text`` without escape sequences, control and bidi characters: noise a deck file may not hold."""
    text = terminal_safe(text).replace("\t", " ")
    while (found := refused_character(text)) is not None:
        text = text[:found[0]] + text[found[0] + 1:]
    return text


def normalize_width(line: str) -> str:
    """Full-width letters and digits to half width; ASCII punctuation amid Chinese to its full-width form.

    >>> normalize_width("２４小时,不少于３次.")
    '24小时，不少于3次。'
    >>> normalize_width("2.礼貌待人:以礼相待")
    '2.礼貌待人：以礼相待'
    >>> normalize_width("。适度原则 在交往中要把握尺度。")
    '。适度原则：在交往中要把握尺度。'
    >>> normalize_width("三、首问负责制 必须耐心听取")
    '三、首问负责制：必须耐心听取'
    """
    out = []
    for ch in line:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            ch = chr(code - 0xFEE0)
        elif ch == "\u3000" or ch == "\u00a0":
            ch = " "
        out.append(ch)
    s = "".join(out)
    s = _HALF_NEAR_CJK.sub(lambda m: m.group(0) if m.group(0) == "." and _LIST_POINT.search(s[max(0, m.start() - 3):m.start()])
                           else _full(m.group(0)), s)
    s = _TITLE_SPACE.sub(r"\1：", s, count=1)
    s = _RUN_IN_LABEL.sub(r"\1：", s)
    return _SPACE_BETWEEN_CJK.sub("", s)


#: 「三、首问负责制 必须耐心听取…」: a numbered title and, after a space, what must be done: the space is the title's
#: end (a label's colon), not noise between two words; without it the title would read as the rule's subject
_TITLE_SPACE = re.compile(rf"^((?:[一二三四五六七八九十]{{1,3}}、|[（(][一二三四五六七八九十]{{1,3}}[)）])[{_CJK}]{{2,12}})"
                          rf"[ \t]+(?=必须|应当|应该|应|须|要|不得|严禁|禁止)")


#: the names a handbook gives its principles and codes, in clean text and as the listed repairs find them printed
_LABEL_ENDS = ("原则", "准则", "守则")
_LABEL_END = "|".join(sorted({*_LABEL_ENDS, *(s.wrong for s in SUBSTITUTIONS if s.right.endswith(_LABEL_ENDS))},
                             key=len, reverse=True))
#: 「尊重原则 尊重他人的人格。遵守原则 礼仪是…」: a principle's name opening a sentence, then a space and what it says:
#: the space is the end of a run-in label (a bold name in the original), kept as its colon
_RUN_IN_LABEL = re.compile(rf"(?:^|(?<=[。！？；]))((?![这那该此其每各本])[{_CJK}]{{2,4}}(?:{_LABEL_END}))[ \t\u3000]+(?=[{_CJK}])")


def spaced_cells(line: str) -> str | None:
    """A line of cells separated by spaces, written as a 、-series (the spaces are its only separators), or None.

    Spaces between Chinese characters are otherwise conversion noise and dropped; here they are
    the only thing that keeps the items apart, so they are kept — as 、, the separator the
    extractor reads. The words are untouched.

    >>> spaced_cells("服务禁用语气: 反问语气 质问语气 机械语气")
    '服务禁用语气：反问语气、质问语气、机械语气'
    >>> spaced_cells("优先 排序 并选 择决 定性") is None  # two-character shards of a broken table
    True
    """
    m = _SPACED_CELLS.match(line.strip())
    if not m:
        return None
    cells = m.group("cells").split()
    if len(set(cells)) != len(cells) or sum(map(len, cells)) < 3 * len(cells):
        return None
    return (f"{m.group('label')}：" if m.group("label") else "") + "、".join(cells)


def _full(ch: str) -> str:
    return "。" if ch == "." else _HALF_PUNCT.get(ch, ch)


def _page_prefixed(lines: list[str]) -> set[int]:
    """Indexes of lines starting with a running page number: at least five counting up by one."""
    numbered = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _PAGE_PREFIX.match(line))
                and len(line) > 200]
    run: list[int] = []
    best: list[int] = []
    previous = None
    for i, n in numbered:
        run = [*run, i] if previous is not None and n == previous + 1 else [i]
        previous = n
        if len(run) > len(best):
            best = run
    return set(best) if len(best) >= 5 else set()


def running_headers(lines: list[str]) -> list[str]:
    """Short Chinese strings printed on every page and glued into the text (「营销服务篇」 amid a sentence).

    A string of at least 4 Chinese characters seen at least ``HEADER_REPEATS`` times in a row at about
    even distances (no two closer than ``HEADER_GAP`` characters, the widest gap at most
    ``HEADER_SPREAD`` times the narrowest), amid different words each time, is a page's running
    header: a phrase of the text recurs in clusters and at random distances, a header once a page.
    Each is returned whole (as far as all its places agree, at most ``HEADER_LONGEST`` characters).

    >>> text = "".join(chr(0x4E00 + (k * 7919) % 20000) for k in range(6000))
    >>> pages = [text[i * 400:i * 400 + 200] + "服务手册篇" + text[i * 400 + 200:i * 400 + 400] for i in range(12)]
    >>> running_headers(pages)
    ['服务手册篇']
    """
    text = "\n".join(lines)
    if len(text) < HEADER_REPEATS * HEADER_GAP:
        return []
    where: dict[str, list[int]] = {}
    for m in re.finditer(rf"[{_CJK}]{{4,}}", text):
        run, start = m.group(0), m.start()
        for i in range(len(run) - 3):
            where.setdefault(run[i:i + 4], []).append(start + i)
    found: list[str] = []
    for gram, at in where.items():
        if len(at) < HEADER_REPEATS or any(gram in longer for longer in found) or not _paged(text, gram, at):
            continue
        whole, first = _widest(text, at)
        if whole != gram and any(whole in longer for longer in found):
            continue
        if _paged(text, whole, first):
            found = [f for f in found if f not in whole] + [whole]
    return found


#: the longest running header looked for
HEADER_LONGEST = 12


def _widest(text: str, at: list[int]) -> tuple[str, list[int]]:
    """The 4-character string at ``at`` grown left and right while every place agrees, and its places."""
    start, end = 0, 4
    while end - start < HEADER_LONGEST and all(a + end < len(text) for a in at) \
            and len({text[a + end] for a in at}) == 1 and re.match(rf"[{_CJK}]", text[at[0] + end]):
        end += 1
    while end - start < HEADER_LONGEST and all(a + start > 0 for a in at) \
            and len({text[a + start - 1] for a in at}) == 1 and re.match(rf"[{_CJK}]", text[at[0] + start - 1]):
        start -= 1
    return text[at[0] + start:at[0] + end], [a + start for a in at]


def _paged(text: str, gram: str, at: list[int]) -> bool:
    """Whether ``HEADER_REPEATS`` successive places of ``gram`` stand about a page apart, each amid other words.

    A header is glued into whatever text the page break fell in: no two of its places share the
    words around them. A phrase of a section that the document repeats (a template copied for
    each branch) comes back with its own words around it.
    """
    gaps = [b - a for a, b in pairwise(at)]
    need = HEADER_REPEATS - 1
    for i in range(len(gaps) - need + 1):
        window = gaps[i:i + need]
        if min(window) >= HEADER_GAP and max(window) <= HEADER_SPREAD * min(window):
            around = {text[a - 2:a] + text[a + len(gram):a + len(gram) + 2] for a in at[i:i + need + 1]}
            if len(around) == need + 1:
                return True
    return False


def _is_notice(text: str, repeated: set[str]) -> bool:
    """Whether ``text`` is page furniture: a page number, a running line, a sharing site's notice."""
    words = _SITE_WORDS.findall(text)
    short = len(re.sub(r"\s", "", text)) <= SHORT_NOTICE
    return bool(_FURNITURE_LINE.match(text)) or text in repeated or len(set(words)) >= 3 \
        or (len(text) <= NOTICE and len(words) >= 3 and len(set(words)) >= 2) or (short and len(words) >= 2)


#: a line this short between two notices is one of them (「开通VIP」 amid a site's login box)
SANDWICHED = 12


def _sandwiched(lines: list[str], notice: list[bool]) -> None:
    """Mark as furniture a short line without a sentence mark whose nearest lines on both sides are furniture."""
    filled = [i for i, text in enumerate(lines) if text]
    for k, i in enumerate(filled):
        if notice[i] or len(lines[i]) > SANDWICHED or re.search(r"[。！？；]", lines[i]):
            continue
        if 0 < k < len(filled) - 1 and notice[filled[k - 1]] and notice[filled[k + 1]]:
            notice[i] = True


def clean(lines: list[str] | tuple[str, ...]) -> Cleaned:
    """Repair ``lines`` (the handbook's text, line 1 first) into paragraphs."""
    furniture: dict[int, str] = {}
    stripped = [line.strip() for line in lines]
    # a short line seen on many pages is a running header or footer
    counts = Counter(s for s in stripped if 0 < len(s) <= 30)
    repeated = {s for s, n in counts.items() if n >= 4}
    prefixed = _page_prefixed(stripped)
    headers = running_headers(stripped)
    header = re.compile("|".join(map(re.escape, headers))) if headers else None
    notice = [bool(text) and _is_notice(text, repeated) for text in stripped]
    _sandwiched(stripped, notice)
    kept: list[tuple[int, str, list[Substitution]]] = []
    raw: dict[int, str] = {}
    continued: set[int] = set()  # lines that go on from the previous page's last sentence
    standalone: set[int] = set()  # lines of cells: a paragraph of their own
    for i, text in enumerate(stripped):
        number = i + 1
        if not text:
            kept.append((number, "", []))
            continue
        if notice[i]:
            furniture[number] = text
            continue
        if i in prefixed:
            text = _PAGE_PREFIX.sub("", text, count=1)
            continued.add(number)
        text = _without_refused(_WATERMARKS.sub("", text))
        if header is not None:
            text = header.sub("", text)
        cells = spaced_cells(text.replace("\u3000", " "))
        if cells is not None:
            standalone.add(number)
            text = cells
        text = normalize_width(text).strip()
        raw[number] = text
        text, made = repair(text)
        if text:
            kept.append((number, text, made))
        else:
            furniture[number] = stripped[i]
    return Cleaned(_join(kept, continued, standalone), furniture, {n: t for n, t, _ in kept if t},
                   {n: raw[n] for n, t, _ in kept if t}, {n: made for n, t, made in kept if t and made})


def _ends_sentence(text: str) -> bool:
    return text[-1] in _SENTENCE_END


def _join(kept: list[tuple[int, str, list[Substitution]]], continued: set[int],
          standalone: set[int] | None = None) -> list[Paragraph]:
    """Lines into paragraphs: a line broken inside a sentence is joined to the next one.

    A line is taken as broken when it is long (a wrapped line of body text, not a
    heading), does not end a sentence, and the next line does not start a list
    item or a heading. A page's text that goes on from the previous page
    (``continued``) is joined across the blank lines between pages.
    """
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    last: Paragraph | None = None
    for number, text, made in kept:
        if not text:
            current = None  # a blank line ends a paragraph
            continue
        if current is None and number in continued and last is not None:
            current = last
        if standalone and number in standalone:  # a line of cells is neither the end of one sentence nor the start of the next
            paragraphs.append(Paragraph(text, [(0, number)], {number: made} if made else {}))
            current = last = None
            continue
        if current is not None and not _LIST_START.match(text):
            tail = current.text
            # a line cannot start with a comma or a full stop: that one was broken off the line before
            broken_off = text[0] in "，。、；：？！）”,.;:?!)" and not _ends_sentence(tail)
            # a short line without any punctuation after an unfinished one is a heading, not its end
            title_like = len(text) <= 12 and not re.search(r"[，。、；：？！,.;:?!（）()“”]", text)
            if broken_off or (len(tail) >= 20 and not _ends_sentence(tail) and not title_like):
                glue = " " if tail[-1].isascii() and text[0].isascii() and tail[-1].isalnum() else ""
                current.starts.append((len(tail) + len(glue), number))
                current.text = tail + glue + text
                last = current
                if made:
                    current.repairs[number] = made
                continue
        current = Paragraph(text, [(0, number)], {number: made} if made else {})
        paragraphs.append(current)
        last = current
    return paragraphs
