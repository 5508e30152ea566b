"""Splits the text of a UN document into its header fields and numbered paragraphs, with no database.

A document is read line by line. The lines before the first chapter heading, numbered paragraph or
"大会，" opener form the header (session, agenda item, title, date, summary). In the body, chapter
headings (一. / I.) and section headings (A.) set the section path; "1. ..." starts a numbered
paragraph; a line that starts with a footnote marker (¹, *, or a bare digit after a page break)
already cited above it is a footnote; page residue (symbols, job numbers, "联合国", repeated
session lines, and what ingest.pages blanks) is dropped. Under a page's footnote separator
(a line of underscores) every line that opens with a marker is a footnote.
The rule that re-joins page breaks: a paragraph whose text does not end a sentence continues in
the next text block that does not start a paragraph or heading, even with footnotes in between.
Text without numbered paragraphs falls back to one paragraph per blank-line block.
"""

from ingest.parsing.document import parse_document
from ingest.parsing.records import Footnote, ParsedDocument, ParsedParagraph, SectionRef

__all__ = ["Footnote", "ParsedDocument", "ParsedParagraph", "SectionRef", "parse_document"]
