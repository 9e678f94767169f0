from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "anyidphoto.web.studio"
    label = "studio"
    verbose_name = "Studio"
