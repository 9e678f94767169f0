from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "anyidphoto.web.operations"
    label = "operations"
    verbose_name = "Operations"
