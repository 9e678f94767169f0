"""Order mail, sent by the task worker."""

from __future__ import annotations

from django.tasks import task

from .services import order_send_confirmation


@task()
def send_order_confirmation(order_id: str) -> None:
    order_send_confirmation(order_id=order_id)
