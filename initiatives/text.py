"""Plain-text helpers with no database, shared by ingestion, search and the admin: Simplified Chinese
through one OpenCC converter, and the bounds of a paragraph's sentences.

They live here, below ``ingest``, so that the site reads text as ingestion wrote it without
importing ingestion.
"""

import re
from functools import cache, lru_cache

import opencc

_SENTENCES = re.compile(r"(?:[^。；;!?！？.]+|\.(?!\s+[A-Z]|\s*$))+(?:[。；;!?！？]|\.(?=\s+[A-Z]|\s*$))?")


@cache
def _converter() -> opencc.OpenCC:
    # Loading the dictionaries takes milliseconds; a converter serves any number of calls.
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters (OpenCC t2s, with its phrase rules); other text unchanged."""
    return _converter().convert(text)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, split after 。；!? and their ASCII forms, and English full stops."""
    return list(_sentence_bounds(text))


@lru_cache(maxsize=64)
def _sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _SENTENCES.finditer(text) if m.group().strip())
