"""Pages of a FilterSet's records, for the API and the HTML list alike.

A list's count and, for selections of up to ``facets.KEPT_IDS`` records, its ids in order are
kept until the data changes (``cached_selection``); a larger selection is paged by the
database, which finds each page early in the order of ``initiative_position_idx``. Either way a
page's rows are then read by id, with what they show prefetched.
"""

from functools import cached_property

from django.core.paginator import Paginator

from .facets import cached_selection


class RecordPaginator(Paginator):
    def __init__(self, object_list, per_page, *, filterset):
        super().__init__(object_list, per_page)
        self.filterset = filterset

    @property
    def ranked(self) -> bool:
        # A search ranked by relevance has already read its rows by id (``search.ranked``).
        return self.filterset.ranked is not None

    @cached_property
    def selection(self) -> tuple[int, list[int] | None]:
        return cached_selection(self.filterset)

    @cached_property
    def count(self) -> int:
        if self.ranked:
            return super().count  # the ranked rows, at most a few hundred
        return self.selection[0]

    def page(self, number):
        if self.ranked:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        kept = self.selection[1]
        ids = (
            kept[bottom:top]
            if kept is not None
            else list(self.object_list.values_list("pk", flat=True)[bottom:top])
        )
        rows = {row.pk: row for row in self.filterset.queryset.filter(pk__in=ids)}
        # A record removed since the ids were kept is left out until the revision moves on.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
