"""Pages of the language versions of one document: the initiative seen in each version, and a
document's versions side by side, paragraph by paragraph (aligned by ``ingest.alignment``)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..highlight import highlight_html, paragraph_highlights
from ..models import Document, Initiative, Paragraph
from ..versions import (
    alignment_flags_shown,
    differences_shown,
    document_versions,
    html_lang,
    initiative_shown,
    reader_reads,
)

# Paragraphs of the primary version on one page of the side-by-side reader.
SIDE_BY_SIDE_PAGE = 100


def merged_into(pk: int) -> int | None:
    """The counted initiative that an initiative of another language version was merged into."""
    return Initiative.objects.filter(pk=pk, is_active=False).values_list("version_of_id", flat=True).first()


def _evidence_rows(paragraph: Paragraph, highlights: list) -> list[dict]:
    rows: dict[tuple[str, str], dict] = {}
    for h in highlights:
        key = (paragraph.text[h.start : h.end], h.label)
        rows.setdefault(key, {"text": key[0], "label": h.label, "field": h.field})
    return list(rows.values())


def _version_column(initiative: Initiative) -> dict:
    """One version of an initiative: its paragraph with what was read highlighted, and its evidence."""
    paragraph = initiative.paragraph
    highlights = paragraph_highlights(paragraph)
    return {
        "initiative": initiative,
        "paragraph": paragraph,
        "language": paragraph.document.language,
        "lang": html_lang(paragraph.document.language),
        "html": highlight_html(
            text=paragraph.text, highlights=highlights, focus=(initiative.start, initiative.end)
        ),
        "evidence": _evidence_rows(paragraph, highlights),
    }


def initiative_versions_context(initiative: Initiative) -> dict:
    """What the initiative page adds for the versions: its title in the reader's language, the
    two versions side by side with their evidence, and the values they differ in."""
    ids = [version["id"] for version in (initiative.translations or {}).values()]
    others = (
        Initiative.objects.filter(pk__in=ids)
        .select_related("paragraph__document")
        .defer("paragraph__document__original_text")
        .prefetch_related("paragraph__evidence", "paragraph__amounts")
    )
    columns = [_version_column(initiative), *(_version_column(other) for other in others)]
    # The reader's language on the left.
    columns.sort(key=lambda column: not reader_reads(column["language"]))
    return {
        "shown": initiative_shown(initiative),
        "version_columns": columns if len(columns) > 1 else [],
        "version_differences": differences_shown(initiative.version_differences),
    }


@require_safe
def document_side_by_side(request, pk: int):
    """Two versions of a document, paragraph by paragraph: the primary's paragraphs in order, each
    with its counterpart, then the other version's paragraphs that have none."""
    document = get_object_or_404(
        Document.objects.select_related("version_of").defer("original_text", "version_of__original_text"),
        pk=pk,
    )
    versions = document_versions(document)
    primary = versions[0]
    chosen = request.GET.get("with", "")
    others = [v for v in versions[1:] if str(v.pk) == chosen] or versions[1:2]
    if not others:
        return render(
            request, "initiatives/document_versions.html", {"document": document, "versions": versions}
        )
    other = others[0]
    paragraphs = (
        Paragraph.objects.filter(document=primary)
        .order_by("order")
        .only("pk", "document_id", "order", "number", "text")
    )
    page = Paginator(paragraphs, SIDE_BY_SIDE_PAGE).get_page(request.GET.get("page"))
    counterparts = {
        p.version_of_id: p
        for p in Paragraph.objects.filter(document=other, version_of__in=list(page.object_list)).only(
            "pk", "document_id", "order", "number", "text", "version_of_id"
        )
    }
    # The reader's language on the left.
    left_first = reader_reads(primary.language) or not reader_reads(other.language)
    columns = [primary, other] if left_first else [other, primary]
    langs = [html_lang(d.language) for d in columns]
    rows = []
    for paragraph in page.object_list:
        pair = [paragraph, counterparts.get(paragraph.pk)]
        rows.append(
            [
                {"paragraph": p, "lang": lang}
                for p, lang in zip(pair if left_first else pair[::-1], langs, strict=True)
            ]
        )
    unaligned = []
    if not page.has_next():
        unaligned = list(Paragraph.objects.filter(document=other, version_of__isnull=True).order_by("order"))
    context = {
        "document": document,
        "versions": versions,
        "columns": columns,
        "rows": rows,
        "page": page,
        "other": other,
        "unaligned": unaligned,
        "flags": alignment_flags_shown(other.alignment_flags),
    }
    return render(request, "initiatives/document_versions.html", context)


def document_versions_context(document: Document) -> dict:
    """What the document reader adds for the versions: its languages and what the alignment found."""
    versions = document_versions(document)
    flags = [flag for version in versions[1:] for flag in alignment_flags_shown(version.alignment_flags)]
    return {"versions": versions, "alignment_flags": flags}
