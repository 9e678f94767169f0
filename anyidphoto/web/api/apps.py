from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "anyidphoto.web.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (tokens end with a password change)
