"""Messages in Chinese and English / 中英文消息.

A :class:`Message` is one sentence in both languages. Every message mzcheck shows has a code in the
catalogue (:data:`CATALOGUE`), so ``mzcheck explain CODE`` can say what it means and how to fix it.
"""

from __future__ import annotations

from pydantic import BaseModel


class Message(BaseModel):
    """A sentence in Chinese and English / 中英文说明."""

    zh: str
    en: str
