"""Settings for the load benchmark's gunicorn: the site's own, plus the floor view of bench.floor."""

from sscatlas.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
