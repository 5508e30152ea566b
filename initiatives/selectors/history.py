"""An initiative's history: its own changes and those of its paragraph, each side written as text."""

from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import ChangeRecord, Initiative


def _change_text(value) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_change_text(v)}" for key, v in value.items())
    return str(value)


def _related_ids(change: ChangeRecord) -> list[int]:
    """The initiatives a split or a merge made this one from, or into."""
    ids = []
    for side in (change.before, change.after):
        if isinstance(side, dict):
            for key in ("from", "into"):
                value = side.get(key)
                ids += value if isinstance(value, list) else [value] if value else []
    return ids


def initiative_changes(initiative: Initiative) -> list[dict]:
    """Each change of the initiative and of its paragraph's kind, newest first, with the initiatives
    a split or a merge related it to."""
    changes = ChangeRecord.objects.filter(
        Q(initiative=initiative) | Q(paragraph_id=initiative.paragraph_id, initiative__isnull=True)
    )
    return [
        {
            "change": change,
            "before": _change_text(change.before),
            "after": _change_text(change.after),
            "related": Initiative.objects.filter(pk__in=_related_ids(change)).order_by("start"),
        }
        for change in changes
    ]
