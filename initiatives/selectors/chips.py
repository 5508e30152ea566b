"""What the initiatives list's filters have chosen, read from the cleaned FilterSet: the entities
each filter selects and one removable chip per chosen value.

The URL holds the whole state of the list: each chip's link is the same query string without
its one value. A value the FilterSet refused is shown as typed, so that its chip can remove it.
"""

from django.http import QueryDict
from django.utils.translation import gettext as _

from ..filters import InitiativeFilterSet
from ..kinds import KINDS, EntityKind
from ..models import Document, Paragraph
from ..names import entity_name, entity_short_name, usd_text


def filter_labels() -> dict[str, str]:
    """The list's filters that show as chips, in the order they show, with their labels."""
    return {
        "q": _("Search"),
        **{kind.parameter: str(kind.label) for kind in KINDS},
        "include_managed": _("With the funds it manages"),
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


def entity_label(kind: EntityKind, entity) -> str:
    """How a chip or an option names an entity: an agency by its short name, a goal with its number."""
    if kind.code == "agency":
        return entity_short_name(entity)
    if kind.code == "sdg":
        return f"{entity.number} {entity_name(entity)}"
    return entity_name(entity)


def chosen_entities(filterset: InitiativeFilterSet) -> dict[str, list[tuple[str, str]]]:
    """Each entity filter's chosen values as (value, label), in the order typed.

    A value is named by its entity; the values of a refused filter are kept as typed.
    """
    filterset.is_valid()
    chosen = {}
    for kind in KINDS:
        param = kind.parameter
        typed = [str(v) for v in filterset.form[param].value() or []]
        if param in filterset.form.errors:
            chosen[param] = [(value, value) for value in typed]
            continue
        pks = filterset.form.cleaned_data.get(param) or []
        # Codes as the filter compares them: agencies and countries upper case, other codes lower.
        sdg = kind.code == "sdg"
        typed = [str(int(v)) for v in typed] if sdg else filterset.form.fields[param].to_python(typed)
        lookup = {"number__in": pks} if sdg else {"pk__in": pks}
        entities = {str(getattr(e, kind.key)): e for e in kind.model.objects.filter(**lookup)} if pks else {}
        chosen[param] = [(value, entity_label(kind, entities[value])) for value in typed if value in entities]
    return chosen


def _value_label(name: str, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "modality":
        return modality_names().get(value, value)
    if name in ("funding_min", "funding_max"):
        return usd_text(value)
    if name == "kind":
        return dict(Paragraph.Kind.choices).get(value, value)
    if name == "document":
        document = Document.objects.filter(pk=value).first()
        return str(document) if document else str(value)
    return str(value)


def filter_chips(filterset: InitiativeFilterSet) -> list[dict]:
    """One chip per chosen filter value: its ``label`` and the query string (``url``) that removes it.

    A chip also names its filter (``param``), the ``value`` it removes and what that value is
    called (``text``), so that the sidebar can tick the same values.
    """
    chosen = chosen_entities(filterset)
    params, cleaned = filterset.data, filterset.form.cleaned_data
    chips = []
    for name, label in filter_labels().items():
        if name in chosen:
            values = [value for value, _text in chosen[name]]
            chips += [
                _chip(name, label, text, _with(params, name, values, value), value)
                for value, text in chosen[name]
            ]
        elif name in filterset.form.errors and params.get(name, "").strip():
            chips.append(_chip(name, label, params[name].strip(), _with(params, name)))
        elif cleaned.get(name) not in (None, "", []):
            chips.append(_chip(name, label, _value_label(name, cleaned[name]), _with(params, name)))
    return chips


def _chip(param: str, label: str, text: str, without: QueryDict, value: str = "") -> dict:
    return {
        "label": f"{label}: {text}",
        "url": query_string(without),
        "param": param,
        "value": value,
        "text": text,
    }


def _with(params: QueryDict, name: str, values: list[str] = (), removed: str | None = None) -> QueryDict:
    """``params`` with ``name`` set to ``values`` but ``removed`` (no values: without ``name``)."""
    params = params.copy()
    kept = [value for value in values if value != removed]
    if kept:
        params.setlist(name, kept)
    else:
        params.pop(name, None)
    return params


def query_string(params: QueryDict, *, page: int | None = None) -> str:
    """``?`` and the parameters that hold a value, so that the URL reads as the filters set.

    Empty when no parameter holds one, to follow a path. The page number is dropped unless given,
    since a changed selection starts at its first page.
    """
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        values = [v for v in values if v.strip()]
        if values and key != "page":
            kept.setlist(key, values)
    if page is not None:
        kept["page"] = str(page)
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else ""


def has_empty_values(params: QueryDict) -> bool:
    return any(not v.strip() for _key, values in params.lists() for v in values)
