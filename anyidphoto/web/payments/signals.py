"""What the payment provider tells the apps that sell: a verified, first delivery only."""

from __future__ import annotations

from django.dispatch import Signal

#: A checkout session the provider says is paid (sent inside the webhook's transaction,
#: so an error in a receiver rolls the event back and the provider's retry is handled).
#: Arguments: ``provider`` ("stripe") and ``session``, the provider's session as a dict
#: (``id``, ``client_reference_id``, ``mode``, ``amount_total``, ``currency`` ...).
checkout_paid = Signal()
