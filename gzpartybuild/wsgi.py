"""
WSGI config for gzpartybuild project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from gzpartybuild.warmup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gzpartybuild.settings")

application = get_wsgi_application()

# Load the views and templates now and keep them out of the garbage collector's walks (warmup.py).
settle()
