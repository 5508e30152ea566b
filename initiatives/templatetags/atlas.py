"""Template filters and tags of the atlas pages: entity names, money, anchors and links."""

import re

from django import template
from django.template.defaultfilters import stringfilter
from django.urls import reverse
from django.utils.html import Urlizer
from django.utils.safestring import mark_safe

from initiatives.kinds import KINDS
from initiatives.names import entity_name, entity_short_name, is_english, usd_text

register = template.Library()


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
def entity_url(entity) -> str:
    """The page of an agency, a country, a region, a goal or a theme."""
    kind = next(kind for kind in KINDS if kind.model_name == type(entity).__name__)
    # An entity's page is named for its kind's code (``agency``) and found by its natural key.
    return reverse(kind.code, args=[getattr(entity, kind.key)])


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
