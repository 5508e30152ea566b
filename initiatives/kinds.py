"""The kinds of reference entity (agency, country, region, SDG, theme, programme): each declared once, here.

Writing, curation, filters, facets, highlighting and exports read this registry instead of
naming the kinds one by one. Adding a kind takes its model with the many-to-many fields
of ``Initiative`` and ``Paragraph`` (named ``links``) and its ``Evidence.Field``, an entry
here, a migration, and the extractor's values of that name; the records filter declares its
filter by hand, with ``kind_filter``, as every filter is.
The models are named, not imported, so that the models themselves can read the registry
(``LOCKABLE_FIELDS``).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EntityKind:
    # The kind's name in code, URLs and templates: ``agency``.
    code: str
    # The model's name in the ``initiatives`` app: ``Agency``.
    model_name: str
    # The natural key: what the reference data, the extractors and the URLs name an entity by.
    key: str
    # The query parameter that filters records by it: ``?agency=UNDP``.
    parameter: str
    label: Promise
    label_plural: Promise
    # The many-to-many field on ``Initiative`` and on ``Paragraph`` (and the related name on the
    # entity): also the name of the extracted values and of the curated field.
    links: str
    # The ``Evidence.Field`` value of the spans it was read from.
    evidence: str
    # Whether an editor's value is kept from re-extraction (``Initiative.locked_fields``).
    lockable: bool
    # Whether the text names its entities (an agency, a country) rather than the extractor
    # inferring them from words (a goal, a theme): ingestion reports how many named ones it found.
    named: bool
    # The file under data/reference/ that lists the entities.
    reference_file: str
    # What a record (API, export) shows of a linked entity; empty: the natural key alone.
    record_fields: tuple[str, ...]
    # The columns a page of records loads of a linked entity: codes and names, never aliases.
    loaded_fields: tuple[str, ...]

    @property
    def model(self) -> type[Model]:
        return apps.get_model("initiatives", self.model_name)


KINDS = (
    EntityKind(
        code="agency",
        model_name="Agency",
        key="code",
        parameter="agency",
        label=_("Agency"),
        label_plural=_("Agencies"),
        links="agencies",
        evidence="agency",
        lockable=True,
        named=True,
        reference_file="agencies.json",
        record_fields=("code", "name_zh", "name_en"),
        loaded_fields=("code", "name_zh", "name_en", "short_names_zh"),
    ),
    EntityKind(
        code="country",
        model_name="Country",
        key="iso3",
        parameter="country",
        label=_("Country"),
        label_plural=_("Countries"),
        links="countries",
        evidence="country",
        lockable=True,
        named=True,
        reference_file="countries.json",
        record_fields=("iso3", "name_zh", "name_en"),
        loaded_fields=("iso3", "name_zh", "name_en"),
    ),
    EntityKind(
        code="region",
        model_name="Region",
        key="code",
        parameter="region",
        label=_("Region"),
        label_plural=_("Regions"),
        links="regions",
        evidence="region",
        lockable=True,
        named=True,
        reference_file="regions.json",
        record_fields=("code", "name_zh", "name_en"),
        loaded_fields=("code", "name_zh", "name_en", "kind"),
    ),
    EntityKind(
        code="sdg",
        model_name="Sdg",
        key="number",
        parameter="sdg",
        label=_("SDG"),
        label_plural=_("SDGs"),
        links="sdgs",
        evidence="sdg",
        lockable=True,
        named=False,
        reference_file="sdgs.json",
        record_fields=(),
        loaded_fields=("number", "name_zh", "name_en"),
    ),
    EntityKind(
        code="theme",
        model_name="Theme",
        key="code",
        parameter="theme",
        label=_("Theme"),
        label_plural=_("Themes"),
        links="themes",
        evidence="theme",
        lockable=True,
        named=False,
        reference_file="themes.json",
        record_fields=("code", "name_zh", "name_en"),
        loaded_fields=("code", "name_zh", "name_en"),
    ),
    # Funds, facilities, programmes and platforms (the IBSA Fund, South-South Galaxy), which
    # reports of different years name again: a programme's page follows them across the years.
    EntityKind(
        code="programme",
        model_name="Programme",
        key="code",
        parameter="programme",
        label=_("Programme"),
        label_plural=_("Programmes"),
        links="programmes",
        evidence="programme",
        lockable=True,
        named=True,
        reference_file="programmes.json",
        record_fields=("code", "name_zh", "name_en"),
        loaded_fields=("code", "name_zh", "name_en"),
    ),
)

# The link field names of every kind, in the registry's order: ``("agencies", "countries", ...)``.
LINKS = tuple(kind.links for kind in KINDS)
_BY_CODE = {kind.code: kind for kind in KINDS}
_BY_LINKS = {kind.links: kind for kind in KINDS}
_BY_PARAMETER = {kind.parameter: kind for kind in KINDS}


def kind_of(code: str) -> EntityKind:
    """The kind named ``code`` (``agency``, ``country`` ...); KeyError for any other name."""
    return _BY_CODE[code]


def kind_linked_as(links: str) -> EntityKind:
    """The kind whose link field is ``links`` (``agencies``, ``countries`` ...); KeyError otherwise."""
    return _BY_LINKS[links]


def kind_filtered_by(parameter: str) -> EntityKind:
    """The kind that the query parameter ``parameter`` filters by (``agency`` ...); KeyError otherwise."""
    return _BY_PARAMETER[parameter]
