"""The search contract, run on whichever database the settings select (SQLite or PostgreSQL).

The corpus is the 2021 Secretary-General report as ingestion stored, linked and indexed it
(the shared session fixture). Every case runs on the database's own backend and again on the
portable substring fallback; where the two differ by design, the case is skipped with the reason.
Substring matching over the same normalised texts is the yardstick for what a query must find.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from initiatives import search
from initiatives.models import Agency, Document, Initiative, Paragraph, SearchEntry
from initiatives.search import (
    RANK,
    backends,
    filter_initiatives,
    filter_paragraphs,
    index_paragraphs,
    parse_query,
    search_paragraphs,
    snippet,
)
from initiatives.search.backends import PostgresBackend, SqliteBackend, SubstringBackend, backend, postgres
from initiatives.search.text import normalise

SYMBOL = "A/76/403"


@pytest.fixture
def corpus(bundled) -> dict[int, Paragraph]:
    """The report's numbered paragraphs, by number, as ingestion stored and indexed them."""
    report = bundled[SYMBOL].paragraphs.filter(number__isnull=False)
    return {p.number: p for p in report}


@pytest.fixture(params=["native", "substring"])
def engine(request, corpus, db, monkeypatch):
    """The backend under test: the database's own, or the portable fallback."""
    if request.param == "substring":
        key = (connection.alias, str(connection.settings_dict["NAME"]))
        monkeypatch.setitem(backends._chosen, key, SubstringBackend())
    return backend()


def report() -> QuerySet:
    return Paragraph.objects.filter(document__symbol=SYMBOL, number__isnull=False)


def numbers(ids) -> list[int]:
    by_pk = dict(Paragraph.objects.filter(pk__in=ids).values_list("pk", "number"))
    return [by_pk[pk] for pk in ids]


def ranked(raw: str) -> list[int]:
    return numbers(search_paragraphs(raw, report()).ids)


def found(raw: str) -> set[int]:
    return set(ranked(raw))


def containing(corpus, text: str) -> set[int]:
    """What plain substring matching finds: the yardstick for recall and precision."""
    wanted = normalise(text)
    return {number for number, p in corpus.items() if wanted in normalise(p.text)}


def linked_to_agency(code: str) -> set[int]:
    return set(report().filter(agencies__code=code).values_list("number", flat=True))


def linked_to_country(iso3: str) -> set[int]:
    return set(report().filter(countries__iso3=iso3).values_list("number", flat=True))


def unlink_agency(paragraph: Paragraph, code: str) -> None:
    paragraph.agencies.remove(*Agency.objects.filter(code=code))


def retitle(paragraph: Paragraph, *titles: str) -> None:
    """Give the paragraph exactly these initiatives, and index it again."""
    paragraph.initiatives.all().delete()
    for order, title in enumerate(titles, start=1):
        Initiative.objects.create(
            paragraph=paragraph,
            order=order,
            title=title,
            start=0,
            end=len(paragraph.text),
            text=paragraph.text,
        )
    index_paragraphs([paragraph.pk])


@pytest.mark.parametrize(
    "raw",
    [
        "坦桑尼亚",
        "南南合作",
        "署",
        "农发基金",
        "罗非鱼",
        "黑客松",
        "COVID-19",
        "SSC/20/2",
        "Youth4South",
        "8 000 万",
        "日本国际协力机构",
        "亚太经社会",
        "作和三",
    ],
)
def test_it_finds_exactly_the_paragraphs_that_contain_the_query(engine, corpus, raw):
    expected = containing(corpus, raw)
    assert expected, f"the report contains {raw}"
    assert found(raw) == expected


@pytest.mark.parametrize(
    "filler",
    [
        pytest.param("发展" * 300, id="a character 300 times"),
        pytest.param("合作" * 8500, id="17,000 characters"),
    ],
)
def test_it_finds_a_phrase_late_in_a_very_long_paragraph(engine, corpus, filler):
    # A tsvector keeps 256 positions per lexeme and none past 16,383.
    text = filler + "罗非鱼养殖和发展署"
    document = Document.objects.create(
        title="长文", content_hash="search-contract-long", source_name="long.txt", original_text=text
    )
    paragraph = Paragraph.objects.create(document=document, order=1, text=text)
    assert index_paragraphs([paragraph.pk]) == 1
    assert paragraph.pk in search_paragraphs("展署").ids
    assert paragraph.pk in search_paragraphs("罗非鱼养殖").ids
    assert paragraph.pk not in search_paragraphs("罗非鱼发展").ids


def test_the_database_answers_with_its_own_backend(db):
    expected = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}[connection.vendor]
    assert isinstance(backend(), expected)


def test_it_finds_a_word_that_jiebas_dictionary_does_not_know(engine, corpus):
    assert found("罗非鱼") == {70}
    assert found("黑客松") == {12}


def test_it_finds_a_country_inside_its_long_official_name(engine, corpus):
    assert found("坦桑尼亚") == {57, 70}


def test_it_reads_full_width_latin_as_ascii(engine, corpus):
    assert found("ＣＯＶＩＤ－１９") == containing(corpus, "COVID-19")
    assert found("ＵＮＤＰ") == found("UNDP")


def test_it_finds_simplified_text_from_a_traditional_query(engine, corpus):
    assert found("開發署") == containing(corpus, "开发署") | linked_to_agency("UNDP")
    assert found("農發基金") == containing(corpus, "农发基金") | linked_to_agency("IFAD")


def test_it_finds_paragraphs_linked_to_an_agency_whatever_name_their_text_uses(engine, corpus):
    corpus[70].agencies.add(Agency.objects.get(code="UNDP"))
    assert containing(corpus, "UNDP") == set()
    assert 70 in linked_to_agency("UNDP")
    assert found("UNDP") == linked_to_agency("UNDP")
    assert found("united nations development programme") == linked_to_agency("UNDP")
    assert found("开发署") == containing(corpus, "开发署") | linked_to_agency("UNDP")
    assert found("联合国开发计划署") == containing(corpus, "联合国开发计划署") | linked_to_agency("UNDP")


def test_it_finds_a_linked_country_by_its_english_name(engine, corpus):
    assert 32 in linked_to_country("ETH")
    assert found("Ethiopia") == linked_to_country("ETH")
    assert found("埃塞俄比亚") == containing(corpus, "埃塞俄比亚") | linked_to_country("ETH")


def test_every_term_must_match(engine, corpus):
    expected = containing(corpus, "疫苗") & containing(corpus, "南南合作")
    assert expected < containing(corpus, "疫苗")
    assert found("疫苗 南南合作") == expected
    tanzania = containing(corpus, "坦桑尼亚") | linked_to_country("TZA")
    assert found("南南合作 坦桑尼亚") == containing(corpus, "南南合作") & tanzania == {57}


def test_a_quoted_phrase_matches_only_as_a_phrase(engine, corpus):
    phrase = containing(corpus, "南南发展")
    both = containing(corpus, "南南") & containing(corpus, "发展")
    assert phrase < both
    assert found('"南南 发展"') == phrase
    assert found("“南南 发展”") == phrase
    assert found("南南 发展") == both


def test_a_minus_sign_excludes_a_term(engine, corpus):
    expected = containing(corpus, "南南合作") - containing(corpus, "COVID-19")
    assert found("南南合作 -COVID-19") == expected
    assert found("-COVID-19") == set(corpus) - containing(corpus, "COVID-19")
    # Callers order by the rank even when only exclusions were typed.
    ordered = filter_paragraphs(report(), "-COVID-19").order_by(f"-{RANK}")
    assert set(numbers(list(ordered.values_list("pk", flat=True)))) == found("-COVID-19")


def test_excluding_an_agency_also_excludes_what_is_linked_to_it(engine, corpus):
    corpus[70].agencies.add(Agency.objects.get(code="UNDP"))
    expected = containing(corpus, "南南合作") - containing(corpus, "开发署") - linked_to_agency("UNDP")
    assert 70 not in found("南南合作 -UNDP")
    assert found("南南合作 -UNDP") == expected


@pytest.mark.parametrize("raw", ["", "   ", '"', "-", "((", "*", "AND OR NOT", "NEAR(x y)", "'; --", '"南'])
def test_a_malformed_query_does_not_raise(engine, corpus, raw):
    result = search_paragraphs(raw, report())
    if raw == '"南':
        # An unclosed quote closes at the end of the query.
        assert set(numbers(result.ids)) == containing(corpus, "南")
    else:
        assert result.ids == []
        assert result.count == 0


def test_a_blank_filter_leaves_the_queryset_alone_and_an_unsearchable_one_matches_nothing(engine, corpus):
    assert filter_paragraphs(report(), "  ").count() == len(corpus)
    assert filter_paragraphs(report(), "((").count() == 0


def test_the_paragraph_filter_composes_with_other_filters_and_orders_by_rank(engine, corpus):
    results = filter_paragraphs(report().filter(number__gt=50), "南南合作").filter(number__lt=80)
    assert {p.number for p in results} == {n for n in containing(corpus, "南南合作") if 50 < n < 80}
    ranks = list(results.values_list(RANK, flat=True))
    assert ranks == sorted(ranks, reverse=True)
    assert results.order_by(RANK).first().search_rank == min(ranks)


def test_a_paragraph_linked_to_the_named_agency_ranks_above_a_passing_mention(engine, corpus):
    corpus[9].agencies.add(Agency.objects.get(code="UNDP"))
    unlink_agency(corpus[27], "UNDP")
    order = ranked("开发署")
    linked = linked_to_agency("UNDP")
    assert set(order[: len(linked)]) == linked
    assert order.index(9) < order.index(27)


def test_many_mentions_rank_above_a_single_one(engine, corpus):
    # 55 names 开发署 three times, 27 once; neither is linked, so only the text ranks them.
    assert corpus[55].text.count("开发署") == 3 and corpus[27].text.count("开发署") == 1
    unlink_agency(corpus[55], "UNDP")
    unlink_agency(corpus[27], "UNDP")
    order = ranked("开发署")
    assert order.index(55) < order.index(27)


def test_an_initiative_title_lifts_its_paragraph_above_a_passing_mention(engine, corpus):
    retitle(corpus[57], "坦桑尼亚联合共和国人力和机构能力建设")
    retitle(corpus[70], "罗非鱼价值链小农户赠款")
    assert ranked("坦桑尼亚") == [57, 70]
    retitle(corpus[57], "乌干达人力和机构能力建设")
    retitle(corpus[70], "坦桑尼亚联合共和国罗非鱼价值链")
    assert ranked("坦桑尼亚") == [70, 57]


def test_the_initiative_filter_finds_initiatives_by_their_paragraph_and_ranks_titles_first(engine, corpus):
    retitle(corpus[57], "坦桑尼亚联合共和国人力和机构能力建设")
    retitle(corpus[70], "罗非鱼价值链小农户赠款")
    results = list(
        filter_initiatives(Initiative.objects.filter(paragraph__document__symbol=SYMBOL), "坦桑尼亚")
    )
    assert [i.paragraph.number for i in results] == [57, 70]
    assert results[0].search_rank > results[1].search_rank


def test_the_initiative_filter_finds_an_initiative_linked_to_the_named_country(engine, corpus):
    retitle(corpus[32], "沼气、生物量和太阳能三边合作")
    initiative = corpus[32].initiatives.get()
    initiative.countries.set([])
    corpus[32].countries.set([])
    assert not filter_initiatives(Initiative.objects.all(), "Ethiopia").filter(pk=initiative.pk).exists()
    initiative.countries.add(*corpus[32].countries.model.objects.filter(iso3="ETH"))
    assert filter_initiatives(Initiative.objects.all(), "Ethiopia").filter(pk=initiative.pk).exists()


def test_a_count_is_exact_even_when_the_ids_are_limited(engine, corpus):
    result = search_paragraphs("南南合作", report(), limit=5)
    assert len(result.ids) == 5
    assert result.count == len(containing(corpus, "南南合作"))


def test_every_character_that_ends_a_run_of_chinese_text_finds_exactly_its_paragraphs(engine, corpus):
    # A lone query character is a prefix key: it must also find text where it stands last.
    last = {
        text[i]
        for p in corpus.values()
        for text in [normalise(p.text)]
        for i in range(len(text) - 1)
        if "\u4e00" <= text[i] <= "\u9fff" and text[i + 1] in "，。、；：）"
    }
    assert len(last) > 100
    for char in sorted(last):
        assert found(char) == containing(corpus, char), char


def test_a_search_with_more_matches_than_it_ranks_marks_its_count_as_an_estimate(engine, corpus, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 5)
    matches = containing(corpus, "南南合作")
    result = search_paragraphs("南南合作", report())
    assert len(result.ids) == 5 and set(numbers(result.ids)) <= matches
    assert result.total.estimated and result.count > 5
    # Extrapolated over every paragraph's id, the resolution's included: the right order of size.
    assert len(matches) / 2 <= result.count <= len(matches) * 2
    assert not search_paragraphs("罗非鱼", report()).total.estimated


def test_past_its_limit_a_search_still_ranks_every_row_linked_to_the_named_agency(
    engine, corpus, monkeypatch
):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    *others, last = sorted(linked_to_agency("UNDP"))
    for number in others:
        unlink_agency(corpus[number], "UNDP")
    first_found = sorted(containing(corpus, "开发署"))[:3]
    assert last not in first_found
    order = ranked("开发署")
    assert last in order and len(order) == 4


def test_a_snippet_marks_the_other_names_of_an_entity_the_query_names(corpus):
    html = snippet(corpus[32].text, "Ethiopia UNDP")
    assert "<mark>埃塞俄比亚</mark>" in html
    assert "<mark>开发署</mark>" in html


def test_indexing_twice_leaves_the_same_rows(engine, corpus):
    def rows():
        entries = list(SearchEntry.objects.order_by("pk").values_list("pk", "chars", "words", "titles"))
        if connection.vendor == "sqlite" and not isinstance(engine, SubstringBackend):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT rowid, chars, words, titles FROM initiatives_search_fts ORDER BY rowid"
                )
                return entries, cursor.fetchall()
        return entries, None

    ids = [p.pk for p in corpus.values()]
    before = rows()
    assert index_paragraphs(ids) == len(corpus)
    assert index_paragraphs(iter(ids)) == len(corpus)
    assert rows() == before
    assert SearchEntry.objects.filter(paragraph__in=report()).count() == len(corpus)


def test_indexing_an_edited_paragraph_replaces_its_entry(engine, corpus):
    Paragraph.objects.filter(pk=corpus[12].pk).update(text="一段关于编程马拉松的新文字。")
    index_paragraphs([corpus[12].pk])
    assert found("黑客松") == set()
    assert found("编程马拉松") == {12}


def test_a_deleted_paragraph_leaves_no_trace_in_the_results(engine, corpus):
    pk = corpus[70].pk
    Paragraph.objects.filter(pk=pk).delete()
    assert index_paragraphs([pk]) == 0
    assert found("罗非鱼") == set()
    assert search_paragraphs("罗非鱼").count == 0


def test_deleting_an_entry_deletes_its_row_in_the_fts5_table(engine, corpus):
    if not isinstance(engine, SqliteBackend):
        pytest.skip(reason="only SQLite's FTS5 table lives apart from the search entries")
    SearchEntry.objects.filter(pk=corpus[70].pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM initiatives_search_fts WHERE rowid = %s", [corpus[70].pk])
        assert cursor.fetchone() == (0,)


def test_the_rebuild_command_indexes_every_paragraph(engine, corpus, capsys):
    SearchEntry.objects.all().delete()
    assert found("罗非鱼") == set()
    call_command("rebuild_search_index")
    assert f"Indexed {Paragraph.objects.count()} paragraphs" in capsys.readouterr().out
    assert found("罗非鱼") == {70}
    assert found("坦桑尼亚") == {57, 70}
    assert found("UNDP") == linked_to_agency("UNDP")


def test_the_query_names_the_agencies_and_countries_it_found(corpus):
    query = parse_query("開發署 Ethiopia 南南合作")
    assert query.agency_codes == {"UNDP"}
    assert query.country_codes == {"ETH"}


def test_a_word_the_statistics_call_common_is_found_by_reading_rows_in_order(engine, corpus, monkeypatch):
    if not isinstance(engine, PostgresBackend):
        pytest.skip("only PostgreSQL chooses between its index and reading rows in order")
    keys = parse_query("南南合作").terms[0].keys
    monkeypatch.setattr(postgres, "key_frequencies", lambda: (1e9, dict.fromkeys(keys, 0.9)))
    monkeypatch.setattr(search, "CANDIDATES", 5)
    assert engine.first_matches(parse_query("南南合作").terms, 10)
    result = search_paragraphs("南南合作", report())
    assert len(result.ids) == 5 and set(numbers(result.ids)) <= containing(corpus, "南南合作")
    assert result.total.estimated


def test_sqlite_reads_the_first_matches_from_fts5_alone_not_inside_the_whole_query(
    engine, corpus, monkeypatch
):
    if not isinstance(engine, SqliteBackend):
        pytest.skip("only SQLite reads every FTS5 match inside id IN (...)")
    monkeypatch.setattr(search, "CANDIDATES", 5)
    with CaptureQueriesContext(connection) as queries:
        result = search_paragraphs("南南合作", report())
    statements = [query["sql"] for query in queries.captured_queries]
    assert any(sql.startswith("SELECT rowid FROM initiatives_search_fts") for sql in statements)
    assert not any("IN (SELECT rowid" in sql and "{chars}" in sql for sql in statements)
    assert len(result.ids) == 5 and set(numbers(result.ids)) <= containing(corpus, "南南合作")
