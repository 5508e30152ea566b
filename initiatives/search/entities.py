"""The names of agencies and countries in both languages, for queries that name one of them.

Every name, short form and alias in the reference data (UNDP, 开发署, 联合国开发计划署;
Ethiopia, 埃塞俄比亚), normalised like any query, maps to the entity's code, so that a query
naming an entity also finds the paragraphs and initiatives linked to it whatever form their
text uses. The names come from the extractors' gazetteer, so search and extraction agree.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from initiatives.reference.gazetteer import gazetteer

from .text import normalise


@dataclass(frozen=True)
class Entity:
    kind: str  # "agency" | "country"
    code: str  # agency code or country ISO3


@dataclass(frozen=True)
class EntityNames:
    by_name: Mapping[str, frozenset[Entity]]  # normalised name → entities
    names: Mapping[Entity, tuple[str, ...]]  # entity → its normalised names, longest first
    longest_words: int  # the most space-separated words in one name


@cache
def entity_names() -> EntityNames:
    by_name: dict[str, set[Entity]] = defaultdict(set)
    names: dict[Entity, set[str]] = defaultdict(set)
    reference = gazetteer()
    for kind, mapping in (("agency", reference.agency_names), ("country", reference.country_names)):
        for name, code in mapping.items():
            entity, key = Entity(kind, code), normalise(name).strip()
            if key:
                by_name[key].add(entity)
                names[entity].add(key)
    return EntityNames(
        by_name={name: frozenset(entities) for name, entities in by_name.items()},
        names={entity: tuple(sorted(found, key=lambda n: (-len(n), n))) for entity, found in names.items()},
        longest_words=max((len(name.split()) for name in by_name), default=1),
    )


def entities_named(text: str) -> frozenset[Entity]:
    """The entities that normalised ``text`` names exactly (no partial names)."""
    return entity_names().by_name.get(" ".join(text.split()), frozenset())


def names_of(entity: Entity) -> tuple[str, ...]:
    return entity_names().names.get(entity, ())
