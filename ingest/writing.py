"""Writing one paragraph's extraction: its flags, entity links, evidence, amounts and initiatives.

Used by first ingestion and by re-extraction alike. Re-extraction refreshes
machine-extracted values but never a field an editor set by hand
(``Initiative.locked_fields``), nor an initiative an editor added.
"""

import hashlib
from collections.abc import Iterable

from ingest.extraction.pipeline import InitiativeDraft, ParagraphExtraction
from initiatives.models import Agency, Amount, Country, Evidence, Initiative, Paragraph, Region, Sdg, Theme

# The initiative fields an editor can lock; each is refreshed by re-extraction unless locked.
INITIATIVE_FIELDS = (
    "title",
    "agencies",
    "countries",
    "regions",
    "sdgs",
    "themes",
    "covid",
    "climate",
    "modality",
    "years",
    "funding",
)


def organisation_code(name: str) -> str:
    return "ORG-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10].upper()


class EntityLookup:
    """Maps extracted values (codes, ISO3, numbers) to database ids, once per document."""

    def __init__(self) -> None:
        self.agencies = dict(Agency.objects.values_list("code", "pk"))
        self.countries = dict(Country.objects.values_list("iso3", "pk"))
        self.regions = dict(Region.objects.values_list("code", "pk"))
        self.sdgs = dict(Sdg.objects.values_list("number", "pk"))
        self.themes = dict(Theme.objects.values_list("code", "pk"))
        self.found: dict[str, set] = {"agencies": set(), "countries": set(), "regions": set()}

    def agency_ids(self, codes: Iterable[str], organisations: Iterable[str]) -> list[int]:
        ids = [self.agencies[code] for code in codes if code in self.agencies]
        for name in organisations:
            code = organisation_code(name)
            if code not in self.agencies:
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
                self.agencies[code] = agency.pk
            ids.append(self.agencies[code])
        self.found["agencies"].update(ids)
        return ids

    def country_ids(self, codes: Iterable[str]) -> list[int]:
        ids = [self.countries[c] for c in codes if c in self.countries]
        self.found["countries"].update(ids)
        return ids

    def region_ids(self, codes: Iterable[str]) -> list[int]:
        ids = [self.regions[c] for c in codes if c in self.regions]
        self.found["regions"].update(ids)
        return ids

    def sdg_ids(self, numbers: Iterable[int]) -> list[int]:
        return [self.sdgs[n] for n in numbers if n in self.sdgs]

    def theme_ids(self, codes: Iterable[str]) -> list[int]:
        return [self.themes[c] for c in codes if c in self.themes]

    def found_counts(self) -> dict[str, int]:
        return {kind: len(ids) for kind, ids in self.found.items()}


def paragraph_extraction_write(
    *, paragraph: Paragraph, extraction: ParagraphExtraction, lookup: EntityLookup
) -> int:
    """Store ``extraction`` on ``paragraph``; return how many initiatives it now has."""
    paragraph.kind = paragraph.kind if paragraph.kind_locked else extraction.kind
    paragraph.covid = extraction.covid
    paragraph.climate = extraction.climate
    paragraph.modality = extraction.modality
    paragraph.years = list(extraction.years)
    paragraph.sdgs_cited = list(extraction.sdgs_cited)
    paragraph.save(update_fields=["kind", "covid", "climate", "modality", "years", "sdgs_cited"])
    paragraph.agencies.set(lookup.agency_ids(extraction.agencies, extraction.organisations))
    paragraph.countries.set(lookup.country_ids(extraction.countries))
    paragraph.regions.set(lookup.region_ids(extraction.regions))
    paragraph.sdgs.set(lookup.sdg_ids(extraction.sdgs))
    paragraph.themes.set(lookup.theme_ids(extraction.themes))

    paragraph.evidence.all().delete()
    Evidence.objects.bulk_create(
        Evidence(
            paragraph=paragraph,
            field=Evidence.Field.AGENCY if span.field == "organisation" else span.field,
            start=span.start,
            end=span.end,
            text=span.text[:255],
            value=organisation_code(span.value) if span.field == "organisation" else span.value[:64],
        )
        for span in extraction.spans
        if span.field in Evidence.Field.values or span.field == "organisation"
    )

    existing = {i.order: i for i in paragraph.initiatives.all()}
    written = [
        (_initiative_write(paragraph, d, existing.pop(d.order, None), lookup), d)
        for d in extraction.initiatives
    ]
    kept = [initiative for initiative, _ in written]
    for leftover in existing.values():
        # An initiative an editor touched or added stays; a stale machine one goes.
        if leftover.review == Initiative.Review.REVIEWED or leftover.locked_fields:
            kept.append(leftover)
        else:
            leftover.delete()

    # Amounts of an initiative whose funding an editor set stay as they are.
    locked_funding = [i.pk for i in kept if "funding" in i.locked_fields]
    paragraph.amounts.exclude(initiative_id__in=locked_funding).delete()
    kept_spans = set(paragraph.amounts.values_list("start", "end"))
    owner = {(m.start, m.end): i for i, d in written if i.pk not in locked_funding for m in d.amounts}
    Amount.objects.bulk_create(
        Amount(
            paragraph=paragraph,
            initiative=owner.get((m.start, m.end)),
            amount=m.amount,
            currency=m.currency,
            amount_usd=m.amount_usd,
            approximate=m.approximate,
            is_funding=m.is_funding,
            start=m.start,
            end=m.end,
            text=m.text[:255],
        )
        for m in extraction.amounts
        if (m.start, m.end) not in kept_spans
    )
    return len(kept)


def _initiative_write(
    paragraph: Paragraph, draft: InitiativeDraft, initiative: Initiative | None, lookup: EntityLookup
) -> Initiative:
    if initiative is None:
        initiative = Initiative(paragraph=paragraph, order=draft.order)
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
    initiative.save()
    relations = {
        "agencies": lambda: lookup.agency_ids(draft.agencies, draft.organisations),
        "countries": lambda: lookup.country_ids(draft.countries),
        "regions": lambda: lookup.region_ids(draft.regions),
        "sdgs": lambda: lookup.sdg_ids(draft.sdgs),
        "themes": lambda: lookup.theme_ids(draft.themes),
    }
    for name, ids in relations.items():
        if name not in locked:
            getattr(initiative, name).set(ids())
    return initiative
