"""A regular expression of many alternatives that costs, per character, only the few that can match there.

``re`` tries the alternatives of ``name1|name2|...`` one after the other at every position of
the text, so a gazetteer of a thousand names costs a thousand tries per character. ``Alternation``
finds exactly what ``re.compile("|".join(patterns), flags).finditer(text)`` finds, but jumps to
the positions where some alternative's first character occurs and there tries, in their original
order, only the alternatives that start with that character.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache


@dataclass(frozen=True)
class Alternative:
    pattern: str
    first: str  # the literal character every match of ``pattern`` starts with
    ignore_case: bool = False  # whether ``first`` matches case-insensitively


class Alternation:
    def __init__(self, alternatives: Iterable[Alternative], *, flags: int = 0):
        self._alternatives = list(alternatives)
        self._flags = flags
        self._exact: dict[str, list[int]] = {}
        self._folded: dict[str, list[int]] = {}
        for index, alternative in enumerate(self._alternatives):
            ignore_case = alternative.ignore_case or bool(flags & re.IGNORECASE)
            by_first = self._folded if ignore_case else self._exact
            by_first.setdefault(alternative.first, []).append(index)
        classes = []
        if self._exact:
            classes.append(_char_class(self._exact))
        if self._folded:
            classes.append(f"(?i:{_char_class(self._folded)})")
        self._starts = _compile("|".join(classes), 0) if classes else None
        self._folded_starts = _compile(classes[-1], 0) if self._folded else None
        self._by_char: dict[str, re.Pattern | None] = {}

    def finditer(self, text: str) -> Iterator[re.Match]:
        if self._starts is None:
            return
        position = 0
        while (start := self._starts.search(text, position)) is not None:
            at = start.start()
            pattern = self._candidates(text[at])
            hit = pattern.match(text, at) if pattern is not None else None
            if hit is None:
                position = at + 1
            else:
                yield hit
                position = hit.end()

    def prepare(self) -> None:
        """Compile, ahead of the first text, the alternatives of each character that starts one."""
        for first in self._exact:
            self._candidates(first)
        for first in self._folded:
            for char in {first, first.lower(), first.upper()}:
                if len(char) == 1:  # "ß".upper() is "SS"
                    self._candidates(char)

    def _candidates(self, char: str) -> re.Pattern | None:
        """The alternatives that can match at ``char``, in their order, as one pattern."""
        if char in self._by_char:
            return self._by_char[char]
        indices = list(self._exact.get(char, ()))
        if self._folded_starts is not None and self._folded_starts.fullmatch(char):
            for first, more in self._folded.items():
                if _same_ignoring_case(first, char):
                    indices += more
        pattern = None
        if indices:
            pattern = _compile("|".join(self._alternatives[i].pattern for i in sorted(indices)), self._flags)
        self._by_char[char] = pattern
        return pattern


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


@cache
def _same_ignoring_case(first: str, char: str) -> bool:
    # As ``re`` itself decides, so that its extra equivalences (K and the Kelvin sign) hold too.
    return re.fullmatch(f"(?i:{re.escape(first)})", char) is not None


# The same few names start with the same character in every document: compile them once.
@lru_cache(maxsize=8192)
def _compile(pattern: str, flags: int) -> re.Pattern:
    return re.compile(pattern, flags)
