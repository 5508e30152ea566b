"""The admin of initiatives: correcting one, adding one from a span, splitting, merging and marking as not an initiative."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import curation
from ..models import Amount, Initiative
from .forms import DeactivateForm, InitiativeForm, SplitForm
from .source import SourceMixin, source_html


class AmountInline(admin.TabularInline):
    model = Amount
    fields = ["text", "amount", "currency", "amount_usd", "approximate", "kind", "is_funding"]
    readonly_fields = ["text"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(SourceMixin, admin.ModelAdmin):
    form = InitiativeForm
    list_display = ["title", "citation", "review", "is_active", "covid", "climate", "modality", "funding_usd"]
    list_filter = [
        "review",
        "is_active",
        "covid",
        "climate",
        "modality",
        ("agencies", admin.RelatedOnlyFieldListFilter),
        ("paragraph__document", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "title",
        "text",
        "agencies__code",
        "agencies__name_zh",
        "countries__iso3",
        "countries__name_zh",
    ]
    list_select_related = ["paragraph__document"]
    autocomplete_fields = ["agencies", "countries", "regions", "themes", "programmes"]
    raw_id_fields = ["paragraph"]
    inlines = [AmountInline]
    actions = ["merge_selected", "deactivate_selected"]
    readonly_fields = ["citation", "span", "review", "is_active", "locked"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["paragraph", "start", "end", "title"]})]
        return [
            (None, {"fields": ["title", "citation", "span", "review", "is_active", "locked"]}),
            (_("Links"), {"fields": ["agencies", "countries", "regions", "sdgs", "themes"]}),
            (_("Flags"), {"fields": ["covid", "climate", "modality", "years", "funding_usd"]}),
        ]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("agencies")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Source"), ordering="paragraph__order")
    def citation(self, obj: Initiative) -> str:
        return obj.citation

    @admin.display(description=_("Span"))
    def span(self, obj: Initiative) -> str:
        return f"{obj.start}–{obj.end}"

    @admin.display(description=_("Kept from re-extraction"))
    def locked(self, obj: Initiative) -> str:
        return ", ".join(obj.locked_fields) or "—"

    def source_of(self, obj: Initiative):
        return obj.paragraph, (obj.start, obj.end)

    def save_model(self, request, obj, form, change):
        # form.save(commit=False) has already copied the values onto obj; the services read
        # the stored record again, so "before" is what the database held.
        if change:
            changes = {
                name: form.cleaned_data[name] for name in form.changed_data if name in curation.EDITABLE
            }
            curation.initiative_update(initiative=obj, user=request.user, changes=changes)
            return
        added = curation.initiative_add(
            paragraph=form.cleaned_data["paragraph"],
            user=request.user,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            title=form.cleaned_data["title"],
        )
        obj.pk, obj.order = added.pk, added.order

    def save_related(self, request, form, formsets, change):
        # The services set the relations; form.save_m2m() would write them a second time unrecorded.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        # What formset.save() would have left for the admin's log message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for amount_form in formset.forms:
            if amount_form.instance.pk is None or not amount_form.has_changed():
                continue
            changes = {
                name: amount_form.cleaned_data[name]
                for name in amount_form.changed_data
                if name in curation.AMOUNT_EDITABLE
            }
            curation.amount_update(amount=amount_form.instance, user=request.user, changes=changes)
            formset.changed_objects.append((amount_form.instance, amount_form.changed_data))

    def response_post_save_add(self, request, obj):
        # A new initiative starts from the evidence in its span: show it for review straight away.
        return HttpResponseRedirect(reverse("admin:initiatives_initiative_change", args=[obj.pk]))

    @admin.action(description=_("Merge the two selected initiatives"), permissions=["add", "change"])
    def merge_selected(self, request, queryset):
        selected = list(queryset)
        if len(selected) != 2:
            self.message_user(request, _("Select exactly two initiatives to merge."), messages.ERROR)
            return None
        try:
            merged = curation.initiatives_merge(first=selected[0], second=selected[1], user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(request, _("Merged into “%(title)s”.") % {"title": merged.title}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:initiatives_initiative_change", args=[merged.pk]))

    @admin.action(description=_("Mark the selected as not initiatives"), permissions=["change"])
    def deactivate_selected(self, request, queryset):
        form = DeactivateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for initiative in queryset:
                curation.initiative_deactivate(
                    initiative=initiative, user=request.user, reason=form.cleaned_data["reason"]
                )
            self.message_user(request, _("Marked %(n)s as not initiatives.") % {"n": len(queryset)})
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Mark as not initiatives"),
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/initiatives/initiative/deactivate.html", context)

    def get_urls(self):
        split = path(
            "<path:object_id>/split/",
            self.admin_site.admin_view(self.split_view),
            name="initiatives_initiative_split",
        )
        return [split, *super().get_urls()]

    def split_view(self, request, object_id):
        initiative = get_object_or_404(Initiative.objects.select_related("paragraph__document"), pk=object_id)
        if not (self.has_add_permission(request) and self.has_change_permission(request, initiative)):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = SplitForm(data, initiative=initiative, initial={"first_title": initiative.title})
        if form.is_valid():
            try:
                first, second = curation.initiative_split(
                    initiative=initiative,
                    user=request.user,
                    at=form.cleaned_data["split_at"],
                    titles=(form.cleaned_data["first_title"], form.cleaned_data["second_title"]),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("Split into “%(a)s” and “%(b)s”.") % {"a": first, "b": second})
                return HttpResponseRedirect(reverse("admin:initiatives_initiative_change", args=[first.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": initiative,
            "title": _("Split an initiative"),
            "form": form,
            "source_html": source_html(initiative.paragraph, (initiative.start, initiative.end)),
        }
        return TemplateResponse(request, "admin/initiatives/initiative/split.html", context)
