"""Telling Traditional Chinese from Simplified, on the bundled reports converted with OpenCC."""

import pytest

from ingest.chinese import TRADITIONAL_SHARE, is_traditional, to_simplified, traditional_share
from tests.conftest import REPORT as REPORT_PATH
from tests.conftest import RESOLUTION as RESOLUTION_PATH
from tests.conftest import report_text, to_traditional

REPORT = report_text(REPORT_PATH)
RESOLUTION = report_text(RESOLUTION_PATH)


@pytest.mark.parametrize("text", [REPORT, RESOLUTION], ids=["report", "resolution"])
def test_the_bundled_reports_are_simplified_and_their_traditional_copies_are_not(text):
    traditional = to_traditional(text)

    assert not is_traditional(text)
    assert traditional_share(text) == 0.0
    assert is_traditional(traditional)
    assert traditional_share(traditional) > 6 * TRADITIONAL_SHARE  # 34 % and 32 %


def test_the_report_comes_back_unchanged_from_traditional_with_its_entity_names():
    traditional = to_traditional(REPORT)

    assert "聯合國開發計劃署" in traditional and "埃塞俄比亞" in traditional
    simplified = to_simplified(traditional)
    assert simplified == REPORT
    assert "联合国开发计划署" in simplified and "埃塞俄比亚" in simplified


def test_the_resolution_comes_back_from_traditional_but_for_one_phrase():
    back = to_simplified(to_traditional(RESOLUTION))

    # t2s reads 藉此 as the Traditional spelling of 借此; the resolution prints 藉此.
    assert len(back) == len(RESOLUTION)
    assert [
        (RESOLUTION[i : i + 2], back[i : i + 2])
        for i, (a, b) in enumerate(zip(RESOLUTION, back, strict=True))
        if a != b
    ] == [("藉此", "借此")]


@pytest.mark.parametrize(
    "text, traditional",
    [
        ("聯合國開發計劃署", True),
        ("联合国开发计划署", False),
        ("南南合作", False),  # the same in both scripts: nothing says Traditional
        ("COVID-19 and UNDP", False),
        ("", False),
    ],
)
def test_short_texts_are_judged_by_their_characters(text, traditional):
    assert is_traditional(text) is traditional


def test_to_simplified_leaves_latin_text_digits_and_punctuation_alone():
    assert to_simplified("2019 冠狀病毒病(COVID-19)：20 億美元。") == "2019 冠状病毒病(COVID-19)：20 亿美元。"
