"""The editors' admin: every change goes through ``initiatives.curation``, beside the highlighted source.

Forms here only collect an editor's values; saving hands what changed to the
curation services, which record it and lock it against re-extraction. Nothing is
deleted from here: an initiative is marked as not an initiative instead, and the
change records are read-only. Reference entities and documents are shown for
lookup and autocompletion.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import curation
from .highlight import highlight_html, paragraph_highlights
from .models import (
    Agency,
    Amount,
    ChangeRecord,
    Country,
    Document,
    Initiative,
    Paragraph,
    Programme,
    Region,
    Sdg,
    Theme,
)
from .revisions import revision_bump
from .text import sentence_bounds


def source_html(paragraph: Paragraph, focus: tuple[int, int] | None = None) -> SafeString:
    """The paragraph's text, escaped, with the extractor's evidence marked and ``focus`` in full colour."""
    return highlight_html(text=paragraph.text, highlights=paragraph_highlights(paragraph), focus=focus)


class SourceMixin:
    """Puts the highlighted source paragraph beside the change form (templates/admin/initiatives/change_form.html)."""

    def source_of(self, obj) -> tuple[Paragraph, tuple[int, int] | None]:
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            paragraph, focus = self.source_of(obj)
            extra_context |= {
                "source_html": source_html(paragraph, focus),
                "source_paragraph": paragraph,
                "history_url": _history_url(obj, paragraph),
            }
        return super().change_view(request, object_id, form_url, extra_context)


def _history_url(obj, paragraph: Paragraph) -> str:
    initiative = obj if isinstance(obj, Initiative) else getattr(obj, "initiative", None)
    if initiative is not None:
        return reverse("initiative_history", args=[initiative.pk])
    return f"{reverse('admin:initiatives_changerecord_changelist')}?paragraph__id__exact={paragraph.pk}"


class YearsField(forms.CharField):
    """Years as ``2019, 2020``."""

    def prepare_value(self, value):
        return ", ".join(str(y) for y in value) if isinstance(value, list) else value

    def to_python(self, value) -> list[int]:
        text = (value or "").replace("，", ",").replace("、", ",")
        try:
            years = sorted({int(part) for part in text.split(",") if part.strip()})
        except ValueError:
            raise ValidationError(_("Write years as numbers separated by commas, e.g. 2019, 2020.")) from None
        if any(not 1900 <= y <= 2100 for y in years):
            raise ValidationError(_("A year must be between 1900 and 2100."))
        return years


class InitiativeForm(forms.ModelForm):
    years = YearsField(required=False, help_text=_("e.g. 2019, 2020"))

    class Meta:
        model = Initiative
        fields = ["paragraph", "start", "end", *curation.EDITABLE]
        widgets = {
            # Sized by static/css/curation.css: the content security policy blocks style attributes.
            "title": forms.TextInput(attrs={"class": "curation-title"}),
            "sdgs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sdgs" in self.fields:
            self.fields["sdgs"].label_from_instance = lambda sdg: f"{sdg.number}. {sdg.name}"

    def clean(self):
        cleaned = super().clean()
        paragraph, start, end = cleaned.get("paragraph"), cleaned.get("start"), cleaned.get("end")
        if None in (paragraph, start, end):
            return cleaned
        if not 0 <= start < end <= len(paragraph.text):
            raise ValidationError(
                _("The span must lie inside the paragraph, which has %(n)s characters.")
                % {"n": len(paragraph.text)}
            )
        return cleaned


class AmountInline(admin.TabularInline):
    model = Amount
    fields = ["text", "amount", "currency", "amount_usd", "approximate", "kind", "is_funding"]
    readonly_fields = ["text"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SplitForm(forms.Form):
    at = forms.TypedChoiceField(
        label=_("Split before"), coerce=int, widget=forms.RadioSelect, required=False, choices=()
    )
    offset = forms.IntegerField(
        label=_("or at character"), required=False, help_text=_("A character offset within the paragraph.")
    )
    first_title = forms.CharField(label=_("Title of the first part"), max_length=255)
    second_title = forms.CharField(
        label=_("Title of the second part"),
        max_length=255,
        required=False,
        help_text=_("Left empty, the opening words of the second part."),
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        text = initiative.paragraph.text
        starts = [start for start, _end in sentence_bounds(text) if initiative.start < start < initiative.end]
        if not starts:
            # One sentence: offer its clauses instead.
            starts = [i + 1 for i in range(initiative.start, initiative.end - 1) if text[i] in "，,；;：:"]
        self.fields["at"].choices = [(start, f"{start}: {text[start : start + 30]}…") for start in starts]

    def clean(self):
        cleaned = super().clean()
        at = cleaned.get("offset") if cleaned.get("offset") is not None else cleaned.get("at")
        if at is None or not self.initiative.start < at < self.initiative.end:
            raise ValidationError(
                _("Choose where to split, strictly between characters %(start)s and %(end)s.")
                % {"start": self.initiative.start, "end": self.initiative.end}
            )
        cleaned["split_at"] = at
        return cleaned


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this not an initiative?"), widget=forms.Textarea(attrs={"rows": 3})
    )


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


class ParagraphForm(forms.ModelForm):
    class Meta:
        model = Paragraph
        fields = ["kind"]


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


class AmountForm(forms.ModelForm):
    class Meta:
        model = Amount
        fields = list(curation.AMOUNT_EDITABLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].required = True
        if self.instance.pk:
            self.fields["initiative"].queryset = Initiative.objects.filter(
                paragraph_id=self.instance.paragraph_id, is_active=True
            )


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
