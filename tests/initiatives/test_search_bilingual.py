"""Search across English and Chinese: the lexicon, stemming, and what an initiative matches by.

The Chinese corpus is the bundled 2021 report (A/76/403); the English one a short report in UN
layout written for these tests (tests/fixtures/search_english_report.txt). Each example query of
the issue is tried in both directions: an English query must find exactly the Chinese paragraphs
that hold one of its Chinese equivalents, and a Chinese query the English paragraphs that hold
the English term.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from ingest.services import document_ingest
from initiatives.models import Initiative, Paragraph
from initiatives.search import filter_initiatives, parse_query, search_paragraphs, snippet
from initiatives.search.backends import SubstringBackend, backend
from initiatives.search.lexicon import LEXICON_FILE, equivalents
from initiatives.search.text import normalise
from tests.conftest import to_traditional

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "tests" / "fixtures" / "search_english_report.txt"
CHINESE = "A/76/403"
ENGLISH_SYMBOL = "A/78/998"

# The example queries with their Chinese equivalents, each in the lexicon.
EXAMPLES = {
    "food security": ["粮食安全"],
    "vaccine": ["疫苗"],
    "climate": ["气候"],
    "trust fund": ["信托基金"],
    "triangular cooperation": ["三方合作", "三角合作"],
    "hackathon": ["黑客松", "黑客马拉松"],
    "remittances": ["侨汇", "汇款"],
}


@pytest.fixture
def english(bundled):
    document_ingest(path=ENGLISH, symbol=ENGLISH_SYMBOL, language="en")
    return {
        p.number: p for p in Paragraph.objects.filter(document__symbol=ENGLISH_SYMBOL, number__isnull=False)
    }


def native_only():
    if isinstance(backend(), SubstringBackend):
        pytest.skip("the substring fallback does not stem English words")


def numbers(symbol: str, raw: str) -> set[int]:
    scope = Paragraph.objects.filter(document__symbol=symbol, number__isnull=False)
    return set(scope.filter(pk__in=search_paragraphs(raw, scope).ids).values_list("number", flat=True))


def holding(symbol: str, forms: list[str]) -> set[int]:
    """Numbered paragraphs whose normalised text holds one of the forms: the yardstick."""
    scope = Paragraph.objects.filter(document__symbol=symbol, number__isnull=False)
    wanted = [normalise(form) for form in forms]
    return {p.number for p in scope if any(form in normalise(p.text) for form in wanted)}


@pytest.mark.parametrize("english_term", EXAMPLES)
def test_the_lexicon_gives_each_example_term_its_chinese_and_back(english_term):
    chinese = EXAMPLES[english_term]
    assert set(chinese) <= set(equivalents(english_term))
    for form in chinese:
        assert english_term in [normalise(e) for e in equivalents(form)]


def test_the_lexicon_keeps_synonyms_within_a_language():
    assert "三方合作" in equivalents("三角合作")
    assert "知识共享" in equivalents("知识分享")
    assert "汇款" in equivalents("侨汇")


def test_the_lexicon_file_is_what_the_script_builds_from_its_sources():
    spec = importlib.util.spec_from_file_location("build_lexicon", ROOT / "scripts" / "build_lexicon.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    built = [g for g in script.reference_groups() + script.term_groups() if g["en"] and g["zh"]]
    assert json.loads(LEXICON_FILE.read_text(encoding="utf-8"))["groups"] == built
    sources = {group["source"].split(":")[0] for group in built}
    assert sources == {"agency", "country", "region", "programme", "sdg", "theme", "term"}


@pytest.mark.parametrize("english_term", EXAMPLES)
def test_an_english_query_finds_the_chinese_paragraphs_that_hold_its_equivalents(bundled, english_term):
    expected = holding(CHINESE, EXAMPLES[english_term])
    assert expected, english_term
    assert numbers(CHINESE, english_term) == expected


@pytest.mark.parametrize(
    ("chinese", "english_numbers"),
    [
        ("粮食安全", {1, 4}),
        ("疫苗", {2}),
        ("气候", {6}),
        ("信托基金", {4}),
        ("三方合作", {6}),
        ("黑客松", {3}),
        ("汇款", {5}),
    ],
)
def test_a_chinese_query_finds_the_english_paragraphs_that_hold_the_term(english, chinese, english_numbers):
    assert numbers(ENGLISH_SYMBOL, chinese) == english_numbers


def test_a_synonym_finds_what_its_other_form_finds(bundled):
    found = numbers(CHINESE, "三角合作")
    assert found == numbers(CHINESE, "三方合作") == holding(CHINESE, ["三方合作"])
    assert len(found) > 40


def test_an_english_word_finds_its_other_forms_by_their_stem(english):
    native_only()
    assert numbers(ENGLISH_SYMBOL, "vaccines") == {2}  # the text says vaccine and vaccination
    assert numbers(ENGLISH_SYMBOL, "financing") == {1, 4, 5}  # finance, financed
    assert numbers(ENGLISH_SYMBOL, "hackathons") == {3}
    assert numbers(ENGLISH_SYMBOL, "officials") == {6}


def test_a_stemmed_match_is_marked_in_the_snippet(english):
    native_only()
    assert "<mark>vaccine</mark>" in snippet(english[2].text, "vaccines")


def test_chinese_text_keeps_its_substring_recall_beside_the_lexicon(bundled):
    # A part of a word is no lexicon form and finds every paragraph that holds it.
    assert numbers(CHINESE, "合作办公") == holding(CHINESE, ["合作办公"])
    assert numbers(CHINESE, "三方") == holding(CHINESE, ["三方"])


def test_an_english_phrase_of_several_words_is_one_term():
    query = parse_query("food security Malawi")
    assert [term.text for term in query.terms] == ["food security", "malawi"]
    assert query.readings[0] == ("food security", ("粮食安全",))


def _initiatives(raw: str) -> list[Initiative]:
    scope = Initiative.objects.filter(paragraph__document__symbol=CHINESE, is_active=True)
    return list(filter_initiatives(scope, raw).select_related("paragraph"))


def test_an_initiative_is_found_by_its_own_sentences_not_by_its_paragraph(bundled):
    found = _initiatives("黑客松")
    assert found and all("黑客松" in i.text or "黑客松" in i.title for i in found)
    # The paragraph that mentions it records other initiatives, which are not found.
    paragraph = found[0].paragraph
    others = paragraph.initiatives.filter(is_active=True).exclude(pk__in=[i.pk for i in found])
    assert others.exists()
    assert not any("黑客松" in i.text for i in others)


@pytest.mark.parametrize("raw", ["Rwanda", "卢旺达"])
def test_an_initiative_found_by_a_country_names_it_or_is_linked_to_it(bundled, raw):
    found = _initiatives(raw)
    assert found
    for initiative in found:
        named = "卢旺达" in initiative.text or "卢旺达" in initiative.title
        assert named or initiative.countries.filter(iso3="RWA").exists(), initiative.title
    paragraph = Paragraph.objects.get(document__symbol=CHINESE, number=55)
    silent = [i for i in paragraph.initiatives.filter(is_active=True) if "卢旺达" not in i.text]
    assert silent and not {i.pk for i in silent if not i.countries.filter(iso3="RWA").exists()} & {
        i.pk for i in found
    }


def test_words_outside_every_initiative_find_no_initiative_but_their_paragraph(bundled):
    assert _initiatives("粮食安全") == []
    assert _initiatives("food security") == []
    assert numbers(CHINESE, "粮食安全") == holding(CHINESE, ["粮食安全"]) != set()


def test_the_initiatives_page_says_how_the_query_was_read_in_both_languages(client, bundled):
    english_page = client.get("/initiatives/?q=food+security", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "food security: also searched 粮食安全" in english_page
    chinese_page = client.get("/initiatives/?q=粮食安全", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "粮食安全：同时搜索了 food security" in chinese_page


def test_the_initiatives_page_links_to_the_paragraphs_when_no_initiative_holds_the_words(client, bundled):
    response = client.get("/initiatives/?q=粮食安全", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    [paragraph] = response.context["search_notes"].elsewhere
    assert paragraph.document.symbol == CHINESE and "粮食安全" in paragraph.text
    assert f"/documents/{paragraph.document_id}/?at={paragraph.order}#" in page
    assert "They occur in 1 paragraph" in page
    assert "No initiative matches this selection" not in page
    found = client.get("/initiatives/?q=黑客松", HTTP_ACCEPT_LANGUAGE="en").context["search_notes"]
    assert found.elsewhere == []


def test_the_api_list_says_how_the_query_was_read(client, bundled):
    page = client.get("/api/v1/paragraphs/", {"q": "三角合作"}).json()
    assert page["query_reading"] == [{"term": "三角合作", "also": ["triangular cooperation", "三方合作"]}]
    assert page["count"] == client.get("/api/v1/paragraphs/", {"q": "三方合作"}).json()["count"] > 40
    assert client.get("/api/v1/initiatives/").json()["query_reading"] == []


def test_a_country_named_in_english_finds_its_links_not_substrings_of_its_chinese_name(bundled):
    # 中国 occurs inside 发展中国家: the links made by extraction decide, not the substring.
    scope = Paragraph.objects.filter(document__symbol=CHINESE, number__isnull=False)
    linked = set(scope.filter(countries__iso3="CHN").values_list("number", flat=True))
    assert numbers(CHINESE, "China") == linked
    assert linked < holding(CHINESE, ["中国"])
    assert "中国" in parse_query("China").readings[0][1]


def test_a_country_named_in_chinese_finds_the_english_paragraph_that_names_it(english):
    assert numbers(ENGLISH_SYMBOL, "卢旺达") == {2}
    assert numbers(ENGLISH_SYMBOL, "加纳") == {2}


def test_an_initiative_written_in_traditional_script_is_found_by_its_simplified_name(bundled):
    initiative = next(i for i in _initiatives("卢旺达") if "卢旺达" in i.text)
    Initiative.objects.filter(pk=initiative.pk).update(text=to_traditional(initiative.text))
    initiative.countries.clear()
    initiative.refresh_from_db()
    assert "盧旺達" in initiative.text
    assert initiative.pk in {i.pk for i in _initiatives("卢旺达")}


ENGLISH_VERSION = ROOT / "tests" / "fixtures" / "reports" / "A-76-403_en.txt"


def test_each_example_finds_the_same_report_in_the_other_language(bundled):
    # The English version of A/76/403, in UN PDF layout: a Chinese query finds its English
    # paragraphs (at least those holding the English term, at most those holding its stem), and
    # the hackathon of paragraph 12 is found from either language in either version.
    document_ingest(path=ENGLISH_VERSION, symbol=CHINESE, language="en")
    version = Paragraph.objects.filter(
        document__symbol=CHINESE, document__language="en", number__isnull=False
    )

    def found(raw: str) -> set[int]:
        return set(
            version.filter(pk__in=search_paragraphs(raw, version).ids).values_list("number", flat=True)
        )

    def holding_english(text: str) -> set[int]:
        return {p.number for p in version if text.casefold() in p.text.casefold()}

    for english_term, chinese in EXAMPLES.items():
        least = holding_english(english_term)
        most = holding_english(english_term.split()[0][:6]) if backend().name != "substring" else least
        assert least, english_term
        assert least <= found(chinese[0]) <= most, english_term
    chinese_version = Paragraph.objects.filter(document__symbol=CHINESE, document__language="zh")
    in_chinese = set(
        chinese_version.filter(pk__in=search_paragraphs("hackathon", chinese_version).ids).values_list(
            "number", flat=True
        )
    )
    assert found("黑客松") == in_chinese == {12}


def test_a_programmes_english_name_finds_the_chinese_paragraphs_that_name_it(bundled):
    chinese_names = ["粮农组织-中国南南合作信托基金", "粮农组织-中国信托基金", "粮农组织－中国信托基金"]
    expected = holding(CHINESE, chinese_names)
    assert expected
    assert expected <= numbers(CHINESE, "FAO-China Trust Fund")
