"""Keep drill's translations in step with its messages (Babel).

    uv run --group dev python tools/i18n.py update    # template + catalogs from the code
    uv run --group dev python tools/i18n.py compile   # .po -> .mo (committed; drill reads them)
    uv run --group dev python tools/i18n.py check     # exit 1 when a message has no translation

Messages come from three places: ``_()``, ``N_()`` and ``ngettext()`` calls in
``drill/`` (Babel's Python extractor), the help texts of every command and
option of the live ``drill`` command (click reads them from docstrings and
``help=``), and click's own strings (usage lines, option errors), which click
looks up through the standard gettext functions in drill's text domain.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "drill" / "locale"
DOMAIN = "drill"
LANGUAGES = ["zh_CN"]
CLICK_FILES = ("core.py", "decorators.py", "exceptions.py", "formatting.py", "parser.py", "types.py",
               "termui.py", "utils.py", "shell_completion.py")
#: click's strings that it translates through a variable (``_(extra["required"])``), which no extractor sees
CLICK_DYNAMIC = ("required",)


def _help_texts() -> list[str]:
    """Every help, epilog and short help of the live command tree, as click shows them."""
    sys.path.insert(0, str(ROOT))
    import click

    from drill.cli import cli

    found: list[str] = []

    def walk(cmd: click.Command) -> None:
        for text in (cmd.help, cmd.epilog, cmd.short_help):
            if text:
                found.append(text)
        for param in cmd.params:
            text = getattr(param, "help", None)
            if text:
                found.append(text)
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None:
                    walk(sub)

    walk(cli)
    return found


def template() -> Catalog:
    import click

    catalog = Catalog(project="drill", domain=DOMAIN, charset="utf-8", fuzzy=False)
    catalog.creation_date = catalog.revision_date = catalog.creation_date.replace(
        year=2026, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / "drill", keywords=keywords, comment_tags=("Translators:",)):
        catalog.add(message, locations=[(f"drill/{filename}", lineno)], auto_comments=comments,
                    context=context)
    click_dir = Path(click.__file__).parent
    click_kw = {"_": None, "ngettext": (1, 2)}
    for filename, lineno, message, comments, context in extract_from_dir(
            click_dir, keywords=click_kw, directory_filter=lambda d: True):
        if Path(filename).name in CLICK_FILES:
            catalog.add(message, locations=[(f"click/{filename}", lineno)], context=context)
    for text in CLICK_DYNAMIC:
        catalog.add(text, locations=[("click/core.py", 0)])
    for text in _help_texts():
        catalog.add(text, locations=[("drill/cli (help)", 0)])
    return catalog


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(lang: str) -> Catalog:
    path = _po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="drill")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def update() -> None:
    tmpl = template()
    for lang in LANGUAGES:
        catalog = _read(lang)
        catalog.update(tmpl, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = _po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=False,
                     include_previous=False)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing(lang, tmpl))} untranslated")


def mo_bytes(lang: str) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, _read(lang), use_fuzzy=False)
    return buf.getvalue()


def compile_all() -> None:
    for lang in LANGUAGES:
        path = _po_path(lang).with_suffix(".mo")
        path.write_bytes(mo_bytes(lang))
        print(f"{path.relative_to(ROOT)}")


def missing(lang: str, tmpl: Catalog | None = None) -> list[str]:
    """Messages of the code that the ``lang`` catalog does not translate."""
    tmpl = tmpl or template()
    catalog = _read(lang)
    out = []
    for message in tmpl:
        if not message.id:
            continue
        have = catalog.get(message.id, context=message.context)
        text = have.string if have is not None else None
        if not text or (isinstance(text, tuple) and not all(text)) or (have is not None and have.fuzzy):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        bad = {lang: missing(lang) for lang in LANGUAGES}
        for lang, ids in bad.items():
            for mid in ids:
                print(f"{lang}: untranslated: {mid[:80]!r}")
        return 1 if any(bad.values()) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
