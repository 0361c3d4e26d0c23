"""The listed repairs of character noise: the only changes drill extract makes to a handbook's words.

Documents captured from sharing sites come with systematic conversion noise
(旳 for 的, 原那么 for 原则, 效劳 for 服务, a stuttered 不不不). Each repair is one
row below, so a trainer can read — and a maintainer extend — exactly what was
changed; every fact built from a repaired line records the repairs in its
``source``. A repair that needs judgement (企业 for 公司, 地 for 的) is not here:
it would be right in one sentence and wrong in the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Substitution:
    """One listed repair: ``wrong`` becomes ``right`` wherever it stands."""

    wrong: str
    right: str
    why: str


#: The table. Longer patterns first where one contains another.
SUBSTITUTIONS: tuple[Substitution, ...] = (
    Substitution("原那么", "原则", "则 read as 那么 by a traditional-to-simplified converter"),
    Substitution("效劳", "服务", "服务 read as 效劳 by a traditional-to-simplified converter"),
    Substitution("不不不小于", "不小于", "a stuttered negation"),
    Substitution("不不不大于", "不大于", "a stuttered negation"),
    Substitution("不不小于", "不小于", "a stuttered negation"),
    Substitution("不不大于", "不大于", "a stuttered negation"),
    Substitution("旳", "的", "的 misread as the rare 旳"),
    Substitution("才干够", "才能够", "能 read as 干 by a converter"),
)

_PATTERN = re.compile("|".join(re.escape(s.wrong) for s in SUBSTITUTIONS))
_BY_WRONG = {s.wrong: s for s in SUBSTITUTIONS}


def repair(text: str) -> tuple[str, list[Substitution]]:
    """``text`` with the listed repairs made, and the repairs that were made (each once).

    >>> repair("服务原那么旳要求")
    ('服务原则的要求', [Substitution(wrong='原那么', right='原则', why='则 read as 那么 by a traditional-to-simplified converter'), Substitution(wrong='旳', right='的', why='的 misread as the rare 旳')])
    """
    made: list[Substitution] = []

    def one(m: re.Match[str]) -> str:
        sub = _BY_WRONG[m.group(0)]
        if sub not in made:
            made.append(sub)
        return sub.right

    return _PATTERN.sub(one, text), made
