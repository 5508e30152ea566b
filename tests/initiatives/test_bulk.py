"""Inserting many new rows at once: every instance gets the id its row was stored under."""

import pytest

from initiatives.bulk import objects_insert, rows_insert
from initiatives.models import Document, Evidence, Paragraph

pytestmark = pytest.mark.django_db


def copies_of(document: Document, *, into: Document) -> list[Paragraph]:
    """The report's paragraphs as new instances of another document, not yet saved."""
    return [
        Paragraph(
            document=into,
            order=p.order,
            number=p.number,
            section=p.section,
            text=p.text,
            footnotes=p.footnotes,
            years=p.years,
        )
        for p in document.paragraphs.order_by("order")
    ]


def test_each_inserted_paragraph_holds_the_id_of_its_stored_row(bundled):
    report = bundled["A/76/403"]
    copy = Document.objects.create(title="copy", content_hash="0" * 64, source_name="copy.txt")
    paragraphs = copies_of(report, into=copy)

    objects_insert(paragraphs)

    assert all(not p._state.adding for p in paragraphs)
    stored = dict(Paragraph.objects.filter(document=copy).values_list("pk", "text"))
    assert stored == {p.pk: p.text for p in paragraphs}
    first = Paragraph.objects.get(pk=paragraphs[40].pk)
    original = report.paragraphs.get(order=paragraphs[40].order)
    assert (first.number, first.section, first.footnotes) == (
        original.number,
        original.section,
        original.footnotes,
    )


def test_ids_are_not_given_again_after_the_newest_rows_are_deleted(bundled):
    report = bundled["A/76/403"]
    copy = Document.objects.create(title="copy", content_hash="1" * 64, source_name="copy.txt")
    first = copies_of(report, into=copy)[:5]
    objects_insert(first)
    Paragraph.objects.filter(pk__in=[p.pk for p in first]).delete()

    again = copies_of(report, into=copy)[:5]
    objects_insert(again)

    assert min(p.pk for p in again) > max(p.pk for p in first)
    assert list(copy.paragraphs.order_by("pk").values_list("pk", "order")) == [(p.pk, p.order) for p in again]


def test_rows_keep_their_text_exactly(bundled):
    paragraph = bundled["A/76/403"].paragraphs.order_by("order").first()
    awkward = ["tab\there", "new\nline", "back\\slash", "引号'\"", "\\N", ""]
    rows = [(paragraph.pk, "theme", i, i + 1, text, "SDG") for i, text in enumerate(awkward)]

    rows_insert(Evidence, ("paragraph", "field", "start", "end", "text", "value"), rows)

    stored = Evidence.objects.filter(paragraph=paragraph, value="SDG").order_by("start")
    assert list(stored.values_list("text", flat=True)) == awkward
