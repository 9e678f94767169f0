"""WSGI entry point (gunicorn ``anyidphoto.web.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anyidphoto.web.settings")
application = get_wsgi_application()
