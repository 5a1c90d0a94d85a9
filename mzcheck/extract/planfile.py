"""Reading a plan file: .txt in UTF-8 or GBK/GB18030, or .docx / 读取规划文件.

Offsets of drafts are character offsets into the decoded text (for a .docx: into the text of its
paragraphs and table rows, one per line, cells joined by " | ").
"""

from __future__ import annotations

import importlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mzcheck.core.codes import extract as X
from mzcheck.core.errors import InputError
from mzcheck.core.files import MAX_PLAN_BYTES as MAX_BYTES
from mzcheck.core.files import checked_input, decode_plan, read_bounded

__all__ = ["MAX_BYTES", "PlanText", "decode_plan", "read_plan"]


@dataclass(frozen=True)
class PlanText:
    """A plan's text as decoded, with where it came from / 规划文本."""

    text: str
    path: str  # as the user gave it, for messages
    name: str  # file name, cited in document.file


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


MAX_DOCX_UNZIPPED = 200 * 1024 * 1024  # the parts of a .docx, unpacked: a plan's are a few MB


def _survey_docx(path: Path) -> None:
    """Refuse a .docx whose parts unpack beyond MAX_DOCX_UNZIPPED (X113), before python-docx unpacks any."""
    try:
        with zipfile.ZipFile(path) as z:
            unzipped = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError.of(X.DOCX_UNREADABLE, file=str(path), kind=type(exc).__name__) from None
    if unzipped > MAX_DOCX_UNZIPPED:
        raise InputError.of(X.DOCX_TOO_LARGE, file=str(path), size=f"{unzipped / 2**20:,.0f}",
                            limit=MAX_DOCX_UNZIPPED // 2**20)


def _read_docx(path: Path) -> str:
    try:
        docx: Any = importlib.import_module("docx")
    except ImportError:
        raise InputError.of(X.DOCX_MISSING, file=str(path)) from None
    _survey_docx(path)
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
