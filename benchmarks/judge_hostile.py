"""Hostile answers at full size: how long the judge takes on each, beside a plain 60-character answer.

    uv run python benchmarks/judge_hostile.py [--repeat 3]

Every answer is made here (nothing is read from disk). Each is judged against
the keys a review or a paper holds (a cloze with a number, a list, a standard
phrase with key points and placeholders, long prose), through the review path
(``grade_typed``) and the exam path (``judge_item``), each run on a fresh copy
(one more character) so no cache helps; the table gives the worst of those per
answer, best of ``--repeat`` runs. The tests run the same answers
at sizes that finish in the suite's time; this script runs them at the sizes an
attacker would use.
"""

from __future__ import annotations

import argparse
import time


def hostile_answers() -> dict[str, str]:
    return {
        "plain 60 characters": "营业员应在客户投诉后二十四小时内立单，并在两个工作日内给出处理意见，不得推诿。",
        "400 「九」": "九" * 400,
        "400 Arabic digits": "9" * 400,
        "( × 50,000 + ) × 50,000": "(" * 50_000 + ")" * 50_000,
        "（ × 50,000 + ） × 50,000": "（" * 50_000 + "）" * 50_000,
        "130 KB answer cell": "请您稍等，我马上为您办理相关业务。" * 7_800,
        "100 KB repeated answer": "嘲笑" * 50_000,
        "10,000 、-items": "、".join(["反问语气"] * 10_000),
        "1,990 characters of brackets": "（" * 995 + "）" * 995,
        "1,990 characters of 、-items": "、".join(["嘲笑"] * 663) + "嘲",
        "1,990 characters of clock times": "晚上十点" * 497 + "晚上",
        "1,990 characters of placeholders": "×" * 1_990,
    }


def keys() -> list[dict[str, object]]:
    closing = "××先生／小姐，请问还有什么电信业务需要咨询吗？（等待用户回应）感谢您的来电，祝您××。"
    return [
        {"type": "cloze", "answer": "24小时"},
        {"type": "cloze", "answer": "嘲笑、责备"},
        {"type": "list_recall", "answer": "反问语气、质问语气、机械语气、散漫语气、愤怒语气、讽刺语气",
         "items": ["反问语气", "质问语气", "机械语气", "散漫语气", "愤怒语气", "讽刺语气"]},
        {"type": "typed", "kind": "script", "answer": closing,
         "points": ["还有什么|还有其他|还有别的", "感谢|谢谢", "来电|电话|致电"]},
        {"type": "cloze", "answer": "营业员下班前应提前将暂停服务提示牌放于工作台前，并向排队客户说明"},
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from drill.exam.scoring import judge_item
    from drill.grading import grade_typed

    grade_typed({"type": "cloze", "answer": "24小时"}, "二十四小时")  # load cn2an, opencc, rapidfuzz first
    print("| answer | characters | worst judging time (ms) | verdict on the 24小时 key |")
    print("|---|---|---|---|")
    for name, answer in hostile_answers().items():
        worst = 0.0
        verdict = ""
        for key in keys():
            item = {**key, "key": key["answer"], "key_points": key.get("points", []), "points": 1.0}
            best = float("inf")
            for r in range(args.repeat):
                fresh = answer + chr(0x4E00 + r)  # a new answer each run: nothing comes from a cache
                start = time.perf_counter()
                grade = grade_typed(key, fresh)
                judge_item(item, fresh)
                best = min(best, time.perf_counter() - start)
            worst = max(worst, best)
            if key["answer"] == "24小时":
                verdict = grade.reason[:48]
        print(f"| {name} | {len(answer):,} | {worst * 1000:.2f} | {verdict} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
