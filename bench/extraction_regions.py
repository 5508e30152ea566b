"""Precision and recall of the regions the extractor gives each initiative of the bundled report.

The expectations are written by hand in ``tests/fixtures/expected/regions_A-76-403.json``: per
project or piece of work, a phrase of its text (``anchor``) and the regions it is about. Each
extracted initiative is compared with the entries whose anchors lie in its text (none: it should
carry no region); an entry whose anchor no initiative holds counts its regions as missed. Counts
are of (initiative, region) pairs. No database is used::

    .venv/bin/python -m bench.extraction_regions
    .venv/bin/python -m bench.extraction_regions --details   # every disagreement, by paragraph
"""

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EXPECTED = BASE_DIR / "tests" / "fixtures" / "expected" / "regions_A-76-403.json"


class ExpectationError(Exception):
    """The expectations file does not fit the report (an anchor missing or ambiguous)."""


@dataclass
class Score:
    true_positives: Counter = field(default_factory=Counter)
    false_positives: Counter = field(default_factory=Counter)
    false_negatives: Counter = field(default_factory=Counter)
    disagreements: list[str] = field(default_factory=list)

    def add(self, *, where: str, expected: set[str], found: set[str]) -> None:
        self.true_positives.update(expected & found)
        self.false_positives.update(found - expected)
        self.false_negatives.update(expected - found)
        if expected != found:
            extra, missed = sorted(found - expected), sorted(expected - found)
            self.disagreements.append(f"{where}: extra {extra or '-'}, missed {missed or '-'}")

    @property
    def precision(self) -> float:
        tp, fp = sum(self.true_positives.values()), sum(self.false_positives.values())
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, fn = sum(self.true_positives.values()), sum(self.false_negatives.values())
        return tp / (tp + fn) if tp + fn else 1.0


def regions_score(*, expected_path: Path = EXPECTED) -> tuple[Score, int, int]:
    """The score, the number of expected entries and the number of extracted initiatives."""
    from ingest.extraction.pipeline import extract_document
    from ingest.parsing import parse_document

    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    document = parse_document((BASE_DIR / expected["report"]).read_text(encoding="utf-8"))
    texts = {p.number: p.text for p in document.paragraphs}
    extracted = dict(
        zip((p.number for p in document.paragraphs), extract_document(document.paragraphs), strict=True)
    )
    entries = expected["initiatives"]
    for entry in entries:
        occurrences = texts.get(entry["paragraph"], "").count(entry["anchor"])
        if occurrences != 1:
            raise ExpectationError(
                f"anchor {entry['anchor']!r} occurs {occurrences} times in paragraph {entry['paragraph']}, not once"
            )
    score = Score()
    held = set()
    initiatives = 0
    for number, extraction in extracted.items():
        for initiative in extraction.initiatives:
            initiatives += 1
            mine = [e for e in entries if e["paragraph"] == number and e["anchor"] in initiative.text]
            held.update(id(e) for e in mine)
            wanted = {region for e in mine for region in e["regions"]}
            where = f"{number}.{initiative.order} ({', '.join(e['anchor'] for e in mine) or 'no entry'})"
            score.add(where=where, expected=wanted, found=set(initiative.regions))
    for entry in entries:
        if id(entry) not in held:
            where = f"{entry['paragraph']} ({entry['anchor']}, in no initiative)"
            score.add(where=where, expected=set(entry["regions"]), found=set())
    return score, len(entries), initiatives


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument("--expected", type=Path, default=EXPECTED, help="expectations file")
    arguments = parser.parse_args(argv)
    try:
        score, entries, initiatives = regions_score(expected_path=arguments.expected)
    except (OSError, ValueError, KeyError, ExpectationError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    tp = sum(score.true_positives.values())
    fp = sum(score.false_positives.values())
    fn = sum(score.false_negatives.values())
    print(f"A/76/403: {entries} expected initiatives, {initiatives} extracted")
    print(f"regions: precision {score.precision:.3f}, recall {score.recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    regions = sorted({*score.true_positives, *score.false_positives, *score.false_negatives})
    for region in regions:
        print(
            f"  {region:<24} tp {score.true_positives[region]:>2}"
            f"  fp {score.false_positives[region]:>2}  fn {score.false_negatives[region]:>2}"
        )
    if arguments.details:
        print("disagreements:")
        for line in score.disagreements:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
