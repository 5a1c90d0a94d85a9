"""The plan's characters: normalising, splitting outside quotes, trimming a quote / 文本处理.

Every offset of a draft is an offset into the text as decoded; normalising maps one character to one, so
the offsets found in the normalised text are offsets into the original.
"""

from __future__ import annotations

import re

CJK = "\u4e00-\u9fff"

# Full-width ASCII to half-width, one character for one, so offsets stay valid.
_HALF = {0xFF01 + i: 0x21 + i for i in range(94)}
_HALF.update({0x3000: 0x20, 0xA0: 0x20, 0x301C: 0x7E, 0xFE6A: 0x25, 0x2212: 0x2D})


def normalise(text: str) -> str:
    """Full-width ASCII as half-width (８０％ → 80%), one character for one."""
    return text.translate(_HALF)


OPEN = {"“": "”", "《": "》", "(": ")", "「": "」", "『": "』", "[": "]", "‘": "’"}
CLOSE = {v: k for k, v in OPEN.items()}
_THOUSANDS = re.compile(r"\d{3}(?!\d)")


def split(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` split at ``seps`` outside quotes and brackets (not 1,000 separators)."""
    spans: list[tuple[int, int]] = []
    depth: list[str] = []
    ascii_quote = False
    begin = start
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN:
            close = text.find(OPEN[ch], i + 1, min(end, i + 80))
            reopen = text.find(ch, i + 1, close) if close >= 0 and OPEN[ch] != ch else -1
            if close >= 0 and reopen < 0:  # an unclosed “ must not swallow the rest of the line
                depth.append(ch)
        elif ch in CLOSE and depth and depth[-1] == CLOSE[ch]:
            depth.pop()
        elif ch == '"':
            ascii_quote = not ascii_quote
        elif ch == "。" and ch in seps:  # a sentence ends even inside a quote someone forgot to close
            depth.clear()
            ascii_quote = False
            spans.append((begin, i))
            begin = i + 1
        elif ch in seps and not depth and not ascii_quote:
            if ch == "," and i > 0 and text[i - 1].isdigit() and _THOUSANDS.match(text, i + 1):
                continue
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def first_part(text: str, seps: str) -> str:
    """``text`` up to the first of ``seps`` outside quotes and brackets."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in OPEN and text.find(OPEN[ch], i + 1) >= 0:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif ch in seps and not depth:
            return text[:i]
    return text


_ATTRIBUTIVE_LIST = re.compile(r"[^,;、]+(?:、[^,;、]+)+的")


def item_text(text: str, seps: str) -> str:
    """``text`` up to the end of its list item: 1个具备全托、日托功能的中心 keeps its attributive list."""
    if _ATTRIBUTIVE_LIST.match(text):
        return first_part(text, seps.replace("、", "") or ",")
    return first_part(text, seps)


_PUNCT = " \t\r\n,、;:。!?|"
ITEM_MARK = re.compile(r"[一二三四五六七八九十]{1,3}是(?!否)|\d{1,2}[.、](?=(?:19|20)\d{2}\s*年|[^\d\s])")


def trim(norm: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` without surrounding punctuation and a leading item mark (一是…, 9.乾县…)."""
    while s < e and norm[s] in _PUNCT:
        s += 1
    mark = ITEM_MARK.match(norm, s, e)
    if mark and e - s > mark.end() - s + 2:
        s = mark.end()
    while e > s and norm[e - 1] in _PUNCT:
        e -= 1
    return s, e


_STRIP_QUOTES = str.maketrans("", "", "“”\"「」『』《》‘’ ")


def key(text: str) -> str:
    """``text`` without quotes and spaces, for comparing names."""
    return "".join(text.translate(_STRIP_QUOTES).split())


_URL = re.compile(r"(?:https?://|www\.)[^\s\u4e00-\u9fff“”()]+")


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where web addresses stand in ``text``: their digits and ``%`` are no quantities."""
    return [(m.start(), m.end()) for m in _URL.finditer(text)]
