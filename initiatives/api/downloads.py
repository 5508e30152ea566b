"""Streamed bulk downloads: every record of a filtered selection as CSV or JSON Lines, with no page limit."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation

from .. import downloads, filters
from ..exports import csv_lines, jsonl_lines
from ..querysets import initiatives_with_details, paragraphs_with_details
from .base import FilterBackend


class JSONErrors(BaseContentNegotiation):
    """Downloads ignore the Accept header: the file is CSV or JSON Lines, and an error is JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


FORMATS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "jsonl": (jsonl_lines, "application/x-ndjson; charset=utf-8"),
}


FILE_FORMAT = OpenApiParameter(
    "file_format",
    str,
    OpenApiParameter.PATH,
    enum=list(FORMATS),
    description="csv: one row per record, lists joined with |; jsonl: one JSON record per line, as in the lists.",
    examples=[OpenApiExample("csv", value="csv")],
)


BOM = OpenApiParameter(
    "bom",
    str,
    enum=["1", "0"],
    description="1: start a CSV file with a UTF-8 byte order mark, which Excel needs to show Chinese.",
    examples=[OpenApiExample("1", value="1")],
)


class Download(GenericAPIView):
    """Every record of the filtered result, streamed with no page limit.

    ``X-Row-Count`` says how many records the file holds, and a JSON Lines file ends with a
    line that counts them again, so that a download cut short cannot pass for a whole one.
    """

    what = ""
    content_negotiation_class = JSONErrors
    pagination_class = None
    filter_backends = [FilterBackend]

    @extend_schema(
        parameters=[FILE_FORMAT, BOM],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/x-ndjson"): OpenApiTypes.STR},
        filters=True,
    )
    def get(self, request, file_format):
        lines, content_type = FORMATS[file_format]
        filterset = FilterBackend().valid_filterset(request, self.get_queryset(), self)
        bom = downloads.bom_wanted(request.query_params)
        queryset = filterset.selected
        count = queryset.count()
        stream = downloads.slot_take(lines(self.what, queryset, bom=bom))
        response = StreamingHttpResponse(stream, content_type=content_type)
        name = downloads.file_name(
            what=self.what, params=request.query_params, filter_names=filterset.filters, extension=file_format
        )
        response["Content-Disposition"] = downloads.attachment_header(name)
        response["X-Row-Count"] = count
        return response


@extend_schema_view(get=extend_schema(operation_id="initiatives_download"))
class InitiativeDownload(Download):
    """All filtered initiatives, as CSV or JSON Lines."""

    what = "initiatives"
    queryset = initiatives_with_details()
    filterset_class = filters.InitiativeFilterSet


@extend_schema_view(get=extend_schema(operation_id="paragraphs_download"))
class ParagraphDownload(Download):
    """All filtered paragraphs, as CSV or JSON Lines."""

    what = "paragraphs"
    queryset = paragraphs_with_details()
    filterset_class = filters.ParagraphFilterSet
