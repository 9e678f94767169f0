from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "anyidphoto.web.staff"
    label = "staff"
    verbose_name = "Staff"
