"""A customer's account: email login, name, language, and the consents they gave."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountManager(UserManager):
    """Users identified by email; the username field is not used."""

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    """A studio account. ``email`` is the login; ``username`` is unused."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    marketing_opt_in = models.BooleanField(_("tips and offers by email"), default=False)
    marketing_opt_in_at = models.DateTimeField(null=True, blank=True)
    marketing_opt_out_at = models.DateTimeField(null=True, blank=True)
    age_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the user confirmed being old enough to sign up."
    )
    # A visitor trying the studio before signing up: no address of theirs, never
    # signs in, owns only the photos of one browser session (studio/guests.py).
    is_guest = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = AccountManager()

    def __str__(self) -> str:
        return self.email


class SignedInSession(models.Model):
    """A session a user signed in with: the key only, so that erasing the
    account, or ending their sessions, can find and delete them in any
    session store (the database's or Redis, where sessions cannot be
    searched by user)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
