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
                  "开展情况", "主要做法", "综述", "回眸", "工作情况", "发展基础", "规划背景", "发展成就")
_PLAN_WORDS = ("思路", "计划", "安排", "要点", "目标", "打算", "重点任务", "主要任务", "下一步", "工作任务", "展望",
               "主要举措", "重点工作")
ENUMERATOR = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(\s*[一二三四五六七八九十]+\s*\)|第[一二三四五六七八九十]+部分)")
_CLAUSE_PUNCT = re.compile(r"[,。;:]")
# 回眸“十三五”:求新求变求突破…, 回顾2025年: a title that opens a review, punctuated or not
_REVIEW_TITLE = re.compile(r"^(?:回眸|回顾)[^。]{0,58}$")
# Page furniture: navigation, publishing data, counters, contacts, the title bar of a web page.
_FURNITURE = re.compile(
    r"^\s*(?:[#|]|主页|首页|当前位置|您的位置|您现在的位置|位置[:>]|标题[:]|来源[:]|信息来源|发布时间|发布日期|发文时间|"
    r"发文日期|成文日期|日期[:]|更新时间|浏览|阅读[:]|点击|责任编辑|编辑[:]|作者[:]|分享|扫一扫|打印|字体|【字体|"
    r"上一[条篇]|下一[条篇]|联系电话|电话[:]|传\s*真|邮\s*箱|地址[:]|Copyright|版权|本文地址|本文来源|索引号|索取号|"
    r"文号|文件编号|发布机构|公开类别|公开方式|主题分类|组配分类|设为首页|附件[:])"
    r"|浏览量|浏览次数|阅读量|本篇文章\d+字|读完约|\s>\s")
_BODY_PUNCT = re.compile(r"[,。;]")


def heading_mode(line: str) -> str | None:
    """'plan' or 'summary' when the line is a heading that says which part follows; else None."""
    s = line.strip()
    if _REVIEW_TITLE.match(s):
        return "summary"
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
    line: str = "body"  # body | furniture (page navigation, counters …) | headline (the title lines before the body)
    row: int = 0  # the line (paragraph) it stands in


@dataclass(frozen=True)
class Layout:
    """The sentences of a text and the headings that set its parts."""

    sentences: tuple[Sentence, ...]
    headings: tuple[Heading, ...]


def line_kind(line: str, in_body: bool) -> str:
    """``furniture`` (navigation, publishing data, counters), ``headline`` (a title line before the body text
    begins: it restates the body's numbers) or ``body``."""
    s = line.strip()
    if _FURNITURE.search(s):
        return "furniture"
    if not in_body and s and not _BODY_PUNCT.search(s) and not ENUMERATOR.match(s) and len(s) <= 60:
        return "headline"
    return "body"


def layout(norm: str) -> Layout:
    """Sentences with their part, and the headings that set a part (for the plan year and the title)."""
    out: list[Sentence] = []
    headings: list[Heading] = []
    mode, heading = "open", ""
    pos = 0
    in_body = False
    for row, raw_line in enumerate(norm.split("\n")):
        line_start, line_end = pos, pos + len(raw_line)
        pos = line_end + 1
        new_mode = heading_mode(raw_line)
        if new_mode is not None:
            mode, heading = new_mode, raw_line.strip()
            headings.append(Heading(line_start, new_mode, heading))
        kind = line_kind(raw_line, in_body)
        in_body = in_body or (kind == "body" and bool(_BODY_PUNCT.search(raw_line) or ENUMERATOR.match(raw_line)))
        for s, e in split(norm, line_start, line_end, "。!?;"):
            clauses = tuple(split(norm, s, e, ",:|\t"))
            if clauses:
                out.append(Sentence(s, e, mode, heading, clauses, kind, row))
    return Layout(tuple(out), tuple(headings))
