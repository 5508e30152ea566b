"""Per-field precision and recall of the extractors against readings of the documents by hand.

Each reading in ``READINGS`` (``tests/fixtures/expected/A-76-403.json`` for the bundled 2021
report, and one per other bundled or test document) lists every initiative of its document as a
careful reader sees it (its first words, actor, agencies, countries, modality, goals cited and
inferred, amounts with their kind), written from the text, not from the extractor. This command
extracts each document again (no database needed), prints a table per document and language and
a total, and compares:

- an expected initiative is found when an extracted initiative of its paragraph holds its first
  words and no earlier expected initiative took that one (splitting: found / extracted, found /
  expected);
- agencies, countries and goals are compared item by item between an expected initiative and
  the extracted initiative holding its first words; the items of an extracted initiative that
  holds no expected one are all false positives, those of an expected one that no extracted
  initiative holds all false negatives;
- modality is one label per initiative (``not_stated`` for none), scored per label;
- every amount of the report is one label (funding, in-kind, other), scored per label.

A document's English version (``source_en``, the same paragraph numbers) is scored against the
same reading: its initiatives are found by their English first words (``starts_en``), its
amounts by their English text (``text_en``), and entity codes and amounts in USD are the same in
both languages. ``--language zh`` or ``--language en`` scores one of them only, ``--document
A/77/297`` one document.

    .venv/bin/python -m bench.extraction
"""

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EXPECTED_DIR = BASE_DIR / "tests" / "fixtures" / "expected"
EXPECTED = EXPECTED_DIR / "A-76-403.json"
# Every document read by hand; each reading names its source per language (``source`` is Chinese).
READINGS = tuple(
    EXPECTED_DIR / f"{name}.json" for name in ("A-76-403", "A-77-297", "A-80-901", "A-RES-76-221")
)
SET_FIELDS = ("agencies", "countries", "sdgs_cited", "sdgs_inferred")
NOT_STATED = "not_stated"


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, expected: set, found: set) -> None:
        self.true_positives += len(expected & found)
        self.false_positives += len(found - expected)
        self.false_negatives += len(expected - found)

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None


@dataclass
class Scores:
    tallies: dict[str, Tally] = field(default_factory=dict)
    actor: Counter = field(default_factory=Counter)

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def add(self, other: "Scores") -> None:
        for name, tally in other.tallies.items():
            mine = self.tally(name)
            mine.true_positives += tally.true_positives
            mine.false_positives += tally.false_positives
            mine.false_negatives += tally.false_negatives
        self.actor.update(other.actor)


def _squeeze(text: str) -> str:
    # The parser joins a paragraph split by a page break; the report's line breaks are not words.
    return re.sub(r"\s+", "", text)


# Per language: the key of an initiative's first words and of an amount's text in the JSON.
STARTS_KEY = {"zh": "starts", "en": "starts_en"}
AMOUNT_KEY = {"zh": "text", "en": "text_en"}
SOURCE_KEY = {"zh": "source", "en": "source_en"}
LANGUAGES = ("zh", "en")


def extraction_scores(expected: dict, paragraphs, extractions, *, language: str = "zh") -> Scores:
    """Compare ``expected`` (the JSON's content) with the extractions of the parsed paragraphs."""
    starts_key, amount_key = STARTS_KEY[language], AMOUNT_KEY[language]
    by_number = {p.number: (p, x) for p, x in zip(paragraphs, extractions, strict=True) if p.number}
    scores = Scores()
    scores.tally("initiatives")  # a document with no initiative still shows what was extracted from it
    claimed: set[tuple[int, int]] = set()
    holding: set[tuple[int, int]] = set()
    for item in expected["initiatives"]:
        _, extraction = by_number[item["paragraph"]]
        draft = next(
            (d for d in extraction.initiatives if _squeeze(item[starts_key]) in _squeeze(d.text)), None
        )
        key = (item["paragraph"], draft.order) if draft else None
        split = scores.tally("initiatives")
        if key and key not in claimed:
            split.true_positives += 1
            claimed.add(key)
        else:
            split.false_negatives += 1
        if key:
            holding.add(key)
        _compare(scores, item, draft)
    for number, (_, extraction) in by_number.items():
        for draft in extraction.initiatives:
            if (number, draft.order) not in claimed:
                scores.tally("initiatives").false_positives += 1
            if (number, draft.order) not in holding:
                _compare(scores, None, draft)
    for item in expected["amounts"]:
        _, extraction = by_number[item["paragraph"]]
        money = next((m for m in extraction.amounts if m.text == item[amount_key]), None)
        found = money.kind if money else None
        scores.tally(f"amount kind: {item['kind']}").add({0}, {0} if found == item["kind"] else set())
        if found and found != item["kind"]:
            scores.tally(f"amount kind: {found}").false_positives += 1
    return scores


def _compare(scores: Scores, item: dict | None, draft) -> None:
    for name in SET_FIELDS:
        expected = set(item[name]) if item else set()
        found = set(getattr(draft, name)) if draft else set()
        scores.tally(name).add(expected, found)
    expected_modality = (item["modality"] or NOT_STATED) if item else None
    found_modality = (draft.modality or NOT_STATED) if draft else None
    for label in {expected_modality, found_modality} - {None}:
        scores.tally(f"modality: {label}").add(
            {0} if expected_modality == label else set(), {0} if found_modality == label else set()
        )
    if item and item["actor"]:
        named = {*draft.agencies, *draft.organisations, *draft.countries} if draft else set()
        scores.actor["right" if item["actor"] in named else "wrong"] += 1


def report_scores(path: Path = EXPECTED, *, language: str = "zh") -> Scores:
    from ingest.extraction.pipeline import extract_document
    from ingest.parsing import parse_document

    expected = json.loads(path.read_text(encoding="utf-8"))
    document = parse_document((BASE_DIR / expected[SOURCE_KEY[language]]).read_text(encoding="utf-8"))
    extractions = extract_document(document.paragraphs)
    return extraction_scores(expected, document.paragraphs, extractions, language=language)


def reading_languages(expected: dict) -> list[str]:
    """The languages a reading has a source for."""
    return [language for language in LANGUAGES if expected.get(SOURCE_KEY[language])]


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def print_table(title: str, results: dict[str, Scores]) -> None:
    languages = list(results)
    print(f"\n{title}\n")
    header = " | ".join(f"{language} precision | {language} recall" for language in languages)
    print(f"| field | {header} |\n| --- |{' ---: |' * 2 * len(languages)}")
    names = sorted({n for s in results.values() for n in s.tallies}, key=_field_order)
    for name in names:
        cells = " | ".join(
            f"{_figure(results[language].tally(name).precision)} | {_figure(results[language].tally(name).recall)}"
            for language in languages
        )
        print(f"| {name} | {cells} |")
    for language, scores in results.items():
        counts = ", ".join(
            f"{name} {t.true_positives}/{t.false_positives}/{t.false_negatives}"
            for name, t in sorted(scores.tallies.items(), key=lambda item: _field_order(item[0]))
        )
        print(f"\n{language} right/extra/missed: {counts}")
        print(
            f"{language} actor named among the initiative's entities: {scores.actor['right']} of {scores.actor.total()}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=LANGUAGES, help="score one language only")
    parser.add_argument("--document", help="score one document only, by symbol (A/77/297) or file name")
    args = parser.parse_args()
    totals: dict[str, Scores] = {}
    scored = 0
    for path in READINGS:
        expected = json.loads(path.read_text(encoding="utf-8"))
        if args.document and args.document not in (expected["document"], path.stem):
            continue
        languages = [x for x in reading_languages(expected) if args.language in (None, x)]
        if not languages:
            continue
        results = {language: report_scores(path, language=language) for language in languages}
        sources = ", ".join(f"{x}: {expected[SOURCE_KEY[x]]}" for x in languages)
        print_table(f"## {expected['document']} ({sources}) against {path.relative_to(BASE_DIR)}", results)
        for language, scores in results.items():
            totals.setdefault(language, Scores()).add(scores)
        scored += 1
    if not scored:
        parser.error(f"no reading of {args.document!r} in {args.language or 'any language'}")
    if scored > 1:
        print_table(f"## Total over {scored} documents", totals)


def _field_order(name: str) -> tuple[bool, str]:
    return (name.split(":")[0] != "initiatives", name)


if __name__ == "__main__":
    main()
