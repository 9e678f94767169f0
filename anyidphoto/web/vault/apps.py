from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "anyidphoto.web.vault"
    label = "vault"
    verbose_name = "Encrypted storage"
