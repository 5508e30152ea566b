"""WSGI entry point: ``gunicorn sscatlas.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscatlas.settings")
application = get_wsgi_application()
