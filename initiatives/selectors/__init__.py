"""Reads that pages, the API and exports share: lists of records, counts per entity, facets, documents and history.

A selector takes cleaned input (a FilterSet, an entity, a document) and returns values; it
writes nothing and keeps nothing on the objects it is given.
"""
