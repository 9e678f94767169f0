from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "anyidphoto.web.studio"
    label = "studio"
    verbose_name = "Studio"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (connects what a failed task tells)
