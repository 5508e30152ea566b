"""The search snippet tag: a passage of text around the words searched for, with those words marked."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator

register = template.Library()

SNIPPET_WIDTH = 120


@register.simple_tag
def search_snippet(text: str, query: str) -> SafeString:
    from initiatives.search import snippet

    # snippet() escapes the text and adds only its own <mark> tags. A result found
    # through an entity it is linked to may not contain the words: show its opening.
    return snippet(text, query, width=SNIPPET_WIDTH) or conditional_escape(
        Truncator(text).chars(SNIPPET_WIDTH)
    )
