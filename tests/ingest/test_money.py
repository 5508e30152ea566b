"""Amounts of money read from UN report text: exact values, currencies, spans, funding."""

from decimal import Decimal

import pytest

from ingest.extraction.money import find_amounts, parse_money

FORMS = [
    # text, amount, currency, approximate
    ("20 亿美元", "2000000000", "USD", False),
    ("20亿美元", "2000000000", "USD", False),
    ("8 000 万美元", "80000000", "USD", False),
    ("1 000 多万美元", "10000000", "USD", True),
    ("3 364 000 美元", "3364000", "USD", False),
    ("1.5 万亿美元", "1500000000000", "USD", False),
    ("1 万亿美元", "1000000000000", "USD", False),
    ("260 000 美元", "260000", "USD", False),
    ("400 万美元", "4000000", "USD", False),
    ("100 万美元", "1000000", "USD", False),
    ("5 000 万美元", "50000000", "USD", False),
    ("8\u2009000 万美元", "80000000", "USD", False),
    ("8\u00a0000 万美元", "80000000", "USD", False),
    ("８ ０００万美元", "80000000", "USD", False),
    ("约 400 万美元", "4000000", "USD", True),
    ("近 2 亿美元", "200000000", "USD", True),
    ("超过 100 万美元", "1000000", "USD", True),
    ("逾 5 000 美元", "5000", "USD", True),
    ("300 万欧元", "3000000", "EUR", False),
    ("5 亿元人民币", "500000000", "CNY", False),
    ("人民币 5 亿元", "500000000", "CNY", False),
    ("10 亿元", "1000000000", "CNY", False),
    ("100 万英镑", "1000000", "GBP", False),
    ("3 亿日元", "300000000", "JPY", False),
    ("200 万瑞士法郎", "2000000", "CHF", False),
    ("USD 2 billion", "2000000000", "USD", False),
    ("$4 million", "4000000", "USD", False),
    ("US$ 260,000", "260000", "USD", False),
    ("about US$1.2 million", "1200000", "USD", True),
    ("EUR 3.5 million", "3500000", "EUR", False),
    ("2 million US dollars", "2000000", "USD", False),
]


@pytest.mark.parametrize(("text", "amount", "currency", "approximate"), FORMS)
def test_it_reads_every_form_the_reports_use(text, amount, currency, approximate):
    money = parse_money(text)
    assert money is not None
    assert money.text == text
    assert money.amount == Decimal(amount)
    assert isinstance(money.amount, Decimal)
    assert money.currency == currency
    assert money.approximate is approximate


def test_it_gives_a_usd_value_only_for_us_dollars():
    assert parse_money("8 000 万美元").amount_usd == Decimal("80000000")
    euros = parse_money("300 万欧元")
    assert euros.amount_usd is None
    assert euros.currency == "EUR"


def test_it_does_not_glue_a_preceding_number_onto_an_amount():
    text = "用于防治 COVID-19 100 万美元的赠款，2020 年 5 000 万美元"
    found = find_amounts(text)
    assert [money.text for money in found] == ["100 万美元", "5 000 万美元"]
    assert [money.amount for money in found] == [Decimal("1000000"), Decimal("50000000")]


def test_its_spans_stay_on_the_original_text():
    text = "共调集了 ８\u2009０００ 万美元，用于采购。"
    (money,) = find_amounts(text)
    assert text[money.start : money.end] == money.text == "８\u2009０００ 万美元"


def test_a_full_width_comma_is_not_a_thousands_separator():
    (money,) = find_amounts("共有 3 个，200 万美元用于培训")
    assert money.amount == Decimal("2000000")


def test_numbers_without_a_currency_are_not_money():
    assert find_amounts("惠及 20 多个非洲国家，36 000 多只口罩，40%的最贫穷国家") == []


def test_money_someone_provided_is_funding():
    assert find_amounts("农发基金向摩洛哥政府拨出 100 万美元的赠款。")[0].is_funding
    assert find_amounts("中国又投资了 5 000 万美元。")[0].is_funding


def test_the_declared_value_of_donated_goods_is_in_kind_not_funding():
    (money,) = find_amounts("协助调集了价值 3 364 000 美元的其他医疗用品。")
    assert (money.kind, money.is_funding) == ("in_kind", False)
    assert money.kind_words == "价值 3 364 000 美元的其他医疗用品"


def test_a_flow_that_fell_is_a_statistic():
    text = "全球外国直接投资流动受到严重影响，从 2019 年的 1.5 万亿美元下降到 2020 年的 1 万亿美元。"
    assert [money.is_funding for money in find_amounts(text)] == [False, False]
