"""Pages of a FilterSet's records, for the API and the HTML list alike.

A list's count is kept until the data changes (``cached_count``), and a page's ids are read
before its rows: the ids come from indexes that hold the filters and the order
(``initiative_filters_idx``), so that a page of 50 never makes the database read every
match whole to sort them.
"""

from functools import cached_property

from django.core.paginator import Paginator

from .facets import cached_count


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
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids], number, self)
