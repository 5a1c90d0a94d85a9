"""Reading a plan file: .txt in UTF-8 or GBK/GB18030, or .docx / 读取规划文件.

Offsets of drafts are character offsets into the decoded text (for a .docx: into the text of its
paragraphs and table rows, one per line, cells joined by " | ").
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mzcheck.core.codes import extract as X
from mzcheck.core.errors import InputError
from mzcheck.core.files import checked_input, read_bounded

MAX_BYTES = 20 * 1024 * 1024  # plans are tens of kilobytes; 20 MB is surely the wrong file


@dataclass(frozen=True)
class PlanText:
    """A plan's text as decoded, with where it came from / 规划文本."""

    text: str
    path: str  # as the user gave it, for messages
    name: str  # file name, cited in document.file


def decode_plan(data: bytes, name: str = "<bytes>") -> str:
    """Decode plan bytes: UTF-8 (BOM accepted), UTF-16 with a BOM, else GBK/GB18030. InputError otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError.of(X.BINARY_PLAN, file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:first_bad].count(b"\n") + 1
        raise InputError.of(X.PLAN_ENCODING, file=name, line=line, byte=first_bad) from None


def read_plan(path: str | Path) -> PlanText:
    """Read a plan: .txt in UTF-8 or GBK/GB18030, or .docx (needs python-docx). Raises InputError."""
    p = checked_input(path, MAX_BYTES)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix == ".doc":
        raise InputError.of(X.OLD_DOC, file=name)
    data = read_bounded(p, MAX_BYTES)
    if suffix == ".docx" or data[:4] == b"PK\x03\x04":
        return PlanText(_read_docx(p), name, p.name)
    text = decode_plan(data, name)
    if not text.strip():
        raise InputError.of(X.EMPTY_PLAN, file=name)
    return PlanText(text, name, p.name)


def _read_docx(path: Path) -> str:
    try:
        docx: Any = importlib.import_module("docx")
    except ImportError:
        raise InputError.of(X.DOCX_MISSING, file=str(path)) from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged or non-Word zip
        raise InputError.of(X.DOCX_UNREADABLE, file=str(path), kind=type(exc).__name__) from None
    paragraph_cls = importlib.import_module("docx.text.paragraph").Paragraph
    table_cls = importlib.import_module("docx.table").Table
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = str(child.tag).rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(str(paragraph_cls(child, document).text))
        elif tag == "tbl":
            for row in table_cls(child, document).rows:
                lines.append(" | ".join(str(cell.text).strip().replace("\n", " ") for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise InputError.of(X.DOCX_EMPTY, file=str(path))
    return text
