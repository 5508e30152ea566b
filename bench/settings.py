"""Settings for the SQLite benchmarks: the project's settings on a database file of their own.

``var/sscatlas.sqlite3`` belongs to ``make run``; the benchmarks write ``var/bench.sqlite3``
(or ``BENCH_SQLITE_PATH``) instead, so that generating a corpus never touches it.
"""

import os
from pathlib import Path

from sscatlas.settings import *  # noqa: F403
from sscatlas.settings import BASE_DIR

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": Path(os.environ.get("BENCH_SQLITE_PATH", BASE_DIR / "var" / "bench.sqlite3")),
    }
}
