"""The site's HTML pages, by family: home and about, the list of initiatives, an initiative's own
pages, the documents and the entity pages.

A page binds its input (a path, a query string) to a selector and renders what it returns; every
list of initiatives goes through ``InitiativeFilterSet``, so a page, the API and the CSV download
agree on what a filter selects.
"""
