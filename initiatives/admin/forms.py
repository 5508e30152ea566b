"""The admin's forms: they collect an editor's values and check them, and save nothing themselves."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import curation
from ..models import Amount, Initiative, Paragraph
from ..text import sentence_bounds


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


class ParagraphForm(forms.ModelForm):
    class Meta:
        model = Paragraph
        fields = ["kind"]


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
