"""Highlighted extracts of the original text around what a query matched.

The text is normalised and tokenised exactly as the index is, the query's phrases (with their
lexicon variants and the other names of any entity it names) are found among the tokens, English
words by their rough stems as the index finds them by theirs, and their spans are mapped
back to the original characters: the extract shows the text as written, HTML-escaped, with
each match in ``<mark>``.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .entities import names_of
from .query import Query
from .text import char_tokens, normalise_with_offsets, rough_stem

ELLIPSIS = "…"
# Beyond this many matches the extract's position is chosen among the first ones only.
_MAX_SPANS = 200


def build_snippet(text: str, query: Query, *, width: int = 120) -> SafeString:
    spans = match_spans(text, query)
    start, end = _window(len(text), spans, width=max(width, 1))
    pieces = [ELLIPSIS] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``text`` that the query's terms match, in order."""
    normalised, offsets = normalise_with_offsets(text)
    tokens = char_tokens(normalised)
    stems = [rough_stem(token.text) for token in tokens]
    where: dict[str, list[int]] = defaultdict(list)
    for index, stem in enumerate(stems):
        where[stem].append(index)
    spans = []
    for sequence in _sequences(query):
        sequence = tuple(map(rough_stem, sequence))
        for first in where.get(sequence[0], ()):
            last = first + len(sequence) - 1
            if last < len(tokens) and all(stems[first + i] == t for i, t in enumerate(sequence)):
                spans.append((offsets[tokens[first].start], offsets[tokens[last].end - 1] + 1))
    return _merged(spans)


def _sequences(query: Query) -> Iterable[tuple[str, ...]]:
    seen = set()
    for term in query.terms:
        candidates = [form.tokens for form in term.forms]
        for entity in term.entities:
            candidates.extend(tuple(t.text for t in char_tokens(name)) for name in names_of(entity))
        for sequence in candidates:
            if sequence and sequence not in seen:
                seen.add(sequence)
                yield sequence


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _window(length: int, spans: list[tuple[int, int]], *, width: int) -> tuple[int, int]:
    if length <= width:
        return 0, length
    if not spans:
        return 0, width
    # The window that shows the most matches, each candidate starting a little before one.
    best_start, best_count = 0, -1
    for span_start, _ in spans[:_MAX_SPANS]:
        start = max(0, min(span_start - width // 4, length - width))
        count = sum(1 for s, e in spans if s >= start and e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    return best_start, best_start + width
