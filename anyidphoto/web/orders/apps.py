from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "anyidphoto.web.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (a paid checkout marks its order paid)
