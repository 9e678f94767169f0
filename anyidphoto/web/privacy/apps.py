from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "anyidphoto.web.privacy"
    label = "privacy"
    verbose_name = "Privacy"
