"""
ASGI config for gzpartybuild project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

from gzpartybuild.warmup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gzpartybuild.settings")

application = get_asgi_application()

# Load the views and templates now and keep them out of the garbage collector's walks (warmup.py).
settle()
