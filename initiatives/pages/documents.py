"""The documents: their list with what was read from each, and the reader, a page of paragraphs at a time."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import Document
from ..selectors.counts import documents_counted
from ..selectors.documents import reader_page


@require_safe
def document_list(request):
    return render(request, "initiatives/document_list.html", {"documents": documents_counted()})


@require_safe
def document_detail(request, pk: int):
    document = get_object_or_404(Document.objects.defer("original_text"), pk=pk)
    read = reader_page(document, request.GET)
    context = {
        "document": document,
        "rows": read.rows,
        "page": read.page,
        "chapters": read.chapters,
        "initiative_count": read.initiative_count,
    }
    return render(request, "initiatives/document_detail.html", context)
