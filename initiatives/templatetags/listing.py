"""The state of the initiatives list read from its query string: the filter sidebar's options and the active filters.

The URL holds the whole state of the list. These functions turn it, with the
facet counts of the selection, into what the sidebar and the removable chips
show; each chip's link is the same query string without that one value.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _

from ..models import Agency, Country, Document, Paragraph, Programme, Region, Sdg, Theme
from .atlas import entity_name, entity_short_name, query_string, row_name, usd_text

register = template.Library()

# How many options of a long group show before "more".
VISIBLE_OPTIONS = 8

# Parameter, facet key, the field a value names, and whether its codes are upper case.
ENTITY_PARAMS = {
    "agency": ("agencies", "code", True),
    "country": ("countries", "iso3", True),
    "region": ("regions", "code", False),
    "sdg": ("sdgs", "number", False),
    "theme": ("themes", "code", False),
}


def param_values(params: QueryDict, name: str) -> list[str]:
    """A repeatable parameter's values, given repeated or comma-separated, as the filter reads them."""
    values = [part.strip() for item in params.getlist(name) for part in item.split(",")]
    upper = ENTITY_PARAMS.get(name, (None, None, False))[2]
    return list(dict.fromkeys(v.upper() if upper else v.lower() for v in values if v))


def _without(params: QueryDict, name: str, value: str | None = None) -> str:
    params = params.copy()
    if value is None or name not in ENTITY_PARAMS:
        params.pop(name, None)
    else:
        params.setlist(name, [v for v in param_values(params, name) if v != value])
    return query_string(params)


def group_labels() -> dict[str, str]:
    return {
        "q": _("Search"),
        "agency": _("Agency"),
        "include_managed": _("With the funds it manages"),
        "programme": _("Programme"),
        "country": _("Country"),
        "region": _("Region"),
        "sdg": _("SDG"),
        "theme": _("Theme"),
        "modality": _("Modality"),
        "covid": _("COVID-19"),
        "climate": _("Climate"),
        "year_min": _("From year"),
        "year_max": _("Until year"),
        "funding_min": _("Funding at least"),
        "funding_max": _("Funding at most"),
        "has_funding": _("Funding identified"),
        "document": _("Document"),
        "kind": _("Paragraph kind"),
    }


def modality_names() -> dict[str, str]:
    return {
        "south_south": _("South-South"),
        "triangular": _("Triangular"),
        "both": _("South-South and triangular"),
    }


def _entity_names(param: str, values: list[str]) -> dict[str, str]:
    if param == "agency":
        return {a.code: entity_short_name(a) for a in Agency.objects.filter(code__in=values)}
    if param == "country":
        return {c.iso3: entity_name(c) for c in Country.objects.filter(iso3__in=values)}
    if param == "region":
        return {r.code: entity_name(r) for r in Region.objects.filter(code__in=values)}
    if param == "theme":
        return {t.code: entity_name(t) for t in Theme.objects.filter(code__in=values)}
    numbers = [int(v) for v in values if v.isdigit()]
    return {str(s.number): f"{s.number} {entity_name(s)}" for s in Sdg.objects.filter(number__in=numbers)}


def _value_label(name: str, value: str) -> str:
    yes_no = {"true": _("yes"), "1": _("yes"), "yes": _("yes"), "false": _("no"), "0": _("no"), "no": _("no")}
    if name in ("covid", "climate", "has_funding", "include_managed"):
        return yes_no.get(value.lower(), value)
    if name == "modality":
        return modality_names().get(value, value)
    if name in ("funding_min", "funding_max"):
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return value
        # NaN, infinities and 1e309 are refused by the filter: shown as typed, not formatted.
        return usd_text(amount) if amount.is_finite() and amount.adjusted() < 16 else value
    if name == "kind":
        return dict(Paragraph.Kind.choices).get(value, value)
    if name == "programme":
        codes = [part.strip().upper() for part in value.split(",")]
        names = {p.code: entity_name(p) for p in Programme.objects.filter(code__in=codes)}
        return ", ".join(names.get(code, code) for code in codes)
    if name == "document":
        lookup = {"pk": int(value)} if value.isdigit() else {"symbol__iexact": value}
        document = Document.objects.filter(**lookup).first()
        return str(document) if document else value
    return value


def active_filters(params: QueryDict) -> list[dict]:
    """One chip per active filter value: its label and the link that removes it."""
    labels = group_labels()
    chips = []
    for name, label in labels.items():
        if name in ENTITY_PARAMS:
            values = param_values(params, name)
            names = _entity_names(name, values) if values else {}
            chips += [
                {"label": f"{label}: {names.get(v, v)}", "url": _without(params, name, v)} for v in values
            ]
        elif params.get(name, "").strip():
            value = params.get(name).strip()
            chips.append({"label": f"{label}: {_value_label(name, value)}", "url": _without(params, name)})
    return chips


def _entity_options(param: str, rows: list[dict], selected: list[str]) -> list[dict]:
    key = ENTITY_PARAMS[param][1]
    if param == "agency":
        agencies = {a.code: a for a in Agency.objects.filter(code__in=[r["code"] for r in rows])}
        names = {code: entity_short_name(a) for code, a in agencies.items()}
        titles = {code: entity_name(a) for code, a in agencies.items()}
    else:
        names = {str(r[key]): (f"{r[key]} " if param == "sdg" else "") + row_name(r) for r in rows}
        titles = names
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
    missing = [v for v in selected if v not in shown]
    if missing:
        # A selected value the selection no longer contains still shows, so that it can be unticked.
        extra = _entity_names(param, missing)
        options += [
            {"value": v, "label": extra.get(v, v), "title": "", "count": 0, "selected": True} for v in missing
        ]
    if param == "sdg":
        options.sort(key=lambda o: int(o["value"]) if o["value"].isdigit() else 99)
    # Selected options first, so that they stay visible when the group is folded.
    return sorted(options, key=lambda o: not o["selected"])


def facet_groups(facets: dict, params: QueryDict) -> list[dict]:
    """The sidebar's groups of options, each with its count in the current selection."""
    labels = group_labels()
    groups = []
    for param, (facet, _key, _upper) in ENTITY_PARAMS.items():
        selected = param_values(params, param)
        options = _entity_options(param, facets[facet], selected)
        groups.append({"param": param, "label": labels[param], "options": options, "multiple": True})
    modality = params.get("modality", "")
    groups.append(
        {
            "param": "modality",
            "label": labels["modality"],
            "multiple": False,
            "options": [
                {
                    "value": row["value"],
                    "label": modality_names().get(row["value"], row["value"]),
                    "count": row["count"],
                    "selected": row["value"] == modality,
                }
                for row in facets["modality"]
                if row["value"]
            ],
        }
    )
    for flag in ("covid", "climate"):
        value = params.get(flag, "").lower()
        groups.append(
            {
                "param": flag,
                "label": labels[flag],
                "multiple": False,
                "options": [
                    {
                        "value": "true",
                        "label": _("yes"),
                        "count": facets[flag]["true"],
                        "selected": value == "true",
                    },
                    {
                        "value": "false",
                        "label": _("no"),
                        "count": facets[flag]["false"],
                        "selected": value == "false",
                    },
                ],
            }
        )
    for group in groups:
        selected = sum(o["selected"] for o in group["options"])
        group["has_selection"] = bool(selected)
        group["visible"] = max(VISIBLE_OPTIONS, selected)
    return groups


def ordering_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Relevance or document order")),
        ("document", _("Document order")),
        ("-funding", _("Funding, largest first")),
        ("funding", _("Funding, smallest first")),
        ("-year", _("Year, latest first")),
        ("year", _("Year, earliest first")),
    ]
