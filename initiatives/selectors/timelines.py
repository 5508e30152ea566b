"""A programme followed across reports: every sentence that names it, by report year, with the money it states.

A report names a fund again every year (粮农组织-中国信托基金 in A/76/403, the FAO-China Trust
Fund in the next year's report); its page lists each report on its own, grouped by the report's
year, never merged into one record. What a report says of the programme is read from the
evidence of the programme's names: each sentence that names it once or more is one mention,
with the amounts written inside that sentence (funding, in-kind or other, as extraction read
them) and the active initiative whose text holds the sentence. The report's stated funding is
the sum of the funding amounts of its mentions, in US dollars.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import Amount, Document, Evidence, Initiative, Paragraph, Programme
from ..text import sentence_bounds


@dataclass
class Mention:
    paragraph: Paragraph
    start: int  # the sentence's span within the paragraph's text
    end: int
    sentence: str
    names: list[str]  # the programme's names as the sentence writes them
    amounts: list[Amount]
    initiative: Initiative | None

    @property
    def funding_usd(self) -> Decimal | None:
        funding = [a.amount_usd for a in self.amounts if a.is_funding and a.amount_usd is not None]
        return sum(funding, Decimal(0)) if funding else None


@dataclass
class ReportMentions:
    """One report (one document, in one language) and what it says of the programme."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)

    @property
    def lang(self) -> str:
        """The report's language as HTML names it: its sentences are marked with it."""
        return "en" if self.document.language == "en" else "zh-Hans"

    @property
    def funding_usd(self) -> Decimal | None:
        stated = [m.funding_usd for m in self.mentions if m.funding_usd is not None]
        return sum(stated, Decimal(0)) if stated else None


@dataclass
class TimelineYear:
    year: int | None  # the report's year; None for a document whose year is unknown
    reports: list[ReportMentions]

    @property
    def funding_usd(self) -> Decimal | None:
        stated = [r.funding_usd for r in self.reports if r.funding_usd is not None]
        return sum(stated, Decimal(0)) if stated else None


def programme_timeline(programme: Programme) -> list[TimelineYear]:
    """The reports that name ``programme``, earliest year first, each with its mentions; a fixed number of queries."""
    evidence = list(
        Evidence.objects.filter(field=Evidence.Field.PROGRAMME, value=programme.code)
        .select_related("paragraph__document")
        .defer("paragraph__document__original_text")
        .order_by("paragraph_id", "start")
    )
    paragraph_ids = {e.paragraph_id for e in evidence}
    amounts = defaultdict(list)
    for amount in Amount.objects.filter(paragraph_id__in=paragraph_ids).order_by("paragraph_id", "start"):
        amounts[amount.paragraph_id].append(amount)
    initiatives = list(
        Initiative.objects.filter(is_active=True, programmes=programme)
        .select_related("paragraph__document")
        .defer("paragraph__document__original_text", "paragraph__text")
        .order_by("position")
    )
    by_paragraph = defaultdict(list)
    for initiative in initiatives:
        by_paragraph[initiative.paragraph_id].append(initiative)

    reports: dict[int, ReportMentions] = {}
    for initiative in initiatives:
        document = initiative.paragraph.document
        reports.setdefault(document.pk, ReportMentions(document)).initiatives.append(initiative)
    mentions: dict[tuple[int, int], Mention] = {}
    for span in evidence:
        paragraph = span.paragraph
        start, end = _sentence_around(paragraph.text, span.start)
        mention = mentions.get((paragraph.pk, start))
        if mention is None:
            mention = Mention(
                paragraph=paragraph,
                start=start,
                end=end,
                sentence=paragraph.text[start:end].strip(),
                names=[],
                amounts=[a for a in amounts[paragraph.pk] if start <= a.start and a.end <= end],
                initiative=next(
                    (i for i in by_paragraph[paragraph.pk] if i.start <= span.start < i.end), None
                ),
            )
            mentions[paragraph.pk, start] = mention
            reports.setdefault(paragraph.document_id, ReportMentions(paragraph.document)).mentions.append(
                mention
            )
        if span.text not in mention.names:
            mention.names.append(span.text)

    years: dict[int | None, list[ReportMentions]] = defaultdict(list)
    for report in reports.values():
        years[report.document.year].append(report)
    ordered = sorted(years, key=lambda year: (year is None, year or 0))
    return [
        TimelineYear(
            year=year,
            reports=sorted(
                years[year], key=lambda r: (r.document.symbol, r.document.language, r.document.pk)
            ),
        )
        for year in ordered
    ]


def _sentence_around(text: str, offset: int) -> tuple[int, int]:
    for start, end in sentence_bounds(text):
        if start <= offset < end:
            return start, end
    return 0, len(text)
