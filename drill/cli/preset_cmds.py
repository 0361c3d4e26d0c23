"""``drill preset``: per-deck settings (daily limits, desired retention, steps, leech threshold)."""

from __future__ import annotations

from typing import Any

import click

from ..i18n import _
from ..text import terminal_safe
from .common import echo_json, handle_errors
from .review_cmds import _format_setting, _open, _parse_setting, db_option, store_errors


@click.group()
def preset() -> None:
    """Per-deck settings: named presets that change some settings for the decks using them.

    The default preset is the store's settings (`drill config`); a deck without a
    preset uses it. A preset may set new_per_day, reviews_per_day,
    desired_retention, learning_steps, relearning_steps, maximum_interval,
    leech_threshold and leech_action. A deck with a preset has its own daily
    limits; the other decks share the default ones.

    \b
    Examples:
      drill preset set exam-week new_per_day 40
      drill preset set exam-week desired_retention 0.95
      drill preset use exam-week hall-quality-plan
      drill preset list
      drill preset use default hall-quality-plan
    """


@preset.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the presets as JSON.")
@db_option
@handle_errors
@store_errors
def list_presets(as_json: bool, db: str | None) -> None:
    """Show the default settings, every preset with what it changes, and the decks using it.

    \b
    Examples:
      drill preset list
      drill preset list --json
    """
    from dataclasses import asdict

    from ..store import PRESET_KEYS

    with _open(db) as store:
        default = {k: v for k, v in asdict(store.settings()).items() if k in PRESET_KEYS}
        presets = store.presets()
        decks = store.deck_presets()
        all_decks = [d["id"] for d in store.decks()]
    using: dict[str, list[str]] = {name: [] for name in presets}
    for deck, name in decks.items():
        using.setdefault(name, []).append(deck)
    on_default = [d for d in all_decks if d not in decks]
    if as_json:
        echo_json({"default": {"settings": {k: list(v) if isinstance(v, tuple) else v for k, v in default.items()},
                               "decks": on_default},
                   "presets": {name: {"settings": values, "decks": using.get(name, [])}
                               for name, values in presets.items()}})
        return
    # names and decks as the store holds them (a store written by another tool): made safe for a terminal
    click.echo(terminal_safe(_("default: {settings}").format(settings=_settings_line(default))))
    click.echo(terminal_safe("  " + _("decks: {decks}").format(decks=_(", ").join(on_default) or "—")))
    for name, values in presets.items():
        click.echo(terminal_safe(_preset_line(name, values)))
        click.echo(terminal_safe("  " + _("decks: {decks}").format(decks=_(", ").join(using.get(name, [])) or "—")))


@preset.command("set", context_settings={"ignore_unknown_options": True})  # a value may start with "-"
@click.argument("name")
@click.argument("key")
@click.argument("value")
@db_option
@handle_errors
@store_errors
def set_preset(name: str, key: str, value: str, db: str | None) -> None:
    """Create a preset or change one of its settings (the value is written as for `drill config`).

    \b
    Examples:
      drill preset set exam-week new_per_day 40
      drill preset set slow-learner learning_steps "1m 10m 1h"
    """
    from ..errors import InputError, Problem
    from ..store import DEFAULT_PRESET, PRESET_KEYS

    if key not in PRESET_KEYS:
        raise InputError(Problem(_("a preset cannot set {key}; it sets {keys}").format(
            key=repr(key), keys=", ".join(PRESET_KEYS)), file="drill preset set"))
    if name == DEFAULT_PRESET:
        raise InputError(Problem(_("the default preset is the store's settings: change it with `drill config`"),
                                 file="drill preset set"))
    with _open(db) as store:
        try:
            values: dict[str, Any] = store.set_preset(name, **{key: _parse_setting(key, value)})
        except ValueError as exc:
            raise InputError(Problem(_("cannot set {key} of {name} to {value}: {reason}").format(
                key=key, name=name, value=repr(value), reason=exc.reason if isinstance(exc, InputError) else exc), file="drill preset set", field=key)) from None
    click.echo(terminal_safe(_preset_line(name, values)))


def _settings_line(values: dict[str, Any]) -> str:
    """A preset's settings in one stable order (the order of PRESET_KEYS), however they were stored."""
    from ..store import PRESET_KEYS

    ordered = sorted(values.items(), key=lambda kv: PRESET_KEYS.index(kv[0]) if kv[0] in PRESET_KEYS else 99)
    return " · ".join(f"{k} {_format_setting(k, v)}" for k, v in ordered)


def _preset_line(name: str, values: dict[str, Any]) -> str:
    # Translators: a preset and its settings in `drill preset list` and `set`
    return _("{name}: {settings}").format(name=name, settings=_settings_line(values))


@preset.command("use")
@click.argument("name")
@click.argument("decks", nargs=-1, required=True)
@db_option
@handle_errors
@store_errors
def use_preset(name: str, decks: tuple[str, ...], db: str | None) -> None:
    """Make DECKS (deck ids in the store) use preset NAME; `default` puts them back on the default.

    \b
    Examples:
      drill preset use exam-week hall-quality-plan cmcc-hubei-sales
      drill preset use default hall-quality-plan
    """
    from ..errors import InputError, Problem

    with _open(db) as store:
        known = {d["id"] for d in store.decks()}
        unknown = [d for d in decks if d not in known]
        if unknown:
            raise InputError(*(Problem(_("no deck {deck} in the store (`drill add` it first)").format(
                deck=repr(d)), field=d) for d in unknown))
        store.use_preset(name, list(decks))
    click.echo(terminal_safe(_("{decks}: preset {name}").format(decks=", ".join(decks), name=name)))


@preset.command("delete")
@click.argument("name")
@db_option
@handle_errors
@store_errors
def delete_preset(name: str, db: str | None) -> None:
    """Delete a preset; the decks using it go back to the default.

    \b
    Examples:
      drill preset delete exam-week
    """
    with _open(db) as store:
        decks = store.delete_preset(name)
    if decks:
        click.echo(terminal_safe(_("deleted {name}; back on the default: {decks}").format(
            name=name, decks=", ".join(decks))))
    else:
        click.echo(terminal_safe(_("deleted {name}").format(name=name)))


__all__ = ["preset"]
