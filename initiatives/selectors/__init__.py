"""Reads that the pages and the API share: lists of records, counts per entity, facets, documents and history.

A selector takes cleaned input (a FilterSet, an entity, a document) and returns values; it writes
nothing, and leaves no state on a FilterSet (entities it counts carry their counts, as an
annotation would).
"""
