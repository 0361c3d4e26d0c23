"""多选题 (multiple-answer items) for exam papers, made from list, category and duty facts.

「以下哪些属于「营业厅服务举措」？」: two to four of the fact's own items are
right, the other options (five in all where the deck has enough) are the
fact's explicit ``distractors``, then items of other facts of the same kind
and topic (never of another topic: those would be absurd rather than wrong);
a fact with no wrong option to offer gets no 多选题. Nothing that equals one of the
fact's own items (after :func:`drill.text.normalize`) is ever offered as
wrong. These cards exist only for exam papers: review keeps asking for the
whole list (list recall), which tests the same knowledge more strictly.

The right options must not be told from the wrong ones by their look
(:func:`select_giveaway`): a word of the stem that only right options repeat
(「…礼貌用语」 → every key ends in 用语), a mark (的, 、, a digit) or a length
only they share. The card draws other right and wrong options until none
stands out, and a fact that cannot give such a set gets no 多选题.

Scoring (per blueprint section, ``scoring:``):

* ``all-or-nothing`` (default): full points only for exactly the right set;
* ``half``: any wrong pick scores 0; right ones only, but not all of them
  (少选), half the points;
* ``proportional``: any wrong pick scores 0; otherwise the share of the
  right options picked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from ..card import Card, CardType, Option, content_hash
from ..i18n import _
from ..itemrules import LENGTH_RATIO, absurd_statement, group_giveaway, overlaps
from ..text import normalize, seeded_rng

Scoring = Literal["all-or-nothing", "half", "proportional"]
SCORING: tuple[str, ...] = ("all-or-nothing", "half", "proportional")
TEMPLATE = "select-all"
#: options on a 多选题 (A–E) when the deck has enough wrong ones; at least one is always wrong
OPTIONS = 5
MIN_RIGHT, MAX_RIGHT = 2, 4

# kind → (title of the fact, its items, the template whose presence means the list is examinable, prompt)
_KINDS: dict[str, tuple[str, str, str]] = {
    "list": ("name", "recall", "以下哪些属于「{title}」？"),
    "category": ("name", "members", "以下哪些属于「{title}」？"),
    "duty": ("role", "duties", "以下哪些是「{title}」的岗位职责？"),
}


def _items(fact: Any) -> list[str]:
    if fact.kind == "list":
        return list(fact.items)
    if fact.kind == "category":
        return [m.name for m in fact.members]
    return list(fact.duties)


def select_all_cards(decks: Iterable[Any]) -> list[Card]:
    """A 多选题 card for every list, category and duty fact that has enough right and wrong options."""
    out: list[Card] = []
    for deck in decks:
        facts = [f for f in deck.facts if getattr(f, "kind", None) in _KINDS]
        by_kind: dict[str, list[Any]] = {}
        for f in facts:
            by_kind.setdefault(f.kind, []).append(f)
        for fact in facts:
            title_field, template, prompt = _KINDS[fact.kind]
            if not fact.wants(template) or excluded(deck, fact):
                continue
            items = _items(fact)
            title = getattr(fact, title_field)
            if len(items) < MIN_RIGHT or NUMBERED_PART.search(title):
                continue
            # wrong options from other facts of the same kind, topic, audience and family only: a hall area
            # offered as one of 「营销员的四种角色」, a hair rule among 「化妆注意事项」 would be absurd, not hard
            kin = [f for f in by_kind[fact.kind] if f.id != fact.id and same_family(fact, f, title_field)]
            # a duty or item the list leaves open (…投诉处理等服务) covers another list's items on the same thing
            covered = open_terms(items)
            tiers = [list(fact.distractors),
                     [i for f in kin for n, i in enumerate(_items(f), 1)
                      if not any(t in normalize(i) for t in covered) and not names_own_work(i, items)
                      and not shared_duty(deck, f, n)]]
            card = _card(deck.deck, fact, title, items, prompt, tiers, deck.context)
            if card is not None:
                out.append(card)
    return out


#: An enumeration the handbook leaves open: 「提供咨询解答、业务推荐、投诉处理等服务」.
_OPEN = re.compile(r"([^，。；、]*(?:、[^，。；、等]+)+)等")


def open_terms(items: Sequence[str]) -> set[str]:
    """The subjects an open enumeration among ``items`` names (the first two characters of each of its terms).

    A post 「在咨询台提供咨询解答、业务推荐、投诉处理等服务」 also deals with complaints:
    a complaint post's duty is no certain wrong option under it.

    >>> sorted(open_terms(["在咨询台提供咨询解答、业务推荐、投诉处理等服务", "感谢客户的支持与关心"]))
    ['业务', '咨询', '投诉']
    >>> open_terms(["推荐终端产品及相关业务和套餐"])
    set()
    """
    out: set[str] = set()
    for item in items:
        for m in _OPEN.finditer(item):
            terms = m.group(1).split("、")
            terms[0] = terms[0][-4:]  # the first term follows the sentence's own words (在咨询台提供…)
            out.update(t[:2] for t in terms if len(t) >= 2)
    return out


def select_ids(deck: Any) -> set[str]:
    """The ids the 多选题 of ``deck``'s facts would have, made or not (for its ``excluded`` list to name)."""
    return {f"{deck.deck}/{fact.id}/{TEMPLATE}" for fact in deck.facts if getattr(fact, "kind", None) in _KINDS}


def shared_duty(deck: Any, fact: Any, n: int) -> bool:
    """Whether the deck sends back the 「…是哪个岗位的职责？」 card of duty ``n`` of ``fact``: a duty other posts
    have too (感谢客户的支持与关心) is no certain wrong option under another post."""
    return bool(fact.kind == "duty" and deck.is_excluded(f"{deck.deck}/{fact.id}/whose/{n}"))


def names_own_work(option: str, items: Sequence[str]) -> bool:
    """Whether ``option`` leaves open an enumeration naming work that ``items`` are about.

    Another post's 「向客户提供证件预检、咨询解答、业务推荐、投诉处理等流动服务」 is no certain wrong
    option among the 投诉处理岗's duties: that post handles complaints too.

    >>> names_own_work("向客户提供证件预检、咨询解答、业务推荐、投诉处理等流动服务", ["跟踪投诉全过程，做好投诉分析和汇总"])
    True
    >>> names_own_work("向客户提供证件预检、咨询解答、业务推荐、投诉处理等流动服务", ["负责营业厅的全面管理工作"])
    False
    """
    terms = open_terms([option])
    return any(t in normalize(item) for t in terms for item in items)


def excluded(deck: Any, fact: Any) -> bool:
    """Whether the deck's ``excluded`` list keeps ``fact`` off 多选题.

    The 多选题 itself may be named (``fact/select-all``, or the whole fact); so
    may the fact's odd one out, which offers the same wrong options: a deck that
    sends that card back (a list ending with 等, intruders that contradict a
    member, a phrasing only the members share) sends back its 多选题 too.
    """
    return any(deck.is_excluded(f"{deck.deck}/{fact.id}/{template}") for template in (TEMPLATE, "odd-one-out"))


def _family_words(title: str) -> str:
    return normalize(title).replace("的", "")


#: Titles of one family share a run of this many characters (的 left out): 现场接待礼仪的动作部分 and
#: …礼貌态度部分, 个人客户的非通信内容信息 and 集团客户的…; 化妆注意事项 and 男士发型发式的要求 share none.
FAMILY_RUN = 3


def same_family(fact: Any, other: Any, title_field: str) -> bool:
    """Whether ``other``'s items may be offered as wrong options under ``fact``'s title.

    Same topic and the same audience tags; for lists and categories, titles of
    one family too (a shared run of :data:`FAMILY_RUN` characters), so what is
    offered is a like thing under a like heading, never a rule about another
    subject. Posts (duty facts) of one topic are one family already.
    """
    if other.topic != fact.topic or set(other.tags) != set(fact.tags):
        return False
    if fact.kind == "duty":
        return True
    a, b = _family_words(getattr(fact, title_field)), _family_words(getattr(other, title_field))
    return any(a[i : i + FAMILY_RUN] in b for i in range(len(a) - FAMILY_RUN + 1))


#: A list named as a numbered stretch of a longer one (「服务承诺落实事项（第六至第九项）」, 「服务举措（一至十）」
#: of a chapter with more): which items fall in that stretch is the handbook's numbering, not knowledge, so it
#: is asked as a whole list only.
NUMBERED_PART = re.compile(r"[（(][^）)]*[第一二三四五六七八九十\d][^）)]*[至到~～–-][^）)]*[）)]")
#: Draws of right and wrong options a 多选题 gets before its fact is given up as unfair.
DRAWS = 24


def select_giveaway(stem: str, right: Sequence[str], wrong: Sequence[str]) -> str | None:
    """Why the right options of a 多选题 stand out from the wrong ones by form (``None`` when they do not).

    A two-character word of the stem repeated by a right option and by no wrong
    one; a mark (的, 、, a digit) all right options have and no wrong one has,
    or the reverse; right options all far longer or far shorter than the wrong.

    >>> select_giveaway("以下哪些属于「禁用语气」？", ["反问语气", "斥责语气"], ["微笑", "点头", "问候"])
    "the right option '反问语气' repeats '语气' of the question and no wrong option does"
    >>> select_giveaway("以下哪些属于「禁用语气」？", ["反问语气", "斥责语气"], ["平和语气", "点头"]) is None
    True
    """
    p = normalize(stem)
    keys, others = [normalize(t) for t in right], [normalize(t) for t in wrong]
    if not keys or not others:
        return None
    for raw, key in zip(right, keys):
        for i in range(len(key) - 1):
            word = key[i : i + 2]
            if word in p and not any(word in o for o in others):
                return _("the right option {option!r} repeats {word!r} of the question and no wrong option does").format(
                    option=raw, word=word)
    # a beginning or ending every right option shares and no wrong one has (凡是… keys among other phrasings)
    edges: tuple[Callable[[str], str], ...] = (lambda s: s[:2], lambda s: s[-2:], lambda s: s[:1], lambda s: s[-1:])
    for edge in edges:
        shared = {edge(t) for t in keys}
        if len(keys) >= 2 and len(shared) == 1 and not any(edge(o) in shared for o in others):
            (word,) = shared
            # one shared character is chance among few options; beside three wrong options lacking it, a cue
            if len(word) == 2 or len(keys) >= 3 or len(others) >= 3:
                return _("the right options all share {word!r} and no wrong option has it").format(word=word)
    # some right options share a beginning no wrong option has (较全面的业务知识, 较高的业务处理能力 beside
    # 投诉处理技巧, 财务审计能力, 终端维修技能): those are picked by their look and the rest follows
    shared_start = _shared_start(keys, others)
    if shared_start:
        return _("the right options {a!r} and {b!r} both begin with {word!r} and no wrong option does").format(
            a=right[shared_start[1]], b=right[shared_start[2]], word=shared_start[0])
    # a phrasing every right option has (行动上不出格, 仪态上不失态: …上不…) and no wrong one, or one every wrong
    # option has (感情适度, 谈吐适度, 举止适度) and no right one: the two groups are told apart by their look
    for group, rest, message in (
            (keys, others, _("the right options all have {word!r} and no wrong option does")),
            (others, keys, _("the wrong options all have {word!r} and no right option does"))):
        if len(group) >= 2:
            shared = set.intersection(*(set(_bigrams(t)) for t in group))
            shared -= {w for t in rest for w in _bigrams(t)}
            if shared:
                return message.format(word=sorted(shared)[0])
    # every right option a prohibition (不…, 避…) and no wrong one, or the reverse: picked by their polarity
    negated = [bool(_NEGATION.search(t)) for t in keys], [bool(_NEGATION.search(t)) for t in others]
    if all(negated[0]) and not any(negated[1]) or len(others) >= 2 and not any(negated[0]) and all(negated[1]):
        return _("only the right options differ from the wrong ones in saying what not to do")
    # a frame, an ending or a length band one group shares and the other lacks (…厅/…店 beside 社会代理网点)
    for one, other in ((right, wrong), (wrong, right)):
        why = group_giveaway(one, other)
        if why:
            return why
    pair = opposite_pair(right, wrong)
    if pair:
        return _("the options {a!r} and {b!r} say opposite things about one subject: one of them must be "
                 "right").format(a=pair[0], b=pair[1])
    # only the right options are sentences with a comma of their own (normalising drops the comma: read the raw text)
    commas = [("，" in t or "," in t) for t in right], [("，" in t or "," in t) for t in wrong]
    if all(commas[0]) and not any(commas[1]) or len(wrong) >= 2 and not any(commas[0]) and all(commas[1]):
        return _("only the right options differ from the wrong ones in {mark!r}").format(mark="，")
    marks: tuple[tuple[str, Callable[[str], bool]], ...] = (
        ("的", lambda s: "的" in s), ("、", lambda s: "、" in s), ("0-9", lambda s: any(ch.isdigit() for ch in s)))
    for mark, has in marks:
        k, o = [has(t) for t in keys], [has(t) for t in others]
        if (all(k) and not any(o)) or (len(others) >= 2 and not any(k) and all(o)):
            return _("only the right options differ from the wrong ones in {mark!r}").format(mark=mark)
    shortest_key, longest_key = min(map(len, keys)), max(map(len, keys))
    shortest_other, longest_other = min(map(len, others)), max(map(len, others))
    if shortest_key >= 4 and shortest_key > LENGTH_RATIO * longest_other:
        return _("the right options are all far longer than the wrong ones")
    if shortest_other >= 4 and shortest_other > LENGTH_RATIO * longest_key:
        return _("the right options are all far shorter than the wrong ones")
    return None


#: One-character beginnings that mark a phrasing, not a subject: degree (较, 更), obligation (须, 应), negation.
_PHRASING_STARTS = frozenset("较更最很均全须应要必可不勿禁严")


def _shared_start(keys: Sequence[str], others: Sequence[str]) -> tuple[str, int, int] | None:
    """A beginning two right options share and no wrong option has, with the two options' places (or ``None``).

    Two characters count (客户… and 客户… beside options that begin otherwise); one counts when it marks a
    phrasing (:data:`_PHRASING_STARTS`): 较全面的业务知识 and 较高的业务处理能力.

    >>> _shared_start(["投诉处理技巧", "较全面的业务知识", "较高的业务处理能力"], ["财务审计能力", "终端维修技能"])
    ('较', 1, 2)
    >>> _shared_start(["客户信息", "客服热线"], ["营业时间"]) is None
    True
    """
    for width in (2, 1):
        for i, a in enumerate(keys):
            word = a[:width]
            if len(word) < width or (width == 1 and word not in _PHRASING_STARTS):
                continue
            for j in range(i + 1, len(keys)):
                if keys[j].startswith(word) and not any(o.startswith(word) for o in others):
                    return word, i, j
    return None


def _bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)]


#: Marks of a negated or avoided action (化妆应避人, 不宜过长, 禁止…).
_NEGATION = re.compile(r"不|没|未|无|非|禁止|勿|别|避|免|忌")


def opposite_pair(right: Sequence[str], wrong: Sequence[str]) -> tuple[str, str] | None:
    """A right and a wrong option about one subject, one negated and the other not (or ``None``).

    「化妆应避人」 beside 「化妆可在客户面前进行」: one of the two must be right, and
    the candidate need only pick the one that sounds proper.

    >>> opposite_pair(["化妆应避人", "化妆要自然"], ["化妆可在客户面前进行"])
    ('化妆应避人', '化妆可在客户面前进行')
    >>> opposite_pair(["化妆应避人"], ["服务提成"]) is None
    True
    """
    for r in right:
        a = normalize(r)
        for w in wrong:
            b = normalize(w)
            if len(a) < 3 or len(b) < 3 or bool(_NEGATION.search(a)) == bool(_NEGATION.search(b)):
                continue
            if a[:2] == b[:2] or a[-1] == b[-1]:
                return r, w
    return None


def _card(deck: str, fact: Any, title: str, items: Sequence[str], prompt: str,
          tiers: Sequence[Sequence[str]], context: str | None = None) -> Card | None:
    card_id = f"{deck}/{fact.id}/{TEMPLATE}"
    rng = seeded_rng("select-all", card_id)
    stem = prompt.format(title=title)
    banned = {normalize(i) for i in items} | {""}
    pool: list[str] = []
    for tier in tiers:
        candidates = sorted(dict.fromkeys(tier))
        rng.shuffle(candidates)
        for text in candidates:
            key = normalize(text)
            # a wrong option that contains, is contained in or closely resembles one of the fact's own items
            # (账单和清单 beside 集团账单和清单) is not certainly wrong
            if key not in banned and overlaps(text, items) is None and absurd_statement(text) is None:
                banned.add(key)
                pool.append(text)
    # always the full A–E: with few wrong options at hand, more right ones fill the set; else no 多选题
    fewest_right = max(MIN_RIGHT, OPTIONS - len(pool))
    if not pool or fewest_right > min(MAX_RIGHT, len(items)):
        return None
    for draw in range(DRAWS):
        right_n = rng.randint(fewest_right, min(MAX_RIGHT, len(items)))
        # the first draw keeps the nearest tiers' wrong options; later ones look further for a fair set
        wrong = pool[: OPTIONS - right_n] if draw == 0 else rng.sample(pool, min(len(pool), OPTIONS - right_n))
        right = rng.sample(list(items), right_n)
        if select_giveaway(stem, right, wrong) is None:
            break
    else:
        return None
    options = [Option(text=t, correct=True) for t in right] + [Option(text=t) for t in wrong]
    rng.shuffle(options)
    fields: dict[str, Any] = {
        "id": card_id, "deck": deck, "fact": fact.id, "kind": fact.kind, "template": TEMPLATE, "part": None,
        "type": CardType.MULTIPLE_SELECT, "prompt": f"【{context}】{stem}" if context else stem,
        "answer": "、".join(o.text for o in options if o.correct), "options": tuple(options),
        "items": tuple(o.text for o in options if o.correct), "context": None, "hint": None,
        # the key explains by the whole list; a fact's note may be an editor's remark, not for candidates
        "explanation": f"「{title}」{'的岗位职责' if fact.kind == 'duty' else ''}包括：" + "、".join(items),
        "topic": fact.topic, "tags": tuple(fact.tags), "source": fact.source,
    }
    fields["content_hash"] = content_hash(fields)
    return Card(**fields)


def select_credit(key: str, letters: str, scoring: str = "all-or-nothing") -> float:
    """Share of an item's points for picking ``letters`` when ``key`` names the right options.

    >>> select_credit("ACD", "DCA"), select_credit("ACD", "AC", "half"), select_credit("ACD", "AB", "half")
    (1.0, 0.5, 0.0)
    >>> round(select_credit("ACD", "AC", "proportional"), 3), select_credit("ACD", "AC")
    (0.667, 0.0)
    """
    right, chosen = set(key.upper()), set(letters.upper())
    if not chosen or chosen - right:
        return 0.0
    if chosen == right:
        return 1.0
    if scoring == "half":
        return 0.5
    if scoring == "proportional":
        return len(chosen) / len(right)
    return 0.0
