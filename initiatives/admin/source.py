"""The highlighted source paragraph that every change form of the admin shows beside its fields."""

from django.urls import reverse
from django.utils.safestring import SafeString

from ..highlight import highlight_html, paragraph_highlights
from ..models import Initiative, Paragraph


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
