"""Checks of the deployment that Django's own ``check --deploy`` does not make."""

from django.core.checks import Warning, register

from initiatives.shared_cache import cache_shared


@register("caches", deploy=True)
def shared_cache_check(app_configs, **kwargs):
    # Login limits and API throttles count in the cache: a cache of each process lets a client
    # make the limit's number of attempts once per web process.
    if not cache_shared():
        return [
            Warning(
                "The cache is not shared by the web processes, so login limits and API throttles "
                "count once per process.",
                hint="Set CACHE_URL to redis://host:port/db, or to dbcache://sscatlas_cache after "
                "`manage.py createcachetable`.",
                id="sscatlas.W001",
            )
        ]
    return []
