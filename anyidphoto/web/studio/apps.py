from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "anyidphoto.web.studio"
    label = "studio"
    verbose_name = "Studio"

    def ready(self) -> None:
        from . import signals, tasks  # noqa: F401  (a visitor's photos kept; failed tasks told)
