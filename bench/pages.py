"""Server time of the HTML pages with many initiatives on PostgreSQL: the home page and a searched list.

The list is ``/initiatives/?agency=…&country=…&q=…`` (two filters and a search term); the
home page is ``/``. Requests go through the in-process Django test client: server time,
templates included, without the network. Facets are cached per data revision and filters: the
first request (cache cleared) is shown apart.

    .venv/bin/python -m bench.pages --initiatives 100000
"""

import argparse

from bench.common import (
    common_filters,
    configure,
    get_cold_then_warm,
    machine_print,
    percentile,
    summary,
    verdict,
)

TARGET_MS = 150.0
SEARCH_TERM = "疫苗"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--initiatives", type=int, default=100_000, help="synthetic initiatives to have (added if missing)"
    )
    parser.add_argument(
        "--paragraphs", type=int, default=100_000, help="synthetic paragraphs they spread over"
    )
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    configure(backend="postgres")

    from urllib.parse import quote

    from django.test import Client

    from bench.corpus import initiatives_ensure, paragraphs_ensure
    from initiatives.models import Initiative, Paragraph

    machine_print()
    print(f"paragraphs: {paragraphs_ensure(total=args.paragraphs)}", flush=True)
    print(f"initiatives: {initiatives_ensure(total=args.initiatives)}", flush=True)
    print(
        f"in the database: {Initiative.objects.count():,} initiatives, {Paragraph.objects.count():,} paragraphs",
        flush=True,
    )
    agency, country = common_filters()
    client = Client()
    met_all = True
    for path in ("/", f"/initiatives/?agency={agency}&country={country}&q={quote(SEARCH_TERM)}"):
        cold, samples = get_cold_then_warm(client, path, runs=args.runs)
        met = percentile(samples, 0.95) <= TARGET_MS
        met_all &= met
        print(f"\nGET {path}")
        print(f"  first request, nothing cached: {cold:,.1f} ms")
        print(f"  {summary(samples)}; p95 target {TARGET_MS:.0f} ms: {verdict(met)}", flush=True)
    print(f"\nall: {verdict(met_all)}")


if __name__ == "__main__":
    main()
