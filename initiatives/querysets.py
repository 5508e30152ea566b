"""Querysets that fetch a record with everything its serializer shows, in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from .models import Agency, Country, Initiative, Paragraph, Region, Sdg, Theme

# What a record shows of each entity it links to: codes and names, never aliases.
_ENTITY_FIELDS = {
    "agencies": (Agency, ["code", "name_zh", "name_en", "short_names_zh"]),
    "countries": (Country, ["iso3", "name_zh", "name_en"]),
    "regions": (Region, ["code", "name_zh", "name_en", "kind"]),
    "sdgs": (Sdg, ["number", "name_zh", "name_en"]),
    "themes": (Theme, ["code", "name_zh", "name_en"]),
}
# A record shows its document's symbol and title, never the whole report it was read from.
_DOCUMENT_TEXT = "document__original_text"


def _links() -> list[Prefetch]:
    """Each link as a list in ``prefetched_<name>``: the serializers and templates read these.

    A list costs nothing to attach, where a prefetched manager costs a queryset clone per record
    and relation, which took most of the time of a page of 50.
    """
    entities = [
        Prefetch(name, model.objects.only(*fields), to_attr=f"prefetched_{name}")
        for name, (model, fields) in _ENTITY_FIELDS.items()
    ]
    return [*entities, Prefetch("amounts", to_attr="prefetched_amounts")]


def initiatives_with_details() -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(is_active=True)
        .select_related("paragraph__document")
        .defer(f"paragraph__{_DOCUMENT_TEXT}")
        .prefetch_related(*_links())
    )


def paragraphs_with_details() -> QuerySet[Paragraph]:
    active = Initiative.objects.filter(is_active=True).prefetch_related(*_links())
    return (
        Paragraph.objects.select_related("document")
        .defer(_DOCUMENT_TEXT)
        .prefetch_related(*_links(), "evidence", Prefetch("initiatives", queryset=active))
    )
