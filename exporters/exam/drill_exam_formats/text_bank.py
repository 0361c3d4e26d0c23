"""A plain-text question bank in the form Chinese training platforms paste in or import.

::

    1. 题干
    A. 选项
    B. 选项
    答案：B
    解析：说明

One blank line between questions, numbered through the paper. The *answer
key* file is the bank (with 答案 and 解析); the student file is the same text
without them. 多选题 are answered with every right letter (``答案：ACD``);
判断题 are answered 正确 / 错误; 排序题 become a choice between
orders as in the other banks; 填空题 and 简答题 give the answer in words, and
the other wordings the grader accepts on a ``可接受答案：a|b`` line. A
line break inside deck text becomes a space, so no line of a question can be
read as an option or an answer line.
"""

from __future__ import annotations

from drill.card import CardType
from drill.exam import ExamItem, ExamPaper
from . import PaperAndKeyExporter
from .banks import accepted_answers, order_choices
from .common import letter


def one_line(text: str) -> str:
    return " ".join(text.split())


def item_block(paper: ExamPaper, item: ExamItem, with_key: bool) -> list[str]:
    lines = [f"{item.number}. {one_line(item.prompt)}"]
    if item.type is CardType.ORDERING:
        lines[0] += "（" + "；".join(f"{i + 1}) {one_line(o.text)}" for i, o in enumerate(item.options)) + "）"
        choices = order_choices(paper, item)
        lines += [f"{letter(i)}. {' → '.join(str(ord(ch) - 64) for ch in order)}" for i, (order, _) in enumerate(choices)]
        key = next(letter(i) for i, (_, right) in enumerate(choices) if right)
    elif item.type in (CardType.MULTIPLE_CHOICE, CardType.MULTIPLE_SELECT):
        lines += [f"{letter(i)}. {one_line(o.text)}" for i, o in enumerate(item.options)]
        key = item.key
    else:
        key = one_line(item.answer)
    if with_key:
        lines.append(f"答案：{key}")
        accepted = accepted_answers(item)
        if accepted and item.type not in (CardType.MULTIPLE_CHOICE, CardType.MULTIPLE_SELECT,
                                          CardType.TRUE_FALSE, CardType.ORDERING):
            # other wordings the grader accepts, as `drill import-bank` reads them back
            lines.append("可接受答案：" + "|".join(one_line(a) for a in accepted))
        if item.explanation:
            lines.append(f"解析：{one_line(item.explanation)}")
    return lines


def bank_text(paper: ExamPaper, with_key: bool) -> str:
    blocks = ["\n".join(item_block(paper, item, with_key)) for item in paper.items]
    return "\n\n".join(blocks) + "\n"


class TextBankExporter(PaperAndKeyExporter):
    name = "txt"
    description = "Plain-text question bank (1. 题干 / A. … / 答案：B / 解析：…)"
    suffix = ".txt"

    def render(self, paper: ExamPaper) -> tuple[str, str]:
        return bank_text(paper, False), bank_text(paper, True)


exporter = TextBankExporter()
