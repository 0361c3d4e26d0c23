"""The answer judge: whether a typed answer matches a card's key, and why.

One judge marks every answer drill checks (the review screen, ``exam take``,
``exam grade``, ``drill show --try``), so the same answer gets the same verdict
everywhere. It reads an :class:`AnswerKey` from a card (or an exam item) and
returns a :class:`Verdict` with a reason a learner can read::

    >>> judge({"type": "cloze", "answer": "10分钟"}, "1分钟").reason
    'numbers differ: should be 10, you wrote 1'
    >>> judge({"type": "cloze", "answer": "10分钟"}, "1分钟", language="zh-CN").reason
    '数字不同：应为 10，你写的是 1'
    >>> judge({"type": "cloze", "answer": "24小时"}, "二十四小时").correct
    True

The rules, in the order they are applied:

- an empty answer is wrong; an answer longer than :func:`answer_limit` is wrong
  unread (the work per answer is bounded: every rule below runs in time linear
  in the answer's length);
- text is folded first: width, case, punctuation, spaces, traditional to
  simplified characters (有訴必錄 is 有诉必录);
- numbers compare by value: Chinese or Arabic numerals, 两, full-width digits,
  ranges (``1至3``, ``1-3``, ``1～3``), units and their symbols (``㎡``, ``%``),
  shares (七成 = 70% = 百分之七十, 八折 = 80%, 三分之一 = 1/3), clock times
  (22时 = 22点 = 22:00 = 晚上10点); any number that differs makes the answer
  wrong; a number of more than :data:`MAX_DIGITS` digits is compared as written;
- an answer that adds or drops a negation (不、没、未、无、非、别、勿、禁止、不得 …)
  is wrong;
- a short key (a name, a term, a number with its unit) must match exactly after
  normalisation, match an accepted alternative, or differ only by a word of the
  curated synonym table (:mod:`drill.lexicon`: 右侧 = 右边, never 左侧 = 右侧);
- a ``、``-separated key and list recall are judged as sets (as sequences for a
  ``sequence`` fact), item by item (n of m); 和/及/与 separate items like 、, and
  an item may leave off a suffix every item shares (反问 for 反问语气), a word
  opening the whole list (开展) or a 的, or be given in one of its own accepted
  wordings (an ``accept`` entry ``item|other|…`` of a list card);
- standard phrases (``script``, ``prohibited_phrase``) are wrong when they call
  the customer 你 where the standard says 您, or use a prohibited phrase or tone
  of the loaded decks; otherwise they are judged by their key points; without
  key points they are shown and self-rated (``correct is None``);
- longer prose may differ in wording (similarity ≥ :data:`PROSE_PASS`).

``score`` always agrees with ``correct``: 1 when right, below 1 when wrong.

Reasons are in English unless ``language=`` (or :func:`drill.i18n.speaking`, or
the ``drill`` command's language) asks for another: every reason comes from the
message catalog, and nothing global in :mod:`gettext` changes.

In a model answer, placeholders (``××``, ``×××``, ``……``) match any text,
bracketed stage directions (``（等待用户回应）``) are never expected, and
``先生／女士`` accepts either word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .i18n import N_, _, speaking
from .lexicon import ServiceStandards
from .text import PLACEHOLDER, normalize

#: keys up to this many characters (after normalisation) must match exactly
SHORT_KEY = 12
#: least similarity (0–1) at which longer prose counts as the same answer
PROSE_PASS = 0.85
#: least similarity at which a wrong prose answer is "nearly" right
PROSE_NEAR = 0.6
#: card kinds whose typed answer is a standard phrase (judged by key points)
PHRASE_KINDS = frozenset({"script", "prohibited_phrase"})

ALTERNATIVE_SEPARATOR = "|"
#: the reason given for an empty answer (a catalog message: shown as ``_(EMPTY_REASON)``)
EMPTY_REASON = N_("no answer: a blank answer is wrong")
#: the longest answer judged (characters; a longer key allows four times its length)
MAX_ANSWER = 2000
#: the reason given for an answer beyond :func:`answer_limit` (a catalog message, like EMPTY_REASON)
TOO_LONG_REASON = N_("answer too long: over {limit} characters, not marked")
#: what a correct answer's reason starts with when it says more than "correct" (the review screen leaves it off)
CORRECT_PREFIX = N_("correct: ")


def listing(items: tuple[str, ...] | list[str]) -> str:
    """Items named in a reason, joined the way the current language lists them (、 in Chinese)."""
    return _(", ").join(items)


# -- the key ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """What an answer is judged against.

    ``text`` is the model answer as shown; ``accept`` other forms accepted as
    equal; ``items`` the expected items of a list (empty: not a list);
    ``item_accept`` each item's other accepted wordings, in the order of
    ``items`` (empty: none); ``ordered`` whether list items must come in order;
    ``points`` key points, each a ``|``-separated set of synonyms; ``phrase``
    whether the key is a standard phrase (judged by key points, self-rated
    without them).
    """

    text: str
    accept: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    ordered: bool = False
    points: tuple[str, ...] = ()
    phrase: bool = False
    item_accept: tuple[tuple[str, ...], ...] = ()

    def item_wordings(self, k: int) -> tuple[str, ...]:
        """The other accepted wordings of item ``k``."""
        return self.item_accept[k] if k < len(self.item_accept) else ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The model answer and every accepted alternative, model first."""
        return (self.text, *self.accept)


def answer_key(card: Mapping[str, Any]) -> AnswerKey:
    """The key of a card (``Card.model_dump()``, a store's card content), an exam item or a manifest item.

    >>> answer_key({"type": "cloze", "answer": "暂停服务", "accept": ["暂停营业"]}).forms
    ('暂停服务', '暂停营业')
    """
    kind = card.get("kind")
    kind_type = str(card.get("type", ""))
    text = str(card.get("answer") if card.get("answer") is not None else card.get("key", ""))
    accept = tuple(str(a) for a in card.get("accept") or ())
    # a card's key points are ``points``; on an exam item ``points`` is its score, so they are ``key_points``
    listed = card.get("key_points", card.get("points"))
    points = tuple(str(p) for p in listed) if isinstance(listed, list | tuple) else ()
    items: tuple[str, ...] = ()
    if kind_type == "list_recall":
        items = tuple(str(i) for i in card.get("items") or ()) or split_items(text)
    elif kind_type == "cloze":
        parts = split_items(text, separators="、")
        if len(parts) > 1:
            items = parts
        accept += _evening_forms(str(card.get("prompt") or ""), text, accept)
    accept, item_accept = split_accept(items, accept)
    return AnswerKey(
        text=text, accept=accept, items=items, ordered=kind == "sequence", points=points,
        phrase=kind in PHRASE_KINDS, item_accept=item_accept,
    )


def split_accept(items: tuple[str, ...] | list[str], accept: tuple[str, ...] | list[str]
                 ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A list card's ``accept`` as (other whole answers, each item's other wordings in the order of ``items``).

    An entry ``item|other|…`` whose first wording is one of ``items`` gives that
    item's other wordings; any other entry is another whole answer.

    >>> split_accept(("主渠道", "补充渠道"), ("主渠道|主要渠道", "主、补"))
    (('主、补',), (('主要渠道',), ()))
    """
    if not items or not any(ALTERNATIVE_SEPARATOR in a for a in accept):
        return tuple(accept), ()
    index = {normalize(i): k for k, i in enumerate(items)}
    per_item: list[list[str]] = [[] for _ in items]
    whole: list[str] = []
    for entry in accept:
        first, *others = synonyms(entry) if ALTERNATIVE_SEPARATOR in entry else (entry,)
        k = index.get(normalize(first)) if others else None
        if k is None:
            whole.append(entry)
        else:
            per_item[k].extend(o for o in others if o and o not in per_item[k])
    return tuple(whole), tuple(tuple(w) for w in per_item)


def shown_accept(items: tuple[str, ...] | list[str], accept: tuple[str, ...] | list[str]) -> list[str]:
    """A card's accepted answers as a reader reads them: whole answers, then ``item = other／other``.

    >>> shown_accept(("扎账", "盘点"), ("扎账|扎帐",))
    ['扎账 = 扎帐']
    """
    whole, per_item = split_accept(tuple(items), tuple(accept))
    return [*whole, *(f"{item} = {'／'.join(w)}" for item, w in zip(items, per_item) if w)]


def list_forms(key: AnswerKey, limit: int) -> list[str]:
    """Whole answers a literal match (a bank's short answer) should take for a list: each item in any of its
    wordings, items in key order, ``、`` between them; at most ``limit``, the key's own wording first.

    >>> list_forms(AnswerKey("主渠道、补充渠道", items=("主渠道", "补充渠道"), item_accept=(("主要渠道",), ())), 4)
    ['主渠道、补充渠道', '主要渠道、补充渠道']
    """
    import itertools

    wordings = [(item, *key.item_wordings(k)) for k, item in enumerate(key.items)]
    return ["、".join(choice) for choice in itertools.islice(itertools.product(*wordings), limit)]


#: a blank right after one of these is an evening time: 晚[…]以后 keyed 10:00 takes 22:00 too
_EVENING_BLANK = re.compile(r"(?:晚上|晚间|下午|傍晚|晚)\[…\]")


def _evening_forms(prompt: str, text: str, accept: tuple[str, ...]) -> tuple[str, ...]:
    """The 24-hour form of a morning-looking clock key whose blank follows 晚 in the prompt."""
    if not _EVENING_BLANK.search(prompt):
        return ()
    m = re.fullmatch(r"\s*(\d{1,2})([:：]\d{2}|点|时)(.*)", text)
    if not m or not 1 <= int(m.group(1)) < 12:
        return ()
    later = f"{int(m.group(1)) + 12}{m.group(2)}{m.group(3)}"
    return () if later in accept else (later,)


_ITEM_SPLIT = re.compile(r"[、,，;；/／\n\r\t ]+")


def split_items(text: str, separators: str | None = None) -> tuple[str, ...]:
    """Items of a list: split on 、 ， ； / spaces and newlines (or only on ``separators``), not inside brackets.

    >>> split_items("县（市、区）、乡镇", "、")
    ('县（市、区）', '乡镇')
    """
    pattern = _ITEM_SPLIT if separators is None else re.compile("[" + re.escape(separators) + "]+")
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += (ch in "（(【[") - (ch in "）)】]")
        if depth <= 0 and pattern.fullmatch(ch):
            items.append("".join(current))
            current = []
            depth = 0
        else:
            current.append(ch)
    items.append("".join(current))
    return tuple(p.strip() for p in items if normalize(p))


def synonyms(point: str) -> tuple[str, ...]:
    """The synonyms of one key point (``"致歉|道歉|对不起"``)."""
    return tuple(s.strip() for s in point.split(ALTERNATIVE_SEPARATOR))


# -- the verdict -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement on one answer.

    ``correct`` is ``None`` when the answer is not judged (a standard phrase
    with no key points: the learner rates it against the model answer).
    ``identical`` is true when the answer is the model answer up to width,
    case, punctuation and spaces; a correct answer that is not identical was
    accepted as equivalent (:attr:`equivalent`). ``got``/``total`` count the
    items or key points found; ``missing`` names those not found and
    ``extra`` the typed items that match nothing.
    """

    correct: bool | None
    reason: str
    score: float = 0.0
    identical: bool = False
    matched: str | None = None
    got: int | None = None
    total: int | None = None
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    #: true when the answer is wrong in substance (a number or a negation), not only in wording
    decisive: bool = False

    def __post_init__(self) -> None:
        # the score never contradicts the verdict, in any output: full marks only for a right answer
        if self.correct is True:
            object.__setattr__(self, "score", 1.0)
        elif self.correct is None:
            object.__setattr__(self, "score", 0.0)
        elif not 0.0 <= self.score < 1.0:
            object.__setattr__(self, "score", min(max(self.score, 0.0), 0.99))

    @property
    def equivalent(self) -> bool:
        """Accepted although not the model answer as written."""
        return self.correct is True and not self.identical

    def to_dict(self) -> dict[str, Any]:
        return {
            "correct": self.correct, "reason": self.reason, "score": round(self.score, 4),
            "identical": self.identical, "equivalent": self.equivalent, "matched": self.matched,
            "got": self.got, "total": self.total, "missing": list(self.missing), "extra": list(self.extra),
        }


# -- canonical text: numbers by value, units folded -------------------------------------------

_UNIT_SYMBOLS = (
    (re.compile(r"㎡|m²|(?<=\d)m2(?![0-9a-z])|平米"), "平方米"),
    (re.compile(r"㎞|(?<=\d)km(?![a-z])|千米"), "公里"),
    (re.compile(r"㎏|(?<=\d)kg(?![a-z])|千克"), "公斤"),
    (re.compile(r"(?<=\d)(?:hrs?|h)(?![a-z])"), "小时"),
    (re.compile(r"(?<=\d)mins?(?![a-z])"), "分钟"),
    (re.compile(r"个小时"), "小时"),
)
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_ATOM_PATTERN = rf"\d+(?:\.\d+)?(?:[万亿](?![{_CN_DIGITS}]))?|[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
#: a clock time is marked off by _fold (private-use characters never survive into folded text otherwise)
_CLOCK_OPEN, _CLOCK_CLOSE = "\ue000", "\ue001"
_NUMBER = re.compile(
    rf"{_CLOCK_OPEN}(?P<clock>\d{{1,2}}:\d\d){_CLOCK_CLOSE}"
    rf"|(?:(?P<den>{_ATOM_PATTERN})分之)?(?P<atom>{_ATOM_PATTERN})(?:/(?P<over>[1-9]\d{{0,5}})(?![\d.]))?"
    rf"(?P<suffix>%|成(?!不变)|折(?![扣合旧]))?"
)
_RANGE_SEP = re.compile(r"\s*(?:至|到|~|-|－|—|–)\s*")
_RANGE_NEXT = re.compile(rf"\s*(?:至|到|~|-|－|—|–)\s*[\d{_CN_DIGITS}]")
_RANGE_PREVIOUS = re.compile(rf"[\d{_CN_DIGITS}]\s*(?:至|到|~|-|－|—|–)\s*$")
#: a single Chinese numeral counts as a quantity only before one of these (看一遍, 五年), never in 一下, 统一
_MEASURES = "个年月日天周时秒次元角项条名位种级类步声字米倍人件家页遍岁号层度折期轮句张台部批份套趟回"
_MEASURE_WORDS = ("小时", "分钟", "平方", "公里", "公斤", "工作日")
#: runs of numeral characters that are words, not quantities
_NUMERAL_WORDS = frozenset({"万一", "一一", "千万", "万万", "一万"})
#: numerals cn2an does not read alone (百分之, 千分之)
_UNIT_NUMERALS = {"十": Fraction(10), "百": Fraction(100), "千": Fraction(1000), "万": Fraction(10_000)}
#: significant digits beyond which a number is not read as a value but kept as written: no answer needs more,
#: and a 400-digit run must cost no more than its length (no float overflow, no huge integers)
MAX_DIGITS = 24


@dataclass(frozen=True, slots=True)
class _Num:
    value: str

    def __str__(self) -> str:
        return self.value


def _format_value(value: Fraction) -> str:
    """A value as the handbooks write it: 5万 (not 50000), 1.5, 1/3 where no decimal is exact."""
    if value.denominator == 1:
        n = value.numerator
        if n >= 10_000 and n % 10_000 == 0:
            return _format_value(Fraction(n // 10_000)) + "万"
        return str(n)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    with localcontext() as ctx:
        ctx.prec = 2 * MAX_DIGITS + 4
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format(exact.normalize(), "f")


def _format_ratio(ratio: Fraction) -> str:
    """A share (七成, 70%, 百分之七十, 三分之一) as a percent where that is exact, else as a fraction."""
    text = _format_value(ratio * 100)
    return text + "%" if "/" not in text else _format_value(ratio)


def _significant(digits: str) -> int:
    return len(digits.lstrip("0"))


@lru_cache(maxsize=4096)
def _cn_value(run: str) -> Fraction | None:
    if len(run) > MAX_DIGITS:
        return None  # no numeral a handbook writes is this long; cn2an's time and result would grow with it
    from cn2an import cn2an  # slow to import (~0.15 s): only when a Chinese numeral is met

    try:
        value = cn2an(run, "smart")
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return None
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None


def _arabic_value(atom: str) -> Fraction | str:
    """An Arabic numeral's value, or the numeral as written when it has more than MAX_DIGITS digits."""
    mult = 1
    if atom[-1] in "万亿":
        mult = 10_000 if atom[-1] == "万" else 100_000_000
        atom = atom[:-1]
    whole, _dot, fraction = atom.partition(".")
    if _significant(whole) + len(fraction) > MAX_DIGITS:
        return (whole.lstrip("0") or "0") + ("." + fraction if fraction else "") + ("万" if mult == 10_000 else
                                                                                      "亿" if mult > 1 else "")
    return Fraction(atom) * mult


def _atom_value(atom: str, text: str, start: int, end: int, ratio: bool) -> Fraction | str | None:
    if atom[0].isdigit():
        return _arabic_value(atom)
    if atom in _NUMERAL_WORDS and not text.startswith(_MEASURE_WORDS, end):
        return None
    quantity = (
        len(atom) > 1
        or ratio
        or text[start - 1 : start] == "第"
        or text[end : end + 1] in _MEASURES and text[end : end + 1] != ""
        or text.startswith(_MEASURE_WORDS, end)
        or text.strip() == atom
        or _RANGE_NEXT.match(text, end) is not None
        or _RANGE_PREVIOUS.search(text, max(0, start - 4), start) is not None
    )
    if not quantity:
        return None
    if len(atom) > MAX_DIGITS:
        return atom  # kept as written: compared as text, never evaluated
    return _cn_value(atom)


def _number_at(m: re.Match[str], folded: str) -> str | None:
    """The canonical value of one number match (``70%``, ``1/3``, ``22:00``, ``5万``), None when it is no number."""
    if m.group("clock"):
        return m.group("clock")
    suffix = m.group("suffix") or ""
    den_text, over = m.group("den"), m.group("over")
    ratio = bool(suffix or den_text or over)
    value = _atom_value(m.group("atom"), folded, m.start("atom"), m.end("atom"), ratio)
    if value is None:
        return None
    if isinstance(value, str):
        return value + suffix  # an absurd magnitude: as written
    if den_text or over:
        den = (_arabic_value(over) if over else _UNIT_NUMERALS.get(den_text)
               or _atom_value(den_text, folded, m.start("den"), m.end("den"), True))
        if not isinstance(den, Fraction) or den == 0:
            return None
        return _format_ratio(value / den)
    if suffix == "%":
        return _format_ratio(value / 100)
    if suffix == "成":
        return _format_ratio(value / 10)
    if suffix == "折":  # 八折 is 80 % of the price, 八五折 85 %, 8.5折 85 %
        return _format_ratio(value / 10 if value < 10 else value / 100)
    return _format_value(value)


#: punctuation that can belong to a number (1.5, 1-3, 1~3, 20%, 7:30, 1/3); all other punctuation and spaces go
_NUMBER_MARKS = frozenset(".-~—–%:/")
_STRAY_COLONS = re.compile(r"(?<!\d):|:(?!\d)")
_STRAY_DOTS = re.compile(r"(?<!\d)\.|\.(?!\d)")
_STRAY_SLASHES = re.compile(r"(?<!\d)/|/(?![1-9])")
_STRAY_DASHES = re.compile(rf"(?<![\d{_CN_DIGITS}%])[-~—–]|[-~—–](?![\d{_CN_DIGITS}])")

#: parts of the day before a clock time; after noon ones add 12 hours to 1–11 (晚上10点 is 22:00)
_PERIODS_PM = ("下午", "傍晚", "晚上", "夜里", "夜间", "晚间", "晚")
_PERIODS_AM = ("早上", "上午", "凌晨", "早晨", "清晨", "早")
_PERIOD = "|".join(sorted((*_PERIODS_PM, *_PERIODS_AM, "中午"), key=len, reverse=True))
#: clock times: 7:30, 7点30, 7点半, 七点半, 十点整, 八点钟, 8点前, 22时, 22时30分, 晚上10点
#: (a bare 三点 is "three points", not a time; 二十二时 is a time)
_TIME = re.compile(
    rf"(?P<period3>{_PERIOD})(?<![\d{_CN_DIGITS}.])(?P<h3>[{_CN_DIGITS}]{{1,3}})点(?![\d{_CN_DIGITS}半整钟])"
    rf"|(?P<period>{_PERIOD})?(?<![\d{_CN_DIGITS}.])"
    rf"(?:(?P<h1>\d{{1,2}})(?::(?P<m1>\d{{2}})(?!\d)|[点时](?:(?P<m2>\d{{1,2}})分?|(?![\d{_CN_DIGITS}])))"
    rf"|(?P<h2>[{_CN_DIGITS}]{{1,3}})(?:点(?:(?P<half>半)|整|钟|(?P<m3>[{_CN_DIGITS}]{{1,3}})分)"
    rf"|时(?:(?P<m4>[{_CN_DIGITS}]{{1,3}})分|(?![\d{_CN_DIGITS}分])))(?!间|候|期))"
)


def _clock(m: re.Match[str]) -> str:
    hour = m.group("h1") or m.group("h2") or m.group("h3")
    minutes = m.group("m1") or m.group("m2") or m.group("m3") or m.group("m4") or ("30" if m.group("half") else "0")
    h = int(hour) if hour.isdigit() else _cn_value(hour)
    mm = int(minutes) if minutes.isdigit() else _cn_value(minutes)
    if h is None or mm is None or not (0 <= h <= 24 and 0 <= mm < 60) or int(h) != h or int(mm) != mm:
        return m.group()
    h, mm = int(h), int(mm)
    period = m.group("period") or m.group("period3") or ""
    if period in _PERIODS_PM and 1 <= h < 12 or period == "中午" and 1 <= h < 3:
        h += 12
    return f"{_CLOCK_OPEN}{h}:{mm:02d}{_CLOCK_CLOSE}"


@lru_cache(maxsize=1)
def _simplifier() -> Any:
    import opencc  # the dictionaries ship inside the wheel: nothing is downloaded

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters (有訴必錄 → 有诉必录); ASCII text is returned as is.

    >>> simplified("有訴必錄")
    '有诉必录'
    """
    return text if text.isascii() else str(_simplifier().convert(text))


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text.replace("㎡", "平方米").replace("m²", "平方米")).casefold()
    folded = simplified(folded)
    # spaces and punctuation go before numbers are read, so 五，年 reads as 五年
    folded = "".join(ch for ch in folded if ch in _NUMBER_MARKS or unicodedata.category(ch)[0] not in "PZC")
    # then the marks that stand outside a number; dots first: 10.-15 is 10-15
    folded = _STRAY_DASHES.sub("", _STRAY_SLASHES.sub("", _STRAY_DOTS.sub("", _STRAY_COLONS.sub("", folded))))
    if ":" in folded or "点" in folded or "时" in folded:
        folded = _TIME.sub(_clock, folded).replace(":", "")
        folded = re.sub(rf"{_CLOCK_OPEN}(\d+)(\d\d){_CLOCK_CLOSE}", rf"{_CLOCK_OPEN}\1:\2{_CLOCK_CLOSE}", folded)
    for pattern, unit in _UNIT_SYMBOLS:
        folded = pattern.sub(unit, folded)
    return folded


#: texts longer than this share a cache of only a few entries (the answer being judged, read by several
#: rules): a grader's thousands of long answers must not fill memory; keys and short answers, which
#: repeat, have the large cache
_CACHED_LENGTH = 256


def canon_parts(text: str) -> tuple[str | _Num, ...]:
    """``text`` as normalised text pieces and numbers (by value; ranges as ``a至b``; shares as ``n%``)."""
    return _canon_parts_cached(text) if len(text) <= _CACHED_LENGTH else _canon_parts_long(text)


@lru_cache(maxsize=8192)
def _canon_parts_cached(text: str) -> tuple[str | _Num, ...]:
    return _canon_parts(text)


@lru_cache(maxsize=8)
def _canon_parts_long(text: str) -> tuple[str | _Num, ...]:
    return _canon_parts(text)


def _canon_parts(text: str) -> tuple[str | _Num, ...]:
    folded = _fold(text)
    parts: list[str | _Num] = []
    pos = 0
    for m in _NUMBER.finditer(folded):
        value = _number_at(m, folded)
        if value is None:
            continue
        between = folded[pos : m.start()]
        if parts and isinstance(parts[-1], _Num) and _RANGE_SEP.fullmatch(between):  # 1至3, 1-3: one range
            low = parts.pop()
            assert isinstance(low, _Num)
            percent = value.endswith("%")
            suffix = "%" if percent or low.value.endswith("%") else ""
            parts.append(_Num(f"{low.value.rstrip('%')}至{value.rstrip('%')}{suffix}"))
        else:
            if between:
                parts.append(_normalized(between))
            parts.append(_Num(value))
        pos = m.end()
    if folded[pos:]:
        parts.append(_normalized(folded[pos:]))
    return tuple(p for p in parts if p != "")


def _joined(parts: tuple[str | _Num, ...]) -> str:
    return "".join(f"⟨{p}⟩" if isinstance(p, _Num) else p for p in parts)


def canon(text: str) -> str:
    """``text`` folded for comparison: width, case, punctuation, spaces, numerals and units.

    >>> canon("二十四小时") == canon("24 小时") == canon("２４个小时")
    True
    """
    joined = _joined(canon_parts(text))
    # NFKC splits a spacing accent (´ → space + U+0301); once the space and marks between are dropped the
    # accent joins a letter, so compose again or folding twice would differ from folding once
    return joined if unicodedata.is_normalized("NFC", joined) else unicodedata.normalize("NFC", joined)


def numbers(text: str) -> tuple[str, ...]:
    """The numbers of ``text`` by value, in order (``"1至3天"`` → ``("1至3",)``)."""
    return tuple(p.value for p in canon_parts(text) if isinstance(p, _Num))


# -- negation --------------------------------------------------------------------------------

#: words that hold a negation character but negate nothing (an apology, "very", "other" …)
_NOT_NEGATIONS = (
    "不好意思", "对不起", "了不起", "不客气", "不用谢", "没关系", "不断", "不仅", "不但", "不久", "不少", "不错",
    "不过", "不管", "不便", "不周", "不适", "不停", "无论", "非常", "是非", "无线",
    "无偿", "未来", "别人", "别的", "特别", "区别", "分别", "级别", "类别", "识别", "告别", "性别", "鉴别", "辨别",
    "个别", "差别", "派别", "除非", "莫过于",
    # A-not-A questions ask, they do not deny
    "是不是", "有没有", "对不对", "好不好", "要不要", "能不能", "可不可以", "行不行", "会不会", "方不方便",
    # reassurance a service script may add
    "别着急", "不着急", "不要着急", "别担心", "不用担心", "不要担心", "不必担心",
)
_NOT_NEGATIONS_RE = re.compile("|".join(sorted(map(re.escape, _NOT_NEGATIONS), key=len, reverse=True)))
_NEGATION = re.compile(r"禁止|不得|不|没|未|无|非|别|勿|莫|甭|休想")


def negations(text: str) -> tuple[str, ...]:
    """The negation words of ``text`` (words like 不好意思 or 非常 are not negations).

    >>> negations("请您稍等，我不为您办理")
    ('不',)
    >>> negations("不好意思，让您久等了")
    ()
    """
    folded = _NOT_NEGATIONS_RE.sub("", simplified(_normalized(text)))
    return tuple(_NEGATION.findall(folded))


# -- model answers: placeholders, stage directions, 甲／乙 ------------------------------------

_OPENING = "（(【["
_CLOSING = "）)】]"
_RUN = r"[^，。、；：？！,.;:?!「」『』“”‘’\"'\s×…/／]+"
_SLASH_ALTERNATIVES = re.compile(rf"{_RUN}(?:[/／]{_RUN})+")


def strip_directions(text: str) -> str:
    """``text`` without bracketed stage directions or notes (``（等待用户回应）``, ``（全名）``), nested ones too.

    One pass with a stack: the time grows with the length only, however deep the brackets.

    >>> strip_directions("请稍等（（微笑）点头）好的")
    '请稍等好的'
    """
    if not any(ch in text for ch in _OPENING):
        return text
    out: list[str] = []
    opened: list[int] = []
    for ch in text:
        if ch in _OPENING:
            opened.append(len(out))
            out.append(ch)
        elif ch in _CLOSING and opened:
            del out[opened.pop() :]
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Form:
    """One accepted form, compiled: a pattern over canonical text, its plain reading, its facts."""

    text: str
    pattern: re.Pattern[str]
    plain: str
    numbers: tuple[str, ...]
    negations: tuple[str, ...]
    has_placeholder: bool


@lru_cache(maxsize=1)
def _synonym_table() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern finding any word of :data:`drill.lexicon.SYNONYM_GROUPS` in canonical text, and word → group."""
    from .lexicon import SYNONYM_GROUPS

    group_of: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        words = sorted({canon(w) for w in group}, key=len, reverse=True)
        alternation = "(?:" + "|".join(map(re.escape, words)) + ")"
        for w in words:
            group_of[w] = alternation
    if not group_of:
        return None, group_of
    return re.compile("|".join(map(re.escape, sorted(group_of, key=len, reverse=True)))), group_of


def _literal(text: str, optional_de: bool = False) -> str:
    """A pattern for ``text`` as canonical text; a word of a synonym group matches any word of its group."""
    folded = canon(text)
    finder, group_of = _synonym_table()
    pieces: list[str] = []
    pos = 0
    for m in finder.finditer(folded) if finder else ():
        pieces.append(re.escape(folded[pos : m.start()]))
        pieces.append(group_of[m.group()])
        pos = m.end()
    pieces.append(re.escape(folded[pos:]))
    pattern = "".join(pieces)
    return pattern.replace("的", "(?:的)?") if optional_de else pattern


@lru_cache(maxsize=4096)
def compile_form(text: str, optional_de: bool = False) -> _Form:
    """A model answer or alternative, ready to match canonical answers against.

    A placeholder matches any text. All but the last are matched atomically
    (the leftmost place the text after it fits is taken, never revisited), so
    matching stays linear however many placeholders a model answer has.
    ``optional_de``: every 的 of the form may be left out (list items).
    """
    body = strip_directions(text)
    segments: list[str | None] = []  # None: a placeholder
    plain: list[str] = []
    pos = 0
    tokens = sorted(
        [(m.start(), m.end(), "ph", m.group()) for m in PLACEHOLDER.finditer(body)]
        + [(m.start(), m.end(), "alt", m.group()) for m in _SLASH_ALTERNATIVES.finditer(body)]
    )
    for start, end, what, token in tokens:
        if start < pos:
            continue
        segments.append(_literal(body[pos:start], optional_de))
        plain.append(body[pos:start])
        if what == "ph":
            segments.append(None)
        else:
            options = [o for o in re.split(r"[/／]", token) if o]
            segments.append("(?:" + "|".join(_literal(o, optional_de) for o in options) + ")")
            # where an alternative ends is a guess (在×小时／天内); the reading keeps every word
            plain.append("".join(options))
        pos = end
    segments.append(_literal(body[pos:], optional_de))
    plain.append(body[pos:])
    holes = [i for i, s in enumerate(segments) if s is None]
    pieces: list[str] = []
    i = 0
    while i < len(segments):
        segment = segments[i]
        if segment is not None:
            pieces.append(segment)
        elif i == holes[-1]:
            pieces.append(".*?")
        else:  # up to the next placeholder, taken at its leftmost fit
            following = holes[holes.index(i) + 1]
            pieces.append("(?>.*?" + "".join(s for s in segments[i + 1 : following] if s is not None) + ")")
            i = following
            continue
        i += 1
    reading = "".join(plain)
    return _Form(
        text=text, pattern=re.compile("".join(pieces), re.DOTALL), plain=reading, numbers=numbers(reading),
        negations=negations(reading), has_placeholder=bool(holes),
    )


# -- judging ---------------------------------------------------------------------------------


def judge(key: AnswerKey | Mapping[str, Any], answer: str | None, standards: ServiceStandards | None = None, *,
          language: str | None = None) -> Verdict:
    """Judge ``answer`` against ``key`` (an :class:`AnswerKey`, or a card / exam item as a mapping).

    ``standards``: the prohibited phrases and tones of the loaded decks
    (:func:`drill.lexicon.standards_from_decks`); a standard phrase that uses one
    is wrong whatever its key points. The reason is in ``language`` (``"en"``,
    ``"zh-CN"``; default: the current language, English unless the host chose).

    >>> judge({"type": "cloze", "answer": "嘲笑、责备"}, "责备和嘲笑").correct
    True
    >>> judge({"type": "typed", "kind": "script", "answer": "您好", "points": ["您好|你好"]}, "你好").correct
    False
    """
    if not isinstance(key, AnswerKey):
        key = answer_key(key)
    if language is None:
        return _judge(key, answer, standards)
    with speaking(language):
        return _judge(key, answer, standards)


def _judge(key: AnswerKey, answer: str | None, standards: ServiceStandards | None) -> Verdict:
    if answer is None:
        return Verdict(False, _(EMPTY_REASON), decisive=True)
    limit = answer_limit(key)
    if len(answer) > limit:
        # bounded work per answer: nothing past the limit is read, whatever it holds
        return Verdict(False, _(TOO_LONG_REASON).format(limit=limit), decisive=True)
    if not _normalized(strip_directions(answer)) and not numbers(answer):
        return Verdict(False, _(EMPTY_REASON), decisive=True)
    identical = _normalized(answer) == normalize(key.text)
    given = canon(strip_directions(answer))
    forms = [compile_form(f) for f in key.forms]
    if key.phrase:
        problem = _standard_problem(forms, answer, given, standards)
        if problem:
            return Verdict(False, problem, decisive=True)
    for form in forms:
        # a list typed as the model answer is still reported item by item (3 项全对)
        if form.pattern.fullmatch(given) and not (key.items and form.text == key.text):
            return _accepted(key, form, answer, identical)
    for form in forms:  # a 的 of the key left out (产品推广 for 产品的推广): the same words, the same meaning
        if "的" in form.plain and compile_form(form.text, optional_de=True).pattern.fullmatch(given):
            return _accepted(key, form, answer, identical)
    if key.items:
        return _judge_list(key, answer, identical)
    if key.phrase:
        return _judge_phrase(key, forms[0], answer, given)
    model = forms[0]
    if len(canon(model.plain)) <= SHORT_KEY and not model.has_placeholder:
        # say what differs from the accepted form the answer comes closest to
        nearest = max(forms, key=lambda f: _similarity(given, canon(f.plain)))
        return _judge_short(nearest, answer, given)
    return _judge_prose(forms, answer, given)


def _normalized(text: str) -> str:
    """:func:`drill.text.normalize`, with long texts kept in a cache of a few entries only."""
    return normalize(text) if len(text) <= _CACHED_LENGTH else _normalized_long(text)


@lru_cache(maxsize=8)
def _normalized_long(text: str) -> str:
    return normalize.__wrapped__(text)


def answer_limit(key: AnswerKey) -> int:
    """The longest answer judged for ``key``: :data:`MAX_ANSWER` characters, or four times a longer key."""
    return max(MAX_ANSWER, 4 * len(key.text))


def _accepted(key: AnswerKey, form: _Form, answer: str, identical: bool) -> Verdict:
    if identical:
        return Verdict(True, _("correct"), 1.0, identical=True, matched=form.text)
    if form.text != key.text:
        return Verdict(True, _("correct: matches the accepted answer 「{answer}」").format(answer=form.text), 1.0,
                       matched=form.text)
    if form.has_placeholder:
        return Verdict(True, _("correct: matches the model answer (×× may be any text)"), 1.0, matched=form.text)
    return Verdict(True, _("correct: worded differently from the model answer, with the same meaning "
                           "(numbers, units, traditional characters or synonyms)"), 1.0, matched=form.text)


#: a number longer than this is shown cut in a reason (the rest is still compared)
_SHOWN_DIGITS = 16


def _shown(value: str) -> str:
    if len(value) <= _SHOWN_DIGITS:
        return value
    return _("{start}…{end} ({count} digits)").format(start=value[:6], end=value[-4:], count=len(value))


def _listed(values: list[str]) -> str:
    shown = listing([_shown(v) for v in values[:5]])
    return shown if len(values) <= 5 else _("{numbers} and more ({count} in all)").format(
        numbers=shown, count=len(values))


def _number_problem(expected: tuple[str, ...], given: tuple[str, ...]) -> str | None:
    if sorted(expected) == sorted(given):
        return None
    missing = list(expected)
    extra = []
    for n in given:
        if n in missing:
            missing.remove(n)
        else:
            extra.append(n)
    if missing and extra:
        return _("numbers differ: should be {expected}, you wrote {given}").format(
            expected=_listed(missing), given=_listed(extra))
    if missing:
        return _("a number is missing: should be {expected}").format(expected=_listed(missing))
    return _("a number too many: {given} (not in the answer)").format(given=_listed(extra))


def _negation_problem(expected: tuple[str, ...], given: tuple[str, ...]) -> str | None:
    if len(expected) == len(given):
        return None
    if len(given) > len(expected):
        added = list(given)
        for n in expected:
            if n in added:
                added.remove(n)
        return _("opposite meaning: the answer has no such negation, you wrote 「{words}」").format(
            words=listing(added) or given[0])
    dropped = list(expected)
    for n in given:
        if n in dropped:
            dropped.remove(n)
    return _("opposite meaning: the answer has the negation 「{words}」, yours does not").format(
        words=listing(dropped) or expected[0])


def _substance(form: _Form, answer: str) -> str | None:
    """A number or a negation that differs from ``form``, as a reason (None when both agree)."""
    return _number_problem(form.numbers, numbers(answer)) or _negation_problem(form.negations, negations(answer))


def _text_of(parts: tuple[str | _Num, ...]) -> str:
    return "".join(p for p in parts if not isinstance(p, _Num))


def _judge_short(model: _Form, answer: str, given: str) -> Verdict:
    problem = _substance(model, answer)
    if problem:
        return Verdict(False, problem, decisive=True)
    expected_parts, given_parts = canon_parts(model.plain), canon_parts(strip_directions(answer))
    unit = _text_of(expected_parts)
    if model.numbers and not _text_of(given_parts) and unit:  # 180 for 180平方米
        return Verdict(False, _("the unit is missing: should be 「{expected}」, you wrote only the number").format(
            expected=strip_directions(model.text).strip()), 0.5)
    return Verdict(False, _("does not match: should be 「{expected}」 (a short answer must match exactly)").format(
        expected=strip_directions(model.text).strip()), _similarity(given, canon(model.plain)))


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.fuzz import ratio

    return ratio(a, b) / 100.0 if a and b else 0.0


def _judge_prose(forms: list[_Form], answer: str, given: str) -> Verdict:
    best: tuple[float, _Form] | None = None
    problem: str | None = None
    for form in forms:
        if form.has_placeholder:
            continue  # "any text" cannot be compared by similarity
        form_problem = _substance(form, answer)
        score = _similarity(given, canon(form.plain))
        if form_problem:
            problem = problem or form_problem
            continue
        if best is None or score > best[0]:
            best = (score, form)
    if best is not None and best[0] >= PROSE_PASS:
        score, form = best
        return Verdict(True, _("correct: the same meaning as the answer ({similarity} similar)").format(
            similarity=f"{score:.0%}"), 1.0, matched=form.text)
    if problem and (best is None or best[0] < PROSE_NEAR):
        return Verdict(False, problem, decisive=True)
    if best is None:
        return Verdict(False, _("does not match: should be 「{expected}」").format(
            expected=strip_directions(forms[0].text).strip()))
    return Verdict(False, _("far from the answer ({similarity} similar)").format(similarity=f"{best[0]:.0%}"),
                   best[0])


#: most characters a key point may have inserted inside it (我们的失误 → 我们工作上的失误)
_POINT_GAP = 4
_NOT_INSERTABLE = re.compile(r"[\d⟨⟩您你我他她们客户]")


def _point_found(point: str, given: str) -> bool:
    """Whether one key point (any of its synonyms) is in the canonical answer ``given``.

    A synonym of four characters or more also matches with a few characters
    inserted at one place (我们工作上的失误 for 我们的失误), as long as what is
    inserted holds no number and no negation.
    """
    for word in synonyms(point):
        if not word:
            continue
        form = compile_form(word)
        if form.pattern.search(given):
            return True
        target = canon(form.plain)
        if len(target) < 4 or form.has_placeholder or "⟨" in target:
            continue
        for cut in range(2, len(target) - 1):
            left, right = target[:cut], target[cut:]
            for m in re.finditer(f"{re.escape(left)}(.{{1,{_POINT_GAP}}}?){re.escape(right)}", given):
                inserted = m.group(1)
                # never a number, a negation, or a person (我们说您的失误 is not 我们的失误)
                if not negations(inserted) and not _NOT_INSERTABLE.search(inserted):
                    return True
    return False


def missing_points(points: tuple[str, ...] | list[str], answer: str) -> tuple[str, ...]:
    """The key points (each named by its first synonym) that ``answer`` does not carry.

    >>> missing_points(["致歉|道歉|对不起", "尽快处理"], "对不起，我们会尽快处理")
    ()
    """
    given = canon(strip_directions(answer))
    return tuple(synonyms(p)[0] for p in points if not _point_found(p, given))


def _standard_problem(forms: list[_Form], answer: str, given: str, standards: ServiceStandards | None) -> str | None:
    """What makes a reply to a customer wrong whatever it says: 你 for 您, a prohibited phrase or tone."""
    models = [canon(f.plain) for f in forms]
    for phrase in standards.phrases if standards else ():
        core = canon(_PHRASE_TAIL.sub("", strip_directions(phrase)))
        form = compile_form(core) if core else None
        if form is None or len(canon(form.plain)) < 2 or any(form.pattern.search(m) for m in models):
            continue
        if form.pattern.search(given):
            return _("uses the prohibited phrase 「{phrase}」").format(phrase=phrase.strip())
    for tone, marker in standards.markers() if standards else ():
        word = canon(marker)
        if word and word in given and not any(word in m for m in models):
            return _("the wrong tone ({tone}): 「{marker}」").format(tone=tone, marker=marker)
    if all("您" in m and "你" not in m for m in models) and "你" in given:
        return _("the wrong form of address: the standard calls the customer 「您」, your answer says 「你」")
    return None


#: particles and question marks a prohibited phrase may end with that a reply may leave off (我也没办法啊)
_PHRASE_TAIL = re.compile(r"[啊呀吗呢吧嘛哦？?。！!…]+$")


def _judge_phrase(key: AnswerKey, model: _Form, answer: str, given: str) -> Verdict:
    if not key.points:
        return Verdict(None, _("the standard phrase lists no key points: compare with the model answer and rate "
                               "yourself"))
    # free wording may drop a negation the model answer happens to use (与一般人不一样), never add one
    said = negations(answer)
    problem = _negation_problem(model.negations, said) if len(said) > len(model.negations) else None
    found = [p for p in key.points if _point_found(p, given)]
    missing = tuple(synonyms(p)[0] for p in key.points if p not in found)
    n, m = len(found), len(key.points)
    if problem:
        return Verdict(False, problem, 0.0, got=n, total=m, missing=missing, decisive=True)
    if missing:
        return Verdict(False, _("key points missing ({got}/{total}): {points}").format(
            got=n, total=m, points=listing(missing)), n / m, got=n, total=m, missing=missing)
    return Verdict(True, _("correct: every key point ({total}/{total})").format(total=m), 1.0, got=m, total=m)


#: words that join list items like 、 (嘲笑和责备)
_CONJUNCTIONS = re.compile(r"(?:以及|还有|和|及|与|跟|并|或)+")
#: a verb or quantifier that opens a list and applies to every item (开展培训、竞赛、评比 → 竞赛 is an item)
_LIST_OPENERS = ("开展", "进行", "加强", "做好", "提供", "保持", "各类", "各种", "各项", "所有", "一切")


def _shared_suffix(items: list[str]) -> str:
    """The ending every item shares, when each item keeps at least two characters without it (语气 of 反问语气)."""
    if len(items) < 2:
        return ""
    suffix = items[0]
    for item in items[1:]:
        while suffix and not item.endswith(suffix):
            suffix = suffix[1:]
    return suffix if suffix and all(len(i) - len(suffix) >= 2 for i in items) else ""


def _item_variants(items: list[str], wordings: tuple[tuple[str, ...], ...] = ()) -> list[list[str]]:
    """For each item (canonical), the texts an answer may give for it: as written, then shortened forms.

    ``wordings``: each item's other accepted wordings (:attr:`AnswerKey.item_accept`), shortened alike.
    """
    canonical = [canon(strip_directions(i)) for i in items]
    suffix = _shared_suffix(canonical)
    prefix = _shared_suffix([c[::-1] for c in canonical])[::-1]
    # a shared 禁止 or 不 is what the items say, never left out (泄露客户信息 is not 禁止泄露客户信息)
    suffix, prefix = ("" if negations(x) or "⟨" in x else x for x in (suffix, prefix))
    out: list[list[str]] = []
    for k, c in enumerate(canonical):
        variants = [c]
        if suffix:
            variants.append(c[: -len(suffix)])
        if prefix:
            variants.append(c[len(prefix) :])
        if k == 0 and not prefix:
            opener = next((o for o in _LIST_OPENERS if c.startswith(o) and len(c) - len(o) >= 2), None)
            if opener and not any(other.startswith(opener) for other in canonical[1:]):
                variants.append(c[len(opener) :])
        for other in (canon(strip_directions(w)) for w in (wordings[k] if k < len(wordings) else ())):
            if suffix and other.endswith(suffix) and len(other) - len(suffix) >= 2:
                variants.append(other[: -len(suffix)])
            if prefix and other.startswith(prefix) and len(other) - len(prefix) >= 2:
                variants.append(other[len(prefix) :])
        out.append([v for v in dict.fromkeys(variants) if v and "⟨" not in v or v == c])
    return out


def _find_items(items: list[str], text: str, wordings: tuple[tuple[str, ...], ...] = ()
                ) -> tuple[dict[int, int], list[str]]:
    """Where each item stands in the canonical answer ``text``: item index → position, and the text left over.

    Items are looked for as written (longest first, so 自助服务 is not taken for
    服务), whatever separates them — 、，spaces, 和/及/与 or nothing; then in
    another wording accepted for the item (``wordings``, in the order of
    ``items``); then without a suffix every item shares, a word opening the
    whole list, or a 的. A long item (a duty, a rule) may also be a leftover
    stretch in other words (similarity ≥ :data:`PROSE_PASS`, same numbers and
    negations).
    """
    forms = [compile_form(i) for i in items]
    loose = [compile_form(i, optional_de=True) for i in items]
    variants = _item_variants(items, wordings)
    others = [sorted((compile_form(w) for w in (wordings[k] if k < len(wordings) else ())),
                     key=lambda f: -len(canon(f.plain))) for k in range(len(items))]
    longest = [max([len(canon(forms[k].plain)), *(len(canon(f.plain)) for f in others[k])]) for k in range(len(items))]
    found: dict[int, int] = {}
    for k in sorted(range(len(items)), key=lambda k: -longest[k]):
        if not canon(forms[k].plain):
            found[k] = -1  # nothing to type (only a note in brackets)
            continue
        # as written first (监督／评估者 typed whole), then as its pattern (either word), then in another
        # accepted wording, then shortened
        m = None
        for variant in variants[k]:
            m = re.search(re.escape(variant), text)
            if m:
                break
            if variant is variants[k][0]:
                m = forms[k].pattern.search(text) or loose[k].pattern.search(text) or next(
                    (hit for f in others[k] if (hit := f.pattern.search(text))), None)
                if m:
                    break
        if m and m.end() > m.start():
            found[k] = m.start()
            text = text[: m.start()] + "\x00" * (m.end() - m.start()) + text[m.end() :]
    runs = [(m.start(), m.group()) for m in re.finditer(r"[^\x00]+", text) if not _CONJUNCTIONS.fullmatch(m.group())]
    for k, form in enumerate(forms):
        target = canon(form.plain)
        if k in found or len(target) <= SHORT_KEY:
            continue
        scored = [(_similarity(run, target), pos, run) for pos, run in runs if not _substance(form, run)]
        best = max(scored, default=None)
        if best is not None and best[0] >= PROSE_PASS:
            found[k] = best[1]
            runs.remove((best[1], best[2]))
    return found, [run for _, run in runs]


def _judge_list(key: AnswerKey, answer: str, identical: bool) -> Verdict:
    items = list(key.items)
    m = len(items)
    found, left = _find_items(items, canon(strip_directions(answer)), key.item_accept)
    missing = tuple(i for k, i in enumerate(items) if k not in found)
    extra = tuple(left)
    n = len(found)
    in_order = [found[k] for k in sorted(found)] == sorted(found.values())
    if n == m and not extra and (in_order or not key.ordered):
        if identical:
            return Verdict(True, _("correct: all {total} items").format(total=m), 1.0, identical, got=m, total=m)
        how = _("correct: all {total} items, in order") if key.ordered else \
            _("correct: all {total} items (in any order)")
        return Verdict(True, how.format(total=m), 1.0, identical, got=m, total=m)
    bits = [_("{got} of {total} items right").format(got=n, total=m)]
    if missing:
        bits.append(_("missing: {items}").format(items=listing(missing)))
    if extra:
        shown = listing(extra[:5])
        if len(extra) > 5:
            shown = _("{items} and more ({count} in all)").format(items=shown, count=len(extra))
        bits.append(_("not in the answer: {items}").format(items=shown))
    score = n / (m + len(extra))
    if key.ordered and not in_order:
        bits.append(_("the wrong order; it is: {items}").format(items=" → ".join(items)))
        placed = sorted(found, key=lambda k: found[k])
        score = sum(1 for a, b in zip(placed, range(m)) if a == b) / m
    return Verdict(False, _("; ").join(bits), score, got=n, total=m, missing=missing, extra=extra)


__all__ = [
    "CORRECT_PREFIX",
    "EMPTY_REASON",
    "MAX_ANSWER",
    "MAX_DIGITS",
    "PHRASE_KINDS",
    "PLACEHOLDER",
    "PROSE_NEAR",
    "PROSE_PASS",
    "SHORT_KEY",
    "TOO_LONG_REASON",
    "AnswerKey",
    "ServiceStandards",
    "Verdict",
    "answer_key",
    "answer_limit",
    "canon",
    "compile_form",
    "judge",
    "list_forms",
    "listing",
    "missing_points",
    "negations",
    "numbers",
    "shown_accept",
    "simplified",
    "split_accept",
    "split_items",
    "strip_directions",
    "synonyms",
]
