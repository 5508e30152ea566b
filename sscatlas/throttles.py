"""API throttles that count with one atomic increment in the shared cache.

DRF's throttles keep each client's request times as a list in the cache, read it, append and
write it back: requests of several processes in flight at once read the same list and all but
one of their appends are lost, so far more than the rate get through. These count requests in
fixed windows of the rate's period instead (``cache.add`` then ``cache.incr``, atomic in Redis
and in ``sscatlas.cache.AtomicDatabaseCache``): at most the rate's number of requests per window,
whatever the concurrency. A client can spend one window's allowance at its end and the next at
the start of the next one; the limit per window holds.
"""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AtomicWindowMixin:
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        key = f"{key}:{window}"
        self.cache.add(key, 0, timeout=self.duration)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's entry expired between add and incr
            self.cache.add(key, 1, timeout=self.duration)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return max(1.0, self.window_end - self.now)


class AnonWindowThrottle(AtomicWindowMixin, AnonRateThrottle):
    pass


class UserWindowThrottle(AtomicWindowMixin, UserRateThrottle):
    pass
