"""API tokens: a partner's or an app's key to act for one account."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """Only the SHA-256 of the token is stored; the token itself is shown once."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.owner})"

    @classmethod
    def issue(cls, *, owner, name: str = "") -> tuple[ApiToken, str]:
        """A new token for ``owner``: the row, and the token text to show once."""
        token = "aip_" + secrets.token_urlsafe(32)
        row = cls.objects.create(
            owner=owner, name=name, digest=token_digest(token), prefix=token[:12]
        )
        return row, token
