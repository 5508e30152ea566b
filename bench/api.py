"""API latency with many initiatives on PostgreSQL: a filtered list and the facets.

The filtered list is ``/api/v1/initiatives/?agency=…&country=…&covid=true`` with the agency and
country that real COVID-19 initiatives most often name together, its first page and its
hundredth; the facets are those of all initiatives (``/api/v1/facets/``, the largest set) and
of the same filter. Requests go through
the in-process Django test client, so the figures are server time without the network. Facets
and a list's count and ordered ids are cached per data revision and filters: the first request
(cache cleared) is shown apart.

    .venv/bin/python -m bench.api --initiatives 1000000  # --no-cache: the cache off
"""

from bench.common import (
    common_filters,
    get_cold_then_warm,
    percentile,
    summary,
    verdict,
)
from bench.corpus import initiatives_setup

TARGETS_MS = {"list": 50.0, "facets": 150.0}


def main() -> None:
    args = initiatives_setup(__doc__)

    from django.test import Client

    agency, country = common_filters()
    client = Client()
    cases = [
        ("list", f"/api/v1/initiatives/?agency={agency}&country={country}&covid=true"),
        ("list", f"/api/v1/initiatives/?agency={agency}&country={country}&covid=true&page=100"),
        ("facets", "/api/v1/facets/"),
        ("facets", f"/api/v1/facets/?agency={agency}&country={country}&covid=true"),
    ]
    met_all = True
    for kind, path in cases:
        cold, samples = get_cold_then_warm(client, path, runs=args.runs)
        count = client.get(path, secure=True).json()["count"]
        met = percentile(samples, 0.95) <= TARGETS_MS[kind]
        met_all &= met
        print(f"\nGET {path} ({count:,} initiatives)")
        print(f"  first request, nothing cached: {cold:,.1f} ms")
        print(f"  {summary(samples)}; p95 target {TARGETS_MS[kind]:.0f} ms: {verdict(met)}", flush=True)
    print(f"\nall: {verdict(met_all)}")


if __name__ == "__main__":
    main()
