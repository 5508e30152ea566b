"""Editors' write path: correcting, splitting, merging, adding and retiring initiatives, with an audit trail.

Every function here checks the editor's permission, writes in one transaction and
leaves one ``ChangeRecord`` per changed field (or per split, merge, addition or
deactivation), so a record's history page can say who changed what, when, from
what to what. What an editor sets is locked against re-extraction: an edited
field joins ``Initiative.locked_fields``, an edited kind sets
``Paragraph.kind_locked``, and any touched initiative becomes ``reviewed``.

Re-extraction matches initiatives to the extractor's drafts by their order in the
paragraph and rewrites a matched initiative's span. So a split or a merge never
reshapes the machine's initiatives in place: it retires them (inactive, reviewed,
so re-extraction keeps them inactive and absorbs its drafts into them) and creates
new initiatives with every field locked, numbered from ``EDITOR_ORDER_BASE`` so that
no draft of a future extractor can take their place.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from .kinds import KINDS, LINKS, kind_linked_as
from .models import LOCKABLE_FIELDS, Amount, ChangeRecord, Initiative, Paragraph
from .revisions import revision_bump
from .search import index_paragraphs

# Orders of initiatives made by editors start here; the extractor numbers its drafts 1, 2, 3 ...
EDITOR_ORDER_BASE = 1000

SCALARS = ("title", "covid", "climate", "modality", "years", "funding_usd")
EDITABLE = (*SCALARS, *LINKS)
AMOUNT_EDITABLE = ("amount", "currency", "amount_usd", "approximate", "is_funding", "kind", "initiative")


def lock_name(field: str) -> str:
    """The name under which re-extraction knows an editable field."""
    return "funding" if field == "funding_usd" else field


def _require(user, *permissions: str) -> None:
    if user is None or not user.has_perms([f"initiatives.{p}" for p in permissions]):
        raise PermissionDenied


def _as_json(name: str, value):
    """A value as stored in a change record, and as compared to tell whether it changed."""
    if name in LINKS:
        key = kind_linked_as(name).key
        return sorted(getattr(entity, key) for entity in value)
    if name == "years":
        return sorted({int(year) for year in value or ()})
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Initiative):
        return value.pk
    return value


def _current(initiative: Initiative, name: str):
    return list(getattr(initiative, name).all()) if name in LINKS else getattr(initiative, name)


def _entities(name: str, values: Iterable) -> list:
    """Model instances from instances or primary keys."""
    values = list(values or ())
    model = kind_linked_as(name).model
    ids = [v for v in values if not isinstance(v, model)]
    return [v for v in values if isinstance(v, model)] + list(model.objects.filter(pk__in=ids))


def _clean(name: str, value):
    if name in LINKS:
        return _entities(name, value)
    if name == "years":
        return sorted({int(year) for year in value or ()})
    if name == "funding_usd":
        return None if value in (None, "") else Decimal(value)
    if name == "title":
        return str(value).strip()
    return value


def _set(initiative: Initiative, name: str, value) -> None:
    if name in LINKS:
        getattr(initiative, name).set(value)
    elif name == "years":
        initiative.years = value
        initiative.year_min = min(value) if value else None
        initiative.year_max = max(value) if value else None
    else:
        setattr(initiative, name, value)


def _validate(initiative: Initiative) -> None:
    initiative.full_clean(exclude=["paragraph"], validate_unique=False, validate_constraints=False)


def _record(*, user, paragraph: Paragraph, action: str, **values) -> ChangeRecord:
    revision_bump()
    return ChangeRecord.objects.create(
        user=user, username=user.get_username(), paragraph=paragraph, action=action, **values
    )


def _fresh(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().select_related("paragraph").get(pk=initiative.pk)


def snapshot(initiative: Initiative) -> dict:
    """Every editable field of an initiative and its span, as a change record stores them."""
    values = {name: _as_json(name, _current(initiative, name)) for name in EDITABLE}
    return {"start": initiative.start, "end": initiative.end, **values}


@transaction.atomic
def initiative_update(*, initiative: Initiative, user, changes: Mapping[str, object]) -> Initiative:
    """Apply an editor's values; each field that really changes is recorded and locked."""
    _require(user, "change_initiative")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
    initiative = _fresh(initiative)
    changed = []
    for name, raw in changes.items():
        value = _clean(name, raw)
        before, after = _as_json(name, _current(initiative, name)), _as_json(name, value)
        if before == after:
            continue
        _set(initiative, name, value)
        changed.append(name)
        _record(
            user=user,
            paragraph=initiative.paragraph,
            initiative=initiative,
            action=ChangeRecord.Action.EDIT,
            field=name,
            before=before,
            after=after,
        )
    if changed:
        _validate(initiative)
        initiative.locked_fields = sorted(set(initiative.locked_fields) | {lock_name(n) for n in changed})
        initiative.review = Initiative.Review.REVIEWED
        initiative.save()
        if "title" in changed:
            index_paragraphs([initiative.paragraph_id])
    return initiative


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
        _set(initiative, name, _clean(name, values.get(name)))
    initiative.sdg_evidence = _sdg_words(paragraph, start, end)
    _validate(initiative)
    initiative.save()
    for name in LINKS:
        _set(initiative, name, _clean(name, values.get(name)))
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


def _funding(amounts: Iterable[Amount]) -> Decimal | None:
    values = [a.amount_usd for a in amounts if a.is_funding and a.amount_usd is not None]
    return sum(values, Decimal(0)) if values else None


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
            e for e in _current(initiative, kind.links) if kept(kind.evidence, str(getattr(e, kind.key)))
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
    _require(user, "add_initiative", "change_initiative")
    initiative = _fresh(initiative)
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
        values["funding_usd"] = _funding(mine)
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
    _record(
        user=user,
        paragraph=paragraph,
        initiative=initiative,
        action=ChangeRecord.Action.SPLIT,
        field="is_active",
        before={"is_active": True, "start": initiative.start, "end": initiative.end},
        after={"is_active": False, "at": at, "into": [first.pk, second.pk]},
    )
    for half in halves:
        _record(
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
    _require(user, "add_initiative", "change_initiative")
    first, second = sorted((_fresh(first), _fresh(second)), key=lambda i: (i.start, i.order))
    if first.pk == second.pk:
        raise ValidationError("an initiative cannot be merged with itself")
    if first.paragraph_id != second.paragraph_id:
        raise ValidationError("only initiatives of the same paragraph can be merged")
    if not (first.is_active and second.is_active):
        raise ValidationError("an initiative marked as not an initiative cannot be merged")
    values: dict = {name: _current(first, name) + _current(second, name) for name in LINKS}
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
        _record(
            user=user,
            paragraph=paragraph,
            initiative=old,
            action=ChangeRecord.Action.MERGE,
            field="is_active",
            before={"is_active": True},
            after={"is_active": False, "into": merged.pk},
        )
    _record(
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
    _require(user, "add_initiative")
    unknown = set(changes or {}) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
    unclaimed = list(paragraph.amounts.filter(initiative__isnull=True, start__gte=start, end__lte=end))
    values = _found_values(paragraph, start, end) | {"funding_usd": _funding(unclaimed), "title": title}
    values |= dict(changes or {})
    initiative = _initiative_create(paragraph=paragraph, start=start, end=end, values=values)
    Amount.objects.filter(pk__in=[a.pk for a in unclaimed]).update(initiative=initiative)
    _record(
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
    _require(user, "change_initiative")
    if not reason.strip():
        raise ValidationError("say why this is not an initiative")
    initiative = _fresh(initiative)
    if not initiative.is_active:
        return
    _retire(initiative=initiative)
    _record(
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


@transaction.atomic
def paragraph_kind_set(*, paragraph: Paragraph, user, kind: str) -> Paragraph:
    """Set a paragraph's kind by hand; re-extraction keeps it from then on."""
    _require(user, "change_paragraph")
    if kind not in Paragraph.Kind.values:
        raise ValidationError(f"not a paragraph kind: {kind}")
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    if paragraph.kind == kind:
        return paragraph
    _record(
        user=user,
        paragraph=paragraph,
        action=ChangeRecord.Action.EDIT,
        field="kind",
        before=paragraph.kind,
        after=kind,
    )
    paragraph.kind, paragraph.kind_locked = kind, True
    paragraph.save(update_fields=["kind", "kind_locked"])
    return paragraph


@transaction.atomic
def amount_update(*, amount: Amount, user, changes: Mapping[str, object]) -> Amount:
    """Correct an amount; the initiatives it funds (before and after) keep their amounts from then on.

    Re-extraction keeps only the amounts of initiatives whose funding is locked, so an amount
    must belong to an initiative of its paragraph for a correction to last.
    """
    _require(user, "change_amount")
    unknown = set(changes) - set(AMOUNT_EDITABLE)
    if unknown:
        raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
    amount = Amount.objects.select_for_update().get(pk=amount.pk)
    owners = {amount.initiative_id}
    changed = []
    for name, value in changes.items():
        before, after = _as_json(name, getattr(amount, name)), _as_json(name, value)
        if name == "initiative":
            before = amount.initiative_id
        if before == after:
            continue
        setattr(amount, name, value)
        changed.append((name, before, after))
    if not changed:
        return amount
    edited = {name for name, _, _ in changed}
    if edited & {"kind", "is_funding"}:
        # The kind and the funding flag say the same thing; an editor's word replaces the text's.
        if "kind" in edited:
            amount.is_funding = amount.kind == Amount.Kind.FUNDING
        elif amount.is_funding or amount.kind == Amount.Kind.FUNDING:
            amount.kind = Amount.Kind.FUNDING if amount.is_funding else Amount.Kind.OTHER
        amount.kind_words = ""
    if amount.initiative is None or amount.initiative.paragraph_id != amount.paragraph_id:
        raise ValidationError("give the amount an initiative of its paragraph, or re-extraction will undo it")
    amount.full_clean(exclude=["paragraph", "initiative"])
    amount.save()
    owners.add(amount.initiative_id)
    for name, before, after in changed:
        _record(
            user=user,
            paragraph=amount.paragraph,
            initiative=amount.initiative,
            amount=amount,
            action=ChangeRecord.Action.EDIT,
            field=f"amount.{name}",
            before=before,
            after=after,
        )
    for owner in Initiative.objects.select_for_update().filter(pk__in=owners - {None}):
        _amounts_lock(owner=owner, user=user, amount=amount)
    return amount


def _amounts_lock(*, owner: Initiative, user, amount: Amount) -> None:
    funding = _funding(owner.amounts.all())
    if _as_json("funding_usd", funding) != _as_json("funding_usd", owner.funding_usd):
        _record(
            user=user,
            paragraph=owner.paragraph,
            initiative=owner,
            amount=amount,
            action=ChangeRecord.Action.EDIT,
            field="funding_usd",
            before=_as_json("funding_usd", owner.funding_usd),
            after=_as_json("funding_usd", funding),
        )
        owner.funding_usd = funding
    owner.locked_fields = sorted(set(owner.locked_fields) | {"funding"})
    owner.review = Initiative.Review.REVIEWED
    owner.save(update_fields=["funding_usd", "locked_fields", "review"])
