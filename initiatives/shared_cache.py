"""Whether the default cache is one that every web process shares (Redis, or the cache table)."""

from django.conf import settings

# Each process (or each host) holds its own: limits count per process, and copies kept there
# are not seen by the others.
PER_PROCESS = ("LocMemCache", "DummyCache", "FileBasedCache")


def cache_shared() -> bool:
    return not settings.CACHES["default"]["BACKEND"].endswith(PER_PROCESS)
