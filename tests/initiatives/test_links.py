"""Links the pages write: URLs in footnotes, and query strings that hold only the filters set."""

import re

import pytest
from django.http import QueryDict

from initiatives.selectors.chips import filter_chips
from initiatives.selectors.listing import initiatives_filtered
from initiatives.templatetags.atlas import urlize_text

pytestmark = pytest.mark.django_db

REPORT_FOOTNOTE_URLS = [
    "http://www.who.int/news/item/22-07-2021-vaccine-inequity-undermining-global-economic-recovery",
    "https://blogs.worldbank.org/opendata/updated-estimates-impact-covid-19-global-poverty-turning-corner-pandemic-2021",
    "http://www.iisd.org/projects/alive-adaptation-livelihoods-and-ecosystems-planning-tool",
]


def test_the_reports_footnote_links_end_before_the_chinese_full_stop(client, bundled):
    report = bundled["A/76/403"]
    html = client.get(f"/documents/{report.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    footnotes = "".join(re.findall(r'<ol class="footnotes">.*?</ol>', html, re.S))
    assert re.findall(r'href="([^"]+)"', footnotes) == REPORT_FOOTNOTE_URLS
    assert "%E3%80%82" not in html
    # The full stop is still printed, after the link.
    assert "planning-tool</a>。" in footnotes


@pytest.mark.parametrize(
    ("text", "href", "after"),
    [
        ("See https://www.un.org/en/report.", "https://www.un.org/en/report", "</a>."),
        ("See https://www.un.org/en/report, then", "https://www.un.org/en/report", "</a>, then"),
        ("(see https://www.un.org/en/a)", "https://www.un.org/en/a", "</a>)"),
        ("见 https://www.un.org/zh/a，以及", "https://www.un.org/zh/a", "</a>，以及"),
        ("（见 www.un.org/zh/a）。", "http://www.un.org/zh/a", "</a>）。"),
        ("“www.un.org/zh/a”", "http://www.un.org/zh/a", "</a>”"),
        ("见「https://unsouthsouth.org/a」；", "https://unsouthsouth.org/a", "</a>」；"),
        ("可查阅 https://www.un.org/a?b=1&c=2：", "https://www.un.org/a?b=1&amp;c=2", "</a>："),
    ],
)
def test_a_url_ends_before_closing_punctuation_of_either_language(text, href, after):
    html = urlize_text(text)
    assert f'href="{href}"' in html
    assert after in html


def test_a_list_url_with_empty_filters_redirects_to_the_filters_set(client, bundled):
    response = client.get(
        "/initiatives/?q=&agency=FAO&agency=&modality=&covid=&climate=&year_min=&document=&ordering="
    )
    assert response.status_code == 302
    assert response["Location"] == "/initiatives/?agency=FAO"


def test_a_list_url_of_empty_filters_only_redirects_to_the_whole_list_and_keeps_its_page(client, bundled):
    assert client.get("/initiatives/?q=+&covid=")["Location"] == "/initiatives/"
    assert client.get("/initiatives/?q=&page=2")["Location"] == "/initiatives/?page=2"


def test_a_list_url_with_only_set_filters_is_served_as_it_is(client, bundled):
    assert client.get("/initiatives/?agency=FAO&page=2").status_code == 200


def test_the_links_of_a_filtered_list_hold_only_the_filters_set(client, bundled):
    html = client.get("/initiatives/?covid=false&climate=false").content.decode()
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="(/initiatives/\?[^"]*|\?[^"]*)"', html)]
    pages = [h for h in hrefs if "page=" in h]
    chips = re.findall(r'class="chip" href="([^"]+)"', html)
    assert pages and chips
    for href in hrefs:
        assert not re.search(r"[?&][a-z_]+=(&|$)", href), href
    assert chips == ["/initiatives/?climate=false", "/initiatives/?covid=false"]
    assert "?covid=false&climate=false&page=2" in pages


def test_chip_links_leave_out_the_empty_parameters_of_the_url_they_come_from(bundled):
    params = "q=&agency=FAO&covid=true&modality=&page=3"
    chips = {chip["label"]: chip["url"] for chip in filter_chips(initiatives_filtered(QueryDict(params)))}
    assert sorted(chips.values()) == ["?agency=FAO", "?covid=true"]
