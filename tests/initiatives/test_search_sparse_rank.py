"""SQLite ranks candidates spread thinly over the ids by their phrase, with the scores of the whole range."""

import pytest
from django.db import connection

from initiatives.models import Paragraph
from initiatives.search import matching, parse_query
from initiatives.search.backends import SqliteBackend, sqlite


def ranks(raw: str, among: frozenset[int]) -> dict[int, float]:
    return SqliteBackend()._ranks_among(parse_query(raw).terms, among, "pk").values


@pytest.mark.parametrize("raw", ["南南合作", "疫苗 南南合作", '"气候变化"'])
def test_thinly_spread_candidates_rank_as_when_every_row_of_their_range_is_scored(bundled, monkeypatch, raw):
    if connection.vendor != "sqlite":
        pytest.skip("only the FTS5 backend scores candidates over their id range")
    found = sorted(matching(Paragraph.objects.all(), raw).values_list("pk", flat=True))
    # The first and the last match: as thin as the first matches of a rare phrase in a large corpus.
    among = frozenset([found[0], found[-1]])
    assert max(among) - min(among) + 1 > sqlite.SPARSE * len(among)
    by_phrase = ranks(raw, among)
    monkeypatch.setattr(sqlite, "SPARSE", 10**9)
    by_range = ranks(raw, among)
    assert by_phrase and by_phrase.keys() == by_range.keys()
    assert by_phrase == pytest.approx(by_range)
