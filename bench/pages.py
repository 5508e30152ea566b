"""Server time of the HTML pages with many initiatives on PostgreSQL: the home page and a searched list.

The list is ``/initiatives/?agency=…&country=…&q=…`` (two filters and a search term); the
home page is ``/``. Requests go through the in-process Django test client: server time,
templates included, without the network. Facets are cached per data revision and filters: the
first request (cache cleared) is shown apart.

    .venv/bin/python -m bench.pages --initiatives 100000  # --no-cache: the cache off
"""

from urllib.parse import quote

from bench.common import (
    common_filters,
    get_cold_then_warm,
    percentile,
    summary,
    verdict,
)
from bench.corpus import initiatives_setup

TARGET_MS = 150.0
SEARCH_TERM = "疫苗"


def main() -> None:
    args = initiatives_setup(__doc__)

    from django.test import Client

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
