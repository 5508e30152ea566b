"""The home page's map and charts, rendered once per data revision and language and kept in the cache."""

import re

import pytest

from initiatives.pages import home

pytestmark = pytest.mark.django_db


def _panels(client, language: str) -> str:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return html[html.index('<div class="panel-grid">') :]


def test_the_second_home_page_of_a_revision_reuses_the_rendered_map_and_charts(client, bundled, monkeypatch):
    first = _panels(client, "zh-Hans")

    def not_again(facets):
        raise AssertionError("the charts were computed again within one revision")

    monkeypatch.setattr(home, "_home_charts", not_again)
    assert _panels(client, "zh-Hans") == first


def test_each_language_gets_its_own_map_and_charts(client, bundled):
    chinese = _panels(client, "zh-Hans")
    english = _panels(client, "en")
    assert "埃塞俄比亚" in chinese
    assert "Ethiopia" in english
    assert "埃塞俄比亚" not in english


def _bar_total(html: str) -> int:
    return sum(int(n.replace(",", "")) for n in re.findall(r'<span class="value">([\d,]+)</span>', html))


def test_a_write_shows_in_the_map_and_charts_at_once(client, bundled):
    before = _panels(client, "en")
    bundled["A/76/403"].delete()
    after = _panels(client, "en")
    assert _bar_total(after) < _bar_total(before)
