"""The initiatives list's filter sidebar: each group's options with their counts in the selection,
the chosen ones ticked, and the orders the list can be sorted in."""

from django.utils.translation import gettext as _

from ..filters import InitiativeFilterSet
from ..kinds import KINDS, EntityKind
from ..models import Agency
from ..names import entity_name, entity_short_name, row_name
from ..selectors.chips import filter_labels, modality_names

# How many options of a long group show before "more".
VISIBLE_OPTIONS = 8


def _entity_options(kind: EntityKind, rows: list[dict], chosen: list[tuple[str, str]]) -> list[dict]:
    key = kind.key
    if kind.code == "agency":
        agencies = {a.code: a for a in Agency.objects.filter(code__in=[r["code"] for r in rows])}
        names = {code: entity_short_name(a) for code, a in agencies.items()}
        titles = {code: entity_name(a) for code, a in agencies.items()}
    else:
        names = {str(r[key]): (f"{r[key]} " if kind.code == "sdg" else "") + row_name(r) for r in rows}
        titles = names
    selected = [value for value, _label in chosen]
    options = [
        {
            "value": str(r[key]),
            "label": names.get(str(r[key]), str(r[key])),
            "title": titles.get(str(r[key]), ""),
            "count": r["count"],
            "selected": str(r[key]) in selected,
        }
        for r in rows
    ]
    shown = {o["value"] for o in options}
    # A chosen value the selection no longer contains still shows, so that it can be unticked.
    options += [
        {"value": value, "label": label, "title": "", "count": 0, "selected": True}
        for value, label in chosen
        if value not in shown
    ]
    if kind.code == "sdg":
        options.sort(key=lambda o: int(o["value"]) if o["value"].isdigit() else 99)
    # Selected options first, so that they stay visible when the group is folded.
    return sorted(options, key=lambda o: not o["selected"])


def _choice_group(param: str, label: str, options: list[tuple[str, str, int]], chosen) -> dict:
    """A group of which one option at most is chosen: (value, label, count) each."""
    return {
        "param": param,
        "label": label,
        "multiple": False,
        "options": [
            {"value": value, "label": text, "count": count, "selected": value == chosen}
            for value, text, count in options
        ],
    }


def facet_groups(facets: dict, filterset: InitiativeFilterSet, chips: list[dict]) -> list[dict]:
    """The sidebar's groups of options, each with its count in the current selection; the values
    of the chips (``selectors.chips.filter_chips``) are ticked."""
    labels = filter_labels()
    chosen = {
        kind: [(c["value"], c["text"]) for c in chips if c["param"] == kind.parameter] for kind in KINDS
    }
    cleaned = filterset.form.cleaned_data
    groups = [
        {
            "param": kind.parameter,
            "label": labels[kind.parameter],
            "options": _entity_options(kind, facets[kind.links], chosen[kind]),
            "multiple": True,
        }
        for kind in KINDS
    ]
    names = modality_names()
    modalities = [
        (row["value"], names.get(row["value"], row["value"]), row["count"]) for row in facets["modality"]
    ]
    groups.append(
        _choice_group(
            "modality", labels["modality"], [m for m in modalities if m[0]], cleaned.get("modality")
        )
    )
    for flag in ("covid", "climate"):
        options = [("true", _("yes"), facets[flag]["true"]), ("false", _("no"), facets[flag]["false"])]
        value = {True: "true", False: "false"}.get(cleaned.get(flag))
        groups.append(_choice_group(flag, labels[flag], options, value))
    for group in groups:
        selected = sum(o["selected"] for o in group["options"])
        group["has_selection"] = bool(selected)
        group["visible"] = max(VISIBLE_OPTIONS, selected)
    return groups


def ordering_choices() -> list[tuple[str, str]]:
    """The list's orders, named for readers (the FilterSet's choices name them for the API)."""
    return [
        ("", _("Relevance or document order")),
        ("document", _("Document order")),
        ("-funding", _("Funding, largest first")),
        ("funding", _("Funding, smallest first")),
        ("-year", _("Year, latest first")),
        ("year", _("Year, earliest first")),
    ]
