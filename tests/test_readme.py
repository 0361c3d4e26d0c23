"""The Python examples of the README and the docs pages run as written (from the repository root)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests import docs_pages
from tests.conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", docs_pages.text(), re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_python_example_runs(index, tmp_path):
    code = BLOCKS[index]
    if "class ShoutExporter" in code:
        # the plugin example: check it meets the contract and writes what it says
        code += (
            "\nfrom drill import load_deck, make_cards\n"
            "from drill.exporting import DeckBundle, Exporter\n"
            "deck = load_deck('decks/sample-counter-basics.yaml')\n"
            "exporter = ShoutExporter()\n"
            "assert isinstance(exporter, Exporter)\n"
            f"out = Path({str(tmp_path / 'prompts.txt')!r})\n"
            "cards = tuple(make_cards(deck))\n"
            "assert exporter.export(DeckBundle((deck,), cards), out, {}) == [out]\n"
            "assert out.read_text(encoding='utf-8').count('\\n') == len(cards)\n"
        )
    # relative paths in the examples are the repository's; writes go to a scratch copy of nothing
    if "my-progress.db" in code and ("weak_paper" in code or "retrievability" in code):
        # a learner's store with reviews, as a reader's is by the time they ask who forgets what
        from tests.test_readme_shell import _answer_some_cards

        _answer_some_cards(tmp_path / "progress.db", ROOT / "decks")
    script = tmp_path / "example.py"
    script.write_text(code.replace('"my-progress.db"', repr(str(tmp_path / "progress.db"))), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
