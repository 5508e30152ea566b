"""Synthetic corpora for the benchmarks, built from the bundled reports so that word frequencies stay real.

Paragraphs are recombined sentences of the bundled paragraphs (as many sentences as a real
paragraph has), with country names swapped for others the reports name and amounts changed,
written with ``bulk_create`` in batches and indexed through ``index_paragraphs`` in batches,
on PostgreSQL by two processes at once. Initiatives copy a real initiative's links and flags
(countries sometimes swapped) onto synthetic paragraphs, written with COPY on PostgreSQL.
Every function adds only what is missing, so a larger size reuses a smaller one.

    .venv/bin/python -m bench.corpus --backend postgres --paragraphs 100000 --initiatives 1000000
"""

import argparse
import multiprocessing
import random
import re
import time
from dataclasses import dataclass

from bench.common import configure, machine_print

SOURCE_PREFIX = "bench-corpus-"
DOCUMENT_SIZE = 1000
WRITE_BATCH = 5000
INDEX_BATCH = 2000
_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The links an initiative copies from its template.
LINKS = ("agencies", "countries", "regions", "sdgs", "sdgs_cited", "themes")


@dataclass
class Timing:
    added: int = 0
    write_seconds: float = 0.0
    index_seconds: float = 0.0

    def __str__(self) -> str:
        if not self.added:
            return "nothing to add"
        write_rate = self.added / self.write_seconds if self.write_seconds else 0
        index_rate = self.added / self.index_seconds if self.index_seconds else 0
        return (
            f"added {self.added:,}: written in {self.write_seconds:.1f} s ({write_rate:,.0f}/s),"
            f" indexed in {self.index_seconds:.1f} s ({index_rate:,.0f}/s)"
        )


def bundled_data_ensure() -> None:
    """The reference data and the two bundled reports, as ``make data`` loads them."""
    from ingest.services import document_ingest
    from initiatives.models import Document
    from initiatives.reference.loading import reference_load
    from tests.conftest import REPORT, RESOLUTION

    if Document.objects.filter(symbol="A/76/403").exists():
        return
    reference_load()
    document_ingest(path=REPORT, symbol="A/76/403")
    document_ingest(path=RESOLUTION)


def synthetic_paragraphs():
    from initiatives.models import Paragraph

    return Paragraph.objects.filter(document__source_name__startswith=SOURCE_PREFIX)


class ParagraphMaker:
    """Recombines the sentences of the bundled paragraphs into new paragraphs."""

    def __init__(self, *, seed: int):
        from initiatives.models import Country, Paragraph

        self.random = random.Random(seed)
        real = list(
            Paragraph.objects.exclude(document__source_name__startswith=SOURCE_PREFIX).values_list(
                "text", flat=True
            )
        )
        self.sentence_counts = []
        self.sentences = []
        for text in real:
            sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
            self.sentence_counts.append(len(sentences))
            self.sentences.extend(sentences)
        names = sorted(
            {name for name in Country.objects.values_list("name_zh", flat=True) if len(name) >= 2},
            key=len,
            reverse=True,
        )
        corpus = "".join(real)
        # Swap in the countries the reports name, so that rare names stay rare.
        self.named_countries = [name for name in names if name in corpus] or names
        self.country_pattern = re.compile("|".join(map(re.escape, names)))

    def text(self) -> str:
        count = self.random.choice(self.sentence_counts)
        sentences = [self.random.choice(self.sentences) for _ in range(count)]
        text = "".join(sentences)
        text = self.country_pattern.sub(lambda m: self._country(m.group()), text)
        return _NUMBER.sub(self._number, text)

    def _country(self, name: str) -> str:
        return self.random.choice(self.named_countries) if self.random.random() < 0.5 else name

    def _number(self, match: re.Match) -> str:
        digits = match.group()
        # Years and small ordinals (SDG 17, resolution 75/234) keep their meaning.
        if len(digits) == 4 and digits[:2] in ("19", "20") or len(digits) <= 2:
            return digits
        return str(self.random.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))


def paragraphs_ensure(*, total: int, processes: int | None = None, seed: int = 76) -> Timing:
    """At least ``total`` synthetic paragraphs, indexed; the timing of what this call added."""
    from django.db import connection, transaction

    from initiatives.models import Document, Paragraph

    bundled_data_ensure()
    timing = Timing()
    existing = synthetic_paragraphs().count()
    missing = total - existing
    if missing <= 0:
        return timing
    maker = ParagraphMaker(seed=seed + existing)
    new_ids: list[int] = []
    start = time.perf_counter()
    made = 0
    while made < missing:
        with transaction.atomic():
            number = Document.objects.filter(source_name__startswith=SOURCE_PREFIX).count() + 1
            size = min(DOCUMENT_SIZE, missing - made)
            document = Document.objects.create(
                title=f"Synthetic corpus {number}",
                symbol=f"BENCH/{number}",
                kind=Document.Kind.TEXT,
                year=2021,
                content_hash=f"bench-{number:08d}-{seed}",
                source_name=f"{SOURCE_PREFIX}{number}",
                original_text="",
            )
            rows = [
                Paragraph(document=document, order=i + 1, number=i + 1, text=maker.text())
                for i in range(size)
            ]
            created = Paragraph.objects.bulk_create(rows, batch_size=WRITE_BATCH)
            new_ids.extend(p.pk for p in created)
            made += size
    timing.write_seconds = time.perf_counter() - start
    timing.added = made

    start = time.perf_counter()
    if processes is None:
        # SQLite takes one writer at a time; PostgreSQL segments on both cores.
        processes = 1 if connection.vendor == "sqlite" else multiprocessing.cpu_count()
    chunks = [new_ids[i : i + INDEX_BATCH] for i in range(0, len(new_ids), INDEX_BATCH)]
    if processes <= 1:
        for chunk in chunks:
            _index_chunk(chunk)
    else:
        connection.close()
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for _ in pool.imap_unordered(_index_chunk, chunks):
                pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Parallel indexers store entries out of id order; ingestion stores them in order,
            # which is what a search's estimated count assumes. CLUSTER puts them back.
            cursor.execute("CLUSTER initiatives_searchentry USING initiatives_searchentry_pkey")
            cursor.execute("VACUUM ANALYZE initiatives_searchentry")
            cursor.execute("ANALYZE initiatives_paragraph")
    timing.index_seconds = time.perf_counter() - start
    return timing


def _index_chunk(ids: list[int]) -> int:
    from initiatives.search import index_paragraphs

    return index_paragraphs(ids)


def initiatives_ensure(*, total: int, seed: int = 403) -> Timing:
    """At least ``total`` synthetic initiatives (PostgreSQL only), spread over the synthetic paragraphs."""
    from django.db import connection, transaction
    from django.db.models import Max

    from initiatives.models import Country, Initiative, position_of

    if connection.vendor != "postgresql":
        raise SystemExit("synthetic initiatives are written with COPY: PostgreSQL only")
    synthetic = Initiative.objects.filter(paragraph__document__source_name__startswith=SOURCE_PREFIX)
    missing = total - synthetic.count()
    timing = Timing()
    if missing <= 0:
        return timing
    paragraphs = list(synthetic_paragraphs().order_by("pk").only("pk", "document_id", "order"))
    if not paragraphs:
        raise SystemExit("no synthetic paragraphs yet: generate paragraphs first")
    templates = list(
        Initiative.objects.exclude(
            paragraph__document__source_name__startswith=SOURCE_PREFIX
        ).prefetch_related(*LINKS)
    )
    links = {
        relation: {t.pk: [o.pk for o in getattr(t, relation).all()] for t in templates} for relation in LINKS
    }
    all_countries = list(Country.objects.values_list("pk", flat=True))
    rng = random.Random(seed + missing)
    # The next order per paragraph, so that (paragraph, order) stays unique.
    orders = dict(synthetic.order_by().values_list("paragraph_id").annotate(n=Max("order")))
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE initiatives_initiative IN EXCLUSIVE MODE")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM initiatives_initiative")
        next_id = cursor.fetchone()[0] + 1
        raw = cursor.connection
        rows, link_rows = [], {relation: [] for relation in links}
        for i in range(missing):
            template = rng.choice(templates)
            paragraph = paragraphs[(i + len(orders)) % len(paragraphs)]
            paragraph_id = paragraph.pk
            order = orders.get(paragraph_id, 0) + 1
            orders[paragraph_id] = order
            pk = next_id + i
            rows.append(
                (
                    pk,
                    paragraph_id,
                    order,
                    template.title,
                    template.start,
                    template.end,
                    template.text,
                    template.covid,
                    template.climate,
                    template.modality,
                    _json(template.years),
                    template.year_min,
                    template.year_max,
                    template.funding_usd,
                    "machine",
                    "[]",
                    True,
                    position_of(paragraph, order),
                    _json(template.sdg_evidence),
                    _json(template.translations),
                    "[]",
                )
            )
            for relation, by_template in links.items():
                targets = by_template[template.pk]
                if relation == "countries":
                    targets = [rng.choice(all_countries) if rng.random() < 0.3 else c for c in targets]
                link_rows[relation].extend((pk, target) for target in dict.fromkeys(targets))
        columns = (
            'id, paragraph_id, "order", title, start, "end", text, covid, climate, modality, years,'
            " year_min, year_max, funding_usd, review, locked_fields, is_active, position, sdg_evidence,"
            " translations, version_differences"
        )
        with raw.cursor().copy(f"COPY initiatives_initiative ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        for relation, pairs in link_rows.items():
            through = Initiative._meta.get_field(relation).remote_field.through
            target = through._meta.get_field(Initiative._meta.get_field(relation).m2m_reverse_field_name())
            with raw.cursor().copy(
                f"COPY {through._meta.db_table} (initiative_id, {target.column}) FROM STDIN"
            ) as copy:
                for pair in pairs:
                    copy.write_row(pair)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('initiatives_initiative', 'id'),"
            " (SELECT MAX(id) FROM initiatives_initiative))"
        )
    timing.write_seconds = time.perf_counter() - start
    timing.added = missing
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a caller's transaction (a test's); ANALYZE alone still can.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    timing.index_seconds = time.perf_counter() - start
    return timing


def _json(value) -> str:
    import json

    return json.dumps(value)


def initiatives_setup(description: str, *, extra=None) -> argparse.Namespace:
    """Read a benchmark's options (``extra(parser)`` adds its own), then make its PostgreSQL corpus of
    initiatives ready and say what it holds. ``--no-cache`` turns Django's cache off for the run."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--initiatives", type=int, default=100_000, help="synthetic initiatives to have (added if missing)"
    )
    parser.add_argument(
        "--paragraphs", type=int, default=100_000, help="synthetic paragraphs they spread over"
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="nothing kept between requests: every figure is a first request",
    )
    if extra:
        extra(parser)
    args = parser.parse_args()
    configure(backend="postgres")
    if args.no_cache:
        from django.test.utils import override_settings

        override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        ).enable()
        print("cache: off (every request computes its facets, counts and ids)", flush=True)

    from initiatives.models import Initiative, Paragraph

    machine_print()
    print(f"paragraphs: {paragraphs_ensure(total=args.paragraphs)}", flush=True)
    print(f"initiatives: {initiatives_ensure(total=args.initiatives)}", flush=True)
    print(
        f"in the database: {Initiative.objects.count():,} initiatives, {Paragraph.objects.count():,} paragraphs",
        flush=True,
    )
    return args


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--initiatives", type=int, default=0)
    parser.add_argument(
        "--processes", type=int, default=None, help="indexing processes (default: one per core on PostgreSQL)"
    )
    args = parser.parse_args()
    configure(backend=args.backend)
    machine_print()
    print(f"paragraphs: {paragraphs_ensure(total=args.paragraphs, processes=args.processes)}", flush=True)
    if args.initiatives:
        print(
            f"initiatives: {initiatives_ensure(total=args.initiatives)} (VACUUM ANALYZE as indexing)",
            flush=True,
        )


if __name__ == "__main__":
    main()
