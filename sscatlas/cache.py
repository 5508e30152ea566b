"""Django's database cache with an atomic ``incr``, for a deployment with several processes and no Redis.

Login limits and API throttles count in the cache, so every web process must see the same
cache. ``CACHE_URL=dbcache://<table>`` keeps it in the site's database (``manage.py
createcachetable`` makes the table). Django's own database cache increments by reading the
value and writing it back, so two processes that read at the same time both write the same
count, and it resets the entry's expiry; here the increment locks the entry before it reads,
and the window set by ``cache.add`` stays as it was.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, value_column, key_column = quote(self._table), quote("value"), quote("cache_key")
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # Writing first takes the row lock (PostgreSQL) or the database's write lock (SQLite)
            # before anything is read, so concurrent increments wait for each other in turn.
            cursor.execute(
                f"UPDATE {table} SET {value_column} = {value_column} WHERE {key_column} = %s AND {quote('expires')} > %s",
                [key, now],
            )
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{key}' not found")
            cursor.execute(f"SELECT {value_column} FROM {table} WHERE {key_column} = %s", [key])
            value = pickle.loads(base64.b64decode(cursor.fetchone()[0].encode())) + delta
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s", [pickled, key])
        return value
