from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "anyidphoto.web.payments"
    label = "payments"
    verbose_name = "Payments"
