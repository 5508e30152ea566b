"""Finds many literal words in text, left to right, the longest first where several start at one position.

``WordFinder`` finds exactly what ``re.finditer("|".join(patterns), text, flags)`` finds when the
patterns are the words, escaped, longest first, each with its own boundary conditions (no letter
before, no letter after). It compiles the words into a prefix tree written as one regular
expression (南(?:苏丹|非|)): ``re`` then skips, in C, every position where no word starts, and at
one position follows a single path of characters instead of trying each word in turn.

The tree's path is single only when no two characters at one branching point can match the same
character of text, and its boundary conditions hold for every word of a path. Under IGNORECASE, s
and ſ or k and the Kelvin sign both match S; words that would break that rule go into a further
tree, and ``finditer`` merges the trees' matches: the leftmost, then the longest.

``re`` skips positions in C only for a pattern that opens, case-sensitively, with literal
characters. A tree under IGNORECASE therefore opens with one branch per character of the common
blocks (``prefilter.COMMON_BLOCKS``) that its first letters match (k, K), and a second pattern
takes the words that start with any other character (the Kelvin sign); it runs only on text that
holds such a character.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .prefilter import common_characters, listed_or_uncommon, starting_class


@dataclass(frozen=True)
class Word:
    text: str
    before: str = ""  # a character class that the character before the word must not match
    after: str = ""  # a character class that the character after the word must not match


class WordFinder:
    def __init__(self, words: Iterable[Word] = (), *, flags: int = 0):
        words = [word for word in dict.fromkeys(words) if word.text]
        ignore_case = bool(flags & re.IGNORECASE)
        # Words of uncased characters alone match the same text either way; without the flag,
        # ``re`` can skip the positions where none of them starts.
        exact = [word for word in words if not ignore_case or _is_uncased(word)]
        folded = [word for word in words if ignore_case and not _is_uncased(word)]
        trees = [*_trees(exact, ignore_case=False), *_trees(folded, ignore_case=True)]
        # Case-sensitive at the top, so that ``re`` skips in C the positions where no word starts.
        self._patterns = [
            re.compile(pattern, flags & ~re.IGNORECASE) for tree in trees for pattern in tree.patterns()
        ]
        # For text without characters from outside the common blocks, the patterns that need one drop out.
        self._usual = [pattern for pattern in self._patterns if not pattern.pattern.startswith(_UNCOMMON)]

    def __add__(self, other: "WordFinder") -> "WordFinder":
        """A finder of both finders' words."""
        both = WordFinder()
        both._patterns = self._patterns + other._patterns
        both._usual = self._usual + other._usual
        return both

    def finditer(self, text: str) -> Iterator[re.Match]:
        # A pattern that finds nothing from a position finds nothing from any later one: it
        # drops out, and the last one left runs alone.
        position = 0
        patterns = (
            self._patterns if len(self._usual) == len(self._patterns) or _has_uncommon(text) else self._usual
        )
        upcoming = [(pattern, hit) for pattern in patterns if (hit := pattern.search(text)) is not None]
        while len(upcoming) > 1:
            best = min((hit for _, hit in upcoming), key=lambda hit: (hit.start(), -hit.end()))
            yield best
            position = best.end()
            upcoming = [
                (pattern, hit)
                for pattern, hit in (
                    (pattern, hit if hit.start() >= position else pattern.search(text, position))
                    for pattern, hit in upcoming
                )
                if hit is not None
            ]
        if upcoming:
            yield from upcoming[0][0].finditer(text, position)


class _Node:
    __slots__ = ("children", "word")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.word: Word | None = None


class _Tree:
    def __init__(self, *, ignore_case: bool):
        self._root = _Node()
        self._before: dict[str, str] = {}  # by first character: every word from it shares one
        self._ignore_case = ignore_case

    def add(self, word: Word) -> bool:
        """Add ``word`` if every path stays single; False, and nothing added, if it would not."""
        keys = [self._key(char) for char in word.text]
        if self._before.get(keys[0], word.before) != word.before:
            return False
        node = self._root
        for depth, key in enumerate(keys):
            child = node.children.get(key)
            if child is None:
                if any(self._clash(key, other) for other in node.children):
                    return False
                for new in keys[depth:]:
                    node = node.children.setdefault(new, _Node())
                break
            node = child
        else:
            if node.word is not None:
                return node.word.after == word.after
        node.word = word
        self._before.setdefault(keys[0], word.before)
        return True

    def _key(self, char: str) -> str:
        # Under IGNORECASE, S and s are one branch: they match the same characters.
        return char.lower() if self._ignore_case and char.isascii() else char

    def _clash(self, key: str, other: str) -> bool:
        """Whether two branches at one point could both match one character of text."""
        if not self._ignore_case:
            return False
        if key.isascii() and other.isascii():
            return False  # distinct after lower-casing
        return not (_is_uncased_char(key) or _is_uncased_char(other))

    def patterns(self) -> list[str]:
        """The tree as patterns to compile without IGNORECASE: the tree's own flag is inline."""
        roots = self._root.children
        if not self._ignore_case:
            return [
                "|".join(re.escape(key) + self._guard(key) + _pattern(child) for key, child in roots.items())
            ]
        # Under IGNORECASE ``re`` would try every first letter at every position. Each character
        # of the common blocks that a first letter matches opens a branch of its own instead, and
        # a second pattern takes the rare first characters from elsewhere, checked by lookbehind.
        variants = _case_variants(list(roots))
        if variants is None:
            anywhere = "|".join(
                re.escape(key) + self._guard(key) + _pattern(child) for key, child in roots.items()
            )
            return [f"(?={starting_class(''.join(roots), ignore_case=True)})(?i:{anywhere})"]
        common = [
            f"{re.escape(char)}(?i:{self._guard(key)}{_pattern(child)})"
            for key, child in roots.items()
            for char in variants[key]
        ]
        elsewhere = "|".join(
            f"(?<={re.escape(key)}){self._guard(key)}{_pattern(child)}" for key, child in roots.items()
        )
        return [*(["|".join(common)] if common else []), f"{_UNCOMMON}(?i:{elsewhere})"]

    def _guard(self, key: str) -> str:
        before = self._before[key]
        return f"(?<!{before}{re.escape(key)})" if before else ""


def _pattern(node: _Node) -> str:
    # Longer words first: a path tries its continuations, then the word ending here.
    branches = [re.escape(key) + _pattern(child) for key, child in node.children.items()]
    if node.word is not None:
        branches.append(f"(?!{node.word.after})" if node.word.after else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# The characters outside the common blocks, which few paragraphs hold; every finder of one text asks.
_UNCOMMON = listed_or_uncommon(())
_UNCOMMON_CHARACTER = re.compile(_UNCOMMON)


@lru_cache(maxsize=16)
def _has_uncommon(text: str) -> bool:
    return _UNCOMMON_CHARACTER.search(text) is not None


def _case_variants(keys: list[str]) -> dict[str, list[str]] | None:
    """The characters of the common blocks that each key matches ignoring case; None if one
    character matches two keys or, unexpectedly, none alone."""
    variants: dict[str, list[str]] = {key: [] for key in keys}
    matching = re.compile("[" + "".join(re.escape(key) for key in keys) + "]", re.IGNORECASE)
    for char in matching.findall(common_characters()):
        owners = [key for key in keys if re.fullmatch(re.escape(key), char, re.IGNORECASE)]
        if len(owners) != 1:
            return None
        variants[owners[0]].append(char)
    return variants


def _trees(words: list[Word], *, ignore_case: bool) -> list[_Tree]:
    trees: list[_Tree] = []
    for word in words:
        if not any(tree.add(word) for tree in trees):
            tree = _Tree(ignore_case=ignore_case)
            tree.add(word)
            trees.append(tree)
    return trees


def _is_uncased_char(char: str) -> bool:
    return char.lower() == char.upper() == char.casefold() == char


def _is_uncased(word: Word) -> bool:
    return not word.before and not word.after and all(_is_uncased_char(char) for char in word.text)
