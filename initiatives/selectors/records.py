"""What an initiative's page reads of it: the words each field was read from, and its goals with theirs."""

from django.db.models import QuerySet

from ..highlight import amount_kind_text, field_label, highlight_html, paragraph_highlights
from ..models import Initiative
from ..querysets import initiatives_with_details


def initiatives_detailed() -> QuerySet[Initiative]:
    """Active initiatives with their paragraph's text, its evidence and amounts: what a page of one reads."""
    return initiatives_with_details(paragraph_text=True).prefetch_related(
        "paragraph__evidence", "paragraph__amounts"
    )


def initiative_reading(initiative: Initiative) -> dict:
    """The initiative's paragraph highlighted, the words read in it, and the initiatives it shares it with."""
    paragraph = initiative.paragraph
    highlights = paragraph_highlights(paragraph)
    return {
        "paragraph_html": highlight_html(
            text=paragraph.text, highlights=highlights, focus=(initiative.start, initiative.end)
        ),
        "evidence": _evidence_rows(paragraph.text, highlights),
        "fields": [(field, field_label(field)) for field in dict.fromkeys(h.field for h in highlights)],
        "siblings": initiatives_with_details().filter(paragraph=paragraph).exclude(pk=initiative.pk),
        "sdg_rows": _sdg_rows(initiative),
        "modality_words": _words_of(paragraph, initiative, "modality", initiative.modality),
        "amounts": [(amount, amount_kind_text(amount)) for amount in initiative.prefetched_amounts],
    }


def _evidence_rows(text: str, highlights: list) -> list[dict]:
    """Each distinct (text, reading) pair once, in the order of the text, with how often it occurs."""
    rows: dict[tuple[str, str], dict] = {}
    for h in highlights:
        key = (text[h.start : h.end], h.label)
        rows.setdefault(key, {"text": key[0], "label": h.label, "field": h.field, "times": 0})["times"] += 1
    return list(rows.values())


def _sdg_rows(initiative: Initiative) -> list[dict]:
    """Each goal of the initiative, cited or inferred, with the words it was read from."""
    words: dict[int, dict] = {}
    for row in initiative.sdg_evidence:
        reading = words.setdefault(row["number"], {"source": row["source"], "words": []})
        if row["text"] not in reading["words"]:
            reading["words"].append(row["text"])
    return [
        {"sdg": sdg, **words.get(sdg.number, {"source": "editor", "words": []})}
        for sdg in initiative.prefetched_sdgs
    ]


def _words_of(paragraph, initiative: Initiative, field: str, value: str) -> list[str]:
    """The distinct words read as ``value`` of ``field``: inside the initiative, else in the words
    before it that it shares (the announcement of a list it is an item of)."""
    read = [e for e in paragraph.evidence.all() if e.field == field and e.value == value]
    inside = [e.text for e in read if initiative.start <= e.start and e.end <= initiative.end]
    return list(dict.fromkeys(inside or [e.text for e in read if e.end <= initiative.start]))
