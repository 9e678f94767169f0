"""allauth's hooks: what a new account records, and the language of its mail."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import timezone
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        now = timezone.now()
        user.age_confirmed_at = now if data.get("age_confirmed") else None
        user.marketing_opt_in = bool(data.get("marketing_opt_in"))
        user.marketing_opt_in_at = now if user.marketing_opt_in else None
        language = (get_language() or "en")[:2]
        user.preferred_language = language if language in {"en", "fr"} else "en"
        if commit:
            user.save()
        return user
