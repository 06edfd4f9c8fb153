from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the portal: backups and restores, the read replica's routing, and the
    progress lines of long commands."""

    name = "operations"
    verbose_name = "运维"

    def ready(self):
        # Before the domain apps watch their models (caching.watch): on each commit the WAL
        # position is stored before the cached pages' versions change.
        from .replica import connect_signals

        connect_signals()
