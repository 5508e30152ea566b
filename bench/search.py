"""Search latency per query class, beside ``ILIKE '%…%'`` (or SQLite ``LIKE``) on the same paragraphs.

Each query asks what the search page asks: the first 20 paragraphs, most relevant first, and
how many match (``search_paragraphs(raw, limit=20)``; past 500 matches the count is estimated). The substring baseline fetches the
first 20 matching paragraphs in id order and counts them, in the same run, on the same data.
Classes hold three queries each; p50 and p95 are over all runs of a class's queries.

    .venv/bin/python -m bench.search --backend postgres --paragraphs 100000
    .venv/bin/python -m bench.search --backend sqlite --paragraphs 100000
"""

import argparse

from bench.common import configure, machine_print, percentile, summary, timed, verdict

QUERY_CLASSES = {
    "rare word": ["伊夫兰", "知识共享", "生物多样性"],
    "medium word": ["疫苗", "非洲", "布宜诺斯艾利斯"],
    "very common word": ["南南合作", "三方合作", "发展"],
    "single character": ["水", "粮", "国"],
    "English acronym": ["COVID-19", "SSC", "COVAX"],
    "two-term AND": ["粮食安全 非洲", "疫苗 南南合作", "青年 创新"],
    "phrase": ['"南南合作和三方合作"', '"气候变化"', '"可持续发展目标"'],
}
PAGE = 20
TARGET_MS = 100.0
TARGET_SPEEDUP = 20.0


def substring_query(raw: str):
    """SQL and parameters for the baseline: every term as a case-insensitive substring."""
    from django.db import connection

    # A quoted phrase is one substring; otherwise every space-separated term must occur.
    terms = [raw.strip('"')] if raw.startswith('"') else raw.split()
    operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    where = " AND ".join([f"text {operator} %s"] * len(terms))
    params = [f"%{t}%" for t in terms]
    page = f"SELECT id FROM initiatives_paragraph WHERE {where} ORDER BY id LIMIT {PAGE}"
    count = f"SELECT COUNT(*) FROM initiatives_paragraph WHERE {where}"
    return page, count, params


def substring_search(raw: str) -> int:
    from django.db import connection

    page, count, params = substring_query(raw)
    with connection.cursor() as cursor:
        cursor.execute(page, params)
        cursor.fetchall()
        cursor.execute(count, params)
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument(
        "--paragraphs", type=int, default=100_000, help="synthetic paragraphs to have (added if missing)"
    )
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each query")
    parser.add_argument("--classes", nargs="*", choices=list(QUERY_CLASSES), help="only these classes")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each query first")
    parser.add_argument("--baseline-runs", type=int, default=3, help="timed runs of each substring query")
    args = parser.parse_args()
    configure(backend=args.backend)

    from bench.corpus import paragraphs_ensure
    from initiatives.models import Paragraph
    from initiatives.search import CANDIDATES, search_paragraphs
    from initiatives.search.backends import backend

    machine_print()
    print(f"corpus: {paragraphs_ensure(total=args.paragraphs)}", flush=True)
    total = Paragraph.objects.count()
    print(f"paragraphs in the database: {total:,}; search backend: {backend().name}", flush=True)
    print(
        f"each query: first {PAGE} results and the total count (exact up to {CANDIDATES},"
        " estimated past it, marked ~)",
        flush=True,
    )
    met_all = True
    for name, queries in QUERY_CLASSES.items():
        if args.classes and name not in args.classes:
            continue
        indexed, substring, counts = [], [], []
        for raw in queries:
            samples, result = timed(
                lambda raw=raw: search_paragraphs(raw, limit=PAGE), runs=args.runs, warmup=args.warmup
            )
            indexed.extend(samples)
            baseline, baseline_count = timed(
                lambda raw=raw: substring_search(raw), runs=args.baseline_runs, warmup=1
            )
            substring.extend(baseline)
            mark = "~" if result.total.estimated else ""
            counts.append(f"{raw} {mark}{result.count:,} (substring {baseline_count:,})")
        p95 = percentile(indexed, 0.95)
        speedup = percentile(substring, 0.5) / percentile(indexed, 0.5)
        met = p95 <= TARGET_MS and (args.backend == "sqlite" or speedup >= TARGET_SPEEDUP)
        met_all &= met
        print(f"\n{name}: matches {'; '.join(counts)}")
        print(f"  search    {summary(indexed)}")
        print(f"  substring {summary(substring)}")
        print(
            f"  median speed-up {speedup:,.1f}x; p95 target {TARGET_MS:.0f} ms: {verdict(p95 <= TARGET_MS)}",
            flush=True,
        )
    print(f"\nall classes: {verdict(met_all)}")


if __name__ == "__main__":
    main()
