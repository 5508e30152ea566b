"""Every serializer, in one package: the shapes of records, shared by the REST API and the export
command (``records``, with the references they link in ``refs``), of the reference entities and
documents with their counts (``entities``), of the facet counts of a selection (``facets``), and
of programmes with their timeline (``programmes``)."""

from .entities import (
    AgencySerializer,
    CountrySerializer,
    DocumentSerializer,
    RegionSerializer,
    SdgSerializer,
    ThemeSerializer,
)
from .facets import FacetsSerializer
from .programmes import ProgrammeDetailSerializer, ProgrammeSerializer
from .records import INITIATIVE_FIELDS, InitiativeSerializer, ParagraphSerializer, sdg_readings
from .refs import AmountSerializer, DocumentRefSerializer, EvidenceSerializer

__all__ = [
    "INITIATIVE_FIELDS",
    "AgencySerializer",
    "AmountSerializer",
    "CountrySerializer",
    "DocumentRefSerializer",
    "DocumentSerializer",
    "EvidenceSerializer",
    "FacetsSerializer",
    "InitiativeSerializer",
    "ParagraphSerializer",
    "ProgrammeDetailSerializer",
    "ProgrammeSerializer",
    "RegionSerializer",
    "SdgSerializer",
    "ThemeSerializer",
    "sdg_readings",
]
