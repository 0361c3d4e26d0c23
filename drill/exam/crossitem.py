"""Items judged in each other's company: what one item on a paper tells about another.

A card can be fair alone and unfair beside another. Besides one item printing
another's written answer (:func:`drill.exam.assemble.leaks`), a candidate
reasons across items:

* **elimination through shared options** — 客户/帐户/用户 offered in three items
  whose stems each define one of them: an option that is right in one item and
  wrong in another tells the candidate where it does *not* belong (the same for
  one item's key offered as another's distractor, 多选 included);
* **a level or number list against a statement** — an item offering A级/B级/C级
  answers 「客户信用设置5个级别」 in another;
* **a scoring point printed elsewhere** — a 简答 item scored on 路途 beside an
  item whose stem says 路途.

* **a step order told elsewhere** — 「销号后余额可退还的…」 in one item fixes that 办理销号 comes
  before 查询余额是否可退还 in an ordering item;
* **an odd one out's members named elsewhere** — 流动服务岗 and 综合业务受理岗 offered as posts in a
  「哪个岗位的职责」 item confirm two members of 「按工作内容设置的岗位」 and leave the key to guess;
* **an accepted answer printed with a gap** — 「你应主动向客户问候」 beside a blank that accepts 主动问候;
* **a key of parts told elsewhere** — 「不是被动的服务提供者，而是主动的意见贡献者」 beside a blank keyed 主动与被动;
* **an option said elsewhere** — 「因时、因事、因人的合宜原则」 beside 「哪一项是指…」 offering 合宜原则;
* **one subject asked twice** — 「流动服务岗兼做…」 beside 「以下哪些是「流动服务岗」的岗位职责？」;
* **one answer twice** — two blanks that both accept 暂停营业.

Each rule takes two cards and returns why they cannot stand on one paper, or
``None``; :func:`conflict` runs them all. Assembly never puts such a pair on a
paper; :func:`paper_conflicts` lists them for a paper already made.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..card import Card, CardType, Option, content_hash
from ..i18n import _
from ..text import normalize

T = TypeVar("T")

#: Card types whose options are choices a candidate weighs (not 正确/错误, not steps to order).
CHOICE_TYPES = frozenset({CardType.MULTIPLE_CHOICE, CardType.MULTIPLE_SELECT})
#: A scoring point shorter than this (characters after normalising) is not a word of its own.
MIN_POINT = 2
#: Scoring points so common in service language that another item printing them tells nothing
#: (您好, 谢谢, 还有 stand in half the items); a point like 路途 or 久等 does tell.
COMMON_POINTS = frozenset(normalize(w) for w in (
    "您好", "你好", "谢谢", "感谢", "对不起", "抱歉", "不好意思", "客户", "先生", "女士", "小姐", "还有", "其他",
    "别的", "需要", "帮助", "帮忙", "办理", "处理", "解决", "问题", "服务", "我是", "我来", "现在", "了解", "请问",
    "马上", "立即", "确认", "查询", "核实", "反馈", "答复", "回复", "联系", "稍等", "稍候"))

_LABEL = re.compile(r"^【[^】]*】")
_COUNT = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*(?:个|种|项|条|类|大)?")


def _choices(card: Card) -> list[tuple[str, bool]]:
    """Each option and whether the item shows it as belonging where it asks.

    """
    if card.type not in CHOICE_TYPES:
        return []
    return [(normalize(o.text), o.correct) for o in card.options]


def _membership(card: Card) -> list[tuple[str, bool]]:
    """Each option of a list item and whether the item shows it as a member (an odd one out's key is not)."""
    if card.type is CardType.MULTIPLE_SELECT:
        return _choices(card)
    if card.type is CardType.MULTIPLE_CHOICE and card.template == "odd-one-out":
        return [(normalize(o.text), not o.correct) for o in card.options]
    return []


def shared_option(card: Card, other: Card) -> str | None:
    """An option right in one item and wrong in the other (elimination, or a key used as a distractor).

    >>> shared_option(define_customer, define_account)  # doctest: +SKIP
    "'客户' is the key of a/b/name and a wrong option of a/c/name"
    """
    mine, theirs = _choices(card), _choices(other)
    if not mine or not theirs:
        return None
    # an odd one out shows its members as belonging to their list: 「熟练操作…支撑系统」 shown as one of
    # 「营销员的专业技能」 tells a 多选 of 「营销员的基础技能」 that offers it as wrong where it belongs
    if CardType.MULTIPLE_SELECT in (card.type, other.type) and _membership(card) and _membership(other):
        mine, theirs = _membership(card), _membership(other)
    their_truth = {text: right for text, right in theirs if text}
    for (text, right), raw in zip(mine, card.options):
        if text in their_truth and their_truth[text] != right:
            keyed, wrong = (card, other) if right else (other, card)
            return _("{option} is a right option of {keyed} and a wrong one of {wrong}").format(
                option=repr(raw.text), keyed=keyed.id, wrong=wrong.id)
    return None


#: Wrong options two 多选题 may share before the shared ones tell the candidate which of the rest are right.
SHARED_WRONG = 2


def shared_wrong(card: Card, other: Card) -> str | None:
    """Two 多选题 offering the same wrong options (two or more): what the one rules out, the other does too.

    「营销员的营销服务技能」 and 「营销员的专业技能」 both offer 「了解简单的记账规则…」 and 「至少熟练掌握一种中文输入法」
    (the 基础技能) as wrong: in each, the options not shared with the other are its keys.
    """
    if card.type is not CardType.MULTIPLE_SELECT or other.type is not CardType.MULTIPLE_SELECT:
        return None
    shared = _facets(card).wrong & _facets(other).wrong
    if len(shared) >= SHARED_WRONG:
        return _("{card} and {other} offer the same wrong options ({options})").format(
            card=card.id, other=other.id, options="、".join(sorted(shared)))
    return None


def _common_suffix(texts: Sequence[str]) -> str:
    first = texts[0]
    n = 0
    while n < len(first) and all(len(t) > n and t[-1 - n] == first[-1 - n] for t in texts):
        n += 1
    return first[len(first) - n:] if n else ""


def level_list(card: Card, other: Card) -> str | None:
    """``card`` offers a list of levels (A级/B级/C级) and ``other`` states how many there are.

    The options share an ending (级, 星, 类 …); ``other``'s question or
    options count something spelt with that ending (「设置5个级别」): the list
    in one item answers the number in the other.
    """
    if card.type not in CHOICE_TYPES or len(card.options) < 2:
        return None
    texts = [normalize(o.text) for o in card.options]
    suffix = _common_suffix(texts)
    if not suffix or any(len(t) <= len(suffix) for t in texts):
        return None
    mark = suffix[-1]
    where = [normalize(_LABEL.sub("", other.prompt)), *(normalize(o.text) for o in other.options)]
    for text in where:
        for match in _COUNT.finditer(text):
            counted = text[match.end(): match.end() + len(suffix) + 1]  # 「5个级别」, 「五个星级」
            if mark in counted:
                return _("the options of {card} list the {mark} that {other} counts ({count})").format(
                    card=card.id, mark=mark, other=other.id, count=match.group(0) + counted)
    return None


def scoring_points(card: Card) -> list[str]:
    """The telling words a 简答/typed item is scored on, normalised.

    Each accepted wording of each point that the model answer itself uses
    (what a candidate who saw it printed elsewhere would write), two
    characters or more and not one of the :data:`COMMON_POINTS`.
    """
    answer = normalize(card.answer)
    out = []
    for point in card.points:
        for word in point.split("|"):
            key = normalize(word)
            if len(key) >= MIN_POINT and key not in COMMON_POINTS and key in answer:
                out.append(key)
    return out


def point_printed(card: Card, other: Card) -> str | None:
    """A scoring point of ``card`` (a typed item) printed in ``other``'s stem or options."""
    if card.type is not CardType.TYPED or not card.points:
        return None
    where = [normalize(_LABEL.sub("", other.prompt)), *(normalize(o.text) for o in other.options)]
    for point in scoring_points(card):
        if any(point in text for text in where):
            return _("the scoring point {point} of {card} is printed in {other}").format(
                point=repr(point), card=card.id, other=other.id)
    return None


#: Words after a step that say it is done before what follows (销号后, 审核完毕再…).
_AFTER = ("之后", "以后", "后", "完毕", "完成后", "再")
_AFTER_MARK = re.compile("|".join(sorted(map(re.escape, _AFTER), key=len, reverse=True)))
#: Steps' words too common to name a step (办理, 客户 stand in many).
_STEP_COMMON = frozenset({"办理", "客户", "进行", "业务", "服务", "是否", "一个"})


def _step_words(steps: Sequence[str]) -> list[frozenset[str]]:
    """For each step, its two-character words no other step of the item has (销号 of 办理销号)."""
    grams = [frozenset(t[i:i + 2] for i in range(len(t) - 1)) - _STEP_COMMON for t in map(normalize, steps)]
    return [g - frozenset().union(*(h for j, h in enumerate(grams) if j != i)) for i, g in enumerate(grams)]


def _order_marks(card: Card) -> tuple[tuple[str, frozenset[str], str, str], ...]:
    """For each pair of steps in a row: the marks 「<word of the first>后」 and the later step's words."""
    if card.type is not CardType.ORDERING or len(card.items) < 2:
        return ()
    words = _step_words(card.items)
    out = []
    for i in range(len(card.items) - 1):
        for w in sorted(words[i]):
            for after in _AFTER:
                out.append((w + after, words[i + 1], card.items[i], card.items[i + 1]))
    return tuple(out)


def order_told(card: Card, other: Card) -> str | None:
    """``other`` prints that one step of ``card`` (an ordering item) comes before the next one.

    「销号后余额可退还的，可请客户…」: 销号 (of 办理销号) followed by 后, then 退还 (of the next step,
    查询余额是否可退还) later in the same text.
    """
    marks = _order_marks(card)
    if not marks:
        return None
    shown = _facets(other).shown
    for mark, later, first, then in marks:
        at = shown.find(mark)
        if at >= 0 and any(w in shown[at + len(mark):] for w in later):
            return _("{other} prints {mark!r}, which tells that {first!r} comes before {then!r} in {card}").format(
                other=other.id, mark=mark, first=first, then=then, card=card.id)
    return None


#: Members of an odd one out printed in another item, from which on the key is a guess among the rest.
NAMED_MEMBERS = 2


def members_named(card: Card, other: Card) -> str | None:
    """``other`` prints, as options or in its question, at least two of the members ``card`` (an odd one out)
    shows: with them confirmed, the candidate picks the key among what is left.

    A 「哪个岗位的职责」 item offering 流动服务岗 and 综合业务受理岗 beside 「以下哪一项不属于按工作内容
    设置的岗位」 whose options are 咨询服务岗, 流动服务岗, 综合业务受理岗, 收银岗.
    """
    if card.type is not CardType.MULTIPLE_CHOICE or card.template != "odd-one-out" or other.type not in CHOICE_TYPES:
        return None
    members = [normalize(o.text) for o in card.options if not o.correct]
    theirs = {normalize(o.text) for o in other.options}
    named = [m for m in members if m and m in theirs]
    if len(named) >= NAMED_MEMBERS:
        return _("{other} offers {named} as options, members of the list {card} asks about: the key is left to "
                 "guess").format(other=other.id, named="、".join(named), card=card.id)
    return None


#: Card types whose answer the candidate writes: every wording the key accepts is the answer.
WRITTEN_TYPES = frozenset({CardType.CLOZE, CardType.BASIC, CardType.TYPED})
#: A written answer longer than this (characters after normalising) is a model answer to say, not a term.
SHORT_ANSWER = 10
#: The most characters another item may print between the two halves of an answer (主动…问候).
ANSWER_GAP = 3
#: The shortest half of an answer looked for apart from the other half.
HALF = 2
#: An option this short (characters after normalising) is a term's name (合宜原则, 流动服务岗), not a sentence.
TERM_NAME = 8
#: ... and this long at least: a two-character option (微笑, 客户) stands in too many sentences to name a term.
TERM_MIN = 3
#: The shortest subject (what a stem asks about, between 「」) another item naming it tells about.
SUBJECT_MIN = 3

#: A blank in a stem (「[…]」, a hint 「[系统名]」, 「＿＿」): the words either side of it do not run together.
_BLANK = re.compile(r"\[[^\]]*\]|＿+")
#: What stands in a normalised stem where a blank was.
_GAP = "\x01"
#: What marks an accepted answer among the two-character pieces of an item's text.
_ANSWER = "\x02"
_PARTS = re.compile(r"[与和及、/／]")
_SUBJECT = re.compile(r"「([^」]+)」")


def _stem(card: Card) -> str:
    """``card``'s question as printed, normalised, each blank kept as :data:`_GAP` (严格遵守“[…]”原则 does not
    print 遵守原则)."""
    prompt = _LABEL.sub("", card.prompt)
    if "[" not in prompt and "＿" not in prompt:
        return normalize(prompt)
    return _GAP.join(normalize(piece) for piece in _BLANK.split(prompt))


def accepted(card: Card) -> tuple[str, ...]:
    """Every wording a written item accepts as its answer (the key first), normalised; none for a model answer."""
    if card.type not in WRITTEN_TYPES:
        return ()
    out: list[str] = []
    for wording in (card.answer, *card.accept):
        key = normalize(wording)
        if MIN_POINT <= len(key) <= SHORT_ANSWER and key not in out:
            out.append(key)
    return tuple(out)


def _answer_halves(answers: Sequence[str]) -> list[tuple[str, str, str]]:
    """Each accepted wording cut in two halves of :data:`HALF` characters or more: (wording, first, second).

    A cut whose halves are both :data:`COMMON_POINTS` (客户…服务) says nothing of the answer.
    """
    out = []
    for key in answers:
        for i in range(HALF, len(key) - HALF + 1):
            first, second = key[:i], key[i:]
            if not (first in COMMON_POINTS and second in COMMON_POINTS):
                out.append((key, first, second))
    return out


def _spread_in(text: str, first: str, second: str) -> str | None:
    """``first``, one to :data:`ANSWER_GAP` characters, then ``second`` in ``text`` (not across a blank): the stretch."""
    at = text.find(first)
    while at >= 0:
        start = at + len(first)
        window = text[start:start + ANSWER_GAP + len(second)]
        found = window.find(second, 1)
        if 0 < found <= ANSWER_GAP and _GAP not in window[:found]:
            return text[at:start + found + len(second)]
        at = text.find(first, at + 1)
    return None


def answer_spread(card: Card, other: Card) -> str | None:
    """``other`` prints an accepted answer of ``card`` (a written item) with a few characters between its halves.

    「你应主动向客户问候」 answers the blank 「营销员应＿＿客户」 that accepts 主动问候.
    """
    halves = _facets(card).halves
    if not halves:
        return None
    for text in _facets(other).shown.split("\x00"):
        for _key, first, second in halves:
            found = _spread_in(text, first, second)
            if found:
                return _("{other} prints {words}, an accepted answer of {card} with a few characters between its "
                         "halves").format(other=other.id, words=repr(found), card=card.id)
    return None


#: The shortest accepted answer whose two halves are looked for anywhere in another item (电子流工单).
HALVES_MIN = 4
#: ... of which one half is a term of this many characters at least (电子流): two two-character words (主动, 问候)
#: far apart in another sentence are everyday language, not the answer.
HALF_TERM = 3


#: Characters that may stand at one place inside a term of three or more (电子流 printed as 电子工作流).
TERM_INSERT = 2


@functools.lru_cache(maxsize=4096)
def _loose(word: str) -> re.Pattern[str]:
    # one insertion after the first two characters (电子 工作 流), never punctuation: 电话、子女、流量 is no 电子流
    return re.compile("|".join(f"{re.escape(word[:i])}\\w{{1,{TERM_INSERT}}}{re.escape(word[i:])}"
                               for i in range(2, len(word))))


def _loosely_in(word: str, text: str) -> bool:
    """``word`` in ``text``; a word of :data:`HALF_TERM` characters or more also with a few characters inside it
    after its first two (电子流 in 「电子工作流」)."""
    if word in text:
        return True
    return len(word) >= HALF_TERM and word[0] in text and _loose(word).search(text) is not None


def halves_printed(card: Card, other: Card) -> str | None:
    """Both halves of an accepted answer of ``card`` stand in one text of ``other``, in any order and apart.

    「现场不能直接处理的投诉，应及时录入工单，通过投诉电子流系统流转…」 gives away the blank keyed 电子流工单:
    the candidate joins the two words the other item prints. Halves that are everyday service words
    (:data:`COMMON_POINTS`), or two words of two characters, are never looked for apart.
    """
    halves = _facets(card).halves
    if not halves:
        return None
    for text in _facets(other).shown.split("\x00"):
        for key, first, second in halves:
            if (len(key) >= HALVES_MIN and max(len(first), len(second)) >= HALF_TERM
                    and first not in COMMON_POINTS and second not in COMMON_POINTS
                    and _loosely_in(first, text) and _loosely_in(second, text)
                    and key not in text):  # printed whole: see leaks
                return _("{other} prints {first!r} and {second!r}, the two halves of the answer {answer!r} of "
                         "{card}").format(other=other.id, first=first, second=second, answer=key, card=card.id)
    return None


def answer_parts(card: Card) -> list[tuple[str, tuple[str, ...]]]:
    """The accepted wordings of a written item made of parts (主动与被动, 热情、周到): (wording, its parts)."""
    if card.type not in WRITTEN_TYPES:
        return []
    out = []
    for wording in (card.answer, *card.accept):
        if len(normalize(wording)) > SHORT_ANSWER:
            continue
        parts = tuple(normalize(p) for p in _PARTS.split(wording))
        if len(parts) >= 2 and all(len(p) >= MIN_POINT for p in parts):
            out.append((wording, parts))
    return out


def parts_told(card: Card, other: Card) -> str | None:
    """Every part of an answer made of parts (主动与被动) stands in ``other``'s stem or options.

    「营销员不是被动的服务提供者，而是主动的意见贡献者」 answers 「服务意识…有＿＿之分」 keyed 主动与被动.
    """
    shown = _facets(other).shown
    for wording, parts in answer_parts(card):
        if all(p in shown for p in parts):
            return _("{other} prints {parts}, every part of the answer {answer} of {card}").format(
                other=other.id, parts="、".join(parts), answer=repr(wording), card=card.id)
    return None


#: Facts whose choice item describes one term and offers its siblings (高效原则/差别原则/合宜原则, 礼仪/礼节):
#: each option has one meaning, so an item saying what one of them is rules it in or out.
DEFINED_KINDS = frozenset({"term", "category"})


def term_options(card: Card) -> tuple[str, ...]:
    """The options of a definition item that are names of terms (合宜原则, 差别原则), normalised."""
    if card.type not in CHOICE_TYPES or card.kind not in DEFINED_KINDS:
        return ()
    names = (normalize(o.text) for o in card.options)
    return tuple(dict.fromkeys(t for t in names if TERM_MIN <= len(t) <= TERM_NAME and t not in COMMON_POINTS))


def option_defined(card: Card, other: Card) -> str | None:
    """``other`` says what one option of ``card`` is (names it in its stem, or in a longer option of its own):
    the candidate rules that option in or out.

    「…要求营业人员坚持因时、因事、因人的合宜原则」 beside 「哪一项是指：对VIP/品牌客户提供区别于一般客户的…服务？」
    offering 高效原则/差别原则/主动原则/合宜原则. A text that names two options or more (「合宜原则与全程原则
    都是服务原则」) lists them, it does not say what one of them is.
    """
    terms = term_options(card)
    if not terms:
        return None
    for text in _said(_facets(other), *terms):
        named = [t for t in terms if t in text]
        if len(named) == 1:
            return _("{other} says what {term} is, an option of {card}").format(
                other=other.id, term=repr(named[0]), card=card.id)
    return None


def _said(facets: _Facets, *names: str) -> list[str]:
    """The texts of an item that can say something of ``names``: its stem, and its options other than the bare names."""
    stem, *options = facets.shown.split("\x00")
    return [stem, *(o for o in options if o not in names)]


def subject(card: Card) -> str:
    """What a question asks about, normalised: the name between 「」 in its stem (流动服务岗, 服务意识的内涵)."""
    if card.type in WRITTEN_TYPES or card.type is CardType.TRUE_FALSE:
        return ""
    found = _SUBJECT.search(_LABEL.sub("", card.prompt))
    name = normalize(found.group(1)) if found else ""
    return name if len(name) >= SUBJECT_MIN else ""


def key_asked_about(card: Card, other: Card) -> str | None:
    """A right option of the 多选 ``card`` is what ``other`` asks about: asking of it tells it is one.

    「以下哪些是「咨询服务岗」的岗位职责？」 beside 「以下哪些属于「营销员按工作内容设置的岗位」？」 offering 咨询服务岗.
    """
    if card.type is not CardType.MULTIPLE_SELECT:
        return None
    name = _facets(other).subject
    if name and name in _facets(card).right:
        return _("{other} asks about {name!r}, a right option of {card}").format(other=other.id, name=name,
                                                                               card=card.id)
    return None


def subject_named(card: Card, other: Card) -> str | None:
    """``other`` names what ``card`` asks about in its stem or in an option that says something of it: the two
    items tell each other's answers.

    「以下哪些是「流动服务岗」的岗位职责？」 beside 「流动服务岗兼做投诉回访和新业务服务推荐。」. An option that is the
    bare name (流动服务岗 offered as a post in 「…是哪个岗位的职责？」) says nothing of it.
    """
    name = _facets(card).subject
    if name and any(name in text for text in _said(_facets(other), name)):
        return _("{other} names {subject}, what {card} asks about").format(
            other=other.id, subject=repr(name), card=card.id)
    return None


def same_answer(card: Card, other: Card) -> str | None:
    """Two written items accept one wording: who knows one answers the other (暂停营业 / 暂停服务)."""
    theirs = set(_facets(other).answers)
    shared = next((a for a in accepted(card) if a in theirs), None)
    if shared:
        return _("{card} and {other} both accept the answer {answer}").format(
            card=card.id, other=other.id, answer=repr(shared))
    return None


def _grams(text: str) -> frozenset[str]:
    return frozenset(map(str.__add__, text, text[1:]))


class _Facets:
    """What the cross-item rules compare of one card, normalised once (assembly compares every pair)."""

    __slots__ = ("afters", "anchors", "answers", "counted", "grams", "halves", "level_mark", "members", "needs",
                 "odd_members", "order", "options", "points", "right", "select", "shown", "subject", "wrong")

    def __init__(self, card: Card) -> None:
        choices = _choices(card)
        self.right = frozenset(t for t, ok in choices if ok and t)
        self.wrong = frozenset(t for t, ok in choices if not ok and t)
        membership = _membership(card)
        self.members = frozenset(t for t, ok in membership if ok and t)
        self.select = card.type is CardType.MULTIPLE_SELECT
        texts = [normalize(o.text) for o in card.options]
        suffix = _common_suffix(texts) if card.type in CHOICE_TYPES and len(texts) >= 2 else ""
        self.level_mark = suffix[-1] if suffix and all(len(t) > len(suffix) for t in texts) else ""
        shown = [_stem(card), *texts]
        self.shown = "\x00".join(shown)
        self.counted = frozenset(
            ch for text in shown for m in _COUNT.finditer(text) for ch in text[m.end(): m.end() + 3])
        self.points = tuple(scoring_points(card)) if card.type is CardType.TYPED and card.points else ()
        # the words of an ordering item's steps (but the last) against the words another item prints before 后:
        # two small sets met once per pair, rather than every mark searched in every text
        self.order = frozenset(m[0][:2] for m in _order_marks(card))
        self.afters = frozenset(self.shown[max(0, m.start() - 2):m.start()] for m in _AFTER_MARK.finditer(self.shown))
        self.options = frozenset(texts) if card.type in CHOICE_TYPES else frozenset()
        odd = card.type is CardType.MULTIPLE_CHOICE and card.template == "odd-one-out"
        self.odd_members = frozenset(normalize(o.text) for o in card.options if not o.correct) if odd else frozenset()
        # what another item must print for an answer, a term or a subject of this one to stand in it: each a set of
        # two-character pieces that must all be among the other's (a cheap test before the rules read the texts)
        answers = accepted(card)
        self.answers = frozenset(answers)
        self.halves = tuple(_answer_halves(answers))
        self.subject = subject(card)
        # an accepted answer stands among the pieces too, marked, so that two items sharing one meet in the same test
        told = frozenset(_ANSWER + a for a in self.answers)
        self.grams = _grams(self.shown) | told
        # the longer half may be printed with a word inside it after its first two characters (电子工作流 for 电子流)
        needs = {_grams(min(a, b, key=len)) | _grams(max(a, b, key=len)[:2]) for _k, a, b in self.halves}
        needs |= {frozenset().union(*map(_grams, parts)) for _w, parts in answer_parts(card)}
        needs |= {_grams(t) for t in (*term_options(card), self.subject) if t}
        self.needs = tuple(n for n in needs if not any(m < n for m in needs))
        # one piece of each: a pair sharing none of them needs no closer look (one set operation)
        self.anchors = frozenset(min(n) for n in self.needs) | told


_FACETS: dict[tuple[str, str], _Facets] = {}


def facets_of(card: Card) -> _Facets:
    """What the cross-item rules compare of ``card`` (made once per content: the rules read the same)."""
    return _facets(card)


def by_content(cache: dict[tuple[str, str], T], card: Card, make: Callable[[Card], T]) -> T:
    """``make(card)``, kept in ``cache`` under the card's id and content hash (papers of one build share cards)."""
    if not card.content_hash:
        return make(card)  # a card made by hand, without a hash: its id alone does not name its content
    key = (card.id, card.content_hash)
    found = cache.get(key)
    if found is None:
        if len(cache) > 200_000:
            cache.clear()
        found = cache[key] = make(card)
    return found


def _facets(card: Card) -> _Facets:
    return by_content(_FACETS, card, _Facets)


def _told(a: _Facets, b: _Facets) -> bool:
    """Whether ``b`` may tell an answer, a term or the subject of ``a`` (both accept one wording, or ``b`` prints
    every piece of something ``a`` hides)."""
    if not a.answers.isdisjoint(b.answers):
        return True
    grams = b.grams
    for need in a.needs:
        if need <= grams:
            return True
    return False


def may_clash(a: _Facets, b: _Facets) -> bool:
    """A cheap test that rules out most pairs; the rules themselves then say why (or that they do not)."""
    if a.right and b.right and (not a.right.isdisjoint(b.wrong) or not a.wrong.isdisjoint(b.right)):
        return True
    if a.select and b.select and len(a.wrong & b.wrong) >= SHARED_WRONG:
        return True
    if a.select and b.subject in a.right or b.select and a.subject in b.right:
        return True
    if (a.select or b.select) and a.members and b.members and (
            not a.members.isdisjoint(b.wrong) or not a.wrong.isdisjoint(b.members)):
        return True
    if a.level_mark and a.level_mark in b.counted or b.level_mark and b.level_mark in a.counted:
        return True
    if a.order and not a.order.isdisjoint(b.afters) or b.order and not b.order.isdisjoint(a.afters):
        return True
    if (a.odd_members and len(a.odd_members & b.options) >= NAMED_MEMBERS
            or b.odd_members and len(b.odd_members & a.options) >= NAMED_MEMBERS):
        return True
    if not a.anchors.isdisjoint(b.grams) and _told(a, b) or not b.anchors.isdisjoint(a.grams) and _told(b, a):
        return True
    if a.points:
        shown = b.shown
        for point in a.points:
            if point in shown:
                return True
    if b.points:
        shown = a.shown
        for point in b.points:
            if point in shown:
                return True
    return False


def conflict(card: Card, other: Card) -> str | None:
    """Why ``card`` and ``other`` cannot stand on one paper (in either direction), or ``None``."""
    if card.deck == other.deck and card.fact == other.fact:
        return None
    if not may_clash(_facets(card), _facets(other)):
        return None
    for rule in (shared_option, shared_wrong, level_list, point_printed, order_told, members_named, answer_spread, halves_printed,
                 parts_told, option_defined, key_asked_about, subject_named, same_answer):
        why = rule(card, other) or rule(other, card)
        if why:
            return why
    return None


def paper_conflicts(cards: Sequence[Card]) -> list[str]:
    """Every pair of ``cards`` (the items of one paper) that cannot stand together, with why."""
    out = []
    for i, card in enumerate(cards):
        for other in cards[i + 1:]:
            why = conflict(card, other)
            if why:
                out.append(why)
    return out


def manifest_cards(items: Sequence[dict]) -> list[Card]:  # type: ignore[type-arg]
    """The items of one variant of a manifest as cards the rules can compare (options marked by the key)."""
    out = []
    for item in items:
        kind = CardType(item["type"])
        key = str(item.get("key", ""))
        letters = set(key.upper()) if kind in CHOICE_TYPES or kind is CardType.TRUE_FALSE else set()
        options = tuple(Option(text=str(t), correct=chr(65 + i) in letters)
                        for i, t in enumerate(item.get("options") or []))
        card_id = str(item["id"])
        parts = card_id.split("/")
        steps = tuple(item.get("items") or ())
        if kind is CardType.ORDERING and not steps and key.isalpha():  # the steps in order, read off the key
            texts = [str(t) for t in item.get("options") or []]
            steps = tuple(texts[ord(ch) - 65] for ch in key.upper() if 0 <= ord(ch) - 65 < len(texts))
        fields: dict[str, Any] = {
            "id": card_id, "deck": str(item.get("deck") or parts[0]),
            "fact": str(item.get("fact") or (parts[1] if len(parts) > 1 else card_id)),
            "kind": str(item.get("kind") or ""), "template": parts[2] if len(parts) > 2 else "",
            "type": kind, "prompt": str(item.get("prompt", "")), "answer": str(item.get("answer", key)),
            "options": options, "accept": tuple(item.get("accept") or ()),
            "points": tuple(item.get("key_points") or ()), "items": steps,
        }
        fields["content_hash"] = content_hash(fields)
        out.append(Card(**fields))
    return out


def manifest_conflicts(manifest: dict) -> dict[str, list[tuple[int, int, str]]]:  # type: ignore[type-arg]
    """Per variant of a built paper's manifest, each pair of items that cannot stand together: (n, m, why).

    The same rules as assembly (:func:`drill.exam.assemble.clash`), read back from what was printed: for
    papers built before a rule existed, edited by hand, or assembled elsewhere.
    """
    from .assemble import clash

    out: dict[str, list[tuple[int, int, str]]] = {}
    for variant, spec in manifest["variants"].items():
        items = spec["items"]
        cards = manifest_cards(items)
        found = []
        for i, card in enumerate(cards):
            for j in range(i + 1, len(cards)):
                why = clash(card, cards[j])
                if why:
                    found.append((int(items[i]["number"]), int(items[j]["number"]), why))
        out[variant] = found
    return out
