"""English paragraphs written from the patterns of UN reporting on South-South cooperation: each says
which initiatives a careful reader sees, with their agencies, countries, amounts and modality.

They hold the traps of English text: passive and nominal sentences, a fund as the actor, amounts in
every English form told apart from statistics and goods, country names that contain others
(Guinea-Bissau, South Sudan, Niger, Dominica), the UN's own spellings (the Sudan, Türkiye, Côte
d'Ivoire with a curly apostrophe) and the Group of 77 and China, which is no mention of China.
"""

from decimal import Decimal

import pytest

from ingest.extraction.pipeline import extract_document
from ingest.parsing import ParsedParagraph

ACTIVITIES = [{"number": "III", "heading": "Highlights of activities of United Nations entities"}]
CONCLUSIONS = [{"number": "V", "heading": "Conclusions and recommendations"}]


def extracted(text: str, *, section=ACTIVITIES):
    paragraph = ParsedParagraph(order=1, number=1, text=text, section=section, footnotes=())
    return extract_document([paragraph])[0]


def amounts(extraction):
    return [(money.text, money.amount, money.currency, money.kind) for money in extraction.amounts]


def the_one_initiative(text: str):
    extraction = extracted(text)
    assert len(extraction.initiatives) == 1, [i.text for i in extraction.initiatives]
    return extraction, extraction.initiatives[0]


def test_a_passive_project_sentence_is_an_initiative_with_its_funding():
    extraction, initiative = the_one_initiative(
        "In 2021, a fruit value chain project implemented by FAO in cooperation with China received $1.1 million."
    )
    assert initiative.agencies == ("FAO",)
    assert initiative.countries == ("CHN",)
    assert amounts(extraction) == [("$1.1 million", Decimal("1100000"), "USD", "funding")]
    assert initiative.funding_usd == Decimal("1100000")
    assert initiative.modality == ""


def test_a_fund_that_allocates_money_is_the_actor_of_an_initiative():
    extraction, initiative = the_one_initiative(
        "The IBSA Fund has allocated $50.6 million to 45 projects in 35 developing countries since 2004."
    )
    assert initiative.agencies == () and initiative.countries == ()
    assert amounts(extraction) == [("$50.6 million", Decimal("50600000"), "USD", "funding")]
    assert initiative.modality == ""


def test_a_fund_named_for_a_country_commits_money_and_names_the_country():
    extraction, initiative = the_one_initiative(
        "The India-United Nations Development Partnership Fund has so far committed $100 million "
        "to 75 South-South projects in 51 partner countries."
    )
    assert initiative.countries == ("IND",)
    assert amounts(extraction) == [("$100 million", Decimal("100000000"), "USD", "funding")]
    assert initiative.modality == "south_south"


def test_guinea_bissau_equatorial_guinea_and_papua_new_guinea_are_not_guinea():
    _, initiative = the_one_initiative(
        "UNDP supported farmers' cooperatives in Guinea-Bissau, Equatorial Guinea and Papua New Guinea "
        "through South-South exchanges with Viet Nam."
    )
    assert initiative.agencies == ("UNDP",)
    assert set(initiative.countries) == {"GNB", "GNQ", "PNG", "VNM"}
    assert initiative.modality == "south_south"


def test_south_sudan_is_not_the_sudan_and_the_sudan_is_read():
    _, initiative = the_one_initiative(
        "WFP and the Government of South Sudan organized a South-South learning visit to the Sudan on school feeding."
    )
    assert initiative.agencies == ("WFP",)
    assert set(initiative.countries) == {"SDN", "SSD"}
    assert initiative.modality == "south_south"


def test_the_niger_is_not_nigeria_and_a_grant_is_funding():
    extraction, initiative = the_one_initiative(
        "IFAD provided a grant of $500,000 for knowledge exchanges between farmers in the Niger and Nigeria on irrigation."
    )
    assert initiative.agencies == ("IFAD",)
    assert set(initiative.countries) == {"NER", "NGA"}
    assert amounts(extraction) == [("$500,000", Decimal("500000"), "USD", "funding")]
    assert initiative.modality == ""


def test_dominica_is_not_the_dominican_republic():
    _, initiative = the_one_initiative(
        "PAHO deployed 12 health experts from Cuba to Dominica and the Dominican Republic after Hurricane Maria."
    )
    assert initiative.agencies == ("PAHO",)
    assert set(initiative.countries) == {"CUB", "DMA", "DOM"}
    assert initiative.modality == ""


def test_goods_worth_an_amount_are_in_kind_and_a_national_agency_names_its_country():
    extraction, initiative = the_one_initiative(
        "The Turkish Cooperation and Coordination Agency and UNICEF delivered school supplies worth US$ 2 million "
        "to the State of Palestine, the Lao People's Democratic Republic and Côte d'Ivoire."
    )
    assert set(initiative.agencies) == {"TIKA", "UNICEF"}
    assert set(initiative.countries) == {"TUR", "PSE", "LAO", "CIV"}
    assert amounts(extraction) == [("US$ 2 million", Decimal("2000000"), "USD", "in_kind")]
    assert initiative.funding_usd is None
    assert initiative.modality == ""


def test_turkiye_and_the_gambia_acting_together_open_an_initiative():
    _, initiative = the_one_initiative(
        "Türkiye and the Gambia co-organized a South-South forum on youth employment with ILO in Banjul."
    )
    assert initiative.agencies == ("ILO",)
    assert set(initiative.countries) == {"TUR", "GMB"}
    assert initiative.modality == "south_south"


def test_spellings_from_a_pdf_without_accents_and_with_curly_apostrophes_are_read():
    _, initiative = the_one_initiative(
        "UNIDO helped Cote d’Ivoire and the Lao People’s Democratic Republic to set up agro-processing parks "
        "through South-South and triangular cooperation with the support of Japan."
    )
    assert initiative.agencies == ("UNIDO",)
    assert set(initiative.countries) == {"CIV", "LAO", "JPN"}
    assert initiative.modality == "triangular"  # Japan is a developed partner


@pytest.mark.parametrize(
    "text",
    [
        "The United Nations Office for South-South Cooperation supported the Group of 77 and China in "
        "preparing the ministerial declaration on South-South cooperation.",
        "联合国南南合作办公室支持七十七国集团和中国筹备关于南南合作的部长级宣言。",
    ],
)
def test_the_group_of_77_and_china_is_a_grouping_not_china_as_a_partner(text):
    extraction, initiative = the_one_initiative(text)
    assert initiative.agencies == ("UNOSSC",)
    assert initiative.countries == ()
    assert initiative.regions == ("g77",)
    assert extraction.countries == ()
    assert initiative.modality == "south_south"


def test_a_statistic_before_an_activity_is_no_funding_and_no_part_of_it():
    extraction, initiative = the_one_initiative(
        "South-South trade grew to $5.3 trillion in 2021. "
        "UNCTAD provided $1.2 million for trade facilitation training in Ethiopia and Kenya."
    )
    assert amounts(extraction) == [
        ("$5.3 trillion", Decimal("5300000000000"), "USD", "other"),
        ("$1.2 million", Decimal("1200000"), "USD", "funding"),
    ]
    assert initiative.agencies == ("UNCTAD",)
    assert set(initiative.countries) == {"ETH", "KEN"}
    assert initiative.funding_usd == Decimal("1200000")
    assert initiative.modality == ""


def test_an_amount_in_another_currency_keeps_its_code_and_is_never_converted():
    extraction, initiative = the_one_initiative(
        "Denmark contributed DKK 29.25 million to a UNDP triangular programme supporting Bangladesh and Nepal."
    )
    assert amounts(extraction) == [("DKK 29.25 million", Decimal("29250000"), "DKK", "funding")]
    assert extraction.amounts[0].amount_usd is None
    assert initiative.funding_usd is None
    assert initiative.agencies == ("UNDP",)
    assert set(initiative.countries) == {"DNK", "BGD", "NPL"}
    assert initiative.modality == "triangular"


def test_an_approximate_amount_is_funding_and_marked_approximate():
    extraction, initiative = the_one_initiative(
        "UNOPS mobilized approximately $6 million for the construction of hospitals in Honduras "
        "with the support of Mexico."
    )
    money = extraction.amounts[0]
    assert (money.text, money.amount, money.kind, money.approximate) == (
        "approximately $6 million",
        Decimal("6000000"),
        "funding",
        True,
    )
    assert initiative.agencies == ("UNOPS",)
    assert set(initiative.countries) == {"HND", "MEX"}


def test_more_than_an_amount_and_a_range_keep_their_bounds():
    extraction, initiative = the_one_initiative(
        "The Pérez-Guerrero Trust Fund approved between $20,000 and $35,000 for each of 12 South-South projects "
        "in Africa, after India, Brazil and South Africa had contributed more than $130 million to the IBSA Fund."
    )
    first, second = extraction.amounts
    assert (first.amount, first.upper, first.kind) == (Decimal("20000"), Decimal("35000"), "funding")
    assert (second.text, second.amount, second.approximate, second.kind) == (
        "more than $130 million",
        Decimal("130000000"),
        True,
        "funding",
    )
    assert set(initiative.countries) == {"IND", "BRA", "ZAF"}
    assert initiative.modality == "south_south"


def test_a_project_that_mobilized_supplies_worth_an_amount_is_an_initiative_in_kind():
    extraction, initiative = the_one_initiative(
        "The Global South-South Development Centre project helped to mobilize medical supplies worth $3,364,000 "
        "for more than 20 African countries."
    )
    assert amounts(extraction) == [("$3,364,000", Decimal("3364000"), "USD", "in_kind")]
    assert initiative.agencies == ()
    assert initiative.modality == "south_south"


def test_a_passive_workshop_organized_by_an_agency_is_its_initiative():
    _, initiative = the_one_initiative(
        "Under a South-South cooperation arrangement, a workshop on seed systems was organized by WFP "
        "for officials from Colombia, Ecuador and Peru."
    )
    assert initiative.agencies == ("WFP",)
    assert set(initiative.countries) == {"COL", "ECU", "PER"}
    assert initiative.modality == "south_south"


def test_in_addition_starts_a_second_initiative_of_the_same_agency():
    extraction = extracted(
        "ESCAP trained 120 statisticians from Bhutan and Nepal through South-South peer learning. "
        "In addition, ESCAP and the Government of Thailand launched a regional platform on drought "
        "preparedness with Cambodia."
    )
    first, second = extraction.initiatives
    assert (first.agencies, set(first.countries), first.modality) == (
        ("ESCAP",),
        {"BTN", "NPL"},
        "south_south",
    )
    assert (second.agencies, set(second.countries), second.modality) == (("ESCAP",), {"THA", "KHM"}, "")


def test_it_also_is_the_same_actor_doing_something_else():
    extraction = extracted(
        "The International Telecommunication Union organized a digital innovation challenge for young people "
        "in Rwanda and Senegal. It also supported Uganda in drafting a national broadband plan through "
        "South-South and triangular cooperation."
    )
    first, second = extraction.initiatives
    assert (first.agencies, set(first.countries), first.modality) == (("ITU",), {"RWA", "SEN"}, "")
    assert (second.agencies, second.countries, second.modality) == (("ITU",), ("UGA",), "both")


def test_a_japanese_agency_makes_a_programme_triangular():
    _, initiative = the_one_initiative(
        "JICA, Brazil and Mozambique implemented a triangular cooperation programme on agricultural "
        "development in the Nacala Corridor."
    )
    assert initiative.agencies == ("JICA",)
    assert set(initiative.countries) == {"JPN", "BRA", "MOZ"}
    assert initiative.modality == "triangular"


def test_a_nominal_subject_with_an_agency_in_a_fund_name_is_an_initiative():
    _, initiative = the_one_initiative(
        "Support from the FAO-China Trust Fund enabled the deployment of 30 experts from China to Uganda."
    )
    assert initiative.agencies == ("FAO",)
    assert set(initiative.countries) == {"CHN", "UGA"}


def test_a_statistic_alone_is_context_with_no_initiative():
    extraction = extracted("According to UNCTAD, South-South trade reached $5.3 trillion in 2021.")
    assert extraction.kind == "context"
    assert extraction.initiatives == ()
    assert amounts(extraction) == [("$5.3 trillion", Decimal("5300000000000"), "USD", "other")]


def test_a_recommendation_of_the_conclusions_is_no_initiative():
    extraction = extracted(
        "Organizations of the United Nations system should support the Group of 77 and China in "
        "mobilizing $10 billion for South-South cooperation.",
        section=CONCLUSIONS,
    )
    assert extraction.kind == "recommendation"
    assert extraction.initiatives == ()
    assert extraction.countries == ()


def test_a_sentence_introducing_the_activity_with_for_example_stays_with_it():
    extraction = extracted(
        "ESCAP supported peer learning among developing countries of Asia and the Pacific. For example, it "
        "launched a voluntary national review twinning programme in Armenia, Georgia, Kyrgyzstan and Uzbekistan."
    )
    (initiative,) = extraction.initiatives
    assert initiative.agencies == ("ESCAP",)
    assert set(initiative.countries) == {"ARM", "GEO", "KGZ", "UZB"}


def test_a_list_of_grant_projects_gives_one_initiative_per_project():
    extraction = extracted(
        "The United Nations Office for South-South Cooperation supports technology transfer in developing "
        "countries. In 2020, three small grant projects were launched, including grants for smallholder "
        "farmers in Malawi; the development of solar irrigation in Zambia; and sustainable bamboo industry "
        "development in Rwanda."
    )
    countries = [initiative.countries for initiative in extraction.initiatives]
    assert countries == [("MWI",), ("ZMB",), ("RWA",)]
    assert all(initiative.agencies == ("UNOSSC",) for initiative in extraction.initiatives)
