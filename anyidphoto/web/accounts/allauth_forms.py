"""allauth's own forms, hardened: an address counts as someone's only once confirmed.

An unconfirmed address (a sign-up never finished, an address added and never
confirmed) never blocks another person's sign-up, never receives a password
reset, and cannot be added where another account has confirmed it. Apart
from :mod:`.forms`, which allauth's forms themselves import.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


class AccountSignupForm(allauth_forms.SignupForm):
    def validate_unique_email(self, value):
        from .services import address_claims_release

        address_claims_release(email=value)
        return super().validate_unique_email(value)


class AccountResetPasswordForm(allauth_forms.ResetPasswordForm):
    def clean_email(self) -> str:
        from allauth.account.models import EmailAddress

        email = super().clean_email()
        self.users = [
            user
            for user in self.users
            if EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
        ]
        return email


class AccountAddEmailForm(allauth_forms.AddEmailForm):
    def clean_email(self) -> str:
        from allauth.account.models import EmailAddress

        value = super().clean_email()
        elsewhere = EmailAddress.objects.filter(email__iexact=value, verified=True).exclude(
            user=self.user
        )
        if elsewhere.exists():
            raise forms.ValidationError(_("This address belongs to another account."))
        return value
