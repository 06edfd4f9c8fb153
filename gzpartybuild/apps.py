from django.apps import AppConfig


class GzpartybuildConfig(AppConfig):
    name = "gzpartybuild"
    verbose_name = "广州社会组织党建"

    def ready(self):
        from . import figures

        figures.connect_receivers()
