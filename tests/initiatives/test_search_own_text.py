"""On PostgreSQL an initiative's own text is checked by a function the planner prices as costly, and it selects what ``~*`` selects."""

import pytest
from django.db import connection

from initiatives.models import Initiative
from initiatives.search import matching
from initiatives.search.backends import SearchBackend, backend

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the costed function is PostgreSQL's"
)

# Chinese, a Traditional form, an English stem, an entity's names, an exclusion, two terms.
QUERIES = ["疫苗", "糧食", "vaccines", "UNDP", "南南合作 -疫苗", "开发署 南南合作"]


@pytest.mark.parametrize("raw", QUERIES)
def test_an_initiative_search_selects_what_the_portable_regular_expression_selects(bundled, monkeypatch, raw):
    found = set(matching(Initiative.objects.all(), raw).values_list("pk", flat=True))
    monkeypatch.setattr(type(backend()), "own_text", SearchBackend.own_text)

    assert found == set(matching(Initiative.objects.all(), raw).values_list("pk", flat=True))
    assert found


def test_the_planner_reads_the_check_of_an_initiatives_own_text_as_costly(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE proname = 'sscatlas_iregex'")
        assert cursor.fetchone()[0] >= 1000
    sql = str(matching(Initiative.objects.all(), "疫苗").values("pk").query)
    assert "sscatlas_iregex" in sql
