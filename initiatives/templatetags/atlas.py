"""Template filters and tags of the atlas pages: entity names, money, anchors and links."""

import re
from decimal import Decimal

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.html import Urlizer
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from initiatives.models import name_in_reader_language

register = template.Library()

# Chinese counts money in 万 (10^4) and 亿 (10^8); English in millions and billions.
_ZH_UNITS = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
_EN_UNITS = ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def _plain(number: Decimal, *, separator: str) -> str:
    # At most two decimals and none that are zero: 1.5, 20, 3.36.
    text = f"{number.quantize(Decimal('0.01')):,f}".rstrip("0").rstrip(".")
    return text.replace(",", separator)


def usd_text(amount: Decimal | int | float | None) -> str:
    """An amount of US dollars written the way the active language writes money."""
    if amount is None:
        return ""
    amount = Decimal(str(amount))
    if is_english():
        for size, word in _EN_UNITS:
            if amount >= size:
                return f"US${_plain(amount / size, separator=',')} {word}"
        return f"US${_plain(amount, separator=',')}"
    for size, word in _ZH_UNITS:
        if amount >= size:
            return f"{_plain(amount / size, separator=' ')} {word}美元"
    return f"{_plain(amount, separator=' ')} 美元"


def entity_name(entity) -> str:
    """The entity's name in the active language, or in the other one when it has none."""
    if entity is None:
        return ""
    return name_in_reader_language(name_zh=entity.name_zh, name_en=entity.name_en)


def row_name(row: dict) -> str:
    """The name in the active language of an entity given as a dict with ``name_zh`` and ``name_en``."""
    return name_in_reader_language(name_zh=row.get("name_zh") or "", name_en=row.get("name_en") or "")


def entity_short_name(entity) -> str:
    """A short label for charts and chips: an agency's acronym or Chinese short form."""
    short_zh = getattr(entity, "short_names_zh", None)
    code = getattr(entity, "code", "")
    if is_english():
        # Codes of organisations found only in the text are hashes, not acronyms.
        if short_zh is not None and code and not code.startswith("ORG-"):
            return code
        return entity_name(entity)
    if short_zh:
        return short_zh[0]
    return entity_name(entity)


@register.filter
def usd(amount) -> str:
    return usd_text(amount)


@register.filter
def name(entity) -> str:
    return entity_name(entity)


@register.filter
def short_name(entity) -> str:
    return entity_short_name(entity)


@register.filter
def other_name(entity) -> str:
    """The name in the language not shown, for a subtitle."""
    return entity.name_zh if is_english() else entity.name_en


@register.filter
def paragraph_anchor(paragraph) -> str:
    """The fragment of a paragraph in the document reader: ``para-32``, or ``p-3`` when unnumbered."""
    return f"para-{paragraph.number}" if paragraph.number else f"p-{paragraph.order}"


class TextUrlizer(Urlizer):
    """Django's ``urlize`` made to end a URL before punctuation of Chinese text as well as English.

    Chinese text writes no space after a URL: ``可查阅 www.who.int/…。``. Django splits words only
    at spaces and quotes and trims only ASCII punctuation, so the full stop became part of the
    link (``…%E3%80%82``). CJK and full-width punctuation and curly quotes never occur in a URL
    as printed, so the text is split at them too; the ASCII marks that may end a sentence are
    trimmed from the end of a URL, and kept inside it.
    """

    word_split_re = re.compile(
        "([\\s<>\"'\u2018-\u201f\u2026\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+)"
    )
    trailing_punctuation_chars = ".,:;!?"


text_urlizer = TextUrlizer()


@register.filter(is_safe=True, needs_autoescape=True)
@stringfilter
def urlize_text(value: str, autoescape: bool = True) -> str:
    """``urlize`` for text in either language (see ``TextUrlizer``)."""
    return mark_safe(text_urlizer(value, nofollow=True, autoescape=autoescape))


@register.simple_tag
def list_sep() -> str:
    """The separator between items of an inline list: 、 in Chinese, a comma in English."""
    return ", " if is_english() else "、"
