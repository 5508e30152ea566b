"""Regular expressions that look at the character a match would start with before trying anything else.

``re`` skips, in C, the positions where a pattern cannot start only when the pattern opens with
literal characters; an alternation that opens with an optional group, a lookbehind or ``\\b``, or
any pattern under IGNORECASE, is tried in full at every position of the text. A case-sensitive
lookahead for the characters a match can start with costs one test per position instead, and
finds exactly the same matches, since it only turns away positions where the pattern fails anyway.
"""

import re
from collections.abc import Iterable
from functools import cache

# The blocks most characters of Chinese and English reports come from: Latin-1, punctuation, CJK
# symbols and ideographs, full-width forms. Classes list their characters of these blocks one by
# one and take every character outside them whole, unexamined.
COMMON_BLOCKS = (
    (0x0, 0xFF),
    (0x2000, 0x206F),
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xFF00, 0xFFEF),
)


def compile_starting_with(pattern: str, first: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, given ``first``: every character a match can start with."""
    return re.compile(
        f"(?=(?-i:{starting_class(first, ignore_case=bool(flags & re.IGNORECASE))}))(?:{pattern})", flags
    )


def starting_class(first: str, *, ignore_case: bool) -> str:
    """A case-sensitive character class of the characters of ``first``, and under ``ignore_case`` of
    every character that ``re`` matches to one of them ignoring case (k: k, K and the Kelvin sign)."""
    escaped = "".join(re.escape(char) for char in sorted(set(first)))
    if not ignore_case:
        return f"[{escaped}]"
    matching = re.compile(f"[{escaped}]", re.IGNORECASE)
    return listed_or_uncommon(matching.findall(common_characters()))


def listed_or_uncommon(chars: Iterable[str]) -> str:
    """A character class of ``chars`` and of every character outside ``COMMON_BLOCKS``."""
    parts = [re.escape(char) for char in sorted(set(chars))]
    previous = 0
    for low, high in (*COMMON_BLOCKS, (0x110000, None)):
        if low > previous:
            parts.append(f"{re.escape(chr(previous))}-{re.escape(chr(low - 1))}")
        previous = (high or 0) + 1
    return "[" + "".join(parts) + "]"


@cache
def common_characters() -> str:
    """Every character of ``COMMON_BLOCKS``."""
    return "".join(chr(code) for low, high in COMMON_BLOCKS for code in range(low, high + 1))
