"""Make a review store with many cards, for timing `drill review --dry-run` and the queue.

    uv run python benchmarks/gen_store.py --cards 100000 --out /tmp/drill-100k.db
    DRILL_HOME=/tmp uv run drill review --db /tmp/drill-100k.db --dry-run

Cards are synthetic (Chinese prompts of realistic length, every card type); about
a third are new, a tenth in learning, the rest in review with due dates spread
from 30 days overdue to 90 days ahead, each with one review row. The state is
not the replay of that row (``drill doctor`` will say so): this is a load
fixture, not a learning history.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from drill.store import Store, to_text

TYPES = ("basic", "multiple_choice", "true_false", "cloze", "list_recall", "ordering", "typed")
TOPICS = ("营业厅概述", "服务规范", "投诉处理", "业务受理", "营销技巧", "服务用语", "安全管理", "终端销售")


def make_store(path: str | Path, cards: int, *, seed: int = 1, now: datetime | None = None,
               decks: int = 5) -> Path:
    """Write a store of ``cards`` synthetic cards to ``path`` (replacing it) and return the path."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    with Store(path) as store:
        card_rows, review_rows = [], []
        for i in range(cards):
            deck = f"bench-{i % decks}"
            fact, kind = f"fact-{i // 4}", rng.choice(TYPES)
            card_id = f"{deck}/{fact}/t{i % 4}"
            topic = TOPICS[i % len(TOPICS)]
            options = [{"text": f"选项{j}：营业厅服务规范第{i % 97}条", "correct": j == 0} for j in range(4)]
            content = {
                "id": card_id, "deck": deck, "fact": fact, "kind": "term", "template": f"t{i % 4}",
                "part": None, "type": kind, "prompt": f"第{i}题：自办营业厅受理的投诉须在多长时间内提交电子工单？",
                "answer": "24小时", "options": options if kind in ("multiple_choice", "true_false") else [],
                "items": [], "context": None, "hint": None, "explanation": "首问负责制", "topic": topic,
                "tags": ["bench"], "source": "第四章", "content_hash": f"{i:016x}",
            }
            roll = rng.random()
            if roll < 0.33:
                state = (0, None, None, None, None, None, 0, 0)
            else:
                last = now - timedelta(days=rng.uniform(1, 120))
                if roll < 0.43:
                    state = (1, 1, 2.3, 5.0, to_text(now + timedelta(minutes=rng.uniform(-30, 30))),
                             to_text(last), 1, 0)
                else:
                    due = now + timedelta(days=rng.uniform(-30, 90))
                    state = (2, None, rng.uniform(1, 300), rng.uniform(1, 10), to_text(due), to_text(last),
                             rng.randint(1, 12), rng.randint(0, 3))
                review_rows.append((card_id, rng.choice((1, 3, 3, 3, 4)), state[5], 4000, None, None, 0,
                                    json.dumps({"state": 0, "step": None, "stability": None, "difficulty": None,
                                                "due": None, "last_review": None, "reps": 0, "lapses": 0})))
            card_rows.append((card_id, deck, fact, f"t{i % 4}", kind, f"{i:016x}",
                              json.dumps(content, ensure_ascii=False), topic, '["bench"]', *state, to_text(now)))
        with store.write() as conn:
            conn.executemany(
                "INSERT INTO cards(id, deck, fact, template, type, content_hash, content, topic, tags, state, step,"
                " stability, difficulty, due, last_review, reps, lapses, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", card_rows)
            conn.executemany(
                "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, answer, correct, state_before, before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", review_rows)
            for d in range(decks):
                conn.execute("INSERT INTO decks(id, path, file_hash, title, synced_at) VALUES (?, ?, ?, ?, ?)",
                             (f"bench-{d}", f"/nonexistent/bench-{d}.yaml", "0" * 64, f"bench {d}", to_text(now)))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    make_store(args.out, args.cards, seed=args.seed)
    print(f"{args.cards} cards → {args.out} in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
