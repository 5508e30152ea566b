"""An entity's name follows the reader's language and falls back to the other one, the same way on
the model, in the templates' ``name`` filter and for rows given as dicts."""

import pytest
from django.utils import translation

from initiatives.models import Agency, Country
from initiatives.names import entity_name, row_name

ONLY_CHINESE = Agency(code="ORG-1", name_zh="南南合作中心", name_en="")
ONLY_ENGLISH = Agency(code="ORG-2", name_zh="", name_en="South-South Centre")


@pytest.mark.parametrize(
    ("language", "entity", "expected"),
    [
        ("zh-hans", ONLY_CHINESE, "南南合作中心"),
        ("en", ONLY_CHINESE, "南南合作中心"),
        ("zh-hans", ONLY_ENGLISH, "South-South Centre"),
        ("en", ONLY_ENGLISH, "South-South Centre"),
    ],
)
def test_a_name_missing_in_the_readers_language_falls_back_to_the_other_everywhere(
    language, entity, expected
):
    row = {"name_zh": entity.name_zh, "name_en": entity.name_en}
    with translation.override(language):
        assert entity.name == entity_name(entity) == row_name(row) == expected


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "埃塞俄比亚"), ("en", "Ethiopia")])
def test_a_name_given_in_both_languages_is_the_one_in_the_readers_language(language, expected):
    ethiopia = Country(iso3="ETH", name_zh="埃塞俄比亚", name_en="Ethiopia")
    with translation.override(language):
        assert ethiopia.name == entity_name(ethiopia) == str(ethiopia) == expected
