"""The search benchmark's peers (pg_trgm on PostgreSQL, FTS5 trigram on SQLite) built on the bundled reports."""

import pytest

from bench.peers import COUNT_LIMIT, index_alone_found, peer_found, peer_search, peers_build, substring_truth


@pytest.fixture
def peer(bundled):
    peers_build()


@pytest.mark.parametrize("raw", ["南南合作", "气候变化", '"可持续发展目标"', "COVID-19"])
def test_the_peer_finds_exactly_the_paragraphs_holding_a_term_of_three_characters_or_more(peer, raw):
    truth = substring_truth(raw)
    assert truth
    assert peer_found(raw) == truth


@pytest.mark.parametrize("raw", ["水", "疫苗", "疫苗 南南合作"])
def test_the_peer_finds_one_and_two_character_chinese_terms_though_its_index_cannot(peer, raw):
    truth = substring_truth(raw)
    assert truth
    assert peer_found(raw) == truth


def test_the_peer_page_holds_twenty_matches_and_its_count_stops_at_the_limit(peer):
    truth = substring_truth("发展")
    ids, count = peer_search("发展")
    assert len(ids) == 20
    assert set(ids) <= truth
    assert count == min(len(truth), COUNT_LIMIT)


def test_the_peer_index_alone_misses_paragraphs_holding_a_two_character_word(peer):
    _, found = index_alone_found("疫苗")
    assert found < substring_truth("疫苗")
