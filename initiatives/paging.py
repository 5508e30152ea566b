"""Pages of a FilterSet's records, for the API and the HTML list alike.

A list's count is kept until the data changes (``cached_count``), and so are the ids of a
selection of up to ``KEPT_IDS`` records, in order (``cached_ids``): reading them takes the
database a probe per match, which a page of 50 out of thousands would otherwise repeat. A
larger selection is paged by the database, which then finds each page early in the order of
``initiative_position_idx``. Either way a page's rows are read by id.
"""

from functools import cached_property

from django.core.paginator import Paginator

from .facets import cached_count, cached_ids

KEPT_IDS = 100_000


class RecordPaginator(Paginator):
    def __init__(self, object_list, per_page, *, filterset):
        super().__init__(object_list, per_page)
        self.filterset = filterset

    @cached_property
    def count(self) -> int:
        if self.ranked:
            return super().count  # the ranked rows, at most a few hundred
        return cached_count(self.filterset)

    @property
    def ranked(self) -> bool:
        # A search ranked by relevance has already read its rows by id (``search.ranked``).
        return self.filterset.search_total is not None

    def page(self, number):
        if self.ranked:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.count <= KEPT_IDS:
            ids = cached_ids(self.filterset)[bottom:top]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.filterset.queryset.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids], number, self)
