"""The admin of reference entities and documents: shown for lookup and autocompletion."""

from django.contrib import admin

from ..models import Agency, Country, Document, Programme, Region, Sdg, Theme
from ..revisions import revision_bump


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]

    # Pages and cached counts name these entities: an edit is a new revision of the data.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        revision_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        revision_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        revision_bump()


@admin.register(Agency)
class AgencyAdmin(ReferenceAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "is_reference"]
    list_filter = ["kind", "is_reference"]


@admin.register(Country)
class CountryAdmin(ReferenceAdmin):
    list_display = ["iso3", "name_zh", "name_en"]
    search_fields = ["iso3", "iso2", "name_zh", "name_en"]


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_filter = ["kind"]


@admin.register(Theme)
class ThemeAdmin(ReferenceAdmin):
    pass


@admin.register(Programme)
class ProgrammeAdmin(ReferenceAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "agency"]
    list_filter = ["kind"]
    autocomplete_fields = ["agency"]


@admin.register(Sdg)
class SdgAdmin(ReferenceAdmin):
    list_display = ["number", "name_zh", "name_en"]
    search_fields = ["number", "name_zh", "name_en"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "kind", "year", "ingested_at"]
    list_filter = ["kind", "year"]
    search_fields = ["symbol", "title"]
    exclude = ["original_text"]

    def has_add_permission(self, request):
        # Documents come in through ingestion (the upload page, the API or the ingest command).
        return False

    def has_change_permission(self, request, obj=None):
        return False
