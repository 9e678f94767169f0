from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "anyidphoto.web.vault"
    label = "vault"
    verbose_name = "Encrypted storage"

    def ready(self) -> None:
        from . import database, router  # noqa: F401  (connect the SQLite hardening, the check)
