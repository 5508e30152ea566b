"""The programmes resource: funds, facilities, programmes and platforms, and each one's timeline across reports.

The list gives each programme with its managing agency and the number of active initiatives
that name it; the detail adds the timeline of ``selectors.timelines.programme_timeline``: by report year,
each report on its own with the sentences that name the programme, the amounts they state and
the initiatives they belong to.
"""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from initiatives import entity_filters
from initiatives.models import Programme
from initiatives.selectors.timelines import programme_timeline
from initiatives.serializers import ProgrammeDetailSerializer, ProgrammeSerializer

from .base import ReadOnlyViewSet
from .schema import detail


@detail("code", "Programme code.", "FAO-CHINA-TRUST-FUND")
class ProgrammeViewSet(ReadOnlyViewSet):
    # A count drops the model's ordering from its query: the order is named again.
    queryset = (
        Programme.objects.select_related("agency")
        .annotate(initiative_count=Count("initiatives", filter=Q(initiatives__is_active=True)))
        .order_by("code")
    )
    serializer_class = ProgrammeSerializer
    filterset_class = entity_filters.ProgrammeFilterSet
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_serializer_class(self):
        return ProgrammeDetailSerializer if self.action == "retrieve" else ProgrammeSerializer

    def get_object(self):
        # Codes are upper case; a reader may type them in any case.
        programme = get_object_or_404(self.get_queryset(), code=self.kwargs["code"].upper())
        self.check_object_permissions(self.request, programme)
        programme.timeline = programme_timeline(programme)
        return programme
