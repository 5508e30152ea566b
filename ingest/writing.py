"""Writing a document's extractions: each paragraph's flags, entity links, evidence, amounts and initiatives.

``extractions_insert`` stores a new document's, ``extractions_rewrite`` a stored one's
again; both match drafts to initiatives and store them the same way. Re-extraction refreshes
machine-extracted values but never a field an editor set by hand
(``Initiative.locked_fields``), nor an initiative an editor added. The writes go
table by table for the whole document (one insert of every paragraph's agency
links, one of every evidence span ..., with ``initiatives.bulk``), so a document costs a
few dozen queries however many paragraphs it has.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Model, Q

from ingest.extraction.pipeline import ExtractedValues, InitiativeDraft, ParagraphExtraction
from initiatives.bulk import objects_insert, rows_insert
from initiatives.kinds import KINDS, LINKS
from initiatives.models import Agency, Amount, Evidence, Initiative, Paragraph, position_of

# An initiative's links: those of every entity kind, as a paragraph has, and its goals cited by
# number, a link of their own (a paragraph keeps a list).
INITIATIVE_RELATIONS = (*LINKS, "sdgs_cited")
PARAGRAPH_FIELDS = ("kind", "covid", "climate", "modality", "years", "sdgs_cited")
# The span fields stored as evidence; an organisation's span is an agency's evidence.
_EVIDENCE_FIELDS = frozenset({*Evidence.Field.values, "organisation"})
_EVIDENCE_COLUMNS = ("paragraph", "field", "start", "end", "text", "value")
# What re-extraction rewrites on an initiative it keeps; review, locks and activity are the editors'.
_INITIATIVE_REWRITTEN = (
    "start", "end", "text", "title", "covid", "climate", "modality", "years", "year_min", "year_max",
    "funding_usd", "sdg_evidence",
)  # fmt: skip


def organisation_code(name: str) -> str:
    return "ORG-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10].upper()


class EntityLookup:
    """Maps extracted values (codes, ISO3, numbers) to database ids, once per document."""

    def __init__(self) -> None:
        self.ids = {kind.links: dict(kind.model.objects.values_list(kind.key, "pk")) for kind in KINDS}
        # The named entities found, by link name: what ``ingest`` reports.
        self.found: dict[str, set] = {kind.links: set() for kind in KINDS if kind.named}

    def agency_ids(self, codes: Iterable[str], organisations: Iterable[str]) -> list[int]:
        agencies = self.ids["agencies"]
        ids = [agencies[code] for code in codes if code in agencies]
        for name in organisations:
            code = organisation_code(name)
            if code not in agencies:
                # Named as an actor but not in the reference data: kept, and marked for review.
                agency, _ = Agency.objects.get_or_create(
                    code=code,
                    defaults={
                        "name_zh": name,
                        "name_en": "",
                        "kind": Agency.Kind.OTHER,
                        "is_reference": False,
                    },
                )
                agencies[code] = agency.pk
            ids.append(agencies[code])
        return ids

    def found_counts(self) -> dict[str, int]:
        return {links: len(ids) for links, ids in self.found.items()}

    def relation_ids(self, name: str, values: ExtractedValues) -> list[int]:
        """The ids of one relation (``agencies``, ``countries`` ...) of an extraction or a draft."""
        if name == "sdgs_cited":
            return list(dict.fromkeys(self._ids("sdgs", values.sdgs_cited)))
        if name == "agencies":
            ids = self.agency_ids(values.agencies, values.organisations)
        else:
            ids = self._ids(name, getattr(values, name))
        if name in self.found:
            self.found[name].update(ids)
        return list(dict.fromkeys(ids))  # a link is stored once, as ``set()`` would

    def _ids(self, name: str, keys: Iterable) -> list[int]:
        known = self.ids[name]
        return [known[key] for key in keys if key in known]


def paragraph_extraction_apply(paragraph: Paragraph, extraction: ParagraphExtraction) -> None:
    """Set the paragraph's own extracted fields (``PARAGRAPH_FIELDS``), without saving."""
    paragraph.kind = paragraph.kind if paragraph.kind_locked else extraction.kind
    paragraph.covid = extraction.covid
    paragraph.climate = extraction.climate
    paragraph.modality = extraction.modality
    paragraph.years = list(extraction.years)
    paragraph.sdgs_cited = list(extraction.sdgs_cited)


@dataclass
class ExtractionsWritten:
    # How many initiatives the paragraphs now have.
    initiatives: int
    # By paragraph id, the titles of its active initiatives in order: what the search index reads.
    titles: dict[int, list[str]]


def extractions_insert(
    *, paragraphs: Sequence[Paragraph], extractions: Sequence[ParagraphExtraction], lookup: EntityLookup
) -> ExtractionsWritten:
    """Store the extractions of a new document's paragraphs; say what their initiatives are.

    The paragraphs were just inserted with ``paragraph_extraction_apply`` already applied:
    there is nothing of theirs to update, keep or delete.
    """
    pairs = list(zip(paragraphs, extractions, strict=True))
    drafted = _drafted(pairs, lookup, existing={})
    _drafted_store(pairs, drafted, kept_spans={})
    return drafted.written(pairs)


def extractions_rewrite(
    *, paragraphs: Sequence[Paragraph], extractions: Sequence[ParagraphExtraction], lookup: EntityLookup
) -> ExtractionsWritten:
    """Store each stored paragraph's new extraction, keeping what editors set; say what its initiatives now are."""
    pairs = list(zip(paragraphs, extractions, strict=True))
    ids = [paragraph.pk for paragraph, _ in pairs]
    for paragraph, extraction in pairs:
        paragraph_extraction_apply(paragraph, extraction)
    Paragraph.objects.bulk_update(paragraphs, PARAGRAPH_FIELDS)
    Evidence.objects.filter(paragraph_id__in=ids).delete()
    for name in LINKS:
        _through(Paragraph, name).objects.filter(paragraph_id__in=ids).delete()
    existing: dict[int, dict[int, Initiative]] = defaultdict(dict)
    for initiative in Initiative.objects.filter(paragraph_id__in=ids):
        existing[initiative.paragraph_id][initiative.order] = initiative

    drafted = _drafted(pairs, lookup, existing=existing)
    refreshed = [
        initiative for drafts in drafted.drafts for initiative, _ in drafts if initiative.pk is not None
    ]
    Initiative.objects.bulk_update(refreshed, _INITIATIVE_REWRITTEN)
    if drafted.stale:
        Initiative.objects.filter(pk__in=[i.pk for i in drafted.stale]).delete()
    _initiative_links_clear(drafted.initiative_links)
    _drafted_store(pairs, drafted, kept_spans=_amounts_clear(pairs, drafted.kept))
    return drafted.written(pairs)


@dataclass
class _Drafted:
    """What a document's extractions make of its paragraphs, before any of it is stored."""

    # By entity link, (paragraph id, entity id) in the order a paragraph's links always took.
    links: dict[str, list[tuple[int, int]]]
    evidence: list[tuple]
    # Per paragraph: the drafts with the initiatives they write, and the initiatives it keeps.
    drafts: list[list[tuple[Initiative, InitiativeDraft]]]
    kept: list[list[Initiative]]
    # Machine initiatives that no draft matches any more.
    stale: list[Initiative]
    # Each initiative's entity ids of every relation no editor locked.
    initiative_links: list[tuple[Initiative, str, list[int]]]

    def written(self, pairs: list[tuple[Paragraph, ParagraphExtraction]]) -> ExtractionsWritten:
        titles = {
            paragraph.pk: [i.title for i in sorted(initiatives, key=lambda i: i.order) if i.is_active]
            for (paragraph, _), initiatives in zip(pairs, self.kept, strict=True)
        }
        return ExtractionsWritten(
            initiatives=sum(len(initiatives) for initiatives in self.kept), titles=titles
        )


def _drafted(
    pairs: list[tuple[Paragraph, ParagraphExtraction]],
    lookup: EntityLookup,
    *,
    existing: dict[int, dict[int, Initiative]],
) -> _Drafted:
    """Match each paragraph's drafts to its ``existing`` initiatives (by paragraph id and order)."""
    drafted = _Drafted(
        links=defaultdict(list), evidence=[], drafts=[], kept=[], stale=[], initiative_links=[]
    )
    for paragraph, extraction in pairs:
        # Entity ids in the order a paragraph's links, then its initiatives' links, always took.
        for name in LINKS:
            drafted.links[name] += [(paragraph.pk, i) for i in lookup.relation_ids(name, extraction)]
        drafted.evidence += _evidence(paragraph, extraction)
        old = existing.pop(paragraph.pk, {})
        drafts = []
        for draft in extraction.initiatives:
            initiative = _initiative_fill(paragraph, draft, old.pop(draft.order, None))
            drafts.append((initiative, draft))
            locked = set(initiative.locked_fields)
            drafted.initiative_links += [
                (initiative, name, lookup.relation_ids(name, draft))
                for name in INITIATIVE_RELATIONS
                # The cited goals are part of the goals an editor locks.
                if name not in locked and not (name == "sdgs_cited" and "sdgs" in locked)
            ]
        drafted.drafts.append(drafts)
        drafted.kept.append([initiative for initiative, _ in drafts])
        for leftover in old.values():
            # An initiative an editor touched or added stays; a stale machine one goes.
            if leftover.review == Initiative.Review.REVIEWED or leftover.locked_fields:
                drafted.kept[-1].append(leftover)
            else:
                drafted.stale.append(leftover)
    return drafted


def _drafted_store(
    pairs: list[tuple[Paragraph, ParagraphExtraction]],
    drafted: _Drafted,
    *,
    kept_spans: dict[int, set[tuple[int, int]]],
) -> None:
    """Insert the links, evidence, new initiatives and their links, and amounts not at ``kept_spans``."""
    for name in LINKS:
        _links_create(Paragraph, name, drafted.links[name])
    rows_insert(Evidence, _EVIDENCE_COLUMNS, drafted.evidence)
    objects_insert(
        [initiative for drafts in drafted.drafts for initiative, _ in drafts if initiative.pk is None]
    )
    by_name: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for initiative, name, ids in drafted.initiative_links:
        by_name[name] += [(initiative.pk, i) for i in ids]
    for name in INITIATIVE_RELATIONS:
        _links_create(Initiative, name, by_name[name])
    _amounts_create(pairs, drafted.drafts, drafted.kept, kept_spans=kept_spans)


def _evidence(paragraph: Paragraph, extraction: ParagraphExtraction) -> list[tuple]:
    """Rows of ``_EVIDENCE_COLUMNS`` for the spans worth keeping as evidence."""
    return [
        (
            paragraph.pk,
            Evidence.Field.AGENCY.value if span.field == "organisation" else span.field,
            span.start,
            span.end,
            span.text[:255],
            organisation_code(span.value) if span.field == "organisation" else span.value[:64],
        )
        for span in extraction.spans
        if span.field in _EVIDENCE_FIELDS
    ]


def _initiative_fill(
    paragraph: Paragraph, draft: InitiativeDraft, initiative: Initiative | None
) -> Initiative:
    """The initiative with the draft's values in every field no editor locked, not saved."""
    if initiative is None:
        initiative = Initiative(
            paragraph=paragraph, order=draft.order, position=position_of(paragraph, draft.order)
        )
    locked = set(initiative.locked_fields)
    initiative.start, initiative.end, initiative.text = draft.start, draft.end, draft.text
    values = {
        "title": draft.title[:255],
        "covid": draft.covid,
        "climate": draft.climate,
        "modality": draft.modality,
    }
    for name, value in values.items():
        if name not in locked:
            setattr(initiative, name, value)
    if "years" not in locked:
        initiative.years = list(draft.years)
        initiative.year_min = min(draft.years) if draft.years else None
        initiative.year_max = max(draft.years) if draft.years else None
    if "funding" not in locked:
        initiative.funding_usd = draft.funding_usd
    if "sdgs" not in locked:
        initiative.sdg_evidence = list(draft.sdg_evidence)
    return initiative


def _initiative_links_clear(links: list[tuple[Initiative, str, list[int]]]) -> None:
    """Delete the links of stored initiatives in every relation an editor did not lock."""
    replaced: dict[str, list[int]] = defaultdict(list)
    for initiative, name, _ in links:
        if initiative.pk is not None:
            replaced[name].append(initiative.pk)
    for name in INITIATIVE_RELATIONS:
        if replaced[name]:
            _through(Initiative, name).objects.filter(initiative_id__in=replaced[name]).delete()


def _funding_locked(kept: list[list[Initiative]]) -> list[list[int]]:
    # Amounts of an initiative whose funding an editor set stay as they are.
    return [[i.pk for i in initiatives if "funding" in i.locked_fields] for initiatives in kept]


def _amounts_clear(
    pairs: list[tuple[Paragraph, ParagraphExtraction]], kept: list[list[Initiative]]
) -> dict[int, set[tuple[int, int]]]:
    """Delete the paragraphs' amounts but those of funding an editor locked; return their spans."""
    ids = [paragraph.pk for paragraph, _ in pairs]
    locked = Q()
    for (paragraph, _), pks in zip(pairs, _funding_locked(kept), strict=True):
        if pks:
            locked |= Q(paragraph_id=paragraph.pk, initiative_id__in=pks)
    stale = Amount.objects.filter(paragraph_id__in=ids)
    if locked:
        stale = stale.exclude(locked)
    stale.delete()
    kept_spans: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for paragraph_id, start, end in Amount.objects.filter(paragraph_id__in=ids).values_list(
        "paragraph_id", "start", "end"
    ):
        kept_spans[paragraph_id].add((start, end))
    return kept_spans


def _amounts_create(
    pairs: list[tuple[Paragraph, ParagraphExtraction]],
    written: list[list[tuple[Initiative, InitiativeDraft]]],
    kept: list[list[Initiative]],
    *,
    kept_spans: dict[int, set[tuple[int, int]]],
) -> None:
    amounts = []
    for (paragraph, extraction), drafts, pks in zip(pairs, written, _funding_locked(kept), strict=True):
        owner = {(m.start, m.end): i for i, d in drafts if i.pk not in pks for m in d.amounts}
        spans = kept_spans.get(paragraph.pk, set())
        amounts += [
            Amount(
                paragraph=paragraph,
                initiative=owner.get((m.start, m.end)),
                amount=m.amount,
                currency=m.currency,
                amount_usd=m.amount_usd,
                approximate=m.approximate,
                is_funding=m.is_funding,
                kind=m.kind,
                kind_words=m.kind_words[:255],
                start=m.start,
                end=m.end,
                text=m.text[:255],
            )
            for m in extraction.amounts
            if (m.start, m.end) not in spans
        ]
    Amount.objects.bulk_create(amounts)


def _through(model: type[Model], name: str) -> type[Model]:
    return model._meta.get_field(name).remote_field.through


def _links_create(model: type[Model], name: str, pairs: list[tuple[int, int]]) -> None:
    """Insert (owner id, entity id) rows into the through table of ``model.name``."""
    field = model._meta.get_field(name)
    columns = (field.m2m_field_name(), field.m2m_reverse_field_name())
    rows_insert(field.remote_field.through, columns, pairs)
