"""What an item writer checks in a question: giveaways by form, overlapping options, stem echo.

Card templates use these rules to pick distractors and intruders; ``drill lint``
uses them to audit the cards a deck makes (explicit ``distractors`` included),
and exam assembly uses :func:`leaks` so no item on a paper prints another's answer.
All checks work on :func:`~drill.text.normalize`-d text (width, case and
punctuation folded).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from .i18n import N_, _
from .text import normalize

#: An option this much longer (or shorter) than every other stands out.
LENGTH_RATIO = 1.8
#: Two texts at least this similar (rapidfuzz ratio, 0–100) say the same thing.
SIMILAR = 75.0
#: Options of one length beside an answer this many characters longer or shorter: the answer stands out.
UNIFORM_LENGTH_GAP = 2
#: words that name the kind of a thing after its name (“免填单”服务, 排队叫号系统): on one option alone they mark it
HEAD_WORDS = ("服务", "业务", "工作", "管理", "制度", "系统", "平台", "活动", "原则", "规范", "要求", "标准")
#: A list recall card asks for at most this many items …
MAX_RECALL_ITEMS = 7
#: … each at most this long (characters after normalising).
MAX_RECALL_ITEM_LENGTH = 16


# the shape of an option: how it begins and ends
_FEATURES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("begin with", lambda s: s[:1]),
    ("end with", lambda s: s[-1:]),
)
_WORD_FEATURES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("begin with", lambda s: s[:2] if len(s) >= 4 else ""),
    ("end with", lambda s: s[-2:] if len(s) >= 4 else ""),
)


def form_giveaway(answer: str, others: Sequence[str]) -> str | None:
    """Why ``answer`` stands out by form among ``others``, as a sentence (``None`` when it does not).

    The answer is given away when every other option shares a beginning or an
    ending the answer lacks (only option not phrased 凡是…, only one without 法),
    or when it is far longer or shorter than all of them.

    >>> form_giveaway("服务热情", ["说服法", "激励法", "反馈法"])
    "the answer '服务热情' is the only option that does not end with '法'"
    >>> form_giveaway("激励法", ["说服法", "榜样法", "反馈法"]) is None
    True
    """
    a = normalize(answer)
    rest = [normalize(o) for o in others]
    rest = [o for o in rest if o]
    if not a or len(rest) < 2:
        return None
    # two options may share a character by chance; three that do while the answer does not are a cue,
    # and so are two that share a whole word (…评估, …评估) the answer has nowhere
    features = _FEATURES if len(rest) >= 3 else _WORD_FEATURES
    for label, feature in features:
        values = {feature(o) for o in rest}
        if len(values) == 1:
            (shared,) = values
            if shared and feature(a) != shared and (len(rest) >= 3 or _unlike(label, shared, a)):
                if label == "begin with":
                    message = _("the answer {answer!r} is the only option that does not begin with {shared!r}")
                else:
                    message = _("the answer {answer!r} is the only option that does not end with {shared!r}")
                return message.format(answer=answer, shared=shared)
    if len(rest) >= 3:  # a phrasing all the others share (…上不…, 凡是…) and the answer lacks
        shared_words = set.intersection(*(set(_bigrams(o)) for o in rest))
        missing = sorted(w for w in shared_words if w not in a)
        if missing:
            return _("the answer {answer!r} is the only option without {shared!r}").format(
                answer=answer, shared=missing[0])
    mark = _mark_giveaway(answer, others)
    if mark:
        return mark
    # three options that share a frame (all 「不…」 restrictions) or one or two endings the answer lacks
    frame = group_giveaway(rest, [a]) if len(rest) >= 3 else None
    if frame:
        return _("the answer {answer!r} stands out: {why}").format(answer=answer, why=frame)
    longest, shortest = max(map(len, rest)), min(map(len, rest))
    # three set phrases of one length (任务分配, 进度把控, 质量检测) and an answer two characters off (提合理化建议);
    # among short words (奖励法, 运动法) a longer name of the same shape (倾听反馈法) is no cue
    if len(rest) >= 3 and longest == shortest >= 4 and abs(len(a) - longest) >= UNIFORM_LENGTH_GAP:
        return _("the answer {answer!r} is the only option not of {n} characters").format(answer=answer, n=longest)
    # bare terms of one length (业务受理, 终端维修 …) and an answer longer by a head word of its own (…服务);
    # a longer answer without one (成本核算等) is no cue
    head = next((w for w in HEAD_WORDS if a.endswith(w)), None)
    if (head and len(rest) >= 3 and longest == shortest >= 4 and len(a) > longest
            and not any(head in o for o in rest)):
        return _("the answer {answer!r} is the only option longer than {n} characters, and only it ends with "
                 "{ending!r}").format(answer=answer, n=longest, ending=head)
    if len(a) == 1 and shortest >= 2:
        return _("the answer {answer!r} is the only one-character option").format(answer=answer)
    if len(a) >= 2 and longest == 1:
        return _("the answer {answer!r} is the only option of more than one character").format(answer=answer)
    if len(a) >= 4 and len(a) > LENGTH_RATIO * longest:
        return _("the answer {answer!r} is the only long option (far longer than the others)").format(
            answer=answer)
    if len(a) < shortest / LENGTH_RATIO and shortest >= 4:
        return _("the answer {answer!r} is the only short option (far shorter than the others)").format(
            answer=answer)
    return None



#: Marks of a restriction (不宜过长, 化妆应避人, 禁止…): options phrased as 「不…」 beside one that is not
RESTRICTION = re.compile(r"不|没|未|无|非|禁止|勿|别|避|免|忌")
#: Phrasing frames a group of options may share and the other group lack, each a named pattern: the
#: skills a 专业技能 list names (了解…, 熟悉…, 熟练…, 掌握…) beside a lone 「具有…能力」.
_FRAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (N_("a restriction (不…)"), RESTRICTION),
    (N_("an opening of knowing (了解, 熟悉, 熟练, 掌握 …)"), re.compile(r"^(了解|熟悉|熟练|熟知|掌握|懂得|精通|知道|理解|通晓)")),
    (N_("the frame 具有/具备…能力"), re.compile(r"^(具有|具备|有).*(能力|意识|水平)$")),
    (N_("a permission (可…)"), re.compile(r"^[^不]{0,4}(可以|可|允许|随意|按个人)")),
)
#: Two groups of options apart in length by this ratio (the shortest of the longer group to the longest of the
#: shorter) are told apart by their length: 正式高级场合不光腿, 不穿无领…衣服 beside 不配丝巾, 不系腰带.
GROUP_LENGTH_RATIO = 1.4
#: … and at least this many characters apart.
GROUP_LENGTH_GAP = 3


def group_giveaway(group: Sequence[str], rest: Sequence[str]) -> str | None:
    """A feature every option of ``group`` has and no option of ``rest`` has (``None`` when there is none).

    The two groups are a question's right options and its wrong ones (either
    way round): a candidate who sees the feature picks the group without
    knowing the rule. Features: a phrasing frame (a restriction 「不…」, an
    opening of knowing 了解/熟悉/掌握, 「具有…能力」, a permission 「可…」),
    the ending character when the group ends in at most two characters
    (…厅, …店 beside 社会代理网点), and a length band. ``group`` has at
    least two options; ``rest`` at least one.

    >>> group_giveaway(["侧部头发不盖住耳朵", "不宜过长", "后部头发不超过衬衣领子"], ["发色可按个人喜好挑染"])
    'every option of one group has a restriction (不…) and no other option has it'
    >>> group_giveaway(["各类示范厅", "动感地带品牌店", "小区体验店", "G3体验厅"], ["社会代理网点"])
    "every option of one group ends with '厅' or '店' and no other option does"
    >>> group_giveaway(["反问语气", "斥责语气"], ["平和语气", "不耐烦"]) is None
    True
    """
    a = [normalize(t) for t in group]
    b = [normalize(t) for t in rest]
    a, b = [t for t in a if t], [t for t in b if t]
    if len(a) < 2 or not b:
        return None
    for label, pattern in _FRAMES:
        if all(pattern.search(t) for t in a) and not any(pattern.search(t) for t in b):
            return _("every option of one group has {feature} and no other option has it").format(feature=_(label))
    ends = {t[-1] for t in a}
    # one ending shared by three options, or two by four or more (…厅, …店); beside three, two endings are chance
    if (len(ends) == 1 and len(a) >= 3 or len(ends) == 2 and len(a) >= 4) and not any(t[-1] in ends for t in b):
        return _("every option of one group ends with {ends} and no other option does").format(
            ends=_(" or ").join(repr(e) for e in sorted(ends)))
    if len(b) >= 2:
        for longer, shorter in ((a, b), (b, a)):
            low, high = min(map(len, longer)), max(map(len, shorter))
            # 业务受理, 公话服务 beside 排队叫号服务: two characters apart are a head word, not a band
            if low >= 6 and low >= GROUP_LENGTH_RATIO * high and low - high >= GROUP_LENGTH_GAP:
                return _("the options of one group are all far longer than the others")
    return None


#: Options at most this long (characters after normalising) are phrases, not sentences.
PHRASE_LENGTH = 12
#: Marks of a phrase's shape that a word lacks: an option alone in having one (诚信的服务 among
#: 产品销售, 客户体验 …) or alone in lacking one is answered by its look.
_MARKS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    (N_("'的'"), lambda s: "的" in s),
    (N_("an enumeration comma (、)"), lambda s: "、" in s),
    (N_("a digit"), lambda s: any(ch.isdigit() for ch in s)),
    (N_("Latin letters"), lambda s: _LATIN.search(s.casefold()) is not None),
    (N_("quotation marks"), lambda s: any(q in s for q in _QUOTES)),
)
#: quotation marks (after NFKC) an option may set a name in (“免填单”服务)
_QUOTES = "“”‘’「」『』\"'《》"


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _mark_giveaway(answer: str, others: Sequence[str]) -> str | None:
    """The shape mark only ``answer`` has, or only it lacks (``None`` when there is none).

    >>> _mark_giveaway("诚信的服务", ["产品销售", "客户体验", "开展客户服务"])
    "the answer '诚信的服务' is the only option with '的'"
    """
    rest = [unicodedata.normalize("NFKC", o) for o in others if normalize(o)]
    a = unicodedata.normalize("NFKC", answer)
    if len(rest) < 2:
        return None
    phrases = max(len(normalize(t)) for t in [answer, *others]) <= PHRASE_LENGTH
    for label, has in _MARKS:
        if label.startswith("an enumeration comma") and not phrases:
            continue  # a sentence has commas of its own
        flags = [has(o) for o in rest]
        if has(a) and not any(flags):
            return _("the answer {answer!r} is the only option with {mark}").format(answer=answer, mark=_(label))
        if len(rest) >= 3 and not has(a) and all(flags):
            return _("the answer {answer!r} is the only option without {mark}").format(answer=answer, mark=_(label))
    return None


def _unlike(label: str, word: str, answer: str) -> bool:
    """The answer has nothing of a shared two-character ending (or beginning): not even its last (first) character."""
    edge = (word[-1], answer[-1]) if label == "end with" else (word[0], answer[0])
    return word not in answer and edge[0] != edge[1]


def fits_form(answer: str, candidate: str) -> bool:
    """Whether ``candidate`` may stand beside ``answer`` as an option: a similar length.

    >>> fits_form("投诉处理岗", "业务受理岗")
    True
    >>> fits_form("博学", "对客户的需求和问题给予及时、准确的解答")
    False
    """
    a, c = len(normalize(answer)), len(normalize(candidate))
    if not a or not c:
        return False
    return max(a, c) <= LENGTH_RATIO * min(a, c) or max(a, c) - min(a, c) <= 3


def overlaps(candidate: str, members: Sequence[str]) -> str | None:
    """The member ``candidate`` equals, contains, is contained in or closely resembles (or ``None``).

    A distractor or intruder that overlaps a member of the target set is not
    certainly wrong.

    >>> overlaps("团队协作意识", ["团队协作意识加强", "服务技能提升"])
    '团队协作意识加强'
    """
    c = normalize(candidate)
    if not c:
        return None
    for member in members:
        m = normalize(member)
        if not m:
            continue
        if c == m or (len(c) >= 2 and c in m) or (len(m) >= 2 and m in c):
            return member
        if _alike(c, m):
            return member
    return None


_DIGITS = re.compile(r"\d+")
_LATIN: re.Pattern[str] = re.compile("[a-z]")


@lru_cache(maxsize=65536)
def _numbers(text: str) -> tuple[str, ...]:
    return tuple(_DIGITS.findall(text))


def _alike(a: str, b: str) -> bool:
    """Normalised texts that say nearly the same: long enough to judge, the same numbers, close wording."""
    short, total = min(len(a), len(b)), len(a) + len(b)
    # the ratio can reach SIMILAR only if the shorter text could nearly all be shared
    if short < 5 or 200 * short < SIMILAR * total or _numbers(a) != _numbers(b):
        return False
    return fuzz.ratio(a, b, score_cutoff=SIMILAR) >= SIMILAR


def similar(a: str, b: str) -> bool:
    """Whether two texts say nearly the same thing (normalised rapidfuzz ratio ≥ :data:`SIMILAR`)."""
    return similar_in(normalize(a), normalize(b))


def similar_in(na: str, nb: str) -> bool:
    """:func:`similar` of texts already normalised (assembly compares every pair of items)."""
    return bool(na and nb) and (na == nb or _alike(na, nb))


def stem_echo(prompt: str, answer: str, others: Sequence[str]) -> str | None:
    """A two-character word of ``answer`` printed in ``prompt`` and in no other option.

    Such an item is answered by matching words (「跟踪投诉…」 → 投诉处理岗).

    >>> stem_echo("「跟踪投诉处理进度」是哪个岗位的职责？", "投诉处理岗", ["业务受理岗", "引导岗"])
    '投诉'
    >>> stem_echo("「受理业务咨询」是哪个岗位的职责？", "业务受理岗", ["投诉受理岗", "业务咨询岗"]) is None
    True
    """
    p, a = normalize(prompt), normalize(answer)
    rest = [normalize(o) for o in others]
    for i in range(len(a) - 1):
        word = a[i : i + 2]
        if word in p and not any(word in o for o in rest):
            return word
    return None


def character_echo(prompt: str, answer: str, others: Sequence[str]) -> str | None:
    """Two characters of ``answer`` the stem prints (in other words) that no other option has, or ``None``.

    The stem's 用心…细致 points at 耐心细心, the one option with 心 and 细, although
    no word of the answer is printed whole.

    >>> character_echo("服务的基本标准，用心倾听需求、细致解答问题", "耐心细心", ["客户至上", "礼貌待人"])
    '心细'
    >>> character_echo("对同事和客户都以尊重的态度相待", "礼貌待人", ["客户至上", "耐心细心"]) is None
    True
    """
    p, a = normalize(prompt), normalize(answer)
    theirs = set("".join(normalize(o) for o in others))
    found = ""
    for ch in a:
        if ch in p and ch not in theirs and ch not in found and not _DIGITS.match(ch):
            found += ch
    return found if len(found) >= 2 else None


#: endings that make a role noun of a verb (引导 → 引导员, 投诉处理 → 投诉处理岗), longest first
ROLE_SUFFIXES = ("人员", "员", "者", "人", "岗", "师")


def role_echo(prompt: str, answer: str) -> str | None:
    """The verb ``prompt`` prints that the role noun ``answer`` is built from (``None`` when it prints none).

    A blank keyed 引导员 in 「并请[…]引导新到的客户」 is filled by copying the verb next
    to it and adding 员: the other posts that could do it (值班经理, 流动服务岗) are ruled
    out by the wording, not by knowing the handbook.

    >>> role_echo("并请[…]引导新到的客户去其他台席办理。", "引导员")
    '引导'
    >>> role_echo("并请[…]帮助新到的客户去其他台席办理。", "引导员") is None
    True
    """
    p, a = normalize(prompt), normalize(answer)
    for suffix in ROLE_SUFFIXES:
        stem = a[: -len(suffix)]
        if a.endswith(suffix) and len(stem) >= 2:
            return stem if stem in p else None
    return None


def joined(items: Sequence[str]) -> str:
    """Items as one answer line: 、 between them, or ； when an item has a 、 of its own."""
    return ("；" if any("、" in i for i in items) else "、").join(items)


def recall_fits(items: Sequence[str]) -> bool:
    """Whether a list recall of ``items`` is fair: few items, each short."""
    return len(items) <= MAX_RECALL_ITEMS and all(len(normalize(i)) <= MAX_RECALL_ITEM_LENGTH for i in items)


#: what separates the descriptors inside one list item (衣着干净整洁，雅观大方 is two)
_PHRASE_BREAK = re.compile(r"[，,；;]")


def recall_phrases(items: Sequence[str]) -> int:
    """How many descriptors a list recall of ``items`` asks for: an item of two phrases counts twice.

    >>> recall_phrases(["衣着干净整洁，雅观大方", "面部清洁，可着淡妆", "饰品佩戴以少为佳"])
    5
    """
    return sum(max(1, len([p for p in _PHRASE_BREAK.split(i) if normalize(p)])) for i in items)


def compound_recall(items: Sequence[str]) -> int | None:
    """The number of descriptors when a list recall that fits by items asks for more than it allows, else ``None``.

    Four items of two phrases each are eight things to reproduce word for word, not four.

    >>> compound_recall(["衣着干净整洁，雅观大方", "面部清洁，可着淡妆", "头发梳理整洁，风格庄重", "饰品以少为佳，彼此和谐"])
    8
    >>> compound_recall(["头发干净整洁，无怪异发型", "男士不留胡须", "指甲无污垢"]) is None
    True
    """
    n = recall_phrases(items)
    return n if n > MAX_RECALL_ITEMS else None


#: a blank's neighbouring words this long, printed again elsewhere in the rule, mark a parallel clause
PARALLEL_CONTEXT = 3
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?、\n「」“”（）()]")


def parallel_slot(prompt: str, answer: str, blank: str = "[…]") -> str | None:
    """The word a parallel clause of ``prompt`` prints where the blank stands (``None`` when there is none).

    A rule of two clauses built alike (破损的要及时[…]，已到期的要及时撤换) prints, after
    the same words that lead to the blank (or before the same words that follow
    it), a word of the answer's shape with one character in two the same: a
    near-synonym that fills the blank too. The candidate copies it, or writes it
    and is marked wrong for a word the rule itself uses in that place. A word of
    another shape is a contrast the rule draws (核心 … 主体, 解聘 … 开除), not a
    second answer.

    >>> parallel_slot("破损的宣传资料要及时[…]，已到期的要及时撤换。", "更换")
    '撤换'
    >>> parallel_slot("违反禁令的员工予以[…]；造成严重后果的员工予以开除。", "解聘") is None
    True
    """
    folded, blank = unicodedata.normalize("NFKC", prompt), unicodedata.normalize("NFKC", blank)
    at = folded.find(blank)
    if at < 0:
        return None
    a = normalize(answer)
    before, after = folded[:at], folded[at + len(blank) :]
    left = _CLAUSE_BREAK.split(before)[-1]
    right = _CLAUSE_BREAK.split(after)[0]
    n = len(a)
    if n < 2:
        return None

    def near(word: str) -> bool:  # same length, at most half the characters changed, not the answer itself
        w = normalize(word)
        changed = sum(1 for x, y in zip(a, w) if x != y)
        return len(w) == n and 0 < changed <= n // 2 and not _DIGITS.search(w)

    # the rest of the rule, the blank cut out (a parallel clause may come before it or after it)
    rest = before + "\n" + after
    if len(left) >= PARALLEL_CONTEXT:
        lead = left[-PARALLEL_CONTEXT:]
        for m in re.finditer(re.escape(lead), rest):
            word = _CLAUSE_BREAK.split(rest[m.end() :])[0][:n]
            if near(word):
                return word
    if len(right) >= PARALLEL_CONTEXT:
        tail = right[:PARALLEL_CONTEXT]
        for m in re.finditer(re.escape(tail), rest):
            word = _CLAUSE_BREAK.split(rest[: m.start()])[-1][-n:]
            if near(word):
                return word
    return None


#: head nouns that name one thing of a kind (BOSS系统, “电子工作流”系统, 客服热线)
KIND_NOUNS = ("系统", "平台", "热线", "专线")
_NAMED = re.compile(r"(?:[“\"「『]([^”\"」』]{1,12})[”\"」』]|([A-Za-z][A-Za-z0-9]{1,11}))\s*(" + "|".join(KIND_NOUNS) + ")")


_BLANK = re.compile(r"\[[^\]]*\]")


def unprinted_same_kind(sentence: str, prompt: str, answer: str) -> str | None:
    """Another name of the blank's kind that the handbook's ``sentence`` gives and ``prompt`` does not print.

    A blank before 系统 asks "which system"; when the handbook's sentence names two
    systems of one chain (经过 BOSS 系统进入“电子工作流”系统) and the card prints
    neither, the other name fills the blank as well. Printing it (or accepting it)
    makes the blank one answer's.

    >>> unprinted_same_kind("确保在24小时内经过BOSS系统进入“电子工作流”系统提交投诉工单",
    ...                     "须在24小时内通过[系统名]系统立单。", "BOSS")
    '电子工作流'
    >>> unprinted_same_kind("确保在24小时内经过BOSS系统进入“电子工作流”系统提交投诉工单",
    ...                     "须在24小时内经过BOSS系统进入“[…]”系统提交投诉工单。", "电子工作流") is None
    True
    """
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", sentence))
    p = unicodedata.normalize("NFKC", prompt)
    blank = _BLANK.search(p)  # […] or a hint, [系统名]
    if blank is None:
        return None
    after = p[blank.end():].lstrip("”\"」』 ")
    kind = next((k for k in KIND_NOUNS if after.startswith(k)), None)
    if kind is None:
        return None
    a, shown = normalize(answer), normalize(p)
    for m in _NAMED.finditer(folded):
        name = m.group(1) or m.group(2)
        n = normalize(name)
        if m.group(3) == kind and n and n != a and n not in shown:
            return name
    return None


#: series whose consecutive members label items without saying anything (A级、B级、C级; 一级、二级、三级)
SERIES = ("abcdefghij", "一二三四五六七八九十", "123456789", "甲乙丙丁戊己庚辛壬癸", "①②③④⑤⑥⑦⑧⑨⑩")


def serial_items(items: Sequence[str]) -> str | None:
    """The series that names every item when the items differ only by a serial label (A级、B级、C级), else ``None``.

    A recall of such items asks for nothing but the count the prompt prints.

    >>> serial_items(["A级", "B级", "C级"])
    'A–C'
    >>> serial_items(["一级客户经理", "二级客户经理", "三级客户经理"])
    '一–三'
    >>> serial_items(["A级", "B级", "D级"]) is None
    True
    >>> serial_items(["高级客户经理", "中级客户经理", "初级客户经理"]) is None
    True
    """
    texts = [normalize(i) for i in items]
    if len(texts) < 2 or len({len(t) for t in texts}) != 1:
        return None
    differ = [k for k in range(len(texts[0])) if len({t[k] for t in texts}) > 1]
    if len(differ) != 1:
        return None
    labels = [t[differ[0]] for t in texts]
    for series in SERIES:
        if all(ch in series for ch in labels):
            run = "".join(sorted(labels, key=series.index))
            if run in series:  # consecutive, each once
                return f"{run[0]}–{run[-1]}".upper()
    return None


def fair_recall(ctx, fact, template: str, items: Sequence[str]) -> bool:  # type: ignore[no-untyped-def]
    """Whether a recall of ``items`` is fair by what it asks to reproduce; if not, a warning on ``fact``:
    ``recall-compound-items`` (more phrases than a recall asks for) or ``recall-serial-items`` (serial labels)."""
    n = compound_recall(items)
    if n is not None:
        ctx.warn(fact, template, _("no card: the {items} items hold {n} phrases to reproduce word for word (at most "
                                   "{most}); ask for what each item is about in a category, blank one phrase in a "
                                   "rule, or leave the recall out").format(items=len(items), n=n,
                                                                          most=MAX_RECALL_ITEMS),
                 "recall-compound-items")
        return False
    series = serial_items(items)
    if series is not None:
        ctx.warn(fact, template, _("no card: the items differ only by the labels {series}, so the count in the "
                                   "question gives them all; ask what each stands for instead").format(series=series),
                 "recall-serial-items")
        return False
    return True


def contains_answer(text: str, answer: str) -> bool:
    """Whether ``answer`` (two characters or more, normalised) is printed in ``text``."""
    a = normalize(answer)
    return len(a) >= 2 and a in normalize(text)


#: an odd one out needs at least this many members listed: with two, the item has three options
MIN_ODD_ONE_OUT_MEMBERS = 3

_NEGATING = re.compile(r"不|没|未|无|非|禁止|勿|别")


def opposite_member(candidate: str, members: Sequence[str]) -> str | None:
    """The member ``candidate`` states the opposite of (``None`` when there is none).

    An invented odd one out about the same thing as a member shown beside it
    (音量宜大 next to 音量适中; 刘海可遮眉 next to 前发不过眉) is found by
    reasoning from the pair, not by knowing the list.

    >>> opposite_member("音量宜大", ["用语文明、礼貌", "音量适中"])
    '音量适中'
    >>> opposite_member("刘海可遮眉", ["长发应挽起", "前发不过眉"])
    '前发不过眉'
    >>> opposite_member("语速越快越好", ["用语文明、礼貌", "音量适中"]) is None
    True
    >>> opposite_member("服务提成", ["服务原则", "服务标准", "仪容仪表"]) is None
    True
    """
    c = normalize(candidate)
    # a beginning the members share among themselves (服务原则、服务标准…) is the list's, not one member's subject
    heads = [normalize(m)[:2] for m in members]
    for member in members:
        m = normalize(member)
        if not c or not m or c == m:
            continue
        # two options about one attribute (音量…, 长发…) or one object, one side negated (…遮眉 / …不过眉):
        # one of the two must be the intruder, and the member's wording says which
        same_subject = len(c) >= 3 and len(m) >= 3 and c[:2] == m[:2] and heads.count(m[:2]) == 1
        same_object = c[-1] == m[-1] and bool(_NEGATING.search(c)) != bool(_NEGATING.search(m))
        if same_subject or same_object:
            return member
    return None


#: a courtesy put under a prohibition (禁止……感谢、赞美的口气), an extreme called moderate (以尽量用力为宜,
#: 以越轻越好为宜), a prohibited manner recommended (多用命令式)
_ABSURD = (
    re.compile(r"(?:禁止|不得|严禁|不要|切忌|不准|不能)[^。；;]{0,12}?(?:感谢|赞美|关切|礼貌|耐心|微笑|热情|尊重|商量|征询)"),
    re.compile(r"(?:尽量用力|尽量大声|越.{1,2}越好)[^。；;]{0,4}?(?:为宜|适当|适度)"),
    # a manner the handbooks prohibit, recommended (多用命令式)
    re.compile(r"(?:要|应|应当|应该)?多用(?:命令|质问|反问|讽刺|责备|嘲笑)"),
    # standing in the middle leaves no other side to pass on (靠中间站，以便…从另一侧超过)
    re.compile(r"中间[^。；;]{0,12}?另一(?:侧|边)"),
    # staff sending a customer to a competitor (主动介绍其他运营商)
    re.compile(r"(?:介绍|推荐|引导|转介)[^。；;]{0,6}?(?:其他运营商|别的运营商|竞争对手|友商)"),
    # an extreme offered as the rule (语速越快越好, 化妆越浓越显精神)
    re.compile(r"越.{1,2}越(?:好|显)"),
)


#: an extreme no norm asks for, offered as a member of a list of norms (语速越快越好, 音量越大越好)
_EXTREME = re.compile(r"越.{1,3}越(?:好|佳|多|强)|(?:尽量|尽可能)(?:用力|大声|快|多说)")


def absurd_intruder(candidate: str) -> str | None:
    """The words that make an invented odd one out absurd among norms, so common sense picks it (or ``None``).

    A list of norms (用语文明、礼貌; 语调平和; 音量适中) never asks for an extreme; an
    intruder that does is found without the handbook, about any attribute.

    >>> absurd_intruder("语速越快越好")
    '越快越好'
    >>> absurd_intruder("音量越大越好")
    '越大越好'
    >>> absurd_intruder("内容简明、扼要") is None
    True
    """
    m = _EXTREME.search(normalize(candidate))
    return m.group() if m else None


def absurd_statement(statement: str) -> str | None:
    """The words that make a false statement absurd, so common sense answers it (``None`` when none do).

    >>> absurd_statement("服务中禁止使用侮辱性词语或带有感谢、赞美的口气。")
    '禁止使用侮辱性词语或带有感谢'
    >>> absurd_statement("敲门力度以尽量用力为宜，敲门频率要有规律。")
    '尽量用力为宜'
    >>> absurd_statement("语速越快越好")
    '越快越好'
    >>> absurd_statement("敲门力度以客户听见为宜。") is None
    True
    """
    for pattern in _ABSURD:
        m = pattern.search(statement)
        if m:
            return m.group()
    return None


def echoes_term(definition: str, term: str, others: Sequence[str]) -> str | None:
    """The term, short of one character, printed in ``definition`` with a character no other option has.

    A name card whose definition says 投诉单 asks for 投诉“立单”: the term is read
    off the definition (the whole term printed is a stem echo already).

    >>> echoes_term("必须树立“决不落下任何一张投诉单”的服务意识", "投诉“立单”", ["首问责任制", "投诉回访"])
    '投诉单'
    >>> echoes_term("客户第一次询问的员工负责到底", "首问责任制", ["投诉立单", "限时办结制"]) is None
    True
    """
    t, d = normalize(term), normalize(definition)
    if len(t) < 3 or not d:
        return None
    theirs = set("".join(normalize(o) for o in others))
    distinctive = {ch for ch in t if ch not in theirs}
    for i in range(len(t)):
        shorter = t[:i] + t[i + 1 :]
        if shorter in d and distinctive & set(shorter):
            return shorter
    return None


_SHARE = re.compile(r"占\s*(?:\{\{)?\s*\d+(?:\.\d+)?\s*[%％]")
_MEASURE = re.compile(r"比例|比重|比率|百分比为|的人|人数|客户中|用户中|员工中|人员中|中有")


def unmeasured_share(text: str) -> str | None:
    """A share (占78%) in ``text`` that never says what is counted (``None`` when every share does).

    >>> unmeasured_share("销售人员行为调研中，“完全、彻底跟进”占{{78%}}")
    '占{{78%'
    >>> unmeasured_share("被调查客户中，满意的占{{95%}}") is None
    True
    """
    m = _SHARE.search(text)
    if m and not _MEASURE.search(text):
        return m.group()
    return None


#: a market figure: a share of users, customers or a market held (拥有90%的移动高端用户, 市场占有率达60%)
_MARKET_FIGURE = re.compile(
    r"(?:拥有|占有|占据|占领|覆盖|占有率[达为]?|份额[达为]?)[^，。；;]{0,6}?\d+(?:\.\d+)?\s*(?:[%％]|成)"
    r"(?:[^，。；;]{0,10}?(?:用户|客户|市场|份额))?")
#: what dates a figure or names the study it comes from; 目前 alone does not (whose 目前?)
_FIGURE_FRAME = re.compile(r"案例|实例|\d{2,4}\s*年|当时|调研|调查|统计|报告|截至")


def undated_figure(text: str) -> str | None:
    """A market figure ``text`` states as a plain present fact, with no year or study it belongs to (or ``None``).

    A share quoted from a case study (该品牌目前拥有90%的移动高端用户) was true when the
    study was written; a card that states it bare asks the learner to judge it today.

    >>> undated_figure("全球通拥有{{90%}}的移动高端用户。")
    '拥有90%的移动高端用户'
    >>> undated_figure("在重塑全球通的案例中，该品牌当时拥有{{90%}}的移动高端用户。") is None
    True
    >>> undated_figure("营业厅面积不小于180平方米。") is None
    True
    """
    plain = text.replace("{{", "").replace("}}", "")
    m = _MARKET_FIGURE.search(plain)
    return None if m is None or _FIGURE_FRAME.search(plain) else m.group()


#: pairs of opposite characters: a rule that says both halves (上楼梯…后面，下楼梯…前面) gives one by the other
_OPPOSITES = frozenset(
    a + b
    for a, b in ("前后", "上下", "左右", "长短", "内外", "先后", "高低", "多少", "进出", "早晚", "快慢", "轻重",
                 "收付", "大小", "里外", "正反", "进退", "得失")
    for a, b in ((a, b), (b, a))
)


def paired_half(prompt: str, answer: str) -> str | None:
    """The other half of a paired rule printed in ``prompt``, from which ``answer`` follows (``None`` when none is).

    The printed half says the same as the answer with one character turned to its
    opposite (前面 for 后面, 容人之短 for 用人之长): the blank is the opposite of
    what is printed, and no handbook is needed.

    >>> paired_half("上楼梯时应走在客户的[…]，下楼梯时应走在客户的前面。", "后面")
    '前面'
    >>> paired_half("领导要学会[…]，容人之短。", "用人之长")
    '容人之短'
    >>> paired_half("使用自动扶梯应靠[…]站，右手扶扶梯。", "左侧") is None
    True
    """
    p, a = normalize(prompt), normalize(answer)
    n = len(a)
    if n < 2:
        return None
    for i in range(len(p) - n + 1):
        window = p[i : i + n]
        opposite = sum(1 for x, y in zip(a, window) if x + y in _OPPOSITES)
        other = sum(1 for x, y in zip(a, window) if x != y and x + y not in _OPPOSITES)
        # each opposite pair may bring one changed word with it (用人/容人) in a long enough answer
        if opposite and other <= n // 4:
            return window
    return None


_NEGATED = re.compile(r"(?:不|未经?|没有?|无|非|勿|禁止)([^，。；;,:：、]{0,4})")


def negation_printed(prompt: str, answer: str) -> str | None:
    """The answer's own word printed negated in ``prompt`` (如不返回 beside 是否[…]), or ``None``.

    A rule that says what to do and then what happens when it is not done prints
    the blank a second time, with a 不/未经 in front.

    >>> negation_printed("应向客户说明[…]，如不返回应承诺修通时限。", "是否返回")
    '不返回'
    >>> negation_printed("搬动物品应事先[…]。未经客户同意，不得使用客户家中设施。", "征得客户同意")
    '未经客户同意'
    >>> negation_printed("不得在客户面前[…]。", "吸烟") is None
    True
    """
    a = normalize(answer)
    if len(a) < 3 or _NEGATING.search(a[-2:]):
        return None
    word = a[-2:]
    p = normalize(prompt)
    for m in _NEGATED.finditer(p):
        rest = m.group(1)
        k = rest.find(word)
        if k >= 0:
            return m.group()[: len(m.group()) - len(rest) + k + 2]
    return None


def abbreviation_echo(prompt: str, answer: str, others: Sequence[str]) -> str | None:
    """A two-character word of ``answer`` the stem prints spread out (礼节和仪式 → 礼仪, 客户服务 → 客服).

    Only the answer has it, so the item is answered by contracting the stem's words.

    >>> abbreviation_echo("礼节和仪式的总称。这说的是哪个概念？", "礼仪", ["礼节", "礼貌"])
    '礼仪'
    >>> abbreviation_echo("「评估客户服务标准」是哪个部门的职责？", "客服部门", ["业务部门", "移动部门"])
    '客服'
    >>> abbreviation_echo("维护客户和公司双方的合法权益", "依法维权", ["主动热情", "尊重客户"])
    '法权'
    >>> abbreviation_echo("热情接待每一位客户", "主动热情", ["依法维权", "尊重客户"]) is None
    True
    """
    p, a = normalize(prompt), normalize(answer)
    rest = [normalize(o) for o in others]

    def spread(text: str, x: str, y: str) -> bool:
        return any(text[i] == x and y in text[i + 1 : i + 4] for i in range(len(text)))

    for i in range(len(a)):
        for j in range(i + 1, min(i + 3, len(a))):
            x, y = a[i], a[j]
            if x == y or (j == i + 1 and x + y in p):
                continue  # a word printed whole is a plain stem echo
            if spread(p, x, y) and not any(spread(o, x, y) or (x in o and y in o) for o in rest):
                return x + y
    return None


#: sayings everyone knows: a blank inside one tests the saying, not the handbook
COMMON_SAYINGS = ("站如松", "坐如钟", "行如风", "卧如弓", "用人之长", "容人之短", "顾客是上帝", "客户是上帝",
                  "微笑服务", "宾至如归", "和气生财", "一视同仁")


def common_saying(text: str, answer: str) -> str | None:
    """The common saying in ``text`` that ``answer`` completes (``None`` when the blank is in none).

    >>> common_saying("形体礼仪对站姿的要求是“站如松”。", "松")
    '站如松'
    >>> common_saying("女士站立时两脚尖张开距离为两拳。", "两拳") is None
    True
    """
    t, a = normalize(text), normalize(answer)
    if not a:
        return None
    for saying in COMMON_SAYINGS:
        if saying in t and (a in saying or saying in a):
            return saying
    return None


#: ranks in their order, from the top; each level a set of words that names it
RANK_SCALES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("高级",), ("中级",), ("初级", "普通")),
    (("一把手", "总经理"), ("副总",), ("部门", "分管", "经理"), ("一线", "员工", "工程师")),
    (("省级", "省公司"), ("市级", "地市", "市公司"), ("县级", "区县", "县公司")),
    (("一级",), ("二级",), ("三级",), ("四级",)),
)


def ranked_steps(steps: Sequence[str]) -> str | None:
    """Why the order of ``steps`` follows from their labels (ranks, 高级 → 普通), or ``None``.

    A hierarchy is not a sequence of steps: its titles give the order away.

    >>> ranked_steps(["高级客户经理", "客户经理（中级）", "客户经理（普通）"])
    '高级 → 中级 → 普通'
    >>> ranked_steps(["一把手", "副总经理", "部门或分管经理", "一线员工"])
    '一把手 → 副总 → 部门 → 一线'
    >>> ranked_steps(["问候", "自我介绍", "询问需求", "结束通话"]) is None
    True
    """
    texts = [normalize(s) for s in steps]
    for scale in RANK_SCALES:
        levels: list[int] = []
        words: list[str] = []
        for text in texts:
            # the word that begins earliest names the level: 副总经理 is 副总, not 总经理 or 经理
            found = [(text.find(w), -len(w), i, w) for i, level in enumerate(scale) for w in level if w in text]
            hit = min(found)[2:] if found else None
            if hit is None:
                break
            levels.append(hit[0])
            words.append(hit[1])
        else:
            if len(set(levels)) == len(levels) >= 3 and levels == sorted(levels):
                return " → ".join(words)
    return None


#: A hidden term this long (characters after normalising) or longer is given away by a print that differs in one.
NEAR_LENGTH = 4


def near_print(text: str, term: str) -> str | None:
    """A stretch of ``text`` that is ``term`` with one character changed (``None`` when there is none).

    Two wordings of one maxim (有诉必录 / 每诉必录), or the rule's own contrast
    (在同一层级内… beside a blank keyed 上一层级): the print differs from the hidden
    term by the one character a candidate can supply. Terms shorter than
    :data:`NEAR_LENGTH` are left alone (营业员 / 营业厅 differ in one as well).

    >>> near_print("投诉立单要求做到“有诉必录，每诉必查”。", "每诉必录")
    '有诉必录'
    >>> near_print("不得在同一层级内相互推诿，应立即向[…]主管报告", "上一层级")
    '同一层级'
    >>> near_print("营业厅受理的投诉须在24小时内提交", "12小时") is None
    True
    """
    return near_in(normalize(text), normalize(term))


def near_in(t: str, k: str) -> str | None:
    """:func:`near_print` of texts already normalised (assembly compares every pair of items)."""
    n = len(k)
    if n < NEAR_LENGTH:
        return None
    half = n // 2
    # one changed character leaves one half of the term printed whole: only the windows where the first
    # half, or the second, stands in its place can be one character away
    starts = set()
    for part, shift in ((k[:half], 0), (k[half:], half)):
        at = t.find(part)
        while at != -1:
            if 0 <= at - shift <= len(t) - n:
                starts.add(at - shift)
            at = t.find(part, at + 1)
    for i in sorted(starts):
        window = t[i : i + n]
        if window != k and sum(a != b for a, b in zip(window, k)) == 1:
            return window
    return None


def near_echo(prompt: str, answers: Sequence[str]) -> str | None:
    """The stretch of ``prompt`` one character away from an accepted answer (``None`` when none is).

    >>> near_echo("不得在同一层级内相互推诿，应立即向[…]主管报告", ["上级", "上一层级"])
    '同一层级'
    """
    return next(filter(None, (near_print(prompt, a) for a in answers)), None)


_EITHER = re.compile(r"^(.{1,4})(?:或者|或)(.{1,4})$")


def either_or(answer: str) -> str | None:
    """The two halves of an answer that joins alternatives (每周或每月), or ``None``.

    The frame of such a blank takes either half, or another of their kind
    (每日), as well as the handbook's pair: several fills fit.

    >>> either_or("每周或每月")
    '每周 / 每月'
    >>> either_or("隔离措施") is None
    True
    """
    m = _EITHER.match(normalize(answer))
    if m:
        return f"{m.group(1)} / {m.group(2)}"
    return None


def response_echo(situation: str, response: str) -> str | None:
    """The words of a short standard phrase its situation prints (新年期间… → 新年好), or ``None``.

    When all but one character of the response stand in the situation as
    words of two characters or more, the phrase is read off the question.

    >>> response_echo("新年期间客户来到柜台，营销员先怎样问候？", "新年好！")
    '新年'
    >>> response_echo("客户来到面前，主动向客户问候", "您好！您需要什么帮助？") is None
    True
    """
    s, r = normalize(situation), normalize(response)
    covered = [False] * len(r)
    words = []
    for i in range(len(r) - 1):
        if r[i : i + 2] in s:
            covered[i] = covered[i + 1] = True
            words.append(r[i : i + 2])
    if r and words and len(r) - sum(covered) <= 1:
        return "".join(dict.fromkeys(words))
    return None


_NUMERAL = re.compile(r"[\d一二两三四五六七八九十百千万半]")


def one_character(answer: str, alternatives: Sequence[str] = ()) -> bool:
    """Whether a blank asks for one character that is no numeral, with no other fill accepted.

    「发卡式样庄重大方，以[…]为宜」 keyed 少: 简, 小 or 素 fit the frame as well. A
    number (向[…]星级营业厅 → 五) is a fact of its own, and a blank whose author
    listed the other fills (说[…]一点: 晚, 长) has been thought through.

    >>> one_character("少"), one_character("五"), one_character("晚", ["长"]), one_character("淡妆")
    (True, False, False, False)
    """
    a = normalize(answer)
    return len(a) == 1 and not _NUMERAL.match(a) and not alternatives


#: A blank asking for more characters than this, word for word, is recall of a phrase, not of a fact.
LONG_BLANK = 8


def long_blank(answer: str, alternatives: Sequence[str] = ()) -> bool:
    """Whether a blank asks for a long phrase word for word with no shorter wording accepted.

    「营业场所禁止拍摄，[…]除外」 keyed 本单位和上级部门检查人员 (twelve characters): 检查人员
    gets nothing. A blank that also takes a wording of at most :data:`LONG_BLANK`
    characters is fair.

    >>> long_blank("本单位和上级部门检查人员"), long_blank("检查人员"), long_blank("本单位和上级部门检查人员", ["检查人员"])
    (True, False, False)
    """
    return min(len(normalize(a)) for a in (answer, *alternatives)) > LONG_BLANK
