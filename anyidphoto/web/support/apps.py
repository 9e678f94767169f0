from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "anyidphoto.web.support"
    label = "support"
    verbose_name = "Support"
