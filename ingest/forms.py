"""The upload form, shared by the upload page and the API's validation of uploads."""

import re
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
SYMBOL = re.compile(r"^[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+)+$")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Report file"), help_text=_("A .txt, .md, .docx or .pdf file."))
    symbol = forms.CharField(
        label=_("UN symbol"), required=False, max_length=64, help_text=_("For example A/76/403.")
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Detect")), ("zh", "中文"), ("en", "English")],
    )
    date = forms.DateField(label=_("Date"), required=False, help_text=_("YYYY-MM-DD"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                _("%(name)s is not a report file: accepted types are %(types)s."),
                params={"name": upload.name, "types": ", ".join(ACCEPTED_SUFFIXES)},
            )
        return upload

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip()
        if symbol and not SYMBOL.match(symbol):
            raise forms.ValidationError(_("A UN symbol looks like A/76/403 or A/RES/76/221."))
        return symbol
