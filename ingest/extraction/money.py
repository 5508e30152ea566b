"""Reads amounts of money in UN report text and tells funding apart from statistics.

Chinese UN text writes an amount as Arabic numerals grouped by spaces (sometimes thin or
no-break spaces, or full-width digits), an optional scale (万, 亿, 万亿) and a currency:
20 亿美元, 8 000 万美元, 1 000 多万美元, 3 364 000 美元. English text writes USD 2 billion,
$4 million, US$ 260,000, DKK 29.25 million, approximately $6 million, more than $130 million and
ranges ($2-3 million, between $20,000 and $35,000), whose amount is the lower bound and ``upper``
the higher. Each character is normalised with NFKC for matching only, one
character for one, so spans stay on the original text. A number starts at a group of one
to three digits that no digit, letter, hyphen or slash precedes; further groups have
exactly three digits: so COVID-19 100 万美元 is 1 million, not 19.1 billion. Values are
exact Decimals. ``amount_usd`` equals the amount for US dollars and is None otherwise:
other currencies keep their code and are never converted.

Each amount has a kind, and the words of its sentence that decided it:

- ``in_kind``: the declared value of goods given (价值 3 364 000 美元的其他医疗用品, worth
  US$ 2 million of equipment). It is kept, but it is not money and never counts as funding.
- ``funding``: money given or committed for an initiative: its sentence says that someone
  provided, mobilised, allocated, invested, granted or donated it (提供, 调集, 拨出, 投资了 ...).
- ``other``: anything else, above all a statistic: a sentence about flows, changes or totals
  (流动, 下降到, 国内生产总值, 贸易额 ...) is a statistic whatever else it says.
"""

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from initiatives.reference.prefilter import common_characters, compile_starting_with, listed_or_uncommon

_SCALES_ZH = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3}
_SCALES_EN = {
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
_CURRENCIES_ZH = {
    "美元": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "瑞士法郎": "CHF",
    "加元": "CAD",
    "澳元": "AUD",
    "港元": "HKD",
    "人民币": "CNY",
    "元人民币": "CNY",
    "元": "CNY",
}
# ISO codes written before an amount in English reports (DKK 29.25 million); never converted.
_ISO_CODES_EN = (
    "AUD",
    "BRL",
    "CAD",
    "CHF",
    "CNY",
    "DKK",
    "EUR",
    "GBP",
    "INR",
    "JPY",
    "KRW",
    "NOK",
    "SEK",
    "ZAR",
)
_CURRENCIES_EN = {
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "EUR": "EUR",
    "€": "EUR",
    "GBP": "GBP",
    "£": "GBP",
    "CHF": "CHF",
    "JPY": "JPY",
    "CNY": "CNY",
    "RMB": "CNY",
    "US dollars": "USD",
    "dollars": "USD",
    "euros": "EUR",
}

_DIGITS = r"(?:\d{1,3}(?:[ ,]\d{3})+|\d+)(?:\.\d+)?(?![\d])"
_NUMBER = r"(?<![\d.,/\-A-Za-z])" + _DIGITS
_APPROX_BEFORE_ZH = r"(?:大约|约|将近|近|超过|逾|多达|不到|不足)"
_APPROX_BEFORE_EN = r"(?:about|around|approximately|nearly|almost|over|more than|some|up to|less than)"


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# The currency words of _EN_PREFIX and _EN_SUFFIX, looked for before the patterns themselves.
_CURRENCY_SIGNS_EN = ("US$", "USD", "$", "€", "£", "RMB", *_ISO_CODES_EN)
_CURRENCY_WORDS_EN = ("US dollars", "dollars", "euros", "USD", "EUR")

_ZH = re.compile(
    rf"(?P<approx>{_APPROX_BEFORE_ZH}\s*)?"
    rf"(?P<prefix>人民币\s*)?"
    rf"(?P<number>{_NUMBER})\s*(?P<more>[多余])?\s*(?P<scale>万亿|亿|万|千)?\s*(?P<more2>[多余])?\s*"
    rf"(?P<currency>{_alternation(_CURRENCIES_ZH)})"
    rf"(?P<after>\s*(?:以上|左右|多))?"
)
_EN_PREFIX = re.compile(
    rf"(?P<approx>\b{_APPROX_BEFORE_EN}\s+)?(?P<between>\bbetween\s+)?"
    rf"(?P<currency>US\$|USD|\$|€|£|RMB|{'|'.join(_ISO_CODES_EN)})\s*"
    rf"(?P<number>(?<![\d.,]){_DIGITS})"
    # A range: $2-3 million, $2 million to $3 million, US$ 5 to 10 million; the lower bound is the amount.
    rf"(?:\s*(?P<low_scale>{_alternation(_SCALES_EN)})\b)?"
    # The upper bound has its own sign ($20,000 to $35,000) or the scale both share ($2-3 million):
    # "$2 million to 45 projects" is no range.
    rf"(?:\s*(?:-|–|to|(?(between)and|(?!)))\s*(?:(?:US\$|USD|\$|€|£)\s*(?P<high>(?<![\d.,]){_DIGITS})|"
    rf"(?P<high_bare>(?<![\d.,]){_DIGITS})(?=\s*(?:{_alternation(_SCALES_EN)})\b)))?"
    rf"(?:\s*(?P<scale>{_alternation(_SCALES_EN)})\b)?",
)
_EN_SUFFIX = re.compile(
    rf"(?P<approx>\b{_APPROX_BEFORE_EN}\s+)?"
    rf"(?P<number>{_NUMBER})(?:\s*(?P<scale>thousand|million|billion|trillion))?\s+"
    rf"(?P<currency>US dollars|dollars|euros|USD|EUR)\b",
    re.IGNORECASE,
)

# A sentence that states a flow, a change or a total reports a statistic.
_STATISTIC = re.compile(
    r"流动|流量|下降到|下降至|降至|减少到|减至|增加到|增至|增长到|增长至|上升到|国内生产总值|GDP|"
    r"贸易额|贸易总额|总值|损失|缺口|估计|市场规模|"
    r"\b(?:flows?|fell|declined|dropped|rose|gross domestic product|trade volume|estimated|exports|imports|"
    r"trade between|grew|increased (?:from|to|by)|decreased|amounted to|totall?ed|stood at|losses|gap)\b",
    re.IGNORECASE,
)
_FUNDING = re.compile(
    r"提供|拨出|拨款|划拨|调集|筹集|募集|投资了|又投资|投入|资助|捐赠|捐款|认捐|指定|融资|赠款|供资|出资|贷款|"
    r"\b(?:provided|mobili[sz]ed|allocated|invested|granted|donated|contributed|pledged|funded|earmarked|"
    r"committed|disbursed|raised|financed|receiv(?:e|es|ed)|approved|channell?ed|awarded|commits|allocates|provides|"
    r"funding|grants?|loans?|financing)\b",
    re.IGNORECASE,
)
# The value of goods: 价值 just before the amount, or goods named right after it.
_VALUE_BEFORE = re.compile(
    r"(?:价值|总值为|价值约|worth|valued at|value of|in-kind contributions? (?:of|worth))"
    rf"(?:\s+{_APPROX_BEFORE_EN})?\s*$",
    re.IGNORECASE,
)
_GOODS_AFTER = re.compile(
    r"\s*的?[^，。；,;]{0,12}?(?:用品|物资|设备|工具包|疫苗|口罩|药品|物品|实物)|"
    r"\s+(?:of|in)\s+(?:[a-z]+\s+){0,3}(?:supplies|equipment|goods|vaccines|in-kind)",
    re.IGNORECASE,
)
_SENTENCE_END = "。；;!?！？\n"
_ENGLISH_STOP = re.compile(r"\.(?=\s+[A-Z])")
_KEEP = frozenset("，；：（）！？")


FUNDING = "funding"
IN_KIND = "in_kind"
OTHER = "other"


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    text: str
    amount: Decimal  # the lower bound of a range
    currency: str
    amount_usd: Decimal | None
    approximate: bool
    kind: str  # FUNDING, IN_KIND or OTHER
    # The words that decided the kind, as they stand in the text; empty when nothing did.
    kind_words: str = ""
    upper: Decimal | None = None  # the upper bound of a range ($2-3 million), else None

    @property
    def is_funding(self) -> bool:
        return self.kind == FUNDING


def amounts_prepare() -> None:
    """Work out, ahead of the first paragraph, which characters need folding."""
    _foldable()


def parse_money(text: str) -> Money | None:
    """The first amount in ``text`` (one expression, such as "8 000 万美元"), or None."""
    found = find_amounts(text)
    return found[0] if found else None


def find_amounts(text: str) -> list[Money]:
    """Every amount in a paragraph, left to right, with spans into ``text``."""
    normal = _normalise(text)
    found: list[Money] = []
    taken: list[tuple[int, int]] = []
    for pattern, currency, reader in _PATTERNS:
        # Most paragraphs name no currency: the word every match needs is found much faster.
        if not currency.search(normal):
            continue
        for match in pattern.finditer(normal):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            money = reader(text, normal, match)
            if money is not None:
                found.append(money)
                taken.append((money.start, money.end))
    return sorted(found, key=lambda money: money.start)


def _normalise(text: str) -> str:
    """NFKC one character at a time, keeping characters that would change the length.

    Chinese punctuation stays as it is: NFKC would turn the full-width comma of
    "3 个，200 万美元" into a thousands separator.
    """
    # Most paragraphs hold no character that folds: one search in C tells.
    if not _foldable().search(text):
        return text
    return text.translate(_FOLDING)


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 and char not in _KEEP else char


class _Folding(dict):
    """Each character's replacement for ``str.translate``, worked out the first time it is met."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold(chr(code))
        return self[code]


_FOLDING = _Folding()


@cache
def _foldable() -> re.Pattern:
    """The characters that may fold: those of the common blocks that do, and all others."""
    return re.compile(listed_or_uncommon(char for char in common_characters() if _fold(char) != char))


def _read_zh(text: str, normal: str, match: re.Match) -> Money | None:
    currency_word = match.group("currency")
    if match.group("prefix") and currency_word not in ("元", "元人民币"):
        return None
    scale = _SCALES_ZH.get(match.group("scale") or "", 1)
    approximate = bool(match.group("approx") or match.group("more") or match.group("more2"))
    approximate = approximate or bool((match.group("after") or "").strip())
    return _money(text, normal, match, _CURRENCIES_ZH[currency_word], scale, approximate)


def _read_en(text: str, normal: str, match: re.Match) -> Money | None:
    currency = _CURRENCIES_EN.get(match.group("currency")) or _CURRENCIES_EN.get(
        match.group("currency").lower()
    )
    if currency is None:
        currency = match.group("currency").upper()
    scale = _SCALES_EN.get((match.group("scale") or "").lower(), 1)
    groups = match.groupdict()
    if groups.get("high_bare"):
        groups["high"] = groups["high_bare"]
    if groups.get("high"):
        # $2 million to $3 million gives each bound its scale; $2-3 million shares the last one.
        low_scale = _SCALES_EN.get((groups.get("low_scale") or "").lower(), scale)
        money = _money(text, normal, match, currency, low_scale, True)
        upper = _decimal(groups["high"], scale)
        return dataclasses.replace(money, upper=upper)
    if groups.get("low_scale"):
        scale = _SCALES_EN[groups["low_scale"].lower()]
    return _money(text, normal, match, currency, scale, bool(match.group("approx")))


def _decimal(number: str, scale: int) -> Decimal:
    amount = Decimal(re.sub(r"[ ,]", "", number)) * scale
    return Decimal(int(amount)) if amount == amount.to_integral_value() else amount


def _money(text: str, normal: str, match: re.Match, currency: str, scale: int, approximate: bool) -> Money:
    amount = _decimal(match.group("number"), scale)
    start, end = match.start(), match.end()
    # The folded text has the original's length: positions found in one hold in the other.
    kind, (words_start, words_end) = amount_kind(normal, start, end)
    return Money(
        start=start,
        end=end,
        text=text[start:end],
        amount=amount,
        currency=currency,
        amount_usd=amount if currency == "USD" else None,
        approximate=approximate,
        kind=kind,
        kind_words=text[words_start:words_end],
    )


# Each pattern, with a search for the currency word or sign that every one of its matches holds.
_PATTERNS = (
    (_ZH, re.compile(_alternation(_CURRENCIES_ZH)), _read_zh),
    (_EN_PREFIX, re.compile(_alternation(_CURRENCY_SIGNS_EN)), _read_en),
    (_EN_SUFFIX, compile_starting_with(_alternation(_CURRENCY_WORDS_EN), "ude", re.IGNORECASE), _read_en),
)


def amount_kind(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The kind of the amount at ``text[start:end]`` and where the words that decided it stand."""
    left, right = _sentence_around(text, start, end)
    sentence = text[left:right]
    value_before = _VALUE_BEFORE.search(text, left, start)
    goods_after = _GOODS_AFTER.match(text, end, right)
    if value_before or goods_after:
        begin = value_before.start() if value_before else start
        finish = goods_after.end() if goods_after else end
        return IN_KIND, (begin, finish)
    if statistic := _STATISTIC.search(sentence):
        return OTHER, (left + statistic.start(), left + statistic.end())
    # The word nearest the amount decides: 由中国政府提供 8 000 万美元, not an earlier 拨款.
    offers = list(_FUNDING.finditer(sentence))
    if offers:
        nearest = min(offers, key=lambda m: min(abs(left + m.end() - start), abs(left + m.start() - end)))
        return FUNDING, (left + nearest.start(), left + nearest.end())
    return OTHER, (start, start)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((text.rfind(mark, 0, start) for mark in _SENTENCE_END), default=-1) + 1
    rights = [index for index in (text.find(mark, end) for mark in _SENTENCE_END) if index != -1]
    # An English sentence ends at a full stop before a capital letter (not in "$1.5 million").
    stops = [match.start() for match in _ENGLISH_STOP.finditer(text, 0, start)]
    if stops:
        left = max(left, stops[-1] + 1)
    later = _ENGLISH_STOP.search(text, end)
    if later:
        rights.append(later.start())
    return left, min(rights) if rights else len(text)
