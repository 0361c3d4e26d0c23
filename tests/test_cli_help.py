"""Every command has help text with an example, and the documentation names every command."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from drill import __version__
from drill.cli import COMMANDS, LazyGroup, cli
from tests.conftest import ROOT


def all_commands():
    ctx = click.Context(cli)
    out = []
    for name in LazyGroup.list_commands(cli, ctx):
        cmd = cli.get_command(ctx, name)
        out.append((name, cmd))
        if isinstance(cmd, click.Group):
            out.extend((f"{name} {sub}", cmd.get_command(ctx, sub)) for sub in cmd.list_commands(ctx))
    return out


def test_every_registered_command_exists():
    ctx = click.Context(cli)
    missing = [name for name in COMMANDS if cli.get_command(ctx, name) is None]
    assert not missing, f"registered but not implemented: {missing}"


@pytest.mark.parametrize("name,cmd", all_commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_command_has_help_with_an_example(name, cmd):
    assert cmd.help and len(cmd.help.strip()) > 20, name
    assert "Example" in cmd.help, f"`drill {name}` help has no example"
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_docs_mention_every_command():
    from tests import docs_pages

    docs = docs_pages.text()
    ctx = click.Context(cli)
    for name in LazyGroup.list_commands(cli, ctx):
        assert f"drill {name}" in docs, f"neither the README nor docs/ mentions `drill {name}`"
