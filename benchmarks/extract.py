"""drill extract against the shipped decks (recall) and on a 200,000-character handbook (time, memory).

    uv run python benchmarks/extract.py [--seeds DIR] [--size 200000] [--repeat 3] [--sample N --seed S]
                                        [--misses NNN [--mode text|keys]]

Recall: the shipped decks were written by hand from the seed handbooks. For
each deck fact, its key strings — a rule's blanks (any accepted form of each),
a category's member names, a list's items, a sequence's steps, a duty's role
and duties, a term, a prohibited phrase, a script's response — are looked for
in the facts drafted from the same handbook, both sides after the listed
substitutions and normalisation (width, case, punctuation, spaces; Chinese
numerals as digits). One drafted fact of a fitting kind (``FITTING``) must hold
all of a deck fact's key strings. Two figures:

- ``keys``: a drafted fact of a fitting kind holds every key string *as its
  own key* (a drafted rule blanks the same words, a drafted list has an item
  that contains the deck's item …): the card would ask the same thing;
- ``text``: a drafted fact of a fitting kind holds every key string somewhere
  in its text: the trainer moves a blank or trims an item, the statement is there;
- ``verbatim in the text``: the deck facts whose key strings all stand verbatim
  within three lines of the repaired handbook — the ceiling of an extractor that
  invents nothing (the rest were reworded by the deck's writer or lost in conversion).
- ``not in the cited lines``: drafted facts with a word that is not their cited
  lines as printed after exactly the repairs their ``source`` lists (must be 0).

Speed: the seed handbooks are repeated, each copy under its own chapter heading,
to ``--size`` characters; ``drill extract`` runs on it in a fresh process,
``--repeat`` times; the median wall time and the peak RSS are printed.

``--sample N`` prints N drafted facts drawn at random (seeded) across the five
handbooks, with their sources, for a reader who did not write the rules to judge
with ITEM-RUBRIC.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drill.extract import extract_deck
from drill.extract.draft import key_strings
from drill.extract.substitutions import repair
from drill.text import normalize as _fold


def normalize(text: str) -> str:
    """The comparison form of a key string, applied alike to the deck's and the draft's.

    The listed substitutions (旳→的, 原那么→原则 …), then width (NFKC), case, punctuation and
    whitespace folded away, and Chinese numerals read as digits (三声 = 3声), as the judge does.
    """
    import warnings

    import cn2an

    folded = _fold(repair(text)[0])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cn2an warns on every lone 万/百 it leaves alone
            return _fold(cn2an.transform(folded, "cn2an"))
    except (ValueError, KeyError, IndexError):
        return folded

#: seed handbook → the shipped decks written from it (seeds/README.md)
DECKS = {
    "000_f1397942fd2eb1dd.txt": ["cmcc-hubei-sales"],
    "001_e5801ec27682af1e.txt": ["telecom-service-etiquette", "telecom-service-language"],
    "002_8e126899f28ec729.txt": ["hall-quality-plan"],
    "003_ae59f24a99219f9e.txt": ["unicom-service-norms"],
    "004_78395b5db48582c7.txt": ["after-sales-etiquette"],
}
ENUMERATIONS = {"category", "list", "sequence", "duty"}
#: deck kind → the drafted kinds whose keys can hold its key strings: a rule's blanks may stand as
#: a drafted rule's blanks or as items of a drafted list; members, items, steps and duties as
#: the parts of any enumeration; a banned phrase as a drafted banned phrase or list item.
FITTING = {
    "rule": {"rule", "list"},
    "term": {"term"},
    "category": ENUMERATIONS,
    "list": ENUMERATIONS,
    "sequence": ENUMERATIONS,
    "duty": ENUMERATIONS,
    "prohibited_phrase": {"prohibited_phrase", "list"},
    "script": {"script"},
}
_DELETION = re.compile(r"\{\{(.*?)\}\}")


def deck_keys(fact: dict[str, Any]) -> list[list[str]]:
    """Key strings of a shipped fact; each key is a list of accepted forms."""
    kind = fact["kind"]
    if kind == "rule":
        keys = []
        for body in _DELETION.findall(fact["text"]):
            body = re.sub(r"^c\d+::", "", body).split("::")[0]
            keys.append([a.strip() for a in body.split("|") if a.strip()])
        return keys
    if kind == "category":
        return [[m["name"]] for m in fact["members"]]
    if kind == "list":
        return [[x] for x in fact["items"]]
    if kind == "sequence":
        return [[x] for x in fact["steps"]]
    if kind == "duty":
        return [[fact["role"]]] + [[x] for x in fact["duties"]]
    if kind == "term":
        return [[fact["term"]]]
    if kind == "prohibited_phrase":
        return [[fact["phrase"]]]
    if kind == "script":
        return [[fact["response"]]]
    return []


def drafted_keys(fact: dict[str, Any]) -> list[str]:
    """A drafted fact's own keys: what its cards would ask."""
    kind = fact["kind"]
    if kind == "rule":
        return [d.split("|")[0] for d in _DELETION.findall(fact["text"])]
    if kind == "category":
        return [m["name"] for m in fact["members"]]
    field = {"list": "items", "sequence": "steps", "duty": "duties"}.get(kind)
    if field:
        return list(fact[field]) + ([fact["role"]] if kind == "duty" else [])
    return [fact.get("term") or fact.get("phrase") or fact.get("response") or ""]


def holds(deck_fact: dict[str, Any], drafted: list[dict[str, Any]], mode: str) -> bool:
    keys = [[normalize(a) for a in forms] for forms in deck_keys(deck_fact)]
    keys = [[a for a in forms if a] for forms in keys]
    keys = [forms for forms in keys if forms]
    if not keys:
        return False
    for fact in drafted:
        if fact["kind"] not in FITTING[deck_fact["kind"]]:
            continue
        if mode == "text":
            hay = normalize(" ".join(key_strings(fact["kind"], fact)))
            if all(any(a in hay for a in forms) for forms in keys):
                return True
        else:
            own = [normalize(k) for k in drafted_keys(fact)]
            if all(any(a == k or (len(a) >= 2 and a in k) for a in forms for k in own) for forms in keys):
                return True
    return False


def why_missed(deck_fact: dict[str, Any], drafted: list[dict[str, Any]], windows: list[str]) -> str:
    """Why no drafted fact holds ``deck_fact``: not in the text, or the closest drafted fact and what it lacks."""
    keys = [[normalize(a) for a in forms if normalize(a)] for forms in deck_keys(deck_fact)]
    keys = [k for k in keys if k]
    if not any(all(any(a in w for a in forms) for forms in keys) for w in windows):
        return "not verbatim in the text"
    best, best_n = None, 0
    for fact in drafted:
        hay = normalize(" ".join(key_strings(fact["kind"], fact)))
        n = sum(any(a in hay for a in forms) for forms in keys)
        if n > best_n:
            best, best_n = fact, n
    if best is None:
        return "in the text, no drafted fact holds any key"
    fits = "" if best["kind"] in FITTING[deck_fact["kind"]] else ", unfitting kind"
    return f"closest {best['id']} ({best['kind']}{fits}) holds {best_n}/{len(keys)} keys"


def misses(seeds: Path, handbook: str, mode: str = "text") -> None:
    """Print every deck fact of ``handbook`` no drafted fact holds, with why."""
    import yaml

    from drill.extract.cleanup import clean
    from drill.extract.handbook import read_handbook

    drafted = extract_deck([seeds / handbook]).deck["facts"]
    cleaned = clean(read_handbook(seeds / handbook).lines)
    texts = [normalize(cleaned.lines[n]) for n in sorted(cleaned.lines)]
    windows = ["".join(texts[i:i + 3]) for i in range(len(texts))]
    for deck in DECKS[handbook]:
        for fact in yaml.safe_load((ROOT / "decks" / f"{deck}.yaml").read_text(encoding="utf-8"))["facts"]:
            if not holds(fact, drafted, mode):
                keys = " / ".join("|".join(forms) for forms in deck_keys(fact))
                print(f"{fact['id']} ({fact['kind']}) [{keys}] → {why_missed(fact, drafted, windows)}")


def verbatim(seeds: Path, seed: str, shipped: list[dict[str, Any]]) -> int:
    """Deck facts whose every key string stands verbatim (normalised) within three lines of the repaired text.

    The ceiling of any extractor that invents nothing: the others were reworded by the deck's writer
    or lost in the conversion (digits, separators), and no honest draft can hold them.
    """
    from drill.extract.cleanup import clean
    from drill.extract.handbook import read_handbook

    cleaned = clean(read_handbook(seeds / seed).lines)
    texts = [normalize(cleaned.lines[n]) for n in sorted(cleaned.lines)]
    windows = ["".join(texts[i:i + 3]) for i in range(len(texts))]
    found = 0
    for fact in shipped:
        keys = [[normalize(a) for a in forms if normalize(a)] for forms in deck_keys(fact)]
        keys = [k for k in keys if k]
        if keys and any(all(any(a in w for a in forms) for forms in keys) for w in windows):
            found += 1
    return found


def untraced(seeds: Path, seed: str, drafted: list[dict[str, Any]]) -> list[str]:
    """Drafted facts with a word that is not their cited lines' printed text after the repairs their source lists.

    The check a reader makes: the handbook's lines as printed, then exactly the ``修正`` pairs of the fact's
    ``source``; a repair made but not listed leaves a word that is not there. Must be none.
    """
    from drill.extract.cleanup import clean
    from drill.extract.draft import recorded_repairs, traced_text
    from drill.extract.handbook import read_handbook

    raw = clean(read_handbook(seeds / seed).lines).raw
    out = []
    for fact in drafted:
        where = fact["source"].split(" · 行 ")[1].split(" · ")[0]
        first, _, last = where.partition("-")
        lines = range(int(first), int(last or first) + 1)
        headings = fact["source"].split(" · ")[1] if fact["source"].count(" · ") >= 3 else ""
        cited = _fold(traced_text(" ".join(raw.get(n, "") for n in lines), recorded_repairs(fact["source"])) + headings)
        if any(_fold(text) not in cited for text in key_strings(fact["kind"], fact)):
            out.append(fact["id"])
    return out


def recall(seeds: Path) -> list[dict[str, Any]]:
    import yaml

    rows = []
    for seed, decks in DECKS.items():
        drafted = extract_deck([seeds / seed]).deck["facts"]
        shipped = []
        for deck in decks:
            shipped.extend(yaml.safe_load((ROOT / "decks" / f"{deck}.yaml").read_text(encoding="utf-8"))["facts"])
        keys = sum(holds(f, drafted, "keys") for f in shipped)
        text = sum(holds(f, drafted, "text") for f in shipped)
        rows.append({"handbook": seed, "decks": decks, "deck_facts": len(shipped), "drafted": len(drafted),
                     "keys": keys, "text": text, "verbatim": verbatim(seeds, seed, shipped),
                     "untraced": untraced(seeds, seed, drafted)})
    return rows


def big_handbook(seeds: Path, size: int, folder: Path) -> Path:
    texts = [(seeds / s).read_text(encoding="utf-8") for s in DECKS]
    parts, n, total = [], 0, 0
    while total < size:
        text = f"第{n + 1}章 第{n + 1}部分\n\n" + texts[n % len(texts)]
        parts.append(text)
        total += len(text)
        n += 1
    path = folder / "big-handbook.txt"
    path.write_text("\n".join(parts)[:size], encoding="utf-8")
    return path


def time_extract(path: Path, repeat: int, folder: Path) -> dict[str, float]:
    code = ("import resource, sys, time; t = time.perf_counter(); "
            "from drill.cli import main\n"
            "try:\n    main(['extract', sys.argv[1], '--out', sys.argv[2], '--json'])\n"
            "except SystemExit:\n    pass\n"
            "sys.stderr.write('%f %d\\n' % (time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))")
    times, peaks = [], []
    for i in range(repeat + 1):
        out = folder / f"draft-{i}.yaml"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code, str(path), str(out)], check=False, capture_output=True, text=True,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        _inside, rss = done.stderr.strip().splitlines()[-1].split()
        if i:  # the first run fills the page and bytecode caches
            times.append(wall)
            peaks.append(int(rss) / 1024)
    return {"median_s": statistics.median(times), "peak_mb": max(peaks)}


def sample(seeds: Path, n: int, seed: int) -> list[dict[str, Any]]:
    facts = []
    for handbook in DECKS:
        facts.extend(extract_deck([seeds / handbook]).deck["facts"])
    rng = random.Random(seed)
    return rng.sample(facts, min(n, len(facts)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path(os.environ.get("DRILL_SEEDS", ROOT.parent / "shared" / "seeds")))
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--sample", type=int, default=0, help="print N drafted facts drawn at random, then stop")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", dest="json_path", type=Path)
    parser.add_argument("--misses", metavar="NNN", help="print the deck facts of handbook NNN (000…004) no drafted fact holds, and why")
    parser.add_argument("--mode", choices=["text", "keys"], default="text",
                        help="with --misses: list the deck facts missed by this recall figure")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        args.seeds = Path("/work/shared/seeds")
    if args.misses:
        misses(args.seeds, next(h for h in DECKS if h.startswith(args.misses)), args.mode)
        return
    if args.sample:
        for i, fact in enumerate(sample(args.seeds, args.sample, args.seed), 1):
            print(f"## {i}. {fact['id']} ({fact['kind']})")
            print(json.dumps({k: v for k, v in fact.items() if k not in {"id", "reviewed"}}, ensure_ascii=False,
                             indent=1))
        return
    rows = recall(args.seeds)
    print("| handbook | decks | deck facts | drafted | recall (keys) | recall (text) | verbatim in the text "
          "| not in the cited lines |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        n = r["deck_facts"]
        print(f"| {r['handbook'][:3]} | {', '.join(r['decks'])} | {n} | {r['drafted']} | "
              f"{r['keys'] / n:.0%} ({r['keys']}) | {r['text'] / n:.0%} ({r['text']}) | "
              f"{r['verbatim'] / n:.0%} ({r['verbatim']}) | {len(r['untraced'])} |")
    total = sum(r["deck_facts"] for r in rows)
    print(f"| all | | {total} | {sum(r['drafted'] for r in rows)} | "
          f"{sum(r['keys'] for r in rows) / total:.0%} | {sum(r['text'] for r in rows) / total:.0%} | "
          f"{sum(r['verbatim'] for r in rows) / total:.0%} | {sum(len(r['untraced']) for r in rows)} |")
    for r in rows:
        if r["untraced"]:
            print(f"not in the cited lines ({r['handbook'][:3]}): {', '.join(r['untraced'])}")
    result: dict[str, Any] = {"recall": rows}
    if not args.no_speed:
        with tempfile.TemporaryDirectory() as tmp:
            path = big_handbook(args.seeds, args.size, Path(tmp))
            speed = time_extract(path, args.repeat, Path(tmp))
        print(f"\n{args.size:,}-character handbook: median {speed['median_s']:.2f} s "
              f"(target ≤ 5 s), peak RSS {speed['peak_mb']:.0f} MB (target ≤ 300 MB), {args.repeat} runs")
        result["speed"] = speed
    if args.json_path:
        args.json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
