"""A user's API tokens end when their password changes or is reset.

Whatever changes it (the account page, a reset link, an administrator,
``manage.py changepassword``), the new password is saved on the user's
row; a token made under the old one is a key a thief may hold, so every
token of the user goes. Account erasure deletes them with the account.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import ApiToken


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _note_password_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._api_password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _revoke_tokens(sender, instance, created=False, **kwargs) -> None:
    if getattr(instance, "_api_password_changed", False):
        ApiToken.objects.filter(owner=instance).delete()
        instance._api_password_changed = False
