"""Bar charts: each bar's length, and labels written in full for the page to wrap."""

import re

import pytest

from initiatives.charts import bar_chart


def test_bars_are_measured_against_the_largest_value_or_the_given_maximum():
    rows = [("Asia and the Pacific", 25, "/a/"), ("West Africa", 5, "/b/"), ("Nowhere", 0, "/c/")]
    assert [bar.share for bar in bar_chart(rows=rows).bars] == [100, 20, 0]
    assert [bar.share for bar in bar_chart(rows=rows, maximum=50).bars] == [50, 10, 0]


def test_a_value_too_small_to_see_still_gets_a_sliver_of_a_bar():
    bars = bar_chart(rows=[("big", 100_000, "/a/"), ("small", 1, "/b/")]).bars
    assert bars[1].share == 0.5


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_home_page_charts_write_every_label_in_full(client, bundled, language):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    labels = re.findall(r'<span class="bar-label">([^<]*)</span>', html)
    assert len(labels) >= 20
    assert not [label for label in labels if "…" in label]
    assert (
        "Europe and the Commonwealth of Independent States" if language == "en" else "欧洲和独立国家联合体"
    ) in labels
