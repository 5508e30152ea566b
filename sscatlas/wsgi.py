"""WSGI entry point: ``gunicorn sscatlas.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscatlas.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load jieba's dictionary and the names search recognises as the process starts.

    Otherwise the first searches in each process pay for it (seconds), while others wait behind them.
    """
    from django.db import DatabaseError, connections

    from initiatives.search import parse_query

    try:
        parse_query("南南合作 UNDP Ethiopia")
    except DatabaseError:
        pass  # no database yet: the first search loads them
    finally:
        connections.close_all()


_warm_up()
