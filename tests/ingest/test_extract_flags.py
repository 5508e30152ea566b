"""COVID-19, climate and modality evidence, and the section rule for paragraphs."""

from ingest.extraction.flags import (
    find_climate,
    find_covid,
    find_modality,
    modality_of,
    section_topics,
)


def test_it_finds_the_ways_the_report_names_covid():
    text = "2019 冠状病毒病(COVID-19)大流行，疫情期间，COVID-19 疫后恢复，COVAX 机制"
    assert {span.text for span in find_covid(text)} >= {
        "2019 冠状病毒病(COVID-19)",
        "大流行",
        "疫情",
        "疫后",
        "COVAX",
    }


def test_vaccines_alone_are_not_covid_evidence_outside_a_covid_section():
    text = "非洲联盟成员国集体购买疫苗"
    assert find_covid(text) == []
    assert [span.text for span in find_covid(text, topical=True)] == ["疫苗"]


def test_it_finds_climate_wording():
    text = "极端气候事件出现加剧，同时促进有效落实《巴黎协定》，制定基于生态系统的适应办法"
    assert {span.text for span in find_climate(text)} >= {
        "极端气候事件",
        "《巴黎协定》",
        "基于生态系统的适应",
    }


def test_renewable_energy_alone_is_climate_evidence_only_under_a_climate_heading():
    text = "转让可再生能源技术"
    assert find_climate(text) == []
    assert [span.text for span in find_climate(text, topical=True)] == ["可再生能源"]


def test_section_headings_give_the_topic():
    assert section_topics(
        ["联合国发展系统各组织...", "为南南合作应对 2019 冠状病毒病(COVID-19)大流行提供协助"]
    ) == {"covid"}
    assert section_topics(["促进南南合作应对气候变化"]) == {"climate"}
    assert section_topics(["结论和建议"]) == set()


def test_south_south_and_triangular_cooperation_states_both():
    text = "南南合作和三方合作项目约占开发署所有项目的 17%，南南合作、东东合作及三方合作"
    spans = find_modality(text)
    assert modality_of(spans) == "both"
    assert [s.text for s in spans if s.value == "both"] == [
        "南南合作和三方合作项目",
        "南南合作、东东合作及三方合作",
    ]


def test_a_triangular_project_is_triangular():
    assert modality_of(find_modality("建立了中国、荷兰和粮农组织之间的一个三方合作项目")) == "triangular"
    assert modality_of(find_modality("沼气、生物量和太阳能三边合作")) == "triangular"
    assert modality_of(find_modality("在阿拉伯国家联盟-日本-开发署三方伙伴协作下")) == "triangular"


def test_english_south_south_and_triangular_cooperation_states_both():
    spans = find_modality("support for South-South and triangular cooperation")
    assert modality_of(spans) == "both"
    assert modality_of(find_modality("a triangular project with Japan")) == "triangular"


def test_text_without_modality_wording_has_none():
    assert modality_of(find_modality("世卫组织为在南非建立首个技术转让中心提供了支持")) == ""
