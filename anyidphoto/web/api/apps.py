from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "anyidphoto.web.api"
    label = "api"
    verbose_name = "REST API"
