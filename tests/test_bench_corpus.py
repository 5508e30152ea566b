"""The benchmarks' corpus generator writes initiatives that the site reads like ingested ones."""

import pytest
from django.db import connection

from bench.corpus import SOURCE_PREFIX, initiatives_ensure, synthetic_paragraphs
from initiatives.facets import initiative_facets
from initiatives.models import Document, Initiative, Paragraph
from initiatives.revisions import revision_bump


def active_count() -> int:
    return initiative_facets(Initiative.objects.filter(is_active=True))["count"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synthetic initiatives are written with COPY")
def test_synthetic_initiatives_copy_every_column_of_a_real_one_and_are_counted_in_the_facets(bundled):
    document = Document.objects.create(
        title="Synthetic corpus 1",
        symbol="BENCH/1",
        kind=Document.Kind.TEXT,
        year=2021,
        content_hash="bench-test",
        source_name=f"{SOURCE_PREFIX}1",
        original_text="",
    )
    Paragraph.objects.bulk_create(
        Paragraph(document=document, order=n, number=n, text=f"第 {n} 段。") for n in range(1, 21)
    )
    before = active_count()

    initiatives_ensure(total=60)
    revision_bump()  # as the benchmarks do: COPY passes by the writes that move it on

    synthetic = Initiative.objects.filter(paragraph__in=synthetic_paragraphs())
    assert synthetic.count() == 60
    assert all(i.translations is not None and i.version_differences == [] for i in synthetic)
    assert synthetic.filter(agencies__isnull=False).exists()
    assert active_count() == before + 60
