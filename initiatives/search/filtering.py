"""Restricting and ranking paragraph and initiative querysets by a parsed query.

Portable ORM: each backend supplies the matching subqueries and the text rank, and this module
combines them with the entity links and the title boost into filters that compose with any
other filter, plus a ``search_rank`` annotation to order by. A term that names an agency or a
country matches where the text contains it or where the paragraph (or initiative) is linked to
that entity. An initiative matches by its own sentences, title and entity links, not by the
rest of its paragraph: the paragraph index finds the candidates, and the initiative's text or
title must then hold the term (or a lexicon variant, or a name of the entity it names).
"""

import re
from collections.abc import Sequence
from functools import cache, lru_cache

import opencc
from django.db.models import Case, Expression, F, FloatField, Q, QuerySet, Value, When

from initiatives.models import Initiative, Paragraph

from .backends import SearchBackend, backend
from .entities import names_of
from .query import Query, Term
from .text import char_tokens, normalise, rough_stem

RANK = "search_rank"
# The text rank stays below 1, so a paragraph linked to an entity the query names, or with the
# query in an initiative title, ranks above every passing mention.
ENTITY_BOOST = 1.0
TITLE_BOOST = 1.0


def paragraph_condition(query: Query, *, window: list[int] | None = None) -> Q:
    return _condition(query, backend(), paragraph_field="pk", link_models=(Paragraph,), window=window)


def initiative_condition(query: Query, *, window: list[int] | None = None) -> Q:
    return _condition(
        query, backend(), paragraph_field="paragraph_id", link_models=(Initiative,), window=window
    )


def linked_condition(query: Query, model) -> Q | None:
    """Rows of ``model`` linked to an entity that the query's terms name, or None if they name none."""
    if model is Initiative:
        return _linked(query.terms, "paragraph_id", (Initiative,))
    return _linked(query.terms, "pk", (Paragraph,))


def rank_paragraphs(
    queryset: QuerySet,
    query: Query,
    *,
    among: frozenset[int] | None = None,
    engine: SearchBackend | None = None,
) -> QuerySet:
    engine = engine or backend()
    rank = engine.text_rank(query.terms, paragraph_id="pk", among=among)
    entities = _linked(query.terms, "pk", (Paragraph,))
    if entities is not None:
        rank = rank + _boost(entities, ENTITY_BOOST)
    if query.terms:
        titled = Q(pk__in=engine.match_ids("titles", query.terms, every=False))
        rank = rank + _boost(titled, TITLE_BOOST)
    return _ordered(queryset.annotate(**{RANK: rank}))


def rank_initiatives(
    queryset: QuerySet,
    query: Query,
    *,
    among: frozenset[int] | None = None,
    engine: SearchBackend | None = None,
) -> QuerySet:
    engine = engine or backend()
    rank = engine.text_rank(query.terms, paragraph_id="paragraph_id", among=among)
    entities = _linked(query.terms, "paragraph_id", (Initiative,))
    if entities is not None:
        rank = rank + _boost(entities, ENTITY_BOOST)
    if query.terms:
        titled = Q()
        for term in query.terms:
            for pattern in _patterns(term):
                titled |= Q(title__iregex=pattern)
        rank = rank + _boost(titled, TITLE_BOOST)
    return _ordered(queryset.annotate(**{RANK: rank}))


def _condition(
    query: Query, engine: SearchBackend, *, paragraph_field: str, link_models: tuple, window: list[int] | None
) -> Q:
    """``window``, when given, replaces the match of the plain terms: paragraphs known to match them."""
    if query.is_empty:
        return Q(pk__in=[])
    own = paragraph_field != "pk"  # an initiative: its own text must hold each term
    condition = Q()
    plain = [term for term in query.terms if not term.entities]
    if plain:
        # One subquery for all plain terms: PostgreSQL intersects them inside its GIN index.
        matched = engine.match_ids("chars", plain, every=True) if window is None else window
        condition &= Q(**{f"{paragraph_field}__in": matched})
        for term in plain if own else ():
            condition &= own_text_condition(term, engine)
    for term in query.terms:
        if term.entities:
            condition &= _term_condition(term, engine, paragraph_field, link_models)
    plain_excluded = [term for term in query.excluded if not term.entities]
    if plain_excluded and own:
        for term in plain_excluded:
            in_text = Q(**{f"{paragraph_field}__in": engine.match_ids("chars", [term], every=True)})
            condition &= ~(in_text & own_text_condition(term, engine))
    elif plain_excluded:
        condition &= ~Q(**{f"{paragraph_field}__in": engine.match_ids("chars", plain_excluded, every=False)})
    for term in query.excluded:
        if term.entities:
            condition &= ~_term_condition(term, engine, paragraph_field, link_models)
    return condition


def _term_condition(term: Term, engine: SearchBackend, paragraph_field: str, link_models: tuple) -> Q:
    in_text = Q(**{f"{paragraph_field}__in": engine.match_ids("chars", [term], every=True)})
    if paragraph_field != "pk":
        in_text &= own_text_condition(term, engine)
    return in_text | _linked([term], paragraph_field, link_models)


def own_text_condition(term: Term, engine: SearchBackend) -> Q:
    """Initiatives whose own sentences or title hold the term, a lexicon variant of it, or a name
    of the entity it names: a check on the few rows that the paragraph index has let through."""
    condition = Q(pk__in=[])
    for pattern in _patterns(term):
        condition |= engine.own_text("text", pattern) | engine.own_text("title", pattern)
    return condition


def _patterns(term: Term) -> list[str]:
    """Case-insensitive regular expressions, one per form of the term (and name of its entities),
    that its own text must match: tokens in order, anything but letters and digits between them."""
    texts = [form.text for form in term.forms]
    for entity in sorted(term.entities, key=lambda e: (e.kind, e.code)):
        texts.extend(names_of(entity))
    patterns = []
    for text in dict.fromkeys(texts):
        tokens = [token.text for token in char_tokens(normalise(text))]
        if not tokens:
            continue
        # An English word matches its inflected forms, as the stemmed index does: its stem, then letters.
        pieces = [
            re.escape(rough_stem(token)) + r"\w*"
            if token[0].isascii() and token[0].isalpha()
            else _character(token)
            for token in tokens
        ]
        patterns.append(r"\W*".join(pieces))
    return patterns


@cache
def _traditional() -> tuple[opencc.OpenCC, ...]:
    return tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


@lru_cache(maxsize=4096)
def _character(token: str) -> str:
    """A token as a pattern; a Simplified character also as its Traditional forms, which the
    index reads as it (a report in Traditional script keeps its text as written)."""
    forms = {token} | {converter.convert(token) for converter in _traditional()}
    forms = sorted(form for form in forms if len(form) == 1)
    return re.escape(token) if len(forms) < 2 else "[" + "".join(forms) + "]"


def _linked(terms: Sequence[Term], paragraph_field: str, link_models: tuple) -> Q | None:
    """Rows linked to an entity that one of the terms names, or None if they name none."""
    agencies = frozenset().union(*(term.agency_codes for term in terms))
    countries = frozenset().union(*(term.country_codes for term in terms))
    if not agencies and not countries:
        return None
    condition = Q(pk__in=[])
    for model in link_models:
        # Paragraph links reach an initiative through its paragraph; its own links through pk.
        field = paragraph_field if model is Paragraph else "pk"
        owner = "paragraph_id" if model is Paragraph else "initiative_id"
        if agencies:
            links = model.agencies.through.objects.filter(agency__code__in=agencies)
            condition |= Q(**{f"{field}__in": links.values(owner)})
        if countries:
            links = model.countries.through.objects.filter(country__iso3__in=countries)
            condition |= Q(**{f"{field}__in": links.values(owner)})
    return condition


def _boost(condition: Q, amount: float) -> Expression:
    return Case(When(condition, then=Value(amount)), default=Value(0.0), output_field=FloatField())


def _ordered(queryset: QuerySet) -> QuerySet:
    # Relevance first; the queryset's own ordering (or else the model's) breaks ties.
    tail = list(queryset.query.order_by)
    if not tail and queryset.query.default_ordering:
        tail = list(queryset.model._meta.ordering)
    return queryset.order_by(F(RANK).desc(), *tail, "pk")
