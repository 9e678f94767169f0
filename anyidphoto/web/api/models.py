"""API tokens: a partner's or an app's key to act for one account."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


#: How long a token works unless its maker chooses otherwise, days; and the choices.
DEFAULT_DAYS = 90
LIFETIMES_DAYS = (30, 90, 365)


class ApiToken(models.Model):
    """Only the SHA-256 of the token is stored; the token itself is shown once.

    A token ends at ``expires_at``, and whenever its owner's password changes
    (see :mod:`.signals`); its ``scope`` lets it read, or read and write.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read: look at photos and reports")
        WRITE = "write", _("Read and write: also upload photos")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.owner})"

    @classmethod
    def issue(
        cls, *, owner, name: str = "", scope: str = Scope.READ, days: int = DEFAULT_DAYS
    ) -> tuple[ApiToken, str]:
        """A new token for ``owner``, working ``days`` days: the row, and the token text
        to show once."""
        if scope not in cls.Scope.values or days not in LIFETIMES_DAYS:
            raise ValueError(f"scope {scope!r} or lifetime {days!r} not offered")
        token = "aip_" + secrets.token_urlsafe(32)
        row = cls.objects.create(
            owner=owner, name=name, digest=token_digest(token), prefix=token[:12], scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )  # fmt: skip
        return row, token
