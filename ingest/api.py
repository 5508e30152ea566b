"""API endpoints for uploads: create an ingest run, and follow it."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.response import Response

from ingest.errors import IngestError
from ingest.forms import UploadForm
from ingest.models import IngestRun
from ingest.runs import run_create
from ingest.tasks import IngestUnavailable, run_enqueue


class IngestRunSerializer(serializers.ModelSerializer):
    document = serializers.SerializerMethodField()
    seconds = serializers.FloatField(read_only=True, allow_null=True, help_text="Null until the run ends.")

    class Meta:
        model = IngestRun
        fields = [
            "id",
            "status",
            "name",
            "symbol",
            "language",
            "date",
            "created_at",
            "started_at",
            "finished_at",
            "seconds",
            "attempts",
            "paragraphs_done",
            "paragraphs_total",
            "warnings",
            "error",
            "document",
        ]

    def get_document(self, run) -> dict | None:
        if run.document is None:
            return None
        return {"id": run.document.pk, "symbol": run.document.symbol, "title": run.document.title}


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A .txt, .md, .docx or .pdf report.")
    symbol = serializers.CharField(required=False, allow_blank=True, help_text="UN symbol, e.g. A/76/403.")
    language = serializers.ChoiceField(choices=["", "zh", "en"], required=False, allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        form = UploadForm(
            data={k: v for k, v in self.initial_data.items() if k != "file"}, files={"file": attrs["file"]}
        )
        if not form.is_valid():
            raise serializers.ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        return form.cleaned_data


class IngestRunPermissions(permissions.DjangoModelPermissions):
    """Reading runs takes the view permission, as the page of a run does (DRF's default asks none)."""

    view = ["%(app_label)s.view_%(model_name)s"]
    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": view, "HEAD": view, "OPTIONS": view}


class IngestRunViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Ingest runs. Creating one uploads a report; it is ingested in the background."""

    queryset = IngestRun.objects.defer("data").select_related("document")
    serializer_class = IngestRunSerializer
    permission_classes = [permissions.IsAuthenticated, IngestRunPermissions]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        request=UploadSerializer,
        responses={
            202: IngestRunSerializer,
            503: OpenApiResponse(
                description="The task queue cannot be reached: the run is recorded as failed."
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            run = run_create(
                data=data["file"].read(),
                name=data["file"].name,
                symbol=data["symbol"],
                language=data["language"],
                date=data["date"],
                user=request.user,
            )
        except IngestError as error:
            return Response({"file": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            run_enqueue(run=run)
        except IngestUnavailable as error:
            return Response({"detail": str(error)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        run.refresh_from_db()
        return Response(IngestRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
