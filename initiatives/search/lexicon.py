"""The bilingual lexicon: forms that mean the same thing in English and Chinese, read as data.

``data/lexicon/lexicon.json`` (built by ``scripts/build_lexicon.py`` from the reference entities'
names and the hand-kept terms of South-South cooperation) holds groups of equivalent forms. A
query term that is one of a group's forms is also searched as every other form of its groups:
food security as 粮食安全, 三角合作 as 三方合作 and triangular cooperation. Forms are compared by
their normalised tokens, so case, hyphens, full-width letters and Traditional characters do not
matter, and an English word's plural finds its singular form (remittance, remittances).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .text import char_tokens, normalise

LEXICON_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "lexicon.json"
# A term's equivalents are searched as alternatives, each a phrase: a cap keeps a country with
# many aliases from making every search of it slow.
MAX_EQUIVALENTS = 16


@dataclass(frozen=True)
class Lexicon:
    groups: tuple[tuple[str, ...], ...]  # forms as written, English first
    by_key: dict[str, tuple[int, ...]]  # lookup key → indexes of the groups holding it
    longest_words: int  # the most space-separated words in one form


def lookup_key(text: str) -> str:
    """The key under which a form is found: its normalised tokens, English words made singular."""
    return " ".join(_singular(token.text) for token in char_tokens(normalise(text)))


def _singular(word: str) -> str:
    # Enough to join the plurals of the lexicon's nouns to their singulars; stemming proper is
    # the database's, on the text.
    if len(word) > 3 and word.isascii() and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def lexicon() -> Lexicon:
    data = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    groups, by_key = [], {}
    for group in data["groups"]:
        forms = tuple(dict.fromkeys([*group["en"], *group["zh"]]))
        index = len(groups)
        groups.append(forms)
        for form in forms:
            key = lookup_key(form)
            if key:
                by_key.setdefault(key, []).append(index)
    return Lexicon(
        groups=tuple(groups),
        by_key={key: tuple(indexes) for key, indexes in by_key.items()},
        longest_words=max((len(form.split()) for forms in groups for form in forms), default=1),
    )


def is_form(text: str) -> bool:
    return lookup_key(text) in lexicon().by_key


def equivalents(text: str) -> tuple[str, ...]:
    """The other forms of every group that ``text`` is a form of, as written, English first."""
    key = lookup_key(text)
    found = lexicon()
    forms = (form for index in found.by_key.get(key, ()) for form in found.groups[index])
    seen = {key}
    result = []
    for form in forms:
        form_key = lookup_key(form)
        if form_key and form_key not in seen:
            seen.add(form_key)
            result.append(form)
    return tuple(result[:MAX_EQUIVALENTS])
