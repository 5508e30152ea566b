"""Reading what a person typed into a search box as a query.

Terms separated by spaces must all match; "a quoted phrase" is one term; -term excludes. A
number written with spaces (8 000 万) stays one term, and so do the words of an English entity
name or lexicon term (United Nations Development Programme, food security). Each term is
normalised and segmented exactly as stored text is, remembers the agencies and countries it
names, and carries its equivalents from the bilingual lexicon (粮食安全 for food security) as
variants that match as well as the term itself. Nothing typed raises: stray quotes, operators
and punctuation simply yield fewer terms.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .entities import Entity, entities_named, entity_names, names_of
from .lexicon import equivalents, is_form, lexicon
from .text import char_tokens, match_keys, normalise, segment

# Longer input is cut: nobody types it, and every term costs a subquery.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 12

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_NUMBER = re.compile(r"^\d+$")
# After a number, a thousands group or a unit continues it: 8 000 万, 20 亿, 1.5 万亿.
_NUMBER_CONTINUES = re.compile(r"^(?:\d|[万亿千百]|%)")


@dataclass(frozen=True)
class Term:
    text: str  # normalised, as typed
    tokens: tuple[str, ...]  # character tokens, as the snippets find them
    keys: tuple[str, ...]  # match keys, matched as one phrase
    prefix: bool  # the last key matches any key that starts with it
    words: tuple[str, ...]  # jieba words, for ranking
    entities: frozenset[Entity] = frozenset()
    quoted: bool = False
    # The lexicon's equivalents, each matched as a phrase of its own; ``also`` as written.
    variants: tuple["Term", ...] = ()
    also: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple["Term", ...]:
        """The term and its variants: a text holding any of them matches."""
        return (self, *self.variants)

    @property
    def agency_codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self.entities if e.kind == "agency")

    @property
    def country_codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self.entities if e.kind == "country")


@dataclass(frozen=True)
class Query:
    raw: str
    terms: tuple[Term, ...]  # all must match
    excluded: tuple[Term, ...]  # none may match

    @property
    def phrases(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.quoted)

    @property
    def agency_codes(self) -> frozenset[str]:
        return frozenset().union(*(term.agency_codes for term in self.terms))

    @property
    def country_codes(self) -> frozenset[str]:
        return frozenset().union(*(term.country_codes for term in self.terms))

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.excluded

    @property
    def readings(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """How the query was read: each term with the equivalents searched with it."""
        return tuple((term.text, term.also) for term in self.terms if term.also)


@dataclass
class _Chunk:
    text: str
    quoted: bool
    excluded: bool


@lru_cache(maxsize=256)
def parse_query(raw: str) -> Query:
    """Parse what was typed; an empty ``Query`` when nothing in it can be searched."""
    text = normalise((raw or "")[:MAX_QUERY_LENGTH]).translate(_QUOTES)
    chunks = _merge_names(_merge_numbers(_chunks(text)))
    terms, excluded = [], []
    for chunk in chunks:
        term = _term(chunk)
        if term is not None:
            (excluded if chunk.excluded else terms).append(term)
    return Query(raw=raw or "", terms=tuple(terms[:MAX_TERMS]), excluded=tuple(excluded[:MAX_TERMS]))


def _chunks(text: str) -> list[_Chunk]:
    chunks = []
    for match in _CHUNK.finditer(text):
        minus, quoted, bare = match.groups()
        if bare is None:
            chunks.append(_Chunk(quoted, quoted=True, excluded=bool(minus)))
        elif bare.startswith("-") and len(bare) > 1:
            chunks.append(_Chunk(bare.lstrip("-"), quoted=False, excluded=True))
        else:
            chunks.append(_Chunk(bare, quoted=False, excluded=False))
    return chunks


def _merge_numbers(chunks: list[_Chunk]) -> list[_Chunk]:
    merged: list[_Chunk] = []
    for chunk in chunks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not previous.quoted
            and not chunk.quoted
            and not chunk.excluded
            and _NUMBER.match(previous.text.split()[-1])
            and _NUMBER_CONTINUES.match(chunk.text)
        ):
            previous.text = f"{previous.text} {chunk.text}"
        else:
            merged.append(chunk)
    return merged


def _merge_names(chunks: list[_Chunk]) -> list[_Chunk]:
    # Consecutive bare words that together are an entity's name or a lexicon form make one
    # term, longest first.
    longest = max(entity_names().longest_words, lexicon().longest_words)
    merged: list[_Chunk] = []
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        span = 1
        if not chunk.quoted:
            for size in range(min(longest, len(chunks) - index), 1, -1):
                group = chunks[index : index + size]
                if any(c.quoted or c.excluded for c in group[1:]):
                    continue
                words = " ".join(c.text for c in group)
                if entities_named(words) or is_form(words):
                    span = size
                    break
        if span > 1:
            text = " ".join(c.text for c in chunks[index : index + span])
            chunk = _Chunk(text, quoted=False, excluded=chunk.excluded)
        merged.append(chunk)
        index += span
    return merged


def _term(chunk: _Chunk) -> Term | None:
    term = _plain_term(chunk.text, quoted=chunk.quoted)
    if term is None:
        return None
    also = equivalents(chunk.text)
    entities = entities_named(chunk.text)
    # An entity's other names are searched through its links, which extraction made with care
    # for the traps of plain substrings (中国 inside 发展中国家, 几内亚 inside 几内亚比绍).
    linked_names = {name for entity in entities for name in names_of(entity)}
    variants = [
        variant
        for form in also
        if " ".join(normalise(form).split()) not in linked_names
        for variant in [_plain_term(normalise(form), quoted=True)]
        if variant is not None
    ]
    return Term(**{**term.__dict__, "entities": entities, "variants": _needed(term, variants), "also": also})


def _needed(term: Term, variants: list[Term]) -> tuple[Term, ...]:
    """The variants that can find text the term and shorter variants cannot: a text that holds
    非洲区域 holds 非洲, so with 非洲 searched, 非洲区域 adds nothing but cost."""
    kept: list[Term] = []
    for variant in sorted(variants, key=lambda v: len(v.tokens)):
        if not any(_within(shorter.tokens, variant.tokens) for shorter in [term, *kept]):
            kept.append(variant)
    return tuple(kept)


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def _plain_term(text: str, *, quoted: bool) -> Term | None:
    tokens = tuple(token.text for token in char_tokens(text))
    if not tokens:
        return None
    words = tuple(dict.fromkeys(segment(text).words.split()))
    keys = match_keys(text, open_end=True)
    return Term(
        text=" ".join(text.split()),
        tokens=tokens,
        keys=keys.keys,
        prefix=keys.prefix,
        words=words,
        quoted=quoted,
    )
