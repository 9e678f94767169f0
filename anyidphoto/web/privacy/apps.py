from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "anyidphoto.web.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from . import analytics, tasks  # noqa: F401  (their receivers: use counted, tasks failed)
