"""Values and whole pages cached until the records they read change.

A cached value is stored under the current *version* of every model it reads.
Saving or deleting a record of a watched model (see `watch`) gives that model a new
version, so the next request computes afresh whatever read it, and nothing else:
a secretary saving a draft activity does not recompute the organization figures.

Each model has two versions. Its *version* moves with every change; its *public version*
moves only with changes the public can see: a record that was or is visible to the public
(`watch(..., visible=Q(...))`). Cached public pages and the figures of public records
(`cached(..., public=True)`) read public versions, so a secretary saving a draft, or a
bureau clerk editing an archived organization, leaves them valid; publishing, taking
offline or editing a published record makes them stale.
Changes that send no signals (QuerySet.update, bulk_create, raw SQL) must call
`invalidate()`. Timeouts are a safety net only.

The versions live in the `versions` cache, which every process of the server
shares (a small file cache, or Redis with REDIS_URL); the values may live in a
per-process cache. So a record published through one gunicorn worker reaches the
pages of every worker on its next request, while each worker keeps its own copy
of the figures and pages it serves.
"""

import functools
import hashlib
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "figures:version:{}"
PUBLIC_VERSION_KEY = "figures:public-version:{}"
VERSIONS_ALIAS = "versions"
TIMEOUT = 60 * 60
PAGE_TIMEOUT = 60 * 60
# A cached page may vary on ?page=N (up to this many digits); a request with any other
# parameter (a search, a filter) or another page value is computed every time, never stored.
PAGE_NUMBER_DIGITS = 3


def _code_folders():
    """The project's own apps (those inside BASE_DIR) and the templates folder."""
    base = Path(settings.BASE_DIR).resolve()
    folders = {Path(config.path).resolve() for config in apps.get_app_configs()}
    return sorted(folder for folder in folders if folder.is_relative_to(base)) + [base / "templates"]


@functools.cache
def code_version():
    """A digest of the project's Python files, templates and static files (once per process).

    A new release never serves an older one's values: a changed view, template or
    stylesheet changes the digest. The static files count through the manifest of
    collectstatic when there is one (the hashed names the pages link to), else through the
    source files, so a CSS-only release never serves pages naming files that are gone."""
    base = Path(settings.BASE_DIR).resolve()
    digest = hashlib.sha1()
    for folder in _code_folders():
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html"} and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    else:
        for folder in map(Path, settings.STATICFILES_DIRS):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix in {".css", ".js", ".svg", ".png", ".woff2"}:
                    digest.update(str(path.relative_to(folder)).encode())
                    digest.update(str(path.stat().st_size).encode())
                    digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()[:12]


def _key(kind, name, *model_versions):
    """A short cache key naming the value, the release and the versions it was computed from."""
    digest = hashlib.sha1("|".join([name, code_version(), *model_versions]).encode()).hexdigest()
    return f"{kind}:{digest}"


def _versions_cache():
    return caches[VERSIONS_ALIAS] if VERSIONS_ALIAS in settings.CACHES else cache


def _label(model):
    """A model's label; a model may also be named by its label ("app.Model")."""
    return model if isinstance(model, str) else model._meta.label


def versions(models, public=False):
    """The current version (or public version) of each model: one round trip to the versions cache."""
    store = _versions_cache()
    template = PUBLIC_VERSION_KEY if public else VERSION_KEY
    keys = [template.format(_label(model)) for model in models]
    found = store.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            store.add(key, uuid.uuid4().hex, None)
        found.update(store.get_many(missing))
    # A versions cache that lost a key between add and get (culled, cleared) still yields a version.
    return [found.get(key) or uuid.uuid4().hex for key in keys]


def _bump(models, public):
    templates = (VERSION_KEY, PUBLIC_VERSION_KEY) if public else (VERSION_KEY,)
    keys = {template.format(_label(model)): uuid.uuid4().hex for model in models for template in templates}
    _versions_cache().set_many(keys, None)


def invalidate(*models):
    """Give these models new versions (and public versions): whatever was cached from them is stale."""
    _bump(models, public=True)


# What the public sees of a model: label -> a Q selecting its visible records (`watch(visible=)`).
# A watched model without one is visible in every record.
_VISIBLE = {}


def _visible_in_database(model, pk):
    """Whether the stored record `pk` of `model` is one the public sees (one query by primary key)."""
    visible = _VISIBLE.get(_label(model))
    if visible is None:
        return True
    if pk is None:
        return False
    return model._base_manager.filter(visible, pk=pk).exists()


def _remember_visibility(sender, instance, **kwargs):
    """Before a save or delete: was the stored record visible to the public?"""
    instance._caching_was_visible = not instance._state.adding and _visible_in_database(sender, instance.pk)


def _public_change(sender, instance, signal):
    """Whether this change is one the public can see: the record was visible, or now is."""
    if _label(sender) not in _VISIBLE or instance is None:
        return True
    if signal is m2m_changed:
        return _visible_in_database(type(instance), instance.pk)
    was_visible = getattr(instance, "_caching_was_visible", True)
    if signal is post_delete:
        return was_visible
    return was_visible or _visible_in_database(sender, instance.pk)


def _invalidate_on_change(sender, instance=None, signal=None, **kwargs):
    model = _M2M_AS.get(sender, sender)
    public = _public_change(type(instance) if signal is m2m_changed else sender, instance, signal)
    _bump([model], public)
    # A request between this save and the commit may cache values without the change:
    # invalidate again once the transaction commits (runs at once outside a transaction).
    transaction.on_commit(lambda: _bump([model], public))


# Many-to-many tables whose changes count as changes to one of the models.
_M2M_AS = {}


# The models that public pages read, as each app declares them in its AppConfig.ready() with
# `watch(..., public=True)`: a page cached with `cached_public_page` is stale after a change
# to any of them that the public can see.
_PUBLIC_MODELS = {}


def public_models():
    """Every model declared as read by the public pages (in declaration order)."""
    return tuple(_PUBLIC_MODELS.values())


def invalidate_public(*models):
    """Make the figures and pages reading these models (every public model if none) stale.

    Model signals do this; call it yourself after changes that send none
    (QuerySet.update, bulk_create, raw SQL, loaddata)."""
    invalidate(*(models or public_models()))


def watch(*models, public=True, visible=None):
    """Bump a model's version whenever one of its records is saved or deleted (idempotent).

    Each app calls this in its AppConfig.ready() for the models whose records cached values
    read; `public` (the default) also counts the model among those the public pages read.
    `visible` (a Q over the model) selects the records the public sees: a change to a record
    that neither was nor is visible (a draft, an archived record) leaves the public version,
    and so every cached public page, as it was. It costs a query by primary key before and
    after each save of such a model."""
    for model in models:
        label = _label(model)
        if public:
            _PUBLIC_MODELS[label] = model
        if visible is not None:
            _VISIBLE[label] = visible
            pre_save.connect(_remember_visibility, sender=model, dispatch_uid=f"caching-pre-save-{label}")
            pre_delete.connect(_remember_visibility, sender=model, dispatch_uid=f"caching-pre-delete-{label}")
        post_save.connect(_invalidate_on_change, sender=model, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(_invalidate_on_change, sender=model, dispatch_uid=f"caching-delete-{label}")


def watch_m2m(through, as_model):
    """Count changes to a many-to-many table as changes to `as_model` (public ones when the record
    whose set changed is visible, see `watch`)."""
    _M2M_AS[through] = as_model
    m2m_changed.connect(_invalidate_on_change, sender=through, dispatch_uid=f"caching-m2m-{_label(through)}")


def cached(name, *models, public=False, timeout=TIMEOUT):
    """Cache a function's result (called without arguments) until a record of one of `models` changes.

    With `public`, the value reads only what the public sees (published, not archived records):
    it stays valid through changes to records the public does not see (see `watch`)."""

    def decorator(compute):
        @functools.wraps(compute)
        def wrapper():
            key = _key("cached", name, *versions(models, public=public))
            value = cache.get(key)
            if value is None:
                value = compute()
                cache.set(key, value, timeout)
            return value

        wrapper.uncached = compute
        wrapper.models = models
        wrapper.public = public
        return wrapper

    return decorator


def cached_value(name, compute, *, models=(), public_models=(), timeout=TIMEOUT):
    """`compute()`, cached until a record of `models` changes, or a record the public sees of
    `public_models` (see `watch`). `name` holds whatever else the value depends on (a report's
    filters and page). Costs no query when cached: the versions are read from the versions cache."""
    key = _key("value", name, *versions(models), *versions(public_models, public=True))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def page_cacheable(request):
    """Anonymous GET/HEAD without a session or pending messages, and no parameters but the page's."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return False
    if not request.GET:
        return True
    if set(request.GET) != {"page"} or len(request.GET.getlist("page")) != 1:
        return False
    page = request.GET["page"]
    return page.isascii() and page.isdigit() and len(page) <= PAGE_NUMBER_DIGITS


def _page_key(request, models):
    # Cookies whose value is rendered into the page (context_processors.PAGE_COOKIES): one copy
    # per recognised value; any other value counts as the cookie's absence.
    from .context_processors import PAGE_COOKIES

    variant = ",".join(
        f"{name}={value if request.COOKIES.get(name) == value else ''}" for name, value in sorted(PAGE_COOKIES.items())
    )
    return _key("page", f"{variant}|{request.path}?{request.GET.urlencode()}", *versions(models, public=True))


def _storable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
    )


def cached_page(*models, timeout=PAGE_TIMEOUT):
    """Serve the public from a cached copy of the whole page until a record of one of `models` changes
    in a way the public can see (their public versions, see `watch`).

    Only anonymous visitors (no session cookie) get the copy, and only for the plain
    page or its ?page=N: a search or a filter is computed every time. `models` must name
    every model the page reads, and each must be watched (`watch`, in its app's ready());
    without `models`, every model the apps declared public (`public_models`).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not page_cacheable(request):
                return view(request, *args, **kwargs)
            key = _page_key(request, models or public_models())
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if _storable(request, response):
                    cache.set(key, (response.content, response["Content-Type"]), timeout)
            # Signed-in visitors see their own header: the copy is for requests without cookies.
            patch_vary_headers(response, ["Cookie"])
            return response

        wrapper.page_cached = True
        wrapper.cached_models = models  # empty: every public model (public_models())
        return wrapper

    return decorator


def cached_public_page(view):
    """`cached_page` over every public model: pages read many models (figures, cards, towns);
    recomputing a page after an unrelated change costs one render, since the figures keep
    their own narrower versions."""
    return cached_page()(view)
