"""A paragraph's text as HTML with every extracted span marked by its field, all of it escaped.

Spans may nest or overlap (an agency inside a country's name, a year inside an
amount), so the text is cut at every span boundary and each piece is marked
with the spans that cover it: the piece takes the colour of its narrowest span
and a label naming all of them. Text from documents only ever reaches the page
through ``escape``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .kinds import KINDS
from .models import Amount, Evidence, Paragraph, Sdg
from .names import entity_name, usd_text

FIELDS = tuple(Evidence.Field.values)
SEPARATOR = "；"


@dataclass(frozen=True)
class Highlight:
    field: str
    start: int
    end: int
    label: str  # what was read from the span, in the active language


def _pieces(length: int, highlights: Sequence[Highlight], focus: tuple[int, int] | None):
    cuts = {0, length}
    for h in highlights:
        cuts.update((h.start, h.end))
    if focus:
        cuts.update(focus)
    cuts = sorted(c for c in cuts if 0 <= c <= length)
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(h for h in highlights if h.start <= start and end <= h.end)
        inside = focus is None or focus[0] <= start and end <= focus[1]
        yield start, end, covering, inside


def _merged(pieces):
    # Neighbouring pieces with the same spans and focus become one mark.
    current = None
    for start, end, covering, inside in pieces:
        if current and current[2] == covering and current[3] == inside and current[1] == start:
            current = (current[0], end, covering, inside)
            continue
        if current:
            yield current
        current = (start, end, covering, inside)
    if current:
        yield current


def _mark(text: str, covering: tuple[Highlight, ...]) -> str:
    if not covering:
        return escape(text)
    narrowest = min(covering, key=lambda h: h.end - h.start)
    field = narrowest.field if narrowest.field in FIELDS else "other"
    labels = []
    for h in sorted(covering, key=lambda h: (h.start, -h.end)):
        if h.label not in labels:
            labels.append(h.label)
    label = escape(SEPARATOR.join(labels))
    return f'<mark class="hl hl-{field}" tabindex="0" data-label="{label}">{escape(text)}</mark>'


def highlight_html(
    *, text: str, highlights: Iterable[Highlight], focus: tuple[int, int] | None = None
) -> SafeString:
    """``text`` as escaped HTML with each highlight in a ``<mark>``; outside ``focus`` is dimmed."""
    highlights = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    parts = []
    for start, end, covering, inside in _merged(_pieces(len(text), highlights, focus)):
        mark = _mark(text[start:end], covering)
        parts.append(mark if inside else f'<span class="context">{mark}</span>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text went through escape()


def _entity_names(evidence: Sequence[Evidence]) -> dict[tuple[str, str], str]:
    wanted: dict[str, set[str]] = {}
    for e in evidence:
        wanted.setdefault(e.field, set()).add(e.value)
    names = {}
    for kind in KINDS:
        if kind.code == "sdg":
            continue  # a goal is named with its number, below
        for entity in kind.model.objects.filter(**{f"{kind.key}__in": wanted.get(kind.evidence, ())}):
            names[kind.evidence, getattr(entity, kind.key)] = entity_name(entity)
    numbers = [int(v) for field in ("sdg", "sdg_inferred") for v in wanted.get(field, ()) if v.isdigit()]
    for sdg in Sdg.objects.filter(number__in=numbers):
        values = {"number": sdg.number, "name": entity_name(sdg)}
        names["sdg", str(sdg.number)] = _("SDG %(number)s: %(name)s") % values
        names["sdg_inferred", str(sdg.number)] = (
            _("SDG %(number)s: %(name)s (inferred from these words)") % values
        )
    return names


def field_label(field: str) -> str:
    labels = {
        **{kind.evidence: kind.label for kind in KINDS},
        "amount": _("Amount"),
        "sdg_inferred": _("SDG inferred"),
        "covid": _("COVID-19"),
        "climate": _("Climate"),
        "modality": _("Modality"),
        "year": _("Year"),
    }
    return str(labels.get(field, field))


def _value_text(field: str, value: str, names: dict[tuple[str, str], str]) -> str:
    if (field, value) in names:
        return names[field, value]
    if field == "modality":
        return modality_text(value)
    if field in ("covid", "climate"):
        return _("mentioned")
    return value


def paragraph_highlights(paragraph: Paragraph) -> list[Highlight]:
    """The highlights of a paragraph's evidence and amounts, labelled in the active language."""
    evidence = list(paragraph.evidence.all())
    amounts = list(paragraph.amounts.all())
    names = _entity_names(evidence)
    highlights = [
        Highlight(field="amount", start=a.start, end=a.end, label=_amount_label(a)) for a in amounts
    ]
    amount_spans = {(a.start, a.end) for a in amounts}
    for e in evidence:
        if e.field == "amount" and (e.start, e.end) in amount_spans:
            continue
        value = _value_text(e.field, e.value, names)
        highlights.append(
            Highlight(field=e.field, start=e.start, end=e.end, label=f"{field_label(e.field)}: {value}")
        )
    return sorted(highlights, key=lambda h: (h.start, h.end))


def _amount_label(amount: Amount) -> str:
    if amount.amount_usd is None:
        written = f"{amount.amount} {amount.currency}"
    else:
        written = usd_text(amount.amount_usd)
    if amount.approximate:
        written = _("about %(amount)s") % {"amount": written}
    return f"{field_label('amount')}: {written} ({amount_kind_text(amount)})"


def modality_text(value: str) -> str:
    names = {
        "south_south": _("South-South cooperation"),
        "triangular": _("Triangular cooperation"),
        "both": _("South-South and triangular cooperation"),
    }
    return names.get(value, value)


def amount_kind_text(amount: Amount) -> str:
    """The amount's kind and the words that decided it: funding (拨出), in-kind (价值 ... 的其他医疗用品)."""
    kinds = {
        Amount.Kind.FUNDING: _("funding"),
        Amount.Kind.IN_KIND: _("in-kind, the value of goods: not counted as funding"),
    }
    kind = kinds.get(amount.kind, _("not funding"))
    if amount.kind_words:
        return _("%(kind)s, because the text says “%(words)s”") % {"kind": kind, "words": amount.kind_words}
    return kind
