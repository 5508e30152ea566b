"""Editable values: the fields an editor sets, and how a value is cleaned, set, compared and stored.

A value is compared, and kept in a change record, as JSON (``value_json``): linked
entities as their sorted natural keys, years sorted, money as text with two decimals.
"""

from collections.abc import Iterable
from decimal import Decimal

from initiatives.kinds import LINKS, kind_linked_as
from initiatives.models import Amount, Initiative

SCALARS = ("title", "covid", "climate", "modality", "years", "funding_usd")
EDITABLE = (*SCALARS, *LINKS)
AMOUNT_EDITABLE = ("amount", "currency", "amount_usd", "approximate", "is_funding", "kind", "initiative")


def lock_name(field: str) -> str:
    """The name under which re-extraction knows an editable field."""
    return "funding" if field == "funding_usd" else field


def value_json(name: str, value):
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


def value_current(initiative: Initiative, name: str):
    return list(getattr(initiative, name).all()) if name in LINKS else getattr(initiative, name)


def _entities(name: str, values: Iterable) -> list:
    """Model instances from instances or primary keys."""
    values = list(values or ())
    model = kind_linked_as(name).model
    ids = [v for v in values if not isinstance(v, model)]
    return [v for v in values if isinstance(v, model)] + list(model.objects.filter(pk__in=ids))


def value_clean(name: str, value):
    if name in LINKS:
        return _entities(name, value)
    if name == "years":
        return sorted({int(year) for year in value or ()})
    if name == "funding_usd":
        return None if value in (None, "") else Decimal(value)
    if name == "title":
        return str(value).strip()
    return value


def value_set(initiative: Initiative, name: str, value) -> None:
    if name in LINKS:
        getattr(initiative, name).set(value)
    elif name == "years":
        initiative.years = value
        initiative.year_min = min(value) if value else None
        initiative.year_max = max(value) if value else None
    else:
        setattr(initiative, name, value)


def initiative_validate(initiative: Initiative) -> None:
    initiative.full_clean(exclude=["paragraph"], validate_unique=False, validate_constraints=False)


def snapshot(initiative: Initiative) -> dict:
    """Every editable field of an initiative and its span, as a change record stores them."""
    values = {name: value_json(name, value_current(initiative, name)) for name in EDITABLE}
    return {"start": initiative.start, "end": initiative.end, **values}


def funding_of(amounts: Iterable[Amount]) -> Decimal | None:
    values = [a.amount_usd for a in amounts if a.is_funding and a.amount_usd is not None]
    return sum(values, Decimal(0)) if values else None
