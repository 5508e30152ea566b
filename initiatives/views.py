"""HTML pages."""

from django.db.models import Count
from django.shortcuts import render

from .models import Document


def home(request):
    documents = Document.objects.annotate(
        paragraph_count=Count("paragraphs", distinct=True),
        initiative_count=Count("paragraphs__initiatives", distinct=True),
    )
    return render(request, "initiatives/home.html", {"documents": documents})
