"""Normalisation and segmentation: the one path that both stored text and queries go through.

``normalise`` folds what a reader would call the same text onto one form: NFKC (full-width
ＵＮＤＰ becomes UNDP, odd spaces become spaces), case folding, and Traditional to Simplified
Chinese with OpenCC. ``segment`` turns normalised text into two token streams: ``chars``, the
match keys, which phrase queries match with full substring recall; and ``words``, jieba words
plus their dictionary sub-words, which only rank.

Match keys are Latin words and numbers whole (split where letters meet digits) and, for each
character of a run of Chinese characters, the pair that starts there (the run's last character
stands alone). One key per character keeps phrase positions aligned, and pairs are far rarer
than single characters, so a word made of common characters reads short index lists.

jieba's dictionary is loaded once per process, with the reference data's names added, and its
cache kept under ``settings.JIEBA_CACHE_DIR``. jieba stays the reference for words, but rjieba (a
Rust port, tens of times faster) does the cutting, with an exact copy of jieba's dictionary.
"""

import logging
import operator
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

import jieba
import rjieba
from django.conf import settings

from initiatives.reference.gazetteer import gazetteer
from initiatives.text import to_simplified

# Ideographs (with extensions and compatibility forms), kana and Hangul: one token per character.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offsets in the normalised text
    end: int


# What a PostgreSQL tsvector can place: 256 positions per lexeme, positions up to 16,383.
MAX_POSITIONS_PER_TOKEN = 256
MAX_POSITION = 16383


@dataclass(frozen=True)
class Segmented:
    chars: str  # space-separated character tokens
    words: str  # space-separated words

    @property
    def overflows_positions(self) -> bool:
        tokens = self.chars.split()
        if len(tokens) > MAX_POSITION:
            return True
        return (
            len(tokens) > MAX_POSITIONS_PER_TOKEN and max(Counter(tokens).values()) > MAX_POSITIONS_PER_TOKEN
        )


class _FoldTable(dict):
    """NFKC and case folding per character, for ``str.translate``; filled as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = unicodedata.normalize("NFKC", chr(code)).casefold()
        return folded


_FOLD = _FoldTable()


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise text; also return, for each normalised character, its index in ``text``."""
    # Character by character, so that every output character knows where it came from.
    folded_text = text.translate(_FOLD)
    if len(folded_text) == len(text):
        offsets = list(range(len(text)))
    else:
        # NFKC or case folding turned a character into several (ﬁ into fi): count them.
        offsets = [index for index, char in enumerate(text) for _ in range(len(_FOLD[ord(char)]))]
    simplified = to_simplified(folded_text)
    if len(simplified) == len(folded_text):
        return simplified, offsets
    # A phrase conversion changed the length: convert character by character instead.
    pieces, new_offsets = [], []
    for char, index in zip(folded_text, offsets, strict=True):
        converted = to_simplified(char)
        pieces.append(converted)
        new_offsets.extend([index] * len(converted))
    return "".join(pieces), new_offsets


def normalise(text: str) -> str:
    return normalise_with_offsets(text)[0]


class _KindTable(dict):
    """Each character's kind as one letter, for ``str.translate``: c (Chinese), d, a, s (space) or -."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kind = self[code] = (
            "c"
            if _CJK.match(char)
            else "d"
            if char.isdigit()
            else "a"
            if char.isalpha()
            else "s"
            if char.isspace()
            else "-"
        )
        return kind


_KINDS = _KindTable()
_SINGLE_RUNS = re.compile(r"c|d+|a+")
_WHOLE_RUNS = re.compile(r"c+|d+|a+")
# Chinese characters with nothing or only spaces between them read as one run.
_KEY_RUNS = re.compile(r"c(?:s*c)*|d+|a+")


def _runs(text: str, *, split_cjk: bool) -> list[Token]:
    """Letter runs, digit runs and Chinese characters (each alone, or in runs) of ``text``."""
    runs = _SINGLE_RUNS if split_cjk else _WHOLE_RUNS
    return [
        Token(text[m.start() : m.end()], m.start(), m.end()) for m in runs.finditer(text.translate(_KINDS))
    ]


def char_tokens(normalised: str) -> list[Token]:
    """One token per Chinese character, Latin words and numbers whole, with their offsets."""
    return _runs(normalised, split_cjk=True)


@dataclass(frozen=True)
class Keys:
    keys: tuple[str, ...]
    prefix: bool  # the last key matches any key that starts with it


def match_keys(normalised: str, *, open_end: bool = False) -> Keys:
    """The match keys of normalised text, as ``segment`` stores them.

    Characters with only spaces between them pair up, as phrase queries have always read them.
    With ``open_end`` (a query), text may continue after the last Chinese character: a run of
    two or more keeps only its pairs, and a single last character matches as a prefix.
    """
    kinds = normalised.translate(_KINDS)
    keys: list[str] = []
    run = ""
    for match in _KEY_RUNS.finditer(kinds):
        run = normalised[match.start() : match.end()]
        if kinds[match.start()] != "c":
            keys.append(run)
            continue
        if "s" in kinds[match.start() : match.end()]:
            run = "".join(run.split())
        keys.extend(map(operator.add, run, run[1:]))
        keys.append(run[-1])
    cjk_last = bool(run) and kinds[match.end() - 1] == "c"
    if open_end and cjk_last and len(run) > 1:
        keys.pop()  # its pair already holds the last character
    return Keys(tuple(keys), prefix=open_end and cjk_last and len(run) == 1)


def segmenter() -> jieba.Tokenizer:
    """The process's jieba tokenizer, the reference for every cut; call it before forking workers.

    It also builds the rjieba copy that does the cutting, so that workers share both.
    """
    fast_segmenter()
    return _segmenter()


@cache
def _segmenter() -> jieba.Tokenizer:
    with _LOCK:
        jieba.setLogLevel(logging.WARNING)
        cache_dir = Path(settings.JIEBA_CACHE_DIR)
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.cache_file = "jieba.cache"
        tokenizer.initialize()
        for word in _dictionary_words():
            tokenizer.add_word(normalise(word))
        return tokenizer


def _dictionary_words() -> list[str]:
    # Every Chinese name, short forms and country names included: a long name alone would
    # hide its parts from the word ranking (联合国南南合作办公室 swallows 南南合作).
    return gazetteer().dictionary_words()


# A word no text can bring to a dictionary lookup: rjieba looks words up only inside runs of
# Chinese characters, letters, digits and +#&._%- and this private-use character is none of them.
_BALANCE_WORD = "\ue000"


@cache
def fast_segmenter() -> rjieba.Jieba:
    """The process's rjieba segmenter, which cuts as ``segmenter().cut(text, HMM=False)``."""
    reference = _segmenter()
    with _LOCK:
        return _rjieba_copy(reference)


def _rjieba_copy(tokenizer: jieba.Tokenizer) -> rjieba.Jieba:
    """An rjieba segmenter that cuts as ``tokenizer.cut(text, HMM=False)`` does.

    It gets exactly jieba's words and frequencies rather than rjieba's own dictionary plus the
    added words, so nothing rests on the two dictionaries agreeing, nor on the two ways of
    suggesting a frequency (they differ by one for 南南合作). It also needs jieba's total, which
    divides the frequency of every word of a cut and so decides between cuts into fewer and more
    words: jieba adds a word's frequency to its total even when the word was already there,
    where rjieba replaces the old frequency, so the difference goes to a word no text reaches.
    """
    fast = rjieba.Jieba.empty()
    added = 0
    for word, freq in tokenizer.FREQ.items():
        # A zero marks the prefix of a longer word, which jieba never cuts as a word.
        if freq:
            fast.add_word(word, freq, None)
            added += freq
    if tokenizer.total > added:
        fast.add_word(_BALANCE_WORD, tokenizer.total - added, None)
    return fast


# Characters that rjieba cuts as Chinese and jieba does not (the end of the main block and the
# extensions): jieba splits the text at each of them, rjieba can join them to their neighbours.
_BEYOND_JIEBA_HAN = re.compile(
    "[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U0002f800-\U0002fa1f]"
)


def _cut(normalised: str) -> list[str]:
    """``segmenter().cut(normalised, HMM=False)``, by rjieba wherever it gives the same words."""
    if _BEYOND_JIEBA_HAN.search(normalised):
        return list(segmenter().cut(normalised, HMM=False))
    return fast_segmenter().cut(normalised, False)


def _words(normalised: str) -> list[str]:
    # Texts repeat a small vocabulary, so each word's parts are worked out once.
    return list(chain.from_iterable(map(_word_parts, _cut(normalised))))


@lru_cache(maxsize=1 << 16)
def _word_parts(word: str) -> tuple[str, ...]:
    """The letter, digit and Chinese runs of a cut word, each long Chinese run with its sub-words."""
    kinds = word.translate(_KINDS)
    parts: list[str] = []
    for match in _WHOLE_RUNS.finditer(kinds):
        run = word[match.start() : match.end()]
        parts.append(run)
        if len(run) > 2 and kinds[match.start()] == "c":
            parts.extend(_sub_words(run, segmenter().FREQ))
    return tuple(parts)


def _sub_words(word: str, frequencies: dict[str, int]) -> list[str]:
    # Every dictionary word inside a longer word, so that 坦桑尼亚 ranks inside 坦桑尼亚联合共和国.
    return [
        word[start : start + size]
        for size in range(2, len(word))
        for start in range(len(word) - size + 1)
        if frequencies.get(word[start : start + size])
    ]


_SUFFIXES = re.compile(r"(?:ations?|ings?|ed|es|e|s)$")


def rough_stem(word: str) -> str:
    """An English word without its common endings (vaccines and vaccine give vaccin).

    Not the databases' stemmers, which match the index: enough to find, in a text the index has
    matched, the words it matched by their stems, for snippets and an initiative's own sentences.
    """
    if not (word.isascii() and word.isalpha() and len(word) > 4):
        return word
    stemmed = _SUFFIXES.sub("", word)
    return stemmed if len(stemmed) >= 3 else word


def segment(text: str) -> Segmented:
    """Normalise and segment text, for the index and for queries alike."""
    normalised = normalise(text)
    return Segmented(
        chars=" ".join(match_keys(normalised).keys),
        words=" ".join(_words(normalised)),
    )
