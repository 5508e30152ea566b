"""Links the pages write: URLs in footnotes, and query strings that hold only the filters set."""

import re

import pytest

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
