"""Results of papers taken with ``drill exam take``, kept next to the review log they complement."""

from __future__ import annotations

import json
from typing import Any

from .connection import StoreConnection


class ExamResultsMixin(StoreConnection):
    """Writing and reading exam results."""

    def record_exam_result(self, result: dict[str, Any]) -> int:
        """Keep the result of a paper taken in the terminal (the whole record as JSON); its row id."""
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO exam_results (exam, variant, seed, started_at, finished_at, score, total, passed,"
                " result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result["exam"], result["variant"], result.get("seed"), result["started_at"],
                 result["finished_at"], result["score"], result["total"], int(bool(result["passed"])),
                 json.dumps(result, ensure_ascii=False, sort_keys=True)),
            )
            return int(cur.lastrowid or 0)

    def exam_results(self, exam: str | None = None) -> list[dict[str, Any]]:
        """Stored exam results, oldest first (of one exam if given)."""
        sql = "SELECT result FROM exam_results"
        args: tuple[str, ...] = ()
        if exam is not None:
            sql += " WHERE exam = ?"
            args = (exam,)
        return [json.loads(r[0]) for r in self.conn.execute(sql + " ORDER BY id", args)]
