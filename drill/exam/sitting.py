"""Graded answer sheets held compactly: a few numbers per candidate, however many candidates sat.

Every distinct marked response — one per distinct (item, answer), shared by every
candidate who wrote that answer — is kept once and numbered (its *code*). A
candidate is then a row of codes in the block of its variant, a total score, a
sheet row, and its text (id, name, the sheet's own columns) packed as UTF-8:
about ``2·items + 40`` bytes, where a :class:`CandidateResult` of Python objects
took a kilobyte. The analysis (:mod:`drill.exam.analysis`, :mod:`drill.exam.breakdown`)
works on the codes, a column at a time; a :class:`CandidateResult` is made only
when one is asked for (``sitting[i]``, iteration), so a :class:`Sitting` is also a
sequence of results in sheet order.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress
from operator import itemgetter
from typing import Any, overload

from .analysis import CandidateResult, ItemResponse

_SEP = "\x00"


def taker(positions: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function giving the values at ``positions`` of a row, as a tuple (C-level for two or more)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    if positions:
        at = positions[0]
        return lambda row: (row[at],)
    return lambda row: ()


class Block:
    """The candidates of one variant (one item order): their codes row by row, their scores."""

    __slots__ = ("variant", "pass_mark", "item_ids", "points", "sections", "numbers", "total", "codes", "scores",
                 "members", "_counts", "_possible")

    def __init__(self, variant: str, pass_mark: float, first: Sequence[ItemResponse], typecode: str,
                 possible: Mapping[str, list[int]]) -> None:
        self.variant = variant
        self._possible = possible  # item id → the codes of its responses (the sitting's, shared)
        self.pass_mark = pass_mark
        self.item_ids = tuple(r.item_id for r in first)
        self.points = tuple(r.points for r in first)
        self.sections = tuple(r.section for r in first)
        self.numbers = tuple(r.number for r in first)
        self.total = sum(r.points for r in first)  # as CandidateResult sums it
        self.codes = array(typecode)  # row-major: len(item_ids) codes per candidate
        self.scores = array("d")
        self.members = array("I")  # each row's candidate (its index in sheet order)
        self._counts: dict[int, Counter[int]] = {}

    def __len__(self) -> int:
        return len(self.scores)

    @property
    def width(self) -> int:
        return len(self.item_ids)

    def column(self, position: int) -> array[int]:
        """The codes of every candidate for the item at ``position`` (a C-level strided copy)."""
        return self.codes[position::len(self.item_ids)]

    def item(self, position: int) -> ItemColumn:
        """The item at ``position`` for every candidate of the block."""
        return ItemColumn(self.column(position), self._possible.get(self.item_ids[position], []))

    def counts(self, position: int, column: ItemColumn | None = None) -> Counter[int]:
        """How many candidates gave each code at ``position`` (worked out once; ``column`` if at hand)."""
        got = self._counts.get(position)
        if got is None:
            got = self._counts[position] = (column or self.item(position)).counts()
        return got


_ONLY: dict[int, bytes] = {}  # local number → a translation table keeping only it (as 1)


def _only(local: int) -> bytes:
    table = _ONLY.get(local)
    if table is None:
        table = _ONLY[local] = bytes(1 if b == local else 0 for b in range(256))
    return table


class ItemColumn:
    """One item's codes for every candidate of a block.

    Held as bytes of small local numbers (the index of the code among the item's codes) when the item
    has at most 256 distinct responses — the usual case — so counting, masks and sums run at C speed
    (``bytes.count``, ``bytes.translate``); else as the codes themselves.
    """

    __slots__ = ("codes", "data", "wide")

    def __init__(self, column: array[int], possible: Sequence[int]) -> None:
        self.codes = list(possible)
        self.wide = column
        self.data: bytes | None = None
        if len(self.codes) <= 256:
            local = {code: i for i, code in enumerate(self.codes)}
            self.data = bytes(map(local.__getitem__, column))

    def counts(self, mask: Iterable[int] | None = None) -> Counter[int]:
        """Candidates per code (among those ``mask`` marks 1, when given)."""
        if self.data is None:
            return Counter(self.wide if mask is None else compress(self.wide, mask))
        data = self.data if mask is None else bytes(compress(self.data, mask))
        return Counter({code: times for i, code in enumerate(self.codes) if (times := data.count(i))})

    def marks(self, code: int) -> Iterable[int]:
        """1 for every candidate who gave ``code``, else 0."""
        if self.data is None:
            return map(code.__eq__, self.wide)
        return self.data.translate(_only(self.codes.index(code)))


class Sitting(Sequence[CandidateResult]):
    """Results of a sitting in sheet order, stored as codes (see the module's docstring)."""

    def __init__(self, extra_columns: Sequence[str] = ()) -> None:
        self.extra_columns = tuple(extra_columns)
        self.responses: list[ItemResponse] = []  # code → the distinct marked response
        self.awarded: list[float] = []  # code → points awarded
        self._item_codes: dict[str, list[int]] = {}  # item id → its codes
        self.blocks: list[Block] = []
        self._typecode = "H"
        self._block_of = array("H")
        self._row_in_block = array("I")
        self.rows = array("I")  # each candidate's row on the answer sheet (0 when not from a sheet)
        self._blob = bytearray()
        self._ends = array("Q")
        self._odd: dict[int, tuple[str, ...]] = {}  # the rare text holding NUL, kept as it is

    # -- building ---------------------------------------------------------------------------------

    def code(self, response: ItemResponse) -> int:
        """Number a new distinct response."""
        code = len(self.responses)
        if code == 0xFFFF and self._typecode == "H":  # more distinct answers than 2 bytes number
            self._typecode = "I"
            for block in self.blocks:
                block.codes = array("I", block.codes)
        self.responses.append(response)
        self.awarded.append(response.awarded)
        self._item_codes.setdefault(response.item_id, []).append(code)
        return code

    def block(self, variant: str, pass_mark: float, first: Sequence[ItemResponse]) -> int:
        """A new block for a variant whose candidates answer ``first``'s items in its order."""
        self.blocks.append(Block(variant, pass_mark, first, self._typecode, self._item_codes))
        return len(self.blocks) - 1

    def add(self, block: int, codes: list[int], candidate: str, name: str = "", extra: Sequence[str] = (),
            row: int = 0) -> None:
        """One candidate: the codes of their responses in the block's order, and their text."""
        b = self.blocks[block]
        index = len(self._block_of)
        b.codes.fromlist(codes)
        b.scores.append(sum(map(self.awarded.__getitem__, codes)))  # in item order, as CandidateResult sums
        b.members.append(index)
        self._block_of.append(block)
        self._row_in_block.append(len(b.scores) - 1)
        self.rows.append(row)
        fields = (candidate, name, *extra)
        text = _SEP.join(fields)
        if text.count(_SEP) != len(fields) - 1:
            self._odd[index] = fields
        self._blob += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._blob))

    @classmethod
    def of(cls, results: Iterable[CandidateResult]) -> Sitting:
        """A sitting holding ``results`` (a sitting is returned as it is)."""
        if isinstance(results, Sitting):
            return results
        sitting = cls()
        codes: dict[ItemResponse, int] = {}
        blocks: dict[tuple[str, float, tuple[str, ...]], int] = {}
        labels: list[str] = []
        rows = list(results)
        for result in rows:
            for label, _value in result.extra:
                if label not in labels:
                    labels.append(label)
        sitting.extra_columns = tuple(labels)
        for result in rows:
            key = (result.variant, result.pass_mark, tuple(r.item_id for r in result.responses))
            block = blocks.get(key)
            if block is None:
                block = blocks[key] = sitting.block(result.variant, result.pass_mark, result.responses)
            row = []
            for response in result.responses:
                code = codes.get(response)
                if code is None:
                    code = codes[response] = sitting.code(response)
                row.append(code)
            given = dict(result.extra)
            sitting.add(block, row, result.candidate, result.name, [given.get(label, "") for label in labels])
        return sitting

    # -- reading ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._block_of)

    @overload
    def __getitem__(self, index: int) -> CandidateResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[CandidateResult]: ...

    def __getitem__(self, index: int | slice) -> CandidateResult | list[CandidateResult]:
        if isinstance(index, slice):
            return [self.result(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.result(index)

    def __iter__(self) -> Iterator[CandidateResult]:
        for i in range(len(self)):
            yield self.result(i)

    def fields(self, index: int) -> tuple[str, ...]:
        """(candidate, name, the sheet's own columns …) of a candidate."""
        odd = self._odd.get(index)
        if odd is not None:
            return odd
        start = self._ends[index - 1] if index else 0
        return tuple(self._blob[start:self._ends[index]].decode("utf-8", "surrogatepass").split(_SEP))

    def candidate(self, index: int) -> str:
        return self.fields(index)[0]

    def place(self, index: int) -> tuple[Block, int]:
        """The block of a candidate and their row in it."""
        return self.blocks[self._block_of[index]], self._row_in_block[index]

    def score(self, index: int) -> float:
        block, row = self.place(index)
        return block.scores[row]

    def result(self, index: int) -> CandidateResult:
        block, row = self.place(index)
        candidate, name, *extra = self.fields(index)
        width = block.width
        responses = tuple(map(self.responses.__getitem__, block.codes[row * width:(row + 1) * width]))
        return CandidateResult(candidate, block.variant, responses, block.pass_mark, name,
                               tuple(zip(self.extra_columns, extra)))

    def find(self, pick: Callable[[ItemResponse], bool]) -> list[tuple[int, int, ItemResponse]]:
        """(candidate, position, response) of every response ``pick`` takes, in sheet order.

        ``pick`` is asked once per distinct response, never per candidate.
        """
        wanted = {code for code, response in enumerate(self.responses) if pick(response)}
        if not wanted:
            return []
        out: list[tuple[int, int, ItemResponse]] = []
        for block in self.blocks:
            for position in range(block.width):
                hit = wanted.intersection(block.counts(position))
                if not hit:
                    continue
                column = block.column(position)
                for row in compress(range(len(column)), map(hit.__contains__, column)):
                    out.append((block.members[row], position, self.responses[column[row]]))
        out.sort(key=lambda e: (e[0], e[1]))
        return out
