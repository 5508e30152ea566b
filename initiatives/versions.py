"""Reading the language versions of a document: which one a reader sees, and what they differ in.

``ingest.alignment`` links the versions (``version_of`` on documents, paragraphs and
initiatives) and stores on each counted initiative its text in the other languages and the
values its versions disagree on. This module turns that into what pages and the API show:
the title and text in the reader's language where a version in it exists (else the original,
with its ``lang``), the languages of a document, and the differences named in words.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Agency, Country, Document, Initiative, Region
from .templatetags.atlas import entity_name, usd_text

# The languages of versions in the order they are shown and chosen as primary: the Chinese
# version, when there is one, is the one counted.
LANGUAGE_ORDER = ("zh", "zh-Hant", "en")
# The ``lang`` attribute of text in a document's language.
_HTML_LANG = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}


def html_lang(language: str) -> str:
    return _HTML_LANG.get(language, language)


def in_language_order(by_language: dict) -> list[tuple]:
    """A dict keyed by language as (language, value) pairs in ``LANGUAGE_ORDER``: PostgreSQL's
    ``jsonb`` keeps keys in an order of its own."""
    order = {language: rank for rank, language in enumerate(LANGUAGE_ORDER)}
    return sorted(by_language.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def language_name(language: str) -> str:
    names = {"zh": _("Chinese"), "zh-Hant": _("Chinese (Traditional)"), "en": _("English")}
    return names.get(language, language)


def reader_reads(language: str) -> bool:
    """Whether the reader's interface is in ``language`` (a document's language code)."""
    reader = (get_language() or "en").lower()
    if reader.startswith("zh"):
        return language.startswith("zh")
    return language.split("-")[0] == reader.split("-")[0]


@dataclass(frozen=True)
class Shown:
    title: str
    text: str
    language: str

    @property
    def lang(self) -> str:
        return html_lang(self.language)


def initiative_shown(initiative: Initiative) -> Shown:
    """The initiative's title and sentences in the reader's language where a version has them."""
    own = initiative.paragraph.document.language
    if not reader_reads(own):
        for language, version in (initiative.translations or {}).items():
            if reader_reads(language):
                return Shown(title=version["title"], text=version["text"], language=language)
    return Shown(title=initiative.title, text=initiative.text, language=own)


def initiative_texts(initiative: Initiative) -> tuple[dict[str, str], dict[str, str]]:
    """Its titles and texts by language: its own, then its versions'."""
    own = initiative.paragraph.document.language
    versions = initiative.translations or {}
    titles = {own: initiative.title, **{language: v["title"] for language, v in versions.items()}}
    texts = {own: initiative.text, **{language: v["text"] for language, v in versions.items()}}
    return titles, texts


def with_versions(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents with what a record says of their versions, in two more queries for a page."""
    versions = Document.objects.only("pk", "language", "version_of").order_by("pk")
    return (
        documents.select_related("version_of")
        .defer("version_of__original_text")
        .prefetch_related(
            Prefetch("versions", queryset=versions), Prefetch("version_of__versions", queryset=versions)
        )
    )


def document_versions(document: Document) -> list[Document]:
    """Every version of the document, the primary first, then in the order they were ingested."""
    primary = document.version_of or document
    others = primary.versions.defer("original_text").order_by("pk")
    return [primary, *others]


_LINKED = {"agencies": (Agency, "code"), "countries": (Country, "iso3"), "regions": (Region, "code")}


def field_name(field: str) -> str:
    names = {
        "agencies": _("Agency"),
        "countries": _("Country"),
        "regions": _("Region"),
        "funding": _("Funding"),
        "initiative": _("Initiative"),
    }
    return names.get(field, field)


def differences_shown(differences: list[dict]) -> list[dict]:
    """Each difference between versions as a row of words: the field, the value, where it was read."""
    codes = {field: {d["value"] for d in differences if d["field"] == field} for field in _LINKED}
    names = {}
    for field, (model, key) in _LINKED.items():
        if codes[field]:
            for entity in model.objects.filter(**{f"{key}__in": codes[field]}):
                names[field, getattr(entity, key)] = entity_name(entity)
    rows = []
    for difference in differences:
        field = difference["field"]
        if field == "funding":
            read = [
                (language_name(language), usd_text(value) if value is not None else _("none identified"))
                for language, value in in_language_order(difference["values"])
            ]
            rows.append({"field": field_name(field), "value": "", "read": read})
        else:
            value = names.get((field, difference.get("value")), difference.get("value", ""))
            if field == "initiative":
                value = _("read as an initiative")
            rows.append(
                {
                    "field": field_name(field),
                    "value": value,
                    "read": [(language_name(language), _("found")) for language in difference["found_in"]]
                    + [(language_name(language), _("not found")) for language in difference["missing_in"]],
                }
            )
    return rows


def _counts(flag: dict) -> str:
    return ", ".join(f"{language_name(lang)} {n}" for lang, n in in_language_order(flag["counts"]))


def alignment_flags_shown(flags: list[dict]) -> list[str]:
    """The alignment check's findings, as sentences in the reader's language."""
    sentences = []
    for flag in flags:
        code = flag["code"]
        if code == "paragraph_count":
            counts = _counts(flag)
            sentences.append(
                _("The versions have different numbers of paragraphs: %(counts)s.") % {"counts": counts}
            )
        elif code == "missing_number":
            sentences.append(
                _("Paragraph %(number)s is missing from the %(language)s version.")
                % {"number": flag["number"], "language": language_name(flag["language"])}
            )
        elif code == "duplicate_number":
            sentences.append(
                _("Paragraph number %(number)s occurs twice in the %(language)s version.")
                % {"number": flag["number"], "language": language_name(flag["language"])}
            )
        elif code == "unnumbered_count":
            counts = ", ".join(f"{language_name(lang)} {n}" for lang, n in in_language_order(flag["counts"]))
            where = (
                _("the preamble")
                if not flag["after"]
                else _("after paragraph %(number)s") % {"number": flag["after"]}
            )
            sentences.append(
                _("The unnumbered paragraphs of %(where)s differ in number: %(counts)s.")
                % {"where": where, "counts": counts}
            )
    return sentences
