"""The document's layout: its parts (summary or plan), sentences and clauses / 文档结构.

A work report has a summary part (past results) and a plan part (targets), told apart by headings
(一、2024年工作总结 / 二、2025年工作计划). Sentences end at 。!?; and clauses at ,:| and tabs, outside
quotes and brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mzcheck.extract.text import split

_SUMMARY_WORDS = ("总结", "回顾", "成效", "完成情况", "主要成绩", "工作成绩", "进展情况", "取得的成绩", "基本情况",
                  "开展情况", "主要做法")
_PLAN_WORDS = ("思路", "计划", "安排", "要点", "目标", "打算", "重点任务", "主要任务", "下一步", "工作任务", "展望",
               "主要举措", "重点工作")
ENUMERATOR = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(\s*[一二三四五六七八九十]+\s*\)|第[一二三四五六七八九十]+部分)")
_CLAUSE_PUNCT = re.compile(r"[,。;:]")


def heading_mode(line: str) -> str | None:
    """'plan' or 'summary' when the line is a heading that says which part follows; else None."""
    s = line.strip()
    if not s or len(s) > 40:
        return None
    enumerated = bool(ENUMERATOR.match(s))
    if not enumerated and _CLAUSE_PUNCT.search(s):
        return None
    summary = any(w in s for w in _SUMMARY_WORDS)
    plan = any(w in s for w in _PLAN_WORDS)
    if summary and not plan:
        return "summary"
    if plan and not summary:
        return "plan"
    return None


@dataclass(frozen=True)
class Heading:
    """A heading that sets the part that follows."""

    start: int
    mode: str  # plan | summary
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence with the part it stands in and its clauses (absolute offsets)."""

    start: int
    end: int
    mode: str  # plan | summary | open
    heading: str  # the heading that set the mode ("" when open)
    clauses: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Layout:
    """The sentences of a text and the headings that set its parts."""

    sentences: tuple[Sentence, ...]
    headings: tuple[Heading, ...]


def layout(norm: str) -> Layout:
    """Sentences with their part, and the headings that set a part (for the plan year and the title)."""
    out: list[Sentence] = []
    headings: list[Heading] = []
    mode, heading = "open", ""
    pos = 0
    for raw_line in norm.split("\n"):
        line_start, line_end = pos, pos + len(raw_line)
        pos = line_end + 1
        new_mode = heading_mode(raw_line)
        if new_mode is not None:
            mode, heading = new_mode, raw_line.strip()
            headings.append(Heading(line_start, new_mode, heading))
        for s, e in split(norm, line_start, line_end, "。!?;"):
            clauses = tuple(split(norm, s, e, ",:|\t"))
            if clauses:
                out.append(Sentence(s, e, mode, heading, clauses))
    return Layout(tuple(out), tuple(headings))
