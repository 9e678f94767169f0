from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "anyidphoto.web.orders"
    label = "orders"
    verbose_name = "Orders"
