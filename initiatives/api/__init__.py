"""The read-only REST API: one viewset per resource, facet counts, and streamed bulk downloads.

Viewsets are declarative: a queryset that fetches what the serializer shows in a fixed number
of queries, a serializer and a FilterSet. Filtering, throttling and authentication come from
``REST_FRAMEWORK`` in the settings; pagination and the filter backend from ``base``.
"""
