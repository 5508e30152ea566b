"""Editors' corrections of fields: an initiative's values, a paragraph's kind, an amount.

Each field that really changes is recorded and locked against re-extraction.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from initiatives.models import Amount, ChangeRecord, Initiative, Paragraph
from initiatives.search import index_paragraphs

from .changes import change_record, editor_require, initiative_for_update
from .values import (
    AMOUNT_EDITABLE,
    EDITABLE,
    funding_of,
    initiative_validate,
    lock_name,
    value_clean,
    value_current,
    value_json,
    value_set,
)


@transaction.atomic
def initiative_update(*, initiative: Initiative, user, changes: Mapping[str, object]) -> Initiative:
    """Apply an editor's values; each field that really changes is recorded and locked."""
    editor_require(user, "change_initiative")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
    initiative = initiative_for_update(initiative)
    changed = []
    for name, raw in changes.items():
        value = value_clean(name, raw)
        before, after = value_json(name, value_current(initiative, name)), value_json(name, value)
        if before == after:
            continue
        value_set(initiative, name, value)
        changed.append(name)
        change_record(
            user=user,
            paragraph=initiative.paragraph,
            initiative=initiative,
            action=ChangeRecord.Action.EDIT,
            field=name,
            before=before,
            after=after,
        )
    if changed:
        initiative_validate(initiative)
        initiative.locked_fields = sorted(set(initiative.locked_fields) | {lock_name(n) for n in changed})
        initiative.review = Initiative.Review.REVIEWED
        initiative.save()
        if "title" in changed:
            index_paragraphs([initiative.paragraph_id])
    return initiative


@transaction.atomic
def paragraph_kind_set(*, paragraph: Paragraph, user, kind: str) -> Paragraph:
    """Set a paragraph's kind by hand; re-extraction keeps it from then on."""
    editor_require(user, "change_paragraph")
    if kind not in Paragraph.Kind.values:
        raise ValidationError(f"not a paragraph kind: {kind}")
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    if paragraph.kind == kind:
        return paragraph
    change_record(
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
    editor_require(user, "change_amount")
    unknown = set(changes) - set(AMOUNT_EDITABLE)
    if unknown:
        raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
    amount = Amount.objects.select_for_update().get(pk=amount.pk)
    owners = {amount.initiative_id}
    changed = []
    for name, value in changes.items():
        before, after = value_json(name, getattr(amount, name)), value_json(name, value)
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
        change_record(
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
    funding = funding_of(owner.amounts.all())
    if value_json("funding_usd", funding) != value_json("funding_usd", owner.funding_usd):
        change_record(
            user=user,
            paragraph=owner.paragraph,
            initiative=owner,
            amount=amount,
            action=ChangeRecord.Action.EDIT,
            field="funding_usd",
            before=value_json("funding_usd", owner.funding_usd),
            after=value_json("funding_usd", funding),
        )
        owner.funding_usd = funding
    owner.locked_fields = sorted(set(owner.locked_fields) | {"funding"})
    owner.review = Initiative.Review.REVIEWED
    owner.save(update_fields=["funding_usd", "locked_fields", "review"])
