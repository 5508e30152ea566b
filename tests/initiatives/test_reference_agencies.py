"""The curated agencies reference: one entry per code, one agency per name, the report's names covered."""

from collections import Counter

from initiatives.models import Agency
from initiatives.reference.files import reference_rows
from initiatives.reference.gazetteer import gazetteer

ROWS = reference_rows("agencies.json")

# Every form in which the 2021 report (A/76/403) names an agency, and the agency.
REPORT_NAMES = {
    "联合国南南合作办公室": "UNOSSC",
    "联合国开发计划署": "UNDP",
    "开发署": "UNDP",
    "开发计划署": "UNDP",
    "世界卫生组织": "WHO",
    "世卫组织": "WHO",
    "联合国儿童基金会": "UNICEF",
    "儿基会": "UNICEF",
    "联合国贸易和发展会议": "UNCTAD",
    "贸发会议": "UNCTAD",
    "非洲联盟": "AU",
    "世界银行": "WORLD-BANK",
    "非洲进出口银行": "AFREXIMBANK",
    "阿拉伯国家联盟": "LAS",
    "联合国粮食及农业组织": "FAO",
    "粮农组织": "FAO",
    "国际农业发展基金": "IFAD",
    "农发基金": "IFAD",
    "世界粮食计划署": "WFP",
    "粮食署": "WFP",
    "西亚经济社会委员会": "ESCWA",
    "西亚经社会": "ESCWA",
    "拉丁美洲和加勒比经济委员会": "ECLAC",
    "拉加经委会": "ECLAC",
    "联合国人口基金": "UNFPA",
    "人口基金": "UNFPA",
    "联合国教育、科学及文化组织": "UNESCO",
    "教科文组织": "UNESCO",
    "国际劳工组织": "ILO",
    "劳工组织": "ILO",
    "泛美卫生组织": "PAHO",
    "联合国减少灾害风险办公室": "UNDRR",
    "联合国资本发展基金": "UNCDF",
    "非洲疾病预防控制中心": "AFRICA-CDC",
    "非洲联盟发展署": "AUDA-NEPAD",
    "非洲联盟委员会": "AUC",
    "国际电信联盟": "ITU",
    "日本国际协力机构": "JICA",
    "伊斯兰开发银行": "ISDB",
    "联合国志愿人员方案": "UNV",
    "联合国环境规划署": "UNEP",
    "环境署": "UNEP",
    "联合国工业发展组织": "UNIDO",
    "工发组织": "UNIDO",
    "亚洲及太平洋经济社会委员会": "ESCAP",
    "亚太经社会": "ESCAP",
    "加勒比共同体": "CARICOM",
    "联合国人类住区规划署": "UN-HABITAT",
    "人居署": "UN-HABITAT",
    "东南亚国家联盟": "ASEAN",
    "东盟": "ASEAN",
    "卢旺达合作倡议": "RCI",
    "法语国家国际组织": "OIF",
    "非洲同行审议机制": "APRM",
    "阿拉伯经济和社会发展基金": "AFESD",
    "发展协调办公室": "DCO",
    "巴西合作署": "ABC",
    "新开发银行": "NDB",
    "亚洲基础设施投资银行": "AIIB",
}


def test_every_code_is_unique():
    codes = Counter(row["code"] for row in ROWS)
    assert [code for code, count in codes.items() if count > 1] == []


def test_every_entry_has_a_known_kind_and_both_names():
    kinds = set(Agency.Kind.values)
    for row in ROWS:
        assert row["kind"] in kinds, row["code"]
        assert row["name_zh"] and row["name_en"], row["code"]


def test_no_chinese_name_or_short_form_belongs_to_two_agencies():
    names = Counter(name for row in ROWS for name in [row["name_zh"], *row["short_names_zh"]])
    assert [name for name, count in names.items() if count > 1] == []


def test_no_english_name_or_alias_belongs_to_two_agencies():
    names = Counter(name for row in ROWS for name in {row["name_en"], *row["aliases_en"]})
    assert [name for name, count in names.items() if count > 1] == []


def test_every_agency_the_2021_report_names_resolves_to_its_code():
    names = gazetteer().agency_names
    assert {name: names.get(name) for name in REPORT_NAMES} == REPORT_NAMES


def test_the_regional_commissions_and_the_south_south_office_are_listed_by_their_un_acronyms():
    codes = {row["code"]: row["kind"] for row in ROWS}
    for code in ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"):
        assert codes[code] == "regional_commission"
    assert codes["UNOSSC"] == "un_office"
    assert codes["WORLD-BANK"] == "bank"
