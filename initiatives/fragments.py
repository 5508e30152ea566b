"""Rendered parts of pages that depend only on the data and the language, cached per data revision.

The home page's map and charts take most of its rendering time (thousands of template nodes for
about 200 countries), yet change only when the data does: they are rendered once per revision
and language in each cache, and the next revision's key simply misses.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .revisions import current_revision

# Keys name their revision, so an old fragment is never served; this only frees the space.
FRAGMENT_SECONDS = 24 * 60 * 60


def fragment_cached(*, name: str, template: str, context_of: Callable[[], dict]) -> SafeString:
    """The rendered ``template``, from the cache when this revision and language were rendered before."""
    key = f"fragment:{name}:{get_language()}:{current_revision()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context_of())
        cache.set(key, html, timeout=FRAGMENT_SECONDS)
    return mark_safe(html)  # rendered by the template engine, which escaped it
