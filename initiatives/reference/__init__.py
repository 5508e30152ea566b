"""Reference data: the entities reports name, read from ``data/reference/*.json``.

Everything that needs to know which agencies, countries, regions, SDGs and themes exist
reads it here: ``files`` opens the committed JSON, ``gazetteer`` maps every name and
alias to a code and finds them in text (with ``words`` and ``prefilter``), and
``loading`` upserts the same rows into the database. Both ingestion and the knowledge
base depend on this package; it depends on neither.
"""
