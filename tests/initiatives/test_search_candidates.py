"""On PostgreSQL an initiative search reads the paragraphs its index matches first, then checks their initiatives' own text."""

import pytest
from django.db import connection
from django.db.models import Q

from initiatives.models import Initiative
from initiatives.search import matching
from initiatives.search.backends import SearchBackend, backend

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the ANY(ARRAY(…)) form is PostgreSQL's"
)

QUERIES = ["疫苗", "粮食安全", "南南合作 -疫苗", "UNDP", "food security", "开发署 粮农组织"]


@pytest.mark.parametrize("raw", QUERIES)
def test_an_initiative_search_selects_what_the_portable_in_form_selects(bundled, monkeypatch, raw):
    found = set(matching(Initiative.objects.all(), raw).values_list("pk", flat=True))
    monkeypatch.setattr(type(backend()), "candidates", SearchBackend.candidates)

    assert set(matching(Initiative.objects.all(), raw).values_list("pk", flat=True)) == found


def test_the_index_matches_are_one_array_the_initiatives_are_read_by(bundled):
    sql = str(matching(Initiative.objects.all(), "疫苗").values("pk").query)

    assert '"paragraph_id" = ANY(ARRAY(SELECT' in sql
    found = matching(Initiative.objects.all(), "疫苗")
    assert found.exists() and not found.exclude(Q(text__contains="疫苗") | Q(title__contains="疫苗")).exists()
