"""The editors' admin: every change goes through ``initiatives.curation``, beside the highlighted source.

Forms here only collect an editor's values; saving hands what changed to the
curation services, which record it and lock it against re-extraction. Nothing is
deleted from here: an initiative is marked as not an initiative instead, and the
change records are read-only. Reference entities and documents are shown for
lookup and autocompletion.
"""

from . import initiatives, records, reference  # noqa: F401 - each registers its admins
