"""Editors reshaping initiatives: splitting one, merging two, adding one the extractor missed, retiring one.

A split or a merge retires the initiatives it replaces and creates new ones, every field
locked, numbered from ``EDITOR_ORDER_BASE`` (see ``initiatives.curation``).
"""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from initiatives.kinds import KINDS, LINKS
from initiatives.models import LOCKABLE_FIELDS, Amount, ChangeRecord, Initiative, Paragraph
from initiatives.search import index_paragraphs

from .changes import change_record, editor_require, initiative_for_update
from .values import (
    EDITABLE,
    SCALARS,
    funding_of,
    initiative_validate,
    snapshot,
    value_clean,
    value_current,
    value_set,
)

# Orders of initiatives made by editors start here; the extractor numbers its drafts 1, 2, 3 ...
EDITOR_ORDER_BASE = 1000


def _next_order(paragraph: Paragraph) -> int:
    highest = paragraph.initiatives.aggregate(highest=Max("order"))["highest"] or 0
    return max(highest, EDITOR_ORDER_BASE) + 1


def _initiative_create(
    *, paragraph: Paragraph, start: int, end: int, values: Mapping[str, object]
) -> Initiative:
    if not 0 <= start < end <= len(paragraph.text):
        raise ValidationError(f"the span {start}-{end} is not inside the paragraph (0-{len(paragraph.text)})")
    initiative = Initiative(
        paragraph=paragraph,
        order=_next_order(paragraph),
        start=start,
        end=end,
        text=paragraph.text[start:end],
        review=Initiative.Review.REVIEWED,
        # Nothing of an editor's initiative is the extractor's to refresh.
        locked_fields=list(LOCKABLE_FIELDS),
    )
    for name in SCALARS:
        value_set(initiative, name, value_clean(name, values.get(name)))
    initiative.sdg_evidence = _sdg_words(paragraph, start, end)
    initiative_validate(initiative)
    initiative.save()
    for name in LINKS:
        value_set(initiative, name, value_clean(name, values.get(name)))
    cited = {row["number"] for row in initiative.sdg_evidence if row["source"] == "cited"}
    initiative.sdgs_cited.set(initiative.sdgs.filter(number__in=cited))
    return initiative


def _sdg_words(paragraph: Paragraph, start: int, end: int) -> list[dict]:
    """The words in [start, end) that goals were read from, as the extractor keeps them."""
    rows = paragraph.evidence.filter(field__in=("sdg", "sdg_inferred"), start__gte=start, end__lte=end)
    cited = {e.value for e in rows if e.field == "sdg"}
    return [
        {
            "number": int(e.value),
            "source": "cited" if e.field == "sdg" else "inferred",
            "text": e.text,
            "start": e.start,
            "end": e.end,
        }
        for e in rows.order_by("start")
        if e.value.isdigit() and (e.field == "sdg" or e.value not in cited)
    ]


def _retire(*, initiative: Initiative) -> None:
    initiative.is_active = False
    initiative.review = Initiative.Review.REVIEWED
    initiative.save(update_fields=["is_active", "review"])


def _evidence_values(paragraph: Paragraph, start: int, end: int) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for field, value in paragraph.evidence.filter(start__gte=start, end__lte=end).values_list(
        "field", "value"
    ):
        found.setdefault(field, set()).add(value)
    return found


def _half_values(initiative: Initiative, start: int, end: int) -> dict:
    """The part of an initiative's values read in [start, end): a value with evidence elsewhere in
    the initiative goes with its evidence; a value with none (an editor's, or one the extractor
    inferred) goes to both halves."""
    whole = _evidence_values(initiative.paragraph, initiative.start, initiative.end)
    here = _evidence_values(initiative.paragraph, start, end)

    def kept(field: str, key: str) -> bool:
        return key in here.get(field, ()) or key not in whole.get(field, ())

    values: dict = {"funding_usd": None}
    for kind in KINDS:
        values[kind.links] = [
            e for e in value_current(initiative, kind.links) if kept(kind.evidence, str(getattr(e, kind.key)))
        ]
    for flag in ("covid", "climate"):
        values[flag] = getattr(initiative, flag) and kept(flag, flag)
    values["modality"] = initiative.modality if kept("modality", initiative.modality) else ""
    values["years"] = [year for year in initiative.years if kept("year", str(year))]
    return values


@transaction.atomic
def initiative_split(
    *, initiative: Initiative, user, at: int, titles: tuple[str | None, str | None] = (None, None)
) -> tuple[Initiative, Initiative]:
    """Split an initiative at character ``at`` of its paragraph into two new ones; retire it.

    A title left empty is the initiative's own for the first part and the opening words
    of its text for the second.
    """
    editor_require(user, "add_initiative", "change_initiative")
    initiative = initiative_for_update(initiative)
    if not initiative.is_active:
        raise ValidationError("an initiative marked as not an initiative cannot be split")
    if not initiative.start < at < initiative.end:
        raise ValidationError(
            f"split at {at}: not inside the initiative ({initiative.start}-{initiative.end})"
        )
    paragraph = initiative.paragraph
    first_title = titles[0] or initiative.title
    second_title = titles[1] or _opening(paragraph.text[at : initiative.end])
    amounts = list(initiative.amounts.all())
    halves = []
    for start, end, title in ((initiative.start, at, first_title), (at, initiative.end, second_title)):
        values = _half_values(initiative, start, end)
        mine = [a for a in amounts if start <= a.start < end]
        values["funding_usd"] = funding_of(mine)
        if not amounts and start == initiative.start:
            # An editor's funding with no amount behind it stays with the first half.
            values["funding_usd"] = initiative.funding_usd
        half = _initiative_create(
            paragraph=paragraph, start=start, end=end, values={**values, "title": title}
        )
        Amount.objects.filter(pk__in=[a.pk for a in mine]).update(initiative=half)
        halves.append(half)
    _retire(initiative=initiative)
    first, second = halves
    change_record(
        user=user,
        paragraph=paragraph,
        initiative=initiative,
        action=ChangeRecord.Action.SPLIT,
        field="is_active",
        before={"is_active": True, "start": initiative.start, "end": initiative.end},
        after={"is_active": False, "at": at, "into": [first.pk, second.pk]},
    )
    for half in halves:
        change_record(
            user=user,
            paragraph=paragraph,
            initiative=half,
            action=ChangeRecord.Action.SPLIT,
            before={"from": initiative.pk},
            after=snapshot(half),
        )
    index_paragraphs([paragraph.pk])
    return first, second


def _opening(text: str, length: int = 60) -> str:
    """A provisional title: the opening words of a text, up to its first comma or full stop."""
    opening = text.strip().split("。")[0].split("，")[0].strip()
    return opening if len(opening) <= length else opening[: length - 1] + "…"


@transaction.atomic
def initiatives_merge(*, first: Initiative, second: Initiative, user, title: str | None = None) -> Initiative:
    """Merge two initiatives of one paragraph into a new one spanning both; retire the two."""
    editor_require(user, "add_initiative", "change_initiative")
    first, second = sorted(
        (initiative_for_update(first), initiative_for_update(second)), key=lambda i: (i.start, i.order)
    )
    if first.pk == second.pk:
        raise ValidationError("an initiative cannot be merged with itself")
    if first.paragraph_id != second.paragraph_id:
        raise ValidationError("only initiatives of the same paragraph can be merged")
    if not (first.is_active and second.is_active):
        raise ValidationError("an initiative marked as not an initiative cannot be merged")
    values: dict = {name: value_current(first, name) + value_current(second, name) for name in LINKS}
    fundings = [i.funding_usd for i in (first, second) if i.funding_usd is not None]
    values |= {
        "title": title or first.title,
        "covid": first.covid or second.covid,
        "climate": first.climate or second.climate,
        "modality": first.modality or second.modality,
        "years": first.years + second.years,
        "funding_usd": sum(fundings, Decimal(0)) if fundings else None,
    }
    paragraph = first.paragraph
    merged = _initiative_create(
        paragraph=paragraph, start=first.start, end=max(first.end, second.end), values=values
    )
    Amount.objects.filter(initiative__in=[first, second]).update(initiative=merged)
    for old in (first, second):
        _retire(initiative=old)
        change_record(
            user=user,
            paragraph=paragraph,
            initiative=old,
            action=ChangeRecord.Action.MERGE,
            field="is_active",
            before={"is_active": True},
            after={"is_active": False, "into": merged.pk},
        )
    change_record(
        user=user,
        paragraph=paragraph,
        initiative=merged,
        action=ChangeRecord.Action.MERGE,
        before={"from": [first.pk, second.pk]},
        after=snapshot(merged),
    )
    index_paragraphs([paragraph.pk])
    return merged


def _found_values(paragraph: Paragraph, start: int, end: int) -> dict:
    """What the extractor's evidence says about [start, end) of a paragraph."""
    found = _evidence_values(paragraph, start, end)
    values: dict = {}
    for kind in KINDS:
        keys = found.get(kind.evidence, set())
        if kind.links == "sdgs":
            # Goals cited by number and goals inferred from their words, as the extractor reads them.
            keys = {int(k) for k in keys | found.get("sdg_inferred", set()) if k.isdigit()}
        values[kind.links] = list(kind.model.objects.filter(**{f"{kind.key}__in": keys}))
    modalities = found.get("modality", set())
    values |= {
        "covid": "covid" in found,
        "climate": "climate" in found,
        "modality": next((m for m in ("triangular", "both", "south_south") if m in modalities), ""),
        "years": [int(y) for y in found.get("year", ()) if y.isdigit()],
    }
    return values


@transaction.atomic
def initiative_add(
    *,
    paragraph: Paragraph,
    user,
    start: int,
    end: int,
    title: str,
    changes: Mapping[str, object] | None = None,
) -> Initiative:
    """Add an initiative the extractor missed, spanning [start, end) of ``paragraph``.

    Its values start from the evidence inside the span and unclaimed amounts there
    become its own; ``changes`` then sets any field as the editor wants it.
    """
    editor_require(user, "add_initiative")
    unknown = set(changes or {}) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
    unclaimed = list(paragraph.amounts.filter(initiative__isnull=True, start__gte=start, end__lte=end))
    values = _found_values(paragraph, start, end) | {"funding_usd": funding_of(unclaimed), "title": title}
    values |= dict(changes or {})
    initiative = _initiative_create(paragraph=paragraph, start=start, end=end, values=values)
    Amount.objects.filter(pk__in=[a.pk for a in unclaimed]).update(initiative=initiative)
    change_record(
        user=user,
        paragraph=paragraph,
        initiative=initiative,
        action=ChangeRecord.Action.ADD,
        after=snapshot(initiative),
    )
    index_paragraphs([paragraph.pk])
    return initiative


@transaction.atomic
def initiative_deactivate(*, initiative: Initiative, user, reason: str) -> None:
    """Mark an initiative as not an initiative; it leaves every list and count, and stays so."""
    editor_require(user, "change_initiative")
    if not reason.strip():
        raise ValidationError("say why this is not an initiative")
    initiative = initiative_for_update(initiative)
    if not initiative.is_active:
        return
    _retire(initiative=initiative)
    change_record(
        user=user,
        paragraph=initiative.paragraph,
        initiative=initiative,
        action=ChangeRecord.Action.DEACTIVATE,
        field="is_active",
        before=True,
        after=False,
        note=reason.strip(),
    )
    index_paragraphs([initiative.paragraph_id])
