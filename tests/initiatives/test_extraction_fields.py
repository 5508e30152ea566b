"""What the API, the filters, the totals and the initiative page say of amount kinds, goals and modality."""

from decimal import Decimal

import pytest

from initiatives.models import Amount, Initiative

pytestmark = pytest.mark.django_db


def get(api, path, params=None):
    response = api.get(f"/api/v1/{path}", params or {})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def supplies() -> Initiative:
    return Initiative.objects.get(paragraph__number=20, text__startswith="全球南南发展中心项目")


def test_an_in_kind_amount_is_kept_typed_with_its_words_and_funds_nothing(api):
    record = get(api, f"initiatives/{supplies().pk}/")
    (amount,) = record["amounts"]
    assert (amount["kind"], amount["kind_words"], amount["is_funding"]) == (
        "in_kind",
        "价值 3 364 000 美元的其他医疗用品",
        False,
    )
    assert record["funding_usd"] is None


def test_totals_and_funding_filters_leave_in_kind_values_out(api):
    funded = Amount.objects.filter(kind=Amount.Kind.FUNDING, initiative__is_active=True)
    total = sum(a.amount_usd for a in funded)
    assert Decimal(str(get(api, "facets/")["funding"]["total_usd"])) == total
    ids = {r["id"] for r in get(api, "initiatives/", {"has_funding": "true", "page_size": 1000})["results"]}
    assert supplies().pk not in ids


def test_cited_and_inferred_goals_come_apart_each_with_its_words(api):
    unesco = Initiative.objects.get(paragraph__number=18)
    record = get(api, f"initiatives/{unesco.pk}/")
    assert record["sdgs_cited"] == [
        {
            "number": 4,
            "evidence": [
                {
                    "text": "可持续发展目标 4",
                    "start": record["sdgs_cited"][0]["evidence"][0]["start"],
                    "end": record["sdgs_cited"][0]["evidence"][0]["end"],
                }
            ],
        }
    ]
    text = unesco.paragraph.text
    for reading in record["sdgs_inferred"]:
        assert reading["number"] != 4
        for words in reading["evidence"]:
            assert text[words["start"] : words["end"]] == words["text"]
    assert (
        sorted(
            {*(r["number"] for r in record["sdgs_cited"]), *(r["number"] for r in record["sdgs_inferred"])}
        )
        == record["sdgs"]
    )


def test_the_sdg_filter_chooses_cited_goals_or_any(api):
    def listed(params):
        return {r["id"] for r in get(api, "initiatives/", {**params, "page_size": 1000})["results"]}

    unesco = Initiative.objects.get(paragraph__number=18).pk
    assert listed({"sdg": 4, "sdg_source": "cited"}) == {unesco}
    assert listed({"sdg": 3, "sdg_source": "cited"}) == set()
    assert len(listed({"sdg": 3})) > 5 and listed({"sdg": 3}) == listed({"sdg": 3, "sdg_source": "any"})
    paragraphs = get(api, "paragraphs/", {"sdg": 4, "sdg_source": "cited"})["results"]
    assert [p["number"] for p in paragraphs] == [18]


def test_the_initiative_page_shows_the_words_behind_goals_modality_and_amounts(client, bundled):
    html = client.get(f"/initiatives/{supplies().pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "in-kind, the value of goods: not counted as funding" in html
    assert "because the text says “价值 3 364 000 美元的其他医疗用品”" in html
    assert "inferred from" in html and '<q lang="zh-Hans">口罩</q>' in html
    workshop = Initiative.objects.get(paragraph__number=77)
    html = client.get(f"/initiatives/{workshop.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "三方合作" in html and '<q lang="zh-Hans">日本国际协力机构</q>' in html
    unesco = Initiative.objects.get(paragraph__number=18)
    html = client.get(f"/initiatives/{unesco.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "cited:" in html and '<q lang="zh-Hans">可持续发展目标 4</q>' in html
