"""What a server process does once, after loading the project and before its first request.

Python's cyclic garbage collector now and then walks every object the process holds (a
"generation 2" collection). In a worker most of them are the code loaded at start (modules,
functions, classes, the URLconf, the compiled templates), about 100,000 objects that are
never garbage: walking them took 40–60 ms at 10×, in the middle of whichever request
happened to trigger it (the single slow requests of docs/PERFORMANCE.md). `settle()` loads
what the first request would load lazily, then moves every object alive at that point out
of the collector's sight (`gc.freeze()`); collections then only walk what requests create.
The WSGI and ASGI entry points call it, and the benchmark before it times anything.
"""

import gc

from django.template.loader import get_template
from django.urls import get_resolver

# Templates nearly every page extends or includes, compiled now rather than by the first visitor.
COMMON_TEMPLATES = ("base.html", "includes/pagination.html")


def settle():
    """Load every view module and the common templates, collect once, and freeze what is left."""
    resolver = get_resolver()
    resolver.check()  # imports the URLconf and every view module it names
    for name in COMMON_TEMPLATES:
        get_template(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
