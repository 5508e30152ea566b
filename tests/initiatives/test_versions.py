"""Pages and API records of a document ingested in Chinese and in English: each reader sees the
version in their language, both side by side, and what the versions differ in."""

import re

import pytest
from django.urls import reverse

from ingest.services import document_ingest
from initiatives.models import Document, Initiative
from tests.conftest import FIXTURES

VERSIONS = FIXTURES / "versions"


def page(client, url, language="en"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def versions(bundled):
    document_ingest(path=VERSIONS / "A-80-901_en.txt")
    document_ingest(path=VERSIONS / "A-80-901_zh.txt")
    return {d.language: d for d in Document.objects.filter(symbol="A/80/901")}


def initiative_in(document: Document, number: int) -> Initiative:
    return Initiative.objects.get(paragraph__document=document, paragraph__number=number)


@pytest.mark.django_db
class TestPages:
    def test_the_english_interface_shows_the_english_title_and_the_chinese_one_the_chinese(
        self, client, versions
    ):
        vaccines = initiative_in(versions["zh"], 6)
        url = reverse("initiative", args=[vaccines.pk])
        english = page(client, url, "en")
        assert '<h1 lang="en">WHO: provided 2 million doses of vaccine' in english
        chinese = page(client, url, "zh-hans")
        assert '<h1 lang="zh-Hans">世卫组织：提供 200 万剂疫苗</h1>' in chinese

    def test_a_chinese_title_without_an_english_version_is_marked_as_chinese(self, client, versions):
        # Paragraph 3 yields an initiative in the Chinese version only.
        alone = initiative_in(versions["zh"], 3)
        assert not alone.translations
        html = page(client, reverse("initiative", args=[alone.pk]), "en")
        assert f'<h1 lang="zh-Hans">{alone.title}</h1>' in html
        assert "Chinese: found; English: not found" in html

    def test_the_initiative_page_shows_both_paragraphs_side_by_side_and_the_amount_that_differs(
        self, client, versions
    ):
        ifad = initiative_in(versions["zh"], 4)
        html = page(client, reverse("initiative", args=[ifad.pk]), "en")
        section = re.sub(r"<[^>]+>", "", html.split('id="versions-heading"')[1])
        section_tags = html.split('id="versions-heading"')[1]
        # The reader's language first.
        assert section_tags.index('lang="en"') < section_tags.index('lang="zh-Hans"')
        assert "China-IFAD South-South and Triangular Cooperation Facility" in section
        assert "中国－农发基金南南和三方合作基金" in section
        differences = html.split('id="differences-heading"')[1].split("</section>")[0]
        assert "Funding" in differences
        assert "Chinese: US$1.5 million; English: US$1.2 million" in differences

    def test_the_merged_english_initiative_leads_to_the_one_counted(self, client, versions):
        english = initiative_in(versions["en"], 6)
        response = client.get(reverse("initiative", args=[english.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("initiative", args=[english.version_of_id])

    def test_the_initiative_list_shows_each_initiative_once_in_the_readers_language(self, client, versions):
        html = page(client, reverse("initiatives") + "?document=A/80/901", "en")
        assert html.count("WHO: provided 2 million doses of vaccine") == 1
        assert "世卫组织：提供 200 万剂疫苗" not in html
        chinese = page(client, reverse("initiatives") + "?document=A/80/901", "zh-hans")
        assert chinese.count("世卫组织：提供 200 万剂疫苗") == 1

    def test_the_document_reader_names_its_languages_and_links_the_english_initiatives_to_the_counted_ones(
        self, client, versions
    ):
        zh, en = versions["zh"], versions["en"]
        html = page(client, reverse("document", args=[en.pk]), "en")
        assert '<article class="reader" lang="en">' in html
        assert f'href="{reverse("document", args=[zh.pk])}" hreflang="zh-Hans">Chinese</a>' in html
        assert reverse("document_versions", args=[en.pk]) in html
        assert reverse("initiative", args=[initiative_in(zh, 6).pk]) in html

    def test_the_side_by_side_reader_pairs_each_paragraph_with_its_counterpart(self, client, versions):
        html = page(client, reverse("document_versions", args=[versions["zh"].pk]), "zh-hans")
        rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
        assert len(rows) == 10
        assert (
            "世界卫生组织与印度合作" in rows[5]
            and "The World Health Organization, in cooperation with India" in rows[5]
        )
        # The Chinese interface puts the Chinese version first.
        assert rows[5].index("世界卫生组织") < rows[5].index("World Health Organization")


@pytest.mark.django_db
def test_the_side_by_side_reader_shows_a_missing_paragraph_and_the_flag(client, bundled):
    document_ingest(path=VERSIONS / "A-80-901_zh.txt")
    document_ingest(path=VERSIONS / "A-80-901_en_missing_paragraph.txt")
    zh = Document.objects.get(symbol="A/80/901", language="zh")
    html = page(client, reverse("document_versions", args=[zh.pk]), "en")
    assert "Paragraph 7 is missing from the English version." in html
    assert "The versions have different numbers of paragraphs: Chinese 10, English 9." in html
    row_7 = html.split("<tbody>")[1].split("<tr>")[7]
    assert "联合国儿童基金会" in row_7 and "No counterpart in this version." in row_7
    chinese = page(client, reverse("document", args=[zh.pk]), "zh-hans")
    assert "英文版本缺少第 7 段。" in chinese


@pytest.mark.django_db
class TestApi:
    def test_an_initiative_gives_its_text_in_each_language_and_the_differences(self, api, versions):
        ifad = initiative_in(versions["zh"], 4)
        record = api.get(f"/api/v1/initiatives/{ifad.pk}/").json()
        assert record["language"] == "zh"
        assert record["text"] == record["texts"]["zh"]
        assert "$1.2 million" in record["texts"]["en"]
        assert record["titles"]["en"].startswith("IFAD:")
        assert record["version_differences"] == [
            {"field": "funding", "values": {"zh": "1500000.00", "en": "1200000.00"}}
        ]

    def test_the_list_of_a_document_counts_each_initiative_once(self, api, versions):
        listed = api.get("/api/v1/initiatives/", {"document": "A/80/901", "page_size": 100}).json()
        numbers = [record["paragraph_number"] for record in listed["results"]]
        assert len(numbers) == len(set(numbers)) == listed["count"]
        facets = api.get("/api/v1/facets/", {"document": "A/80/901"}).json()
        assert facets["count"] == listed["count"]

    def test_a_document_says_which_languages_it_has_and_what_the_alignment_found(self, api, versions):
        zh, en = versions["zh"], versions["en"]
        record = api.get(f"/api/v1/documents/{en.pk}/").json()
        assert record["languages"] == ["zh", "en"]
        assert record["versions"] == [{"id": zh.pk, "language": "zh"}, {"id": en.pk, "language": "en"}]
        assert record["version_of"] == zh.pk and record["alignment_flags"] == []
        assert api.get(f"/api/v1/documents/{zh.pk}/").json()["languages"] == ["zh", "en"]
        report = api.get("/api/v1/documents/", {"q": "76/403"}).json()["results"][0]
        assert report["languages"] == ["zh"] and report["versions"] == [
            {"id": report["id"], "language": "zh"}
        ]

    def test_a_paragraph_names_its_counterpart_in_the_primary_version(self, api, versions):
        paragraph = initiative_in(versions["en"], 6).paragraph
        record = api.get(f"/api/v1/paragraphs/{paragraph.pk}/").json()
        assert record["version_of"] == initiative_in(versions["zh"], 6).paragraph_id
