"""Language versions of one document: paragraphs aligned by number, initiatives reconciled, on
a short report written in Chinese and in English (tests/fixtures/versions/)."""

import pytest

from ingest.alignment import paragraphs_align
from ingest.reextraction import documents_reextract
from ingest.services import document_ingest
from initiatives.facets import initiative_facets
from initiatives.filters import InitiativeFilterSet
from initiatives.models import Document, Initiative, Paragraph
from tests.conftest import FIXTURES

VERSIONS = FIXTURES / "versions"
CHINESE = VERSIONS / "A-80-901_zh.txt"
ENGLISH = VERSIONS / "A-80-901_en.txt"
ENGLISH_MISSING_7 = VERSIONS / "A-80-901_en_missing_paragraph.txt"


def counted(document: Document) -> list[Initiative]:
    return list(Initiative.objects.filter(paragraph__document=document, is_active=True))


def by_number(document: Document) -> dict[int, list[Initiative]]:
    found: dict[int, list[Initiative]] = {}
    for initiative in Initiative.objects.filter(paragraph__document=document).select_related("paragraph"):
        found.setdefault(initiative.paragraph.number, []).append(initiative)
    return found


class TestParagraphsAlign:
    def test_it_pairs_numbered_paragraphs_by_number_whatever_their_order(self):
        # The English version has a heading paragraph the Chinese one lacks: orders shift, numbers do not.
        alignment = paragraphs_align(
            [(1, 1), (2, 2), (3, 3)], [(1, 1), (2, 2), (4, 3)], languages=("zh", "en")
        )
        assert alignment.pairs == [(1, 1), (2, 2), (3, 4)]
        assert alignment.flags == []

    def test_it_flags_a_number_missing_in_one_version_and_the_different_counts(self):
        alignment = paragraphs_align([(1, 1), (2, 2), (3, 3)], [(1, 1), (2, 3)], languages=("zh", "en"))
        assert alignment.pairs == [(1, 1), (3, 2)]
        assert {"code": "missing_number", "number": 2, "language": "en"} in alignment.flags
        assert {"code": "paragraph_count", "counts": {"zh": 3, "en": 2}} in alignment.flags

    def test_it_pairs_unnumbered_preambular_paragraphs_by_order_and_flags_a_longer_preamble(self):
        primary = [(1, None), (2, None), (3, 1), (4, None), (5, 2)]
        other = [(1, None), (2, None), (3, None), (4, 1), (5, None), (6, 2)]
        alignment = paragraphs_align(primary, other, languages=("zh", "en"))
        assert alignment.pairs == [(1, 1), (2, 2), (3, 4), (4, 5), (5, 6)]
        assert {"code": "unnumbered_count", "after": 0, "counts": {"zh": 2, "en": 3}} in alignment.flags

    def test_it_flags_a_number_printed_twice(self):
        alignment = paragraphs_align([(1, 1), (2, 2)], [(1, 1), (2, 1), (3, 2)], languages=("zh", "en"))
        assert {"code": "duplicate_number", "number": 1, "language": "en"} in alignment.flags
        assert alignment.pairs == [(1, 1), (2, 3)]


@pytest.mark.django_db
class TestTwoVersions:
    @pytest.fixture(params=["chinese_first", "english_first"])
    def versions(self, request, bundled):
        order = [CHINESE, ENGLISH] if request.param == "chinese_first" else [ENGLISH, CHINESE]
        for path in order:
            document_ingest(path=path)
        documents = Document.objects.filter(symbol="A/80/901")
        return {d.language: d for d in documents}

    def test_it_aligns_every_paragraph_by_its_number_without_flags(self, versions):
        zh, en = versions["zh"], versions["en"]
        assert en.version_of == zh and zh.version_of is None
        assert en.alignment_flags == []
        for paragraph in Paragraph.objects.filter(document=en):
            assert paragraph.version_of.number == paragraph.number
            assert paragraph.version_of.document == zh

    def test_it_counts_an_initiative_read_in_both_versions_once(self, versions):
        zh, en = versions["zh"], versions["en"]
        zh_numbers, en_numbers = set(by_number(zh)), set(by_number(en))
        assert {4, 6, 7} <= zh_numbers & en_numbers
        # One counted initiative per paragraph that yields one in either version.
        counted_numbers = sorted(i.paragraph.number for i in counted(zh) + counted(en))
        assert counted_numbers == sorted(zh_numbers | en_numbers)
        filtered = InitiativeFilterSet(
            {"document": "A/80/901"}, queryset=Initiative.objects.filter(is_active=True)
        )
        assert filtered.qs.count() == len(zh_numbers | en_numbers)
        facets = initiative_facets(filtered.qs)
        ifad = next(row for row in facets["agencies"] if row["code"] == "IFAD")
        assert ifad["count"] == 1

    def test_it_merges_the_english_initiative_into_the_chinese_one_with_its_words(self, versions):
        zh, en = versions["zh"], versions["en"]
        [vaccines] = by_number(zh)[6]
        [english] = by_number(en)[6]
        assert vaccines.is_active and not english.is_active
        assert english.version_of == vaccines
        assert vaccines.translations["en"]["id"] == english.pk
        assert "2 million doses of vaccines" in vaccines.translations["en"]["text"]
        assert vaccines.version_differences == []

    def test_it_lists_the_amount_that_differs_between_versions_for_review(self, versions):
        [ifad] = by_number(versions["zh"])[4]
        assert ifad.version_differences == [
            {"field": "funding", "values": {"zh": "1500000.00", "en": "1200000.00"}}
        ]
        # Neither amount is dropped: the primary keeps its own, the English one stays on its version.
        assert ifad.funding_usd == 1500000
        assert by_number(versions["en"])[4][0].funding_usd == 1200000

    def test_it_lists_an_initiative_read_in_one_version_only(self, versions):
        zh, en = versions["zh"], versions["en"]
        only_zh = set(by_number(zh)) - set(by_number(en))
        only_en = set(by_number(en)) - set(by_number(zh))
        for number in only_zh:
            [alone] = by_number(zh)[number]
            assert alone.is_active
            assert alone.version_differences == [
                {"field": "initiative", "found_in": ["zh"], "missing_in": ["en"]}
            ]
        for number in only_en:
            [alone] = by_number(en)[number]
            assert alone.is_active and alone.version_of is None
            assert alone.version_differences == [
                {"field": "initiative", "found_in": ["en"], "missing_in": ["zh"]}
            ]

    def test_reextraction_of_either_version_gives_the_same_reconciliation(self, versions):
        zh, en = versions["zh"], versions["en"]

        def state():
            rows = Initiative.objects.filter(paragraph__document__in=[zh, en]).order_by("pk")
            return list(
                rows.values_list("pk", "is_active", "version_of", "translations", "version_differences")
            )

        before = state()
        documents_reextract(documents=[en])
        assert state() == before
        documents_reextract(documents=[zh])
        assert state() == before

    def test_deleting_the_primary_version_counts_the_other_on_its_own_again(self, versions):
        zh, en = versions["zh"], versions["en"]
        zh.delete()
        assert len(counted(en)) == Initiative.objects.filter(paragraph__document=en).count() > 0


@pytest.mark.django_db
def test_a_version_with_a_missing_paragraph_is_flagged_and_the_rest_aligned(bundled):
    document_ingest(path=CHINESE)
    result = document_ingest(path=ENGLISH_MISSING_7)
    # The one who ingests it is told, as well as the pages and the API.
    assert result.warnings[-2:] == [
        "A/80/901 (en) against A/80/901 (zh): the versions have different numbers of paragraphs (zh 10, en 9)",
        "A/80/901 (en) against A/80/901 (zh): paragraph 7 is missing from the en version",
    ]
    en = Document.objects.get(symbol="A/80/901", language="en")
    assert en.alignment_flags == [
        {"code": "paragraph_count", "counts": {"zh": 10, "en": 9}},
        {"code": "missing_number", "number": 7, "language": "en"},
    ]
    aligned = Paragraph.objects.filter(document=en, version_of__isnull=False)
    assert sorted(aligned.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 8, 9, 10]
    # Paragraph 7's initiative (UNICEF) is counted once, from the Chinese version, and said to be in it alone.
    [unicef] = by_number(Document.objects.get(symbol="A/80/901", language="zh"))[7]
    assert unicef.is_active
    assert unicef.version_differences == [{"field": "initiative", "found_in": ["zh"], "missing_in": ["en"]}]


@pytest.mark.django_db
def test_a_document_without_another_version_is_left_as_it_was(bundled):
    report = bundled["A/76/403"]
    assert report.version_of is None and report.alignment_flags == []
    assert not Initiative.objects.filter(paragraph__document=report, version_of__isnull=False).exists()
    assert not Initiative.objects.filter(paragraph__document=report).exclude(version_differences=[]).exists()


REPORT_EN = FIXTURES / "reports" / "A-76-403_en.txt"


@pytest.mark.django_db
class TestTheBundledReportWithItsEnglishVersion:
    @pytest.fixture
    def report(self, bundled):
        zh = bundled["A/76/403"]
        before = Initiative.objects.filter(paragraph__document=zh, is_active=True).count()
        document_ingest(path=REPORT_EN)
        en = Document.objects.get(symbol="A/76/403", language="en")
        zh.refresh_from_db()
        return zh, en, before

    def test_every_paragraph_aligns_with_the_same_number(self, report):
        zh, en, _ = report
        assert en.version_of == zh and en.alignment_flags == []
        pairs = Paragraph.objects.filter(document=en).values_list("number", "version_of__number")
        assert len(pairs) == 86
        assert all(number == theirs for number, theirs in pairs)

    def test_the_english_version_adds_no_initiative_read_in_the_chinese_one(self, report):
        zh, en, before = report
        merged = Initiative.objects.filter(paragraph__document=en, version_of__isnull=False)
        alone = Initiative.objects.filter(paragraph__document=en, is_active=True)
        # The English extraction reads the same initiatives: all but one of them merge.
        assert merged.count() == before and alone.count() <= 1
        assert not merged.filter(is_active=True).exists()
        # The Chinese initiatives are all still counted; the English ones add only what Chinese lacks.
        assert Initiative.objects.filter(paragraph__document=zh, is_active=True).count() == before
        for initiative in alone:
            assert initiative.version_differences == [
                {"field": "initiative", "found_in": ["en"], "missing_in": ["zh"]}
            ]
        listed = InitiativeFilterSet(
            {"document": "A/76/403"}, queryset=Initiative.objects.filter(is_active=True)
        )
        assert listed.qs.count() == before + alone.count()
        # Each merged pair sits in paragraphs of the same number.
        for initiative in merged.select_related("paragraph", "version_of__paragraph"):
            assert initiative.paragraph.number == initiative.version_of.paragraph.number

    def test_the_side_by_side_page_shows_both_versions(self, report, client, django_assert_max_num_queries):
        zh, en, _ = report
        # A few queries for the page, none per paragraph.
        with django_assert_max_num_queries(20):
            response = client.get(f"/documents/{en.pk}/versions/", HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
        assert response.status_code == 200
        rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
        assert len(rows) == 86
        first = rows[0]
        assert "The present report is submitted pursuant to General Assembly" in first
        assert "本报告是根据大会第 75/234 号决议提交的" in first
        assert "No counterpart in this version." not in html
