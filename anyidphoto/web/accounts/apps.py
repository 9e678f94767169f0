from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anyidphoto.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
