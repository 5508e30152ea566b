"""HTML pages: home, the filtered list of initiatives, one initiative, entity pages, the document reader and about.

Every list of initiatives goes through ``InitiativeFilterSet`` and every count
through ``cached_facets``, so a page, the API and the CSV download agree on
what a filter selects; an entity page is the list filtered by that one entity.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import charts, search
from .facets import cached_documents, cached_facets_of_all, cached_selection_facets
from .filters import InitiativeFilterSet
from .fragments import fragment_cached
from .highlight import amount_kind_text, field_label, highlight_html, paragraph_highlights
from .models import Agency, ChangeRecord, Country, Document, Initiative, Region, Sdg, Theme
from .paging import RecordPaginator
from .querysets import initiatives_with_details
from .templatetags.atlas import entity_name, entity_short_name, has_empty_values, query_string, row_name
from .templatetags.listing import active_filters, facet_groups, ordering_choices

PAGE_SIZE = 20
CHART_ROWS = 10
MEMBERS_NAMED = 12


def _filtered(params) -> InitiativeFilterSet:
    return InitiativeFilterSet(params, queryset=initiatives_with_details())


def _page(request, filterset: InitiativeFilterSet):
    return RecordPaginator(filterset.qs, PAGE_SIZE, filterset=filterset).get_page(request.GET.get("page"))


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _home_charts(facets: dict) -> dict:
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[r["code"] for r in facets["agencies"]])}
    countries = {c.iso3: c for c in Country.objects.all()}
    total = facets["count"]
    by_m49 = {c.m49: c for c in countries.values()}
    return {
        "agency_chart": charts.bar_chart(
            rows=[
                (entity_short_name(agencies[r["code"]]), r["count"], reverse("agency", args=[r["code"]]))
                for r in facets["agencies"][:CHART_ROWS]
            ]
        ),
        "region_chart": charts.bar_chart(
            rows=[
                (row_name(r), r["count"], reverse("region", args=[r["code"]]))
                # The reports' own groupings (Africa and Latin America and the Caribbean are also M49 areas).
                for r in facets["regions"]
                if r["kind"] == Region.Kind.GROUPING
            ][:CHART_ROWS]
        ),
        "sdg_chart": charts.bar_chart(
            rows=[
                (f"{r['number']} {row_name(r)}", r["count"], reverse("sdg", args=[r["number"]]))
                for r in sorted(facets["sdgs"], key=lambda r: r["number"])
            ]
        ),
        "theme_chart": charts.bar_chart(
            rows=[
                (row_name(r), r["count"], reverse("theme", args=[r["code"]]))
                for r in facets["themes"][:CHART_ROWS]
            ]
        ),
        "share_chart": charts.bar_chart(
            rows=[
                (
                    _("COVID-19"),
                    _share(facets["covid"]["true"], total),
                    f"{reverse('initiatives')}?covid=true",
                ),
                (
                    _("Climate"),
                    _share(facets["climate"]["true"], total),
                    f"{reverse('initiatives')}?climate=true",
                ),
            ],
            maximum=100,
            value_text=lambda v: f"{v}%",
        ),
        "world_map": charts.world_map(
            counts={
                countries[r["iso3"]].m49: r["count"] for r in facets["countries"] if r["iso3"] in countries
            },
            names={m49: entity_name(c) for m49, c in by_m49.items()},
            urls={m49: reverse("country", args=[c.iso3]) for m49, c in by_m49.items()},
        ),
        "country_rows": [
            (countries[r["iso3"]], r["count"]) for r in facets["countries"] if r["iso3"] in countries
        ],
    }


@require_safe
def home(request):
    facets = cached_facets_of_all()
    panels = fragment_cached(
        name="home-panels",
        template="initiatives/includes/home_panels.html",
        context_of=lambda: _home_charts(facets),
    )
    context = {"facets": facets, "documents": Document.objects.count(), "panels": panels}
    return render(request, "initiatives/home.html", context)


def _selection_facets(params) -> dict:
    """Facet counts of the selection; a group with a selected value is counted as if its own filter were off,
    so that its other options stay in view and can be added to the selection."""
    return cached_selection_facets(_filtered(params))


def _selection_documents(params) -> list[dict]:
    """The documents of the selection with the document filter off, so that another can be chosen."""
    others = params.copy()
    others.pop("document", None)
    return cached_documents(_filtered(others))


@require_safe
def initiative_list(request):
    if has_empty_values(request.GET):
        # A form submitted without JavaScript sends every field, set or not; the list's URL
        # should read as the filters chosen, so that it can be shared.
        return redirect(f"{request.path}{query_string(request.GET, page=request.GET.get('page') or None)}")
    filterset = _filtered(request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    query["bom"] = "1"  # Excel on Windows reads a CSV file as UTF-8 only after a byte order mark
    facets = _selection_facets(request.GET)
    context = {
        "filterset": filterset,
        "page": _page(request, filterset),
        "count": facets["count"],
        "funding": facets["funding"]["total_usd"],
        "facets": facet_groups(facets, request.GET),
        "chips": active_filters(request.GET),
        "orderings": ordering_choices(),
        "documents": _selection_documents(request.GET),
        "document": request.GET.get("document", ""),
        "q": request.GET.get("q", "").strip(),
        "csv_url": f"/api/v1/initiatives/download.csv?{query.urlencode()}",
        "ranked_limit": f"{search.CANDIDATES:,}",
    }
    # The page still shows the form and its messages; the status tells a client the filter was refused.
    status = 400 if filterset.errors else 200
    return render(request, "initiatives/initiative_list.html", context, status=status)


def _evidence_rows(text: str, highlights: list) -> list[dict]:
    """Each distinct (text, reading) pair once, in the order of the text, with how often it occurs."""
    rows: dict[tuple[str, str], dict] = {}
    for h in highlights:
        key = (text[h.start : h.end], h.label)
        rows.setdefault(key, {"text": key[0], "label": h.label, "field": h.field, "times": 0})["times"] += 1
    return list(rows.values())


@require_safe
def initiative_detail(request, pk: int):
    initiatives = initiatives_with_details(paragraph_text=True).prefetch_related(
        "paragraph__evidence", "paragraph__amounts"
    )
    initiative = get_object_or_404(initiatives, pk=pk)
    paragraph = initiative.paragraph
    highlights = paragraph_highlights(paragraph)
    context = {
        "initiative": initiative,
        "paragraph": paragraph,
        "paragraph_html": highlight_html(
            text=paragraph.text, highlights=highlights, focus=(initiative.start, initiative.end)
        ),
        "evidence": _evidence_rows(paragraph.text, highlights),
        "fields": [(field, field_label(field)) for field in dict.fromkeys(h.field for h in highlights)],
        "siblings": initiatives_with_details().filter(paragraph=paragraph).exclude(pk=initiative.pk),
        "sdg_rows": _sdg_rows(initiative),
        "modality_words": _words_of(paragraph, initiative, "modality", initiative.modality),
        "amounts": [(amount, amount_kind_text(amount)) for amount in initiative.prefetched_amounts],
    }
    return render(request, "initiatives/initiative_detail.html", context)


def _sdg_rows(initiative) -> list[dict]:
    """Each goal of the initiative, cited or inferred, with the words it was read from."""
    words: dict[int, dict] = {}
    for row in initiative.sdg_evidence:
        reading = words.setdefault(row["number"], {"source": row["source"], "words": []})
        if row["text"] not in reading["words"]:
            reading["words"].append(row["text"])
    return [
        {"sdg": sdg, **words.get(sdg.number, {"source": "editor", "words": []})}
        for sdg in initiative.prefetched_sdgs
    ]


def _words_of(paragraph, initiative, field: str, value: str) -> list[str]:
    """The distinct words read as ``value`` of ``field``: inside the initiative, else in the words
    before it that it shares (the announcement of a list it is an item of)."""
    read = [e for e in paragraph.evidence.all() if e.field == field and e.value == value]
    inside = [e.text for e in read if initiative.start <= e.start and e.end <= initiative.end]
    return list(dict.fromkeys(inside or [e.text for e in read if e.end <= initiative.start]))


def _partners(model, initiatives: QuerySet) -> list:
    # Filtering on the relation before counting makes the count follow the same join:
    # each partner counts only the initiatives of this selection.
    ids = initiatives.order_by().values("pk")
    partners = model.objects.filter(initiatives__in=ids).annotate(n=Count("initiatives", distinct=True))
    return sorted(partners, key=lambda p: (-p.n, entity_name(p)))


def _entity_page(request, *, entity, kind: str, param: str, value, partner_model, extra: dict | None = None):
    filterset = _filtered(QueryDict(urlencode({param: value})))
    initiatives = filterset.qs
    page = _page(request, filterset)
    partners = _partners(partner_model, initiatives)
    partner_kind = "country" if partner_model is Country else "agency"
    detail = "country" if partner_kind == "country" else "agency"
    context = {
        "entity": entity,
        "kind": kind,
        "page": page,
        "count": page.paginator.count,
        "funding": Initiative.objects.filter(pk__in=initiatives.order_by().values("pk")).aggregate(
            total=Sum("funding_usd")
        )["total"],
        "partners": partners,
        "partner_kind": partner_kind,
        "partner_chart": charts.bar_chart(
            rows=[
                (
                    entity_short_name(p),
                    p.n,
                    reverse(detail, args=[p.iso3 if partner_kind == "country" else p.code]),
                )
                for p in partners[:CHART_ROWS]
            ],
        ),
        "list_url": f"{reverse('initiatives')}?{param}={value}",
        **(extra or {}),
    }
    return render(request, "initiatives/entity_detail.html", context)


@require_safe
def agency_detail(request, code: str):
    agency = get_object_or_404(Agency, code=code.upper())
    return _entity_page(
        request, entity=agency, kind="agency", param="agency", value=agency.code, partner_model=Country
    )


@require_safe
def country_detail(request, iso3: str):
    country = get_object_or_404(Country.objects.select_related("region", "subregion"), iso3=iso3.upper())
    return _entity_page(
        request, entity=country, kind="country", param="country", value=country.iso3, partner_model=Agency
    )


@require_safe
def region_detail(request, code: str):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    return _entity_page(
        request,
        entity=region,
        kind="region",
        param="region",
        value=region.code,
        partner_model=Agency,
        extra={"region_count": _region_count(region)},
    )


def _region_count(region: Region) -> dict:
    """How the region's count is made: initiatives that name it, and those counted through its countries."""
    active = Initiative.objects.filter(is_active=True)
    named = active.filter(regions=region).values("pk")
    through = active.filter(countries__regions=region).exclude(pk__in=named).values("pk").distinct()
    members = Country.objects.filter(regions=region)
    # A short list is named on the page; a continent's is only counted.
    named_members = list(members[: MEMBERS_NAMED + 1])
    return {
        "named": named.count(),
        "through_countries": through.count(),
        "members": members.count(),
        "member_names": named_members if len(named_members) <= MEMBERS_NAMED else [],
        "partly_inside": list(Country.objects.filter(iso3__in=region.partly_inside)),
        "whole": region.membership == Region.Membership.WHOLE_COUNTRIES,
    }


@require_safe
def sdg_detail(request, number: int):
    sdg = get_object_or_404(Sdg, number=number)
    return _entity_page(request, entity=sdg, kind="sdg", param="sdg", value=sdg.number, partner_model=Agency)


@require_safe
def theme_detail(request, code: str):
    theme = get_object_or_404(Theme.objects.prefetch_related("sdgs"), code=code)
    return _entity_page(
        request, entity=theme, kind="theme", param="theme", value=theme.code, partner_model=Agency
    )


def _entity_index(request, *, kind: str, title: str, entities: QuerySet, counts: dict | None = None):
    if counts is None:
        entities = entities.annotate(n=Count("initiatives", filter=Q(initiatives__is_active=True)))
    else:
        for entity in entities:
            entity.n = counts.get(entity.code, 0)
    rows = sorted(entities, key=lambda e: (-e.n, entity_name(e)))
    context = {
        "kind": kind,
        "title": title,
        "rows": [row for row in rows if row.n],
        "unused": [row for row in rows if not row.n],
    }
    return render(request, "initiatives/entity_index.html", context)


@require_safe
def agency_list(request):
    return _entity_index(request, kind="agency", title=_("Agencies"), entities=Agency.objects.all())


@require_safe
def country_list(request):
    return _entity_index(request, kind="country", title=_("Countries"), entities=Country.objects.all())


@require_safe
def region_list(request):
    # A region counts the initiatives that name it or one of its countries, as its filter does.
    facets = cached_facets_of_all()
    counts = {row["code"]: row["count"] for row in facets["regions"]}
    return _entity_index(
        request, kind="region", title=_("Regions"), entities=list(Region.objects.all()), counts=counts
    )


@require_safe
def sdg_list(request):
    entities = Sdg.objects.order_by("number").annotate(
        n=Count("initiatives", filter=Q(initiatives__is_active=True))
    )
    context = {"kind": "sdg", "title": _("Sustainable Development Goals"), "rows": entities, "unused": []}
    return render(request, "initiatives/entity_index.html", context)


@require_safe
def theme_list(request):
    return _entity_index(request, kind="theme", title=_("Themes"), entities=Theme.objects.all())


@require_safe
def document_list(request):
    active = Q(paragraphs__initiatives__is_active=True)
    documents = Document.objects.annotate(
        paragraph_count=Count("paragraphs", distinct=True),
        initiative_count=Count("paragraphs__initiatives", filter=active, distinct=True),
    )
    return render(request, "initiatives/document_list.html", {"documents": documents})


# Paragraphs on one page of the document reader: a report of 93,000 paragraphs on one page
# weighed 46 MB and took 12 to 15 seconds.
READER_PAGE = 200


def _headings_begun(previous: list, section: list, chapters: int) -> tuple[list[dict], int]:
    """The section headings that begin at a paragraph, and the chapters begun so far."""
    headings = []
    for level, heading in enumerate(section):
        if previous[: level + 1] != section[: level + 1]:
            chapters += level == 0
            anchor = f"chapter-{chapters}" if level == 0 else ""
            headings.append({"level": level, "anchor": anchor, **heading})
    return headings, chapters


def _reader_outline(document: Document, first: int) -> tuple[list[dict], list, int]:
    """Every chapter with its page, and the section and chapter count before paragraph ``first``.

    Read from the sections alone, so that a page of a long report never reads its other texts.
    """
    outline, previous, chapters, before = [], [], 0, ([], 0)
    sections = document.paragraphs.order_by("order").values_list("section", flat=True)
    for index, section in enumerate(sections.iterator(chunk_size=5000)):
        if index == first:
            before = (previous, chapters)
        headings, chapters = _headings_begun(previous, section or [], chapters)
        page = index // READER_PAGE + 1
        outline += [{**h, "page": page} for h in headings if h["level"] == 0]
        previous = section or []
    return outline, *before


def _reader_page_number(document: Document, params) -> str | int | None:
    """The page asked for, else the one holding the paragraph of order ``at`` (links to a paragraph)."""
    at = params.get("at", "")
    if not params.get("page") and at.isdigit():
        return document.paragraphs.filter(order__lt=int(at)).count() // READER_PAGE + 1
    return params.get("page")


@require_safe
def document_detail(request, pk: int):
    document = get_object_or_404(Document.objects.defer("original_text"), pk=pk)
    active = Initiative.objects.filter(is_active=True)
    paragraphs = document.paragraphs.order_by("order").prefetch_related(
        Prefetch("initiatives", queryset=active)
    )
    page = Paginator(paragraphs, READER_PAGE).get_page(_reader_page_number(document, request.GET))
    chapters, previous, begun = _reader_outline(document, page.start_index() - 1)
    rows = []
    for paragraph in page.object_list:
        headings, begun = _headings_begun(previous, paragraph.section or [], begun)
        previous = paragraph.section or []
        rows.append({"paragraph": paragraph, "headings": headings})
    context = {
        "document": document,
        "rows": rows,
        "page": page,
        "chapters": chapters,
        "initiative_count": active.filter(paragraph__document=document).count(),
    }
    return render(request, "initiatives/document_detail.html", context)


@require_safe
def about(request):
    documents = Document.objects.only("pk", "symbol", "title", "year")
    return render(request, "initiatives/about.html", {"documents": documents})


def _change_text(value) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_change_text(v)}" for key, v in value.items())
    return str(value)


def _related_ids(change: ChangeRecord) -> list[int]:
    """The initiatives a split or a merge made this one from, or into."""
    ids = []
    for side in (change.before, change.after):
        if isinstance(side, dict):
            for key in ("from", "into"):
                value = side.get(key)
                ids += value if isinstance(value, list) else [value] if value else []
    return ids


@require_safe
def initiative_history(request, pk: int):
    initiative = get_object_or_404(Initiative.objects.select_related("paragraph__document"), pk=pk)
    # Its own changes and those of its paragraph's kind, newest first.
    changes = ChangeRecord.objects.filter(
        Q(initiative=initiative) | Q(paragraph_id=initiative.paragraph_id, initiative__isnull=True)
    )
    rows = [
        {
            "change": change,
            "before": _change_text(change.before),
            "after": _change_text(change.after),
            "related": Initiative.objects.filter(pk__in=_related_ids(change)).order_by("start"),
        }
        for change in changes
    ]
    context = {"initiative": initiative, "paragraph": initiative.paragraph, "rows": rows}
    return render(request, "initiatives/history.html", context)
