"""Generate a large, valid deck of every fact kind for benchmarks.

    python benchmarks/gen_deck.py 10000 --seed 1 -o /tmp/big.yaml

``generate_deck(n_facts, seed)`` returns the YAML text; the same arguments
always give the same text. Topics hold ~50 facts so multiple-choice cards find
siblings, as in a real handbook.
"""

from __future__ import annotations

import argparse
import random
import sys

_WORDS = ("客户", "业务", "服务", "营业厅", "工单", "投诉", "套餐", "流量", "宽带", "终端", "积分", "号码", "账单",
          "实名", "缴费", "办理", "受理", "咨询", "回访", "满意度", "礼仪", "规范", "岗位", "渠道", "营销", "系统")
_KINDS = ("term", "category", "duty", "list", "sequence", "rule", "prohibited_phrase", "script")


def _phrase(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(n))


def _fact(i: int, kind: str, topic: str, rng: random.Random) -> dict[str, object]:
    fid = f"f{i:06d}"
    base: dict[str, object] = {"id": fid, "kind": kind, "topic": topic, "source": f"第{i % 12 + 1}章"}
    tag = f"t{i % 7}"
    base["tags"] = [tag]
    u = f"{i}"  # keeps names unique so distractors never equal the answer
    if kind == "term":
        base.update(term=f"{_phrase(rng, 2)}{u}", definition=f"{_phrase(rng, 4)}的{_phrase(rng, 2)}{u}")
    elif kind == "category":
        base.update(name=f"{_phrase(rng, 2)}类型{u}",
                    members=[{"name": f"{_phrase(rng, 1)}型{u}-{k}", "description": f"侧重{_phrase(rng, 3)}{u}-{k}"}
                             for k in range(3)])
    elif kind == "duty":
        base.update(role=f"{_phrase(rng, 2)}岗{u}", duties=[f"负责{_phrase(rng, 3)}{u}-{k}" for k in range(2)])
    elif kind == "list":
        base.update(name=f"{_phrase(rng, 2)}要点{u}", items=[f"{_phrase(rng, 2)}{u}-{k}" for k in range(4)])
    elif kind == "sequence":
        base.update(name=f"{_phrase(rng, 2)}流程{u}", steps=[f"{_phrase(rng, 2)}{u}-{k}" for k in range(4)])
    elif kind == "rule":
        base.update(text=f"{_phrase(rng, 3)}须在{{{{{rng.randint(2, 72)}小时}}}}内完成{{{{{_phrase(rng, 2)}{u}}}}}。")
    elif kind == "prohibited_phrase":
        base.update(phrase=f"这{_phrase(rng, 2)}不归我管{u}。", reason=f"推卸{_phrase(rng, 1)}{u}",
                    instead=f"我来帮您{_phrase(rng, 2)}{u}。")
    else:
        base.update(situation=f"客户{_phrase(rng, 2)}时{u}", response=f"您好，请{_phrase(rng, 3)}{u}。")
    return base


def generate_deck(n_facts: int, seed: int = 0) -> str:
    """YAML text of a deck with ``n_facts`` facts, kinds in rotation, deterministic in ``seed``."""
    import yaml

    rng = random.Random(seed)
    facts = [_fact(i, _KINDS[i % len(_KINDS)], f"主题{i // 50:03d}", rng) for i in range(n_facts)]
    deck = {"deck": f"bench-{n_facts}-{seed}", "title": f"基准卡组 {n_facts}", "language": "zh-CN",
            "version": "1.0", "facts": facts}
    return yaml.safe_dump(deck, allow_unicode=True, sort_keys=False, width=1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n_facts", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--out", help="file to write (default stdout)")
    args = parser.parse_args(argv)
    text = generate_deck(args.n_facts, args.seed)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
