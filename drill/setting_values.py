"""Setting values as people write them, and the bounds every stored setting keeps within.

``drill config`` and ``drill preset set`` take a value as text: numbers in Arabic
or Chinese numerals, full-width or half-width (``20``, ``２０``, ``二十``), steps
with units in either language (``1m 10m 1h``, ``1分钟 10分钟 1小时``), a retention
as a fraction or a percentage (``0.9``, ``90%``, ``百分之九十``). :func:`parse_setting`
turns the text into a value and :func:`check_bounds` refuses one that would later
break review (a number SQLite cannot hold, a step past the calendar, ``inf``);
the store checks the bounds again before it writes, so a refused value is never
stored.

Every refusal is an :class:`~drill.errors.InputError` (a ``ValueError`` too)
whose problem names the setting (``field``) and says what is wrong, in the
language asked for (``language=``, default the current one).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .errors import InputError, Problem
from .i18n import _, speaking

#: the most a daily limit may be (far beyond any day's work, far within SQLite's integers)
MAX_DAILY = 100_000
#: the longest interval, in days (100 years, as Anki)
MAX_INTERVAL_DAYS = 36_500
#: the longest single learning or relearning step, in seconds (one year)
MAX_STEP_SECONDS = 365 * 86_400
#: the most learning or relearning steps
MAX_STEPS = 20
#: the highest leech threshold
MAX_LEECH_THRESHOLD = 1_000

#: integer settings and their bounds (inclusive)
INTEGER_BOUNDS: dict[str, tuple[int, int]] = {
    "new_per_day": (0, MAX_DAILY),
    "reviews_per_day": (0, MAX_DAILY),
    "maximum_interval": (1, MAX_INTERVAL_DAYS),
    "rollover_hour": (0, 23),
    "leech_threshold": (0, MAX_LEECH_THRESHOLD),
}
STEP_KEYS = ("learning_steps", "relearning_steps")
SWITCH_KEYS = ("fuzz", "bury_siblings", "load_balance")

# units of a step, as written in English or Chinese → seconds
_UNITS = {"s": 1, "sec": 1, "秒": 1, "秒钟": 1,
          "m": 60, "min": 60, "分": 60, "分钟": 60,
          "h": 3600, "hr": 3600, "小时": 3600, "时": 3600, "钟头": 3600, "个小时": 3600,
          "d": 86400, "天": 86400, "日": 86400}
_CN_DIGITS = "〇零一二两三四五六七八九十百千万亿点"
_STEP = re.compile(r"^(?P<number>[0-9.eE+\-" + _CN_DIGITS + r"]+)(?P<unit>[a-zA-Z\u4e00-\u9fff]*)$")
_SWITCH = {"on": True, "off": False, "true": True, "false": False, "1": True, "0": False, "yes": True, "no": False,
           "开": True, "关": False, "开启": True, "关闭": False, "是": True, "否": False}


def _refused(message: str) -> InputError:
    """A value that cannot be read: located by :func:`parse_setting`, which knows the setting's name."""
    return InputError(Problem(message, code="setting"))


def _normalize(text: str) -> str:
    """Full-width forms as half-width (２０ → 20, ％ → %), outer blanks gone."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_number(text: str) -> float:
    """A number written in Arabic or Chinese numerals (``12``, ``1.5``, ``十二``, ``一百二十``); finite, else InputError."""
    cleaned = _normalize(text).replace(",", "")
    value: float | None = None
    try:
        value = float(cleaned)
    except ValueError:
        if cleaned and all(c in _CN_DIGITS for c in cleaned):
            import cn2an

            try:
                value = float(cn2an.cn2an(cleaned, "smart"))
            except (ValueError, KeyError, IndexError, TypeError):
                value = None
    if value is None:
        raise _refused(_("{value} is not a number").format(value=repr(text)))
    if not math.isfinite(value):
        raise _refused(_("{value} is not a finite number").format(value=repr(text)))
    return value


def parse_integer(text: str) -> int:
    """A whole number (Arabic or Chinese numerals); 2.5 is an InputError."""
    value = parse_number(text)
    if value != int(value):
        raise _refused(_("{value} is not a whole number").format(value=repr(text)))
    if abs(value) > 2**53:
        raise _refused(_("{value} is far too large").format(value=repr(text)))
    return int(value)


def parse_steps(text: str) -> tuple[int, ...]:
    """Steps as written: ``1m 10m 1h``, ``1分钟 10分钟``, ``30s, 2d``; a bare number is minutes (as in Anki)."""
    out = []
    for token in re.split(r"[\s,，、;；]+", _normalize(text)):
        if not token:
            continue
        match = _STEP.match(token)
        unit = match.group("unit").lower() if match else ""
        if match is None or (unit and unit not in _UNITS):
            raise _refused(_("{value} is not a step; write steps like 1m 10m 1h or 1分钟 10分钟 1小时 "
                               "(s, m, h, d or 秒, 分钟, 小时, 天)").format(value=repr(token)))
        seconds = parse_number(match.group("number")) * (_UNITS[unit] if unit else 60)
        if seconds <= 0:
            raise _refused(_("steps must be positive, not {value}").format(value=repr(token)))
        if seconds > MAX_STEP_SECONDS:
            raise _refused(_("a step may be at most 365 days, not {value}").format(value=repr(token)))
        out.append(max(1, int(round(seconds))))
    return tuple(out)


def parse_retention(text: str) -> float:
    """A desired retention: ``0.9``, ``90%``, ``百分之九十``."""
    cleaned = _normalize(text)
    if cleaned.startswith("百分之"):
        return parse_number(cleaned[3:]) / 100
    if cleaned.endswith("%"):
        return parse_number(cleaned[:-1]) / 100
    return parse_number(cleaned)


def parse_setting(key: str, text: str, *, language: str | None = None) -> Any:
    """The value of setting ``key`` written as ``text``, within its bounds.

    Raises :class:`~drill.errors.InputError` naming ``key`` (the problem's
    ``field``) with what is wrong, in ``language`` (default: the current one).

    >>> parse_setting("learning_steps", "1分钟 10分钟")
    (60, 600)
    >>> parse_setting("new_per_day", "lots", language="zh-CN")
    Traceback (most recent call last):
    ...
    drill.errors.InputError: 错误：new_per_day：'lots' 不是数字
    """
    with speaking(language):
        try:
            return _parse_setting(key, text)
        except InputError as exc:
            raise InputError([replace(p, field=p.field or key) for p in exc.problems]) from None


def _parse_setting(key: str, text: str) -> Any:
    if key == "desired_retention":
        value: Any = parse_retention(text)
    elif key in STEP_KEYS:
        value = parse_steps(text)
    elif key in INTEGER_BOUNDS:
        number = parse_number(text)
        low, high = INTEGER_BOUNDS[key]
        if not low <= number <= high:
            raise _refused(_("{key} must be a whole number from {low} to {high}, not {value}").format(
                key=key, low=f"{low:,}", high=f"{high:,}", value=text.strip()))
        value = parse_integer(text)
    elif key == "leech_action":
        value = _normalize(text).lower()
        value = {"暂停": "suspend", "标记": "tag"}.get(value, value)
    elif key in SWITCH_KEYS:
        lowered = _normalize(text).lower()
        if lowered not in _SWITCH:
            raise _refused(_("use on or off"))
        value = _SWITCH[lowered]
    elif key == "parameters":
        value = tuple(parse_number(p) for p in re.split(r"[\s,，、]+", _normalize(text)) if p)
    else:
        raise _refused(_("unknown setting {key}").format(key=key))
    check_bounds({key: value})
    return value


def check_bounds(values: Mapping[str, Any]) -> None:
    """Refuse a value that would break review later (an :class:`InputError` naming the setting and its bounds)."""
    for key, value in values.items():
        if key in INTEGER_BOUNDS:
            low, high = INTEGER_BOUNDS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InputError(_("{key} must be a whole number from {low} to {high}, not {value}").format(
                    key=key, low=f"{low:,}", high=f"{high:,}", value=repr(value)))
        elif key == "desired_retention":
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                    math.isfinite(value) and 0.5 <= value <= 0.99):
                raise InputError(_("desired_retention must be between 0.5 and 0.99 (or 50%–99%), not {value}").format(
                    value=repr(value)))
        elif key in STEP_KEYS:
            steps = tuple(value)
            if len(steps) > MAX_STEPS:
                raise InputError(_("{key}: at most {n} steps, not {count}").format(
                    key=key, n=MAX_STEPS, count=len(steps)))
            for s in steps:
                if isinstance(s, bool) or not isinstance(s, int | float) or not 1 <= s <= MAX_STEP_SECONDS:
                    raise InputError(_("{key}: each step must be from 1 second to 365 days, not {value}").format(
                        key=key, value=repr(s)))
        elif key == "parameters":
            if not all(isinstance(p, int | float) and not isinstance(p, bool) and math.isfinite(p) for p in value):
                raise InputError(_("FSRS parameters must be finite numbers"))


__all__ = ["INTEGER_BOUNDS", "MAX_DAILY", "MAX_INTERVAL_DAYS", "MAX_STEPS", "MAX_STEP_SECONDS", "check_bounds",
           "parse_integer", "parse_number", "parse_retention", "parse_setting", "parse_steps"]
