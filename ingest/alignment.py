"""Language versions of one document: their paragraphs aligned, their initiatives reconciled.

Documents with the same symbol in different languages are versions of one document. One of
them is primary (the Chinese one when there is one, then Traditional Chinese, then English,
then the first ingested); the knowledge base counts its initiatives. Every other version is
aligned to it paragraph by paragraph, by printed number, and by order for the unnumbered
paragraphs that follow the same number (a resolution's preamble); what does not fit (different
paragraph counts, a number missing in one version) is stored as ``Document.alignment_flags``.
An initiative of another version that matches one of the primary's in the aligned paragraph is
merged into it: it stays, with its sentences and evidence, but is not counted (``is_active``
false, ``version_of`` set); the primary keeps its title and text in that language
(``translations``) and every value read in one version and not the other
(``version_differences``) for an editor to review. It runs after a version is ingested or
re-extracted, whichever language comes first, and gives the same result each time.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from initiatives.models import Document, Initiative, Paragraph
from initiatives.revisions import revision_bump
from initiatives.versions import LANGUAGE_ORDER

# The primary version is the first of these languages a symbol has.
PRIMARY_LANGUAGES = LANGUAGE_ORDER
# The links compared between versions, with the field of the entity that names it.
COMPARED_LINKS = {"agencies": "code", "countries": "iso3", "regions": "code"}
# Editors lock funding by this name (``Initiative.locked_fields``).
_FUNDING = "funding"


@dataclass(frozen=True)
class Alignment:
    # (order in the primary, order in the other version), in the primary's order.
    pairs: list[tuple[int, int]]
    flags: list[dict]


@dataclass
class VersionsAligned:
    primary: Document | None = None
    others: list[Document] = field(default_factory=list)
    # Initiatives of the other versions merged into one of the primary's.
    merged: int = 0
    # What the alignment check found, in words, for the one who ingested the version.
    warnings: list[str] = field(default_factory=list)


def flag_text(flag: dict) -> str:
    """One finding of the alignment check in plain words (pages word them in the reader's language)."""
    counts = ", ".join(f"{language} {n}" for language, n in flag.get("counts", {}).items())
    if flag["code"] == "paragraph_count":
        return f"the versions have different numbers of paragraphs ({counts})"
    if flag["code"] == "missing_number":
        return f"paragraph {flag['number']} is missing from the {flag['language']} version"
    if flag["code"] == "duplicate_number":
        return f"paragraph number {flag['number']} occurs twice in the {flag['language']} version"
    where = f"after paragraph {flag['after']}" if flag["after"] else "in the preamble"
    return f"the unnumbered paragraphs {where} differ in number ({counts})"


def _numbered(paragraphs: Sequence[tuple[int, int | None]], language: str, flags: list[dict]):
    """Orders by printed number, and the unnumbered orders grouped by the number before them."""
    numbered: dict[int, int] = {}
    unnumbered: dict[int, list[int]] = defaultdict(list)
    last = 0  # 0: before the first numbered paragraph (the preamble)
    for order, number in sorted(paragraphs):
        if number is None:
            unnumbered[last].append(order)
        elif number in numbered:
            flags.append({"code": "duplicate_number", "number": number, "language": language})
        else:
            numbered[number] = order
            last = number
    return numbered, unnumbered


def paragraphs_align(
    primary: Sequence[tuple[int, int | None]],
    other: Sequence[tuple[int, int | None]],
    *,
    languages: tuple[str, str],
) -> Alignment:
    """Pair two versions' paragraphs, each given as (order, printed number or None), and flag
    every place where they do not fit."""
    first, second = languages
    flags: list[dict] = []
    if len(primary) != len(other):
        flags.append({"code": "paragraph_count", "counts": {first: len(primary), second: len(other)}})
    numbered_a, unnumbered_a = _numbered(primary, first, flags)
    numbered_b, unnumbered_b = _numbered(other, second, flags)
    pairs = []
    for number in sorted(numbered_a.keys() | numbered_b.keys()):
        if number in numbered_a and number in numbered_b:
            pairs.append((numbered_a[number], numbered_b[number]))
        else:
            missing = second if number in numbered_a else first
            flags.append({"code": "missing_number", "number": number, "language": missing})
    for after in sorted(unnumbered_a.keys() | unnumbered_b.keys()):
        a, b = unnumbered_a.get(after, []), unnumbered_b.get(after, [])
        pairs += zip(a, b, strict=False)
        if len(a) != len(b):
            flags.append(
                {"code": "unnumbered_count", "after": after, "counts": {first: len(a), second: len(b)}}
            )
    return Alignment(pairs=sorted(pairs), flags=flags)


def _primary_first(document: Document) -> tuple[int, int]:
    language = document.language
    rank = PRIMARY_LANGUAGES.index(language) if language in PRIMARY_LANGUAGES else len(PRIMARY_LANGUAGES)
    return rank, document.pk


@transaction.atomic
def document_versions_align(*, document: Document) -> VersionsAligned:
    """Align every version of ``document``'s symbol with the primary one and reconcile their
    initiatives; nothing to do when the document has no symbol or no other version."""
    if not document.symbol:
        return VersionsAligned()
    versions = sorted(
        Document.objects.filter(symbol__iexact=document.symbol).only("pk", "symbol", "language"),
        key=_primary_first,
    )
    _versions_release(versions)
    if len(versions) < 2:
        return VersionsAligned()
    primary, others = versions[0], versions[1:]
    result = VersionsAligned(primary=primary, others=others)
    primary_paragraphs = list(Paragraph.objects.filter(document=primary).only("pk", "order", "number"))
    primary_initiatives = _initiatives_of(primary)
    for other in others:
        merged, flags = _version_align(primary, primary_paragraphs, primary_initiatives, other)
        result.merged += merged
        result.warnings += [
            f"{other.symbol} ({other.language}) against {primary.symbol} ({primary.language}): {flag_text(flag)}"
            for flag in flags
        ]
    Initiative.objects.bulk_update(
        [i for initiatives in primary_initiatives.values() for i in initiatives],
        ["translations", "version_differences"],
    )
    revision_bump()
    return result


def _versions_release(versions: list[Document]) -> None:
    """Undo an earlier alignment, so that each run starts from the versions as they are."""
    ids = [document.pk for document in versions]
    Initiative.objects.filter(paragraph__document_id__in=ids, version_of__isnull=False).update(
        version_of=None, is_active=True
    )
    if len(versions) > 1:
        Initiative.objects.filter(paragraph__document_id__in=ids).update(
            translations={}, version_differences=[]
        )
        Paragraph.objects.filter(document_id__in=ids, version_of__isnull=False).update(version_of=None)
    Document.objects.filter(pk__in=ids).update(version_of=None, alignment_flags=[])


def _initiatives_of(document: Document) -> dict[int, list[Initiative]]:
    """The counted initiatives of a document by paragraph order, with their compared values."""
    initiatives = list(
        Initiative.objects.filter(paragraph__document=document, is_active=True)
        .select_related("paragraph")
        .only("pk", "order", "title", "text", "funding_usd", "locked_fields", "paragraph__order")
        .order_by("paragraph__order", "order")
    )
    ids = [i.pk for i in initiatives]
    values: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name, key in COMPARED_LINKS.items():
        relation = Initiative._meta.get_field(name)
        through = relation.remote_field.through
        column = f"{relation.m2m_reverse_field_name()}__{key}"
        for initiative_id, code in through.objects.filter(initiative_id__in=ids).values_list(
            "initiative_id", column
        ):
            values[initiative_id][name].add(code)
    by_paragraph: dict[int, list[Initiative]] = defaultdict(list)
    for initiative in initiatives:
        initiative.compared = values[initiative.pk]
        initiative.translations, initiative.version_differences = {}, []
        by_paragraph[initiative.paragraph.order].append(initiative)
    return by_paragraph


def _version_align(
    primary: Document,
    primary_paragraphs: list[Paragraph],
    primary_initiatives: dict[int, list[Initiative]],
    other: Document,
) -> tuple[int, list[dict]]:
    languages = (primary.language, other.language)
    paragraphs = list(Paragraph.objects.filter(document=other).only("pk", "order", "number"))
    alignment = paragraphs_align(
        [(p.order, p.number) for p in primary_paragraphs],
        [(p.order, p.number) for p in paragraphs],
        languages=languages,
    )
    Document.objects.filter(pk=other.pk).update(version_of=primary, alignment_flags=alignment.flags)
    primary_by_order = {p.order: p for p in primary_paragraphs}
    other_by_order = {p.order: p for p in paragraphs}
    aligned = []
    for a, b in alignment.pairs:
        other_by_order[b].version_of_id = primary_by_order[a].pk
        aligned.append(other_by_order[b])
    Paragraph.objects.bulk_update(aligned, ["version_of"])

    other_initiatives = _initiatives_of(other)
    counterpart = dict(alignment.pairs)
    merged, alone = [], []
    for order, initiatives in primary_initiatives.items():
        theirs = other_initiatives.pop(counterpart.get(order, -1), [])
        pairs = initiatives_match(initiatives, theirs)
        for mine, their in pairs:
            their.is_active, their.version_of_id = False, mine.pk
            mine.translations[other.language] = {"id": their.pk, "title": their.title, "text": their.text}
            mine.version_differences += values_compare(mine, their, languages=languages)
            merged.append(their)
        matched = {id(i) for pair in pairs for i in pair}
        for mine in initiatives:
            if id(mine) not in matched:
                mine.version_differences.append(_only_in(languages))
        alone += [their for their in theirs if id(their) not in matched]
    alone += [i for initiatives in other_initiatives.values() for i in initiatives]
    for their in alone:
        their.version_differences = [_only_in(languages[::-1])]
    Initiative.objects.bulk_update(merged + alone, ["is_active", "version_of", "version_differences"])
    return len(merged), alignment.flags


def _only_in(languages: tuple[str, str]) -> dict:
    return {"field": "initiative", "found_in": [languages[0]], "missing_in": [languages[1]]}


def _likeness(a: Initiative, b: Initiative) -> int:
    shared = sum(len(a.compared[name] & b.compared[name]) for name in COMPARED_LINKS)
    return shared + (a.funding_usd is not None and a.funding_usd == b.funding_usd)


def initiatives_match(
    mine: list[Initiative], theirs: list[Initiative]
) -> list[tuple[Initiative, Initiative]]:
    """Pair the initiatives of two aligned paragraphs: in order when they are as many, else each
    with the one that shares most values with it (and none when none is shared)."""
    if len(mine) == len(theirs):
        return list(zip(mine, theirs, strict=True))
    candidates = sorted(
        ((_likeness(a, b), -abs(i - j), i, j) for i, a in enumerate(mine) for j, b in enumerate(theirs)),
        reverse=True,
    )
    pairs, used_a, used_b = [], set(), set()
    for score, _, i, j in candidates:
        if score > 0 and i not in used_a and j not in used_b:
            pairs.append((mine[i], theirs[j]))
            used_a.add(i)
            used_b.add(j)
    return sorted(pairs, key=lambda pair: pair[0].order)


def values_compare(mine: Initiative, their: Initiative, *, languages: tuple[str, str]) -> list[dict]:
    """The values read from one version of an initiative and not from the other; a field an
    editor locked on the primary was decided and is not compared."""
    locked = set(mine.locked_fields)
    differences = []
    for name in COMPARED_LINKS:
        if name in locked:
            continue
        for value in sorted(mine.compared[name] - their.compared[name]):
            differences.append(
                {"field": name, "value": value, "found_in": [languages[0]], "missing_in": [languages[1]]}
            )
        for value in sorted(their.compared[name] - mine.compared[name]):
            differences.append(
                {"field": name, "value": value, "found_in": [languages[1]], "missing_in": [languages[0]]}
            )
    if _FUNDING not in locked and mine.funding_usd != their.funding_usd:
        values = {languages[0]: mine.funding_usd, languages[1]: their.funding_usd}
        differences.append(
            {"field": _FUNDING, "values": {k: None if v is None else f"{v:.2f}" for k, v in values.items()}}
        )
    return differences
