from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "anyidphoto.web.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (connects what a failed task tells)
