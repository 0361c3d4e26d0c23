"""Line breaking for the terminal, CJK aware: by display cells, with hanging indents and kinsoku.

Chinese text may break between any two characters, Latin words only at spaces. No
line starts with closing punctuation (，。、；：？！）」…) and none ends with opening
punctuation (（「《…): the character before is carried over with it, as Chinese
typesetting does (禁则, kinsoku).

>>> wrap("请稍等，我帮您确认一下。", 10)
['请稍等，我', '帮您确认一', '下。']
>>> hanging("a) ", "请稍等，我帮您确认一下。", 13)
['a) 请稍等，我', '   帮您确认一', '   下。']
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

#: may not start a line
CLOSING = frozenset("，。、；：？！）》」』】〉〕…—～·,.;:?!)]}%‰℃’”")
#: may not end a line
OPENING = frozenset("（《「『【〈〔‘“([{")
#: measure words that stay with the number before them (「答对 0/4 项」 never breaks before 「项」)
COUNTERS = frozenset("项张次个天条处题分秒位")


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Units that stay together: a Latin word, a single CJK character or punctuation mark, a run of spaces,
    a number with its measure word."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isspace():
            if word:
                out.append(word)
                word = ""
            if out and out[-1].isspace():
                out[-1] += ch
            else:
                out.append(ch)
        elif _is_wide(ch) or ch in CLOSING or ch in OPENING:
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    return _keep_counts(out)


def _keep_counts(tokens: list[str]) -> list[str]:
    """A number and the measure word after it (with a space between or not) as one unit."""
    out: list[str] = []
    for token in tokens:
        if token in COUNTERS and out:
            if out[-1].isspace() and len(out) > 1 and out[-2][-1:].isdigit():
                space = out.pop()
                out[-1] += space + token
                continue
            if out[-1][-1:].isdigit():
                out[-1] += token
                continue
        out.append(token)
    return out


def _split_long(token: str, width: int) -> list[str]:
    parts, part = [], ""
    for ch in token:
        if part and cell_len(part + ch) > width:
            parts.append(part)
            part = ""
        part += ch
    return [*parts, part] if part else parts


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    used = 0
    for token in _tokens(text):
        size = cell_len(token)
        line = lines[-1]
        if token.isspace():
            if line and used + size <= width:
                line.append(token)
                used += size
            elif line:
                used = width  # the line is full: the next token starts a new one (kinsoku still applies)
            continue
        if used + size <= width:
            line.append(token)
            used += size
            continue
        # the token goes to a new line; trailing spaces stay behind
        while line and line[-1].isspace():
            line.pop()
        carried: list[str] = []
        if token[0] in CLOSING:
            # kinsoku: take the last character(s) of this line along, so the new line
            # does not start with closing punctuation
            while len(line) > 1 and line[-1][0] in CLOSING:
                carried.insert(0, line.pop())
            if len(line) > 1:
                carried.insert(0, line.pop())
        while len(line) > 1 and line[-1][-1] in OPENING:
            carried.insert(0, line.pop())
        if not line:
            lines.pop()
        pieces = _split_long(token, width) if size > width else [token]
        for piece in pieces[:-1]:
            lines.append([*carried, piece])
            carried = []
        lines.append([*carried, pieces[-1]])
        used = sum(cell_len(t) for t in lines[-1])
    return ["".join(line).rstrip() for line in lines if line] or [""]


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (``\\n`` starts a new line)."""
    width = max(2, width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(_wrap_paragraph(paragraph, width))
    return out


def hanging(prefix: str, text: str, width: int) -> list[str]:
    """``prefix`` then ``text`` wrapped beside it; continuation lines indented to the text."""
    indent = cell_len(prefix)
    lines = wrap(text, max(2, width - indent))
    return [prefix + lines[0], *(" " * indent + line for line in lines[1:])]


__all__ = ["CLOSING", "OPENING", "hanging", "wrap"]
