"""What every fact kind shares, and the context card templates draw siblings from."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ..card import Card, CardType, Option, content_hash
from ..i18n import N_, _
from ..itemrules import fits_form, form_giveaway, overlaps, stem_echo
from ..text import normalize, seeded_rng

if TYPE_CHECKING:
    from ..deck import Deck

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]

def accept_field() -> Any:
    """``accept:`` on a fact with a typed answer: other wordings marked right."""
    return Field(
        default_factory=list,
        description="other wordings accepted as equal to the typed answer (×× placeholders, （stage directions） "
        "and 甲／乙 work as in the answer itself)",
    )


def points_field() -> Any:
    """``points:`` on a standard phrase: what an answer must say, each point with its synonyms."""
    return Field(
        default_factory=list,
        description="key points an answer must carry, each `word|synonym|…` (e.g. `致歉|道歉|对不起`); "
        "an answer with every point is right. With no points the answer is shown and self-rated",
    )


#: A multiple-choice card is made only with at least this many options.
MIN_OPTIONS = 3
#: ... and gets up to this many.
MAX_OPTIONS = 4
#: at most this many candidates of one tier are looked at for one card's distractors
SCAN_LIMIT = 512
TRUE_LABEL = "正确"
FALSE_LABEL = "错误"


class FactBase(BaseModel):
    """Fields every fact has. Subclasses add their own and implement ``templates``."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    #: template names this kind can make, in order
    TEMPLATES: ClassVar[tuple[str, ...]] = ()

    id: Slug = Field(description="stable id within the deck; review history hangs on it")
    topic: Text | None = Field(default=None, description="topic (chapter theme); siblings share it")
    tags: list[Tag] = Field(default_factory=list)
    source: Text | None = Field(default=None, description="where in the handbook")
    frame: Text | None = Field(
        default=None,
        description="the setting the fact holds in, printed before each of its questions (在三户模型中): a term or "
        "rule the handbooks also state in general words is then asked in its own sense")
    note: Text | None = Field(default=None, description="shown after the answer")
    editor_note: Text | None = Field(
        default=None, exclude=True,
        description="for the deck's maintainers only (where the handbook text was lost or read a certain way); "
        "never shown on a card, its back, a paper, a key or an export")
    distractors: list[Text] = Field(default_factory=list, description="explicit wrong answers (for a rule: wrong values of its first term deletion)")
    cards: list[str] | None = Field(default=None, description="templates to make (default: all)")
    reviewed: bool = Field(
        default=True,
        description="false on a fact drafted by `drill extract` that no trainer has read yet; "
        "`drill lint` counts them and `drill lint --strict` refuses them",
    )

    @field_validator("cards")
    @classmethod
    def _known_templates(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            unknown = [v for v in value if v not in cls.TEMPLATES]
            if unknown:
                raise ValueError(
                    _("unknown template(s) {unknown}; {kind} makes {templates}").format(
                        unknown=", ".join(unknown), kind=cls.__name__, templates=", ".join(cls.TEMPLATES))
                )
        return value

    def wants(self, template: str) -> bool:
        return self.cards is None or template in self.cards

    def make(self, ctx: GenContext) -> Iterator[Card]:  # pragma: no cover - overridden
        raise NotImplementedError

    def texts(self) -> list[str]:
        """The wording of this fact, for duplicate detection."""
        return []


@dataclass(frozen=True, slots=True)
class Warning_:
    """A lint warning raised while making cards (not an error: the deck still loads)."""

    fact: str
    template: str
    message: str
    #: what kind of problem, as `drill lint` reports it (the item audit's codes where they are the same)
    code: str = "too-few-siblings"


#: A tier of distractor candidates: (owning fact id or None, text) pairs.
Tier = Sequence[tuple[str | None, str]]


@dataclass
class _Pool:
    by_topic: dict[str | None, list[tuple[str | None, str]]]
    everything: list[tuple[str | None, str]]


@dataclass
class GenContext:
    """Deck-wide view handed to fact templates: siblings, seeded choice, warnings.

    Candidate pools are built once per (kind, field) and shared by every card,
    so generation stays linear in the size of the deck.
    """

    deck: Deck
    warnings: list[Warning_] = field(default_factory=list)
    _by_kind: dict[str, list[Any]] = field(default_factory=dict)
    _pools: dict[tuple[str, str], _Pool] = field(default_factory=dict)
    _keys: dict[tuple[str, str], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for fact in self.deck.facts:
            self._by_kind.setdefault(fact.kind, []).append(fact)

    def facts_of(self, kind: str) -> list[Any]:
        return self._by_kind.get(kind, [])

    def tiers(self, fact: FactBase, kind: str, name: str, get: Callable[[Any], Iterable[str]]) -> list[Tier]:
        """Candidates ``get(f)`` from facts ``f`` of ``kind``: same topic as ``fact`` first, then the deck.

        ``name`` identifies ``get`` for caching. The fact's own candidates are
        skipped when choosing (see :meth:`choose`).
        """
        pool = self._pools.get((kind, name))
        if pool is None:
            by_topic: dict[str | None, list[tuple[str | None, str]]] = {}
            everything: list[tuple[str | None, str]] = []
            for f in self.facts_of(kind):
                for text in get(f):
                    by_topic.setdefault(f.topic, []).append((f.id, text))
                    everything.append((f.id, text))
            pool = self._pools[(kind, name)] = _Pool(by_topic, everything)
        return [pool.by_topic.get(fact.topic, []), pool.everything]

    def cached(self, key: tuple[str, str], build: Callable[[], Any]) -> Any:
        """A deck-wide derived value (an index), built once."""
        if key not in self._keys:
            self._keys[key] = build()
        return self._keys[key]

    def card_id(self, fact: FactBase, template: str, part: int | str | None = None) -> str:
        """``deck/fact/template[/part]``: never depends on wording."""
        return f"{self.deck.deck}/{fact.id}/{template}" + (f"/{part}" if part is not None else "")

    def warn(self, fact: FactBase, template: str, message: str, code: str = "too-few-siblings") -> None:
        self.warnings.append(Warning_(fact.id, template, message, code))

    def card(
        self,
        fact: FactBase,
        template: str,
        type: CardType,
        prompt: str,
        answer: str,
        *,
        part: int | str | None = None,
        options: Iterable[Option] = (),
        items: Iterable[str] = (),
        context: str | None = None,
        hint: str | None = None,
        explanation: str | None = None,
        accept: Iterable[str] = (),
        points: Iterable[str] = (),
    ) -> Card:
        card_id = self.card_id(fact, template, part)
        if fact.frame:  # 在三户模型中，什么是「客户」？
            lead = fact.frame.rstrip("，,") + "，"
            prompt = lead + prompt
            context = None if context is None else lead + context
        if self.deck.context:  # whom the rule applies to: telecom and unicom posture rules differ
            prompt = f"【{self.deck.context}】{prompt}"
            if context is not None:
                context = f"【{self.deck.context}】{context}"
        notes = [explanation, fact.note]
        fields: dict[str, Any] = {
            "id": card_id,
            "deck": self.deck.deck,
            "fact": fact.id,
            "kind": fact.kind,  # type: ignore[attr-defined]
            "template": template,
            "part": None if part is None else str(part),
            "type": type,
            "prompt": prompt,
            "answer": answer,
            "options": tuple(options),
            "items": tuple(items),
            "context": context,
            "accept": tuple(accept),
            "points": tuple(points),
            "hint": hint,
            "explanation": "\n".join(n for n in notes if n) or None,
            "topic": fact.topic,
            "tags": tuple(fact.tags),
            "source": fact.source,
        }
        fields["content_hash"] = content_hash(fields)
        return Card.model_construct(**fields)

    def choose(
        self,
        card_id: str,
        answer: str,
        tiers: Iterable[Tier | Sequence[str]],
        *,
        owner: str | None = None,
        exclude: Iterable[str] = (),
        exclude_keys: frozenset[str] | set[str] = frozenset(),
        want: int = MAX_OPTIONS - 1,
        fits: Callable[[str], bool] | None = None,
        skip_owners: frozenset[str] | set[str] = frozenset(),
    ) -> list[str]:
        """Up to ``want`` distractors for ``answer``, earlier tiers first.

        Within a tier candidates are visited in an order drawn by a RNG seeded
        from ``card_id``; a candidate owned by ``owner`` (the fact itself), equal
        to the answer, to anything in ``exclude``/``exclude_keys`` or to an
        already chosen one (all after :func:`normalize`), or one ``fits`` rejects, is skipped. Large tiers
        are sampled rather than shuffled whole, so a pick costs about ``want``
        look-ups, not the size of the deck.
        """
        rng = seeded_rng("distractors", card_id)
        banned = {normalize(answer), ""} | {normalize(e) for e in exclude}
        chosen: list[str] = []
        for tier in tiers:
            n = len(tier)
            if n == 0:
                continue
            seen: set[int] = set()
            order = list(range(n)) if n <= 64 else rng.sample(range(n), min(n, 8 * want + 16))
            if n <= 64:
                rng.shuffle(order)
            while order:
                for i in order:
                    seen.add(i)
                    item = tier[i]
                    who, cand = item if isinstance(item, tuple) else (None, item)
                    if owner is not None and who == owner:
                        continue
                    if who is not None and who in skip_owners:
                        continue
                    key = normalize(cand)
                    if key in banned or key in exclude_keys:
                        continue
                    if fits is not None and not fits(cand):
                        continue
                    banned.add(key)
                    chosen.append(cand)
                    if len(chosen) == want:
                        return chosen
                # a tier that ran dry: a small tier is done; a large one gives another seeded batch of
                # the indices not yet seen, up to a bound (a deck of thousands is not scanned whole
                # for one card: past the bound there is no fair set, and the card is not made)
                order = _more(rng, n, seen, 8 * want + 16) if n > 64 and len(seen) < min(n, SCAN_LIMIT) else []
        return chosen

    def multiple_choice(
        self,
        fact: FactBase,
        template: str,
        prompt: str,
        answer: str,
        tiers: Iterable[Tier | Sequence[str]],
        *,
        part: int | str | None = None,
        exclude: Iterable[str] = (),
        exclude_keys: frozenset[str] | set[str] = frozenset(),
        avoid: Sequence[str] = (),
        explanation: str | None = None,
        what: str = N_("siblings"),
        first: Sequence[str] = (),
    ) -> Card | None:
        """A multiple-choice card, or ``None`` plus a warning when no fair option set exists.

        Drawn distractors must be about as long as the answer and must not
        overlap (equal, contain, be contained in, closely resemble) the answer
        or any text in ``avoid`` (things that are also right). The set must not
        give the answer away by form or by a word the prompt shares with it
        alone. Explicit ``distractors`` are the author's and are used as given.
        """
        card_id = self.card_id(fact, template, part)
        where = template if part is None else f"{template}/{part}"
        right = [answer, *avoid]

        def fair(cand: str) -> bool:
            return fits_form(answer, cand) and overlaps(cand, right) is None

        # ``first``: options of the answer's own kind (the other members of its category) come before the
        # author's distractors, so the key is never the only real member among invented names
        wrong = self.choose(card_id, answer, [first], exclude=exclude, exclude_keys=exclude_keys, fits=fair) if first else []
        if len(wrong) < MAX_OPTIONS - 1:
            wrong += self.choose(card_id, answer, [fact.distractors], owner=fact.id, exclude=[*exclude, *wrong],
                                 exclude_keys=exclude_keys, want=MAX_OPTIONS - 1 - len(wrong))
        if len(wrong) < MAX_OPTIONS - 1:
            wrong += self.choose(
                card_id, answer, tiers, owner=fact.id, exclude=[*exclude, *wrong], exclude_keys=exclude_keys,
                want=MAX_OPTIONS - 1 - len(wrong), fits=fair,
            )
        if len(wrong) + 1 < MIN_OPTIONS:
            self.warn(
                fact, where,
                # Translators: {what} is one of the "siblings", "sibling terms", … messages
                _("only {n} fair distractor(s) for a multiple-choice card (need {need}: about as long as the "
                  "answer, not overlapping it); add {what} or explicit `distractors`").format(
                    n=len(wrong), need=MIN_OPTIONS - 1, what=_(what)),
            )
            return None
        if not fact.distractors or first:
            why = form_giveaway(answer, wrong)
            echo = stem_echo(prompt, answer, wrong)
            if why or echo:
                self.warn(
                    fact, where,
                    _("no card: {why}; reword the fact, give explicit `distractors` or exclude the card").format(
                        why=why or _("the answer {answer!r} is the only option with {echo!r}, which the question "
                                     "also prints (stem echo)").format(answer=answer, echo=echo)),
                    "form-giveaway" if why else "stem-echo",
                )
                return None
        options = [Option(text=answer, correct=True)] + [Option(text=w) for w in wrong]
        seeded_rng("options", card_id).shuffle(options)
        return self.card(
            fact, template, CardType.MULTIPLE_CHOICE, prompt, answer,
            part=part, options=options, explanation=explanation,
        )

    def true_false(
        self, fact: FactBase, template: str, statement: str, truth: bool, *, explanation: str | None = None
    ) -> Card:
        options = (Option(text=TRUE_LABEL, correct=truth), Option(text=FALSE_LABEL, correct=not truth))
        return self.card(
            fact, template, CardType.TRUE_FALSE, statement, TRUE_LABEL if truth else FALSE_LABEL,
            options=options, explanation=explanation,
        )


def _more(rng: random.Random, n: int, seen: set[int], batch: int) -> list[int]:
    """Up to ``batch`` indices below ``n`` not in ``seen``, in a seeded order (without listing all ``n``)."""
    left = n - len(seen)
    if left <= 0:
        return []
    if left <= 4 * batch:  # few left: list them (cheap now) and shuffle
        rest = [i for i in range(n) if i not in seen]
        rng.shuffle(rest)
        return rest[:batch]
    out: list[int] = []
    taken: set[int] = set()
    while len(out) < batch:
        i = rng.randrange(n)
        if i not in seen and i not in taken:
            taken.add(i)
            out.append(i)
    return out
