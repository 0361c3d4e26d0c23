"""Draw a random sample of the cards all shipped decks make, printed for an examiner to read.

    uv run python tools/sample_cards.py --seed 20261207 --count 150 > sample.md

The same seed always draws the same cards from the same decks (write the seed
down before drawing). Each card is printed whole as a learner and a grader see
it: prompt, options (✓ on the key), answer, accepted forms, key points, the
note shown after the answer, and the handbook section it cites.
"""

from __future__ import annotations

import argparse
import random
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True, help="the seed, written down before drawing")
    parser.add_argument("--count", type=int, default=150, help="how many cards (default 150)")
    args = parser.parse_args(argv)

    from drill.catalog import shipped_decks
    from drill.generate import make_cards
    from drill.judge import shown_accept
    from drill.loader import load_deck

    cards = [c for path in shipped_decks().values() for c in make_cards(load_deck(path))]
    cards.sort(key=lambda c: c.id)
    sample = random.Random(args.seed).sample(cards, min(args.count, len(cards)))
    out = sys.stdout
    out.write(f"# {len(sample)} cards of {len(cards)}, seed {args.seed}\n\n")
    for n, card in enumerate(sample, 1):
        out.write(f"## {n}. `{card.id}` ({card.type.value})\n\n")
        out.write(f"- prompt: {card.prompt}\n")
        for i, option in enumerate(card.options):
            out.write(f"  - {chr(65 + i)}. {option.text}{' ✓' if option.correct else ''}\n")
        if card.type.value == "ordering":
            out.write(f"- order: {' → '.join(card.items)}\n")
        out.write(f"- answer: {card.answer}\n")
        if card.accept:
            out.write(f"- also accepted: {' ｜ '.join(shown_accept(card.items, card.accept))}\n")
        if card.points:
            out.write(f"- key points: {'；'.join(p.replace('|', '／') for p in card.points)}\n")
        if card.explanation:
            out.write(f"- note after the answer: {card.explanation}\n")
        out.write(f"- source: {card.source or '—'}\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
