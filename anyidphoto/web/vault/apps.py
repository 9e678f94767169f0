from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "anyidphoto.web.vault"
    label = "vault"
    verbose_name = "Encrypted storage"

    def ready(self) -> None:
        from . import router  # noqa: F401  (registers the key store's system check)
