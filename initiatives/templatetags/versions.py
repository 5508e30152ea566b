"""Template filters for the language versions of a document (see ``initiatives.versions``)."""

from django import template

from initiatives import versions

register = template.Library()


@register.filter
def shown(initiative) -> versions.Shown:
    """The initiative's title and text in the reader's language where a version has them."""
    return versions.initiative_shown(initiative)


@register.filter
def html_lang(language: str) -> str:
    """The ``lang`` attribute of text in a document's language (``zh`` is ``zh-Hans``)."""
    return versions.html_lang(language)


@register.filter
def language_name(language: str) -> str:
    return versions.language_name(language)
