"""The admin of what was read from a paragraph: its kind, its amounts, and the read-only record of changes."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .. import curation
from ..models import Amount, ChangeRecord, Paragraph
from .forms import AmountForm, ParagraphForm
from .source import SourceMixin


@admin.register(Paragraph)
class ParagraphAdmin(SourceMixin, admin.ModelAdmin):
    form = ParagraphForm
    list_display = ["__str__", "kind", "kind_locked", "document"]
    list_filter = ["kind", "kind_locked", ("document", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text"]
    list_select_related = ["document"]
    fields = ["citation", "kind", "kind_locked", "initiative_links"]
    readonly_fields = ["citation", "kind_locked", "initiative_links"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Source"))
    def citation(self, obj: Paragraph) -> str:
        return obj.citation

    @admin.display(description=_("Initiatives"))
    def initiative_links(self, obj: Paragraph) -> SafeString:
        links = [
            format_html(
                '<li><a href="{}">{}</a>{}</li>',
                reverse("admin:initiatives_initiative_change", args=[i.pk]),
                i.title,
                "" if i.is_active else _(" (not an initiative)"),
            )
            for i in obj.initiatives.all()
        ]
        return format_html("<ul>{}</ul>", SafeString("".join(links))) if links else "—"

    def source_of(self, obj: Paragraph):
        return obj, None

    def save_model(self, request, obj, form, change):
        curation.paragraph_kind_set(paragraph=obj, user=request.user, kind=form.cleaned_data["kind"])


@admin.register(Amount)
class AmountAdmin(SourceMixin, admin.ModelAdmin):
    form = AmountForm
    list_display = ["text", "amount_usd", "kind", "is_funding", "initiative", "paragraph"]
    list_filter = ["kind", "is_funding", "approximate", "currency"]
    search_fields = ["text"]
    list_select_related = ["initiative", "paragraph__document"]
    fields = ["paragraph", "text", *curation.AMOUNT_EDITABLE]
    readonly_fields = ["paragraph", "text"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def source_of(self, obj: Amount):
        return obj.paragraph, (obj.start, obj.end)

    def save_model(self, request, obj, form, change):
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in curation.AMOUNT_EDITABLE
        }
        curation.amount_update(amount=obj, user=request.user, changes=changes)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "field", "initiative", "paragraph", "before", "after"]
    list_filter = ["action", "field"]
    search_fields = ["username", "field", "note"]
    list_select_related = ["initiative", "paragraph__document"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
