"""API throttles that count with one atomic increment in the shared cache.

DRF's throttles keep each client's request times as a list in the cache, read it, append and
write it back: requests of several processes in flight at once read the same list and all but
one of their appends are lost, so far more than the rate get through. These count a client's
requests in one cache entry (``cache.add`` then ``cache.incr``, atomic in Redis and in
``sscatlas.cache.AtomicDatabaseCache``) that lives for the rate's period from the client's first
request: at most the rate's number of requests in that window, whatever the concurrency.
"""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AtomicWindowMixin:
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        # The window's start, kept beside the count for the Retry-After header.
        self.cache.add(f"{self.key}:start", self.now, timeout=self.duration)
        self.cache.add(self.key, 0, timeout=self.duration)
        try:
            count = self.cache.incr(self.key)
        except ValueError:  # the window ended between add and incr
            self.cache.add(self.key, 1, timeout=self.duration)
            count = 1
        return count <= self.num_requests

    def wait(self):
        start = self.cache.get(f"{self.key}:start", self.now)
        return max(1.0, start + self.duration - self.now)


class AnonWindowThrottle(AtomicWindowMixin, AnonRateThrottle):
    pass


class UserWindowThrottle(AtomicWindowMixin, UserRateThrottle):
    pass
