"""The sign-up and profile forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import User

#: The youngest age at which an account may be opened without a parent
#: (13, as in the privacy policy; some countries set it higher).
MINIMUM_AGE = 13


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up: the age confirmation and the marketing consent.

    Both boxes start unticked. Without the age confirmation no account is made.
    """

    age_confirmed = forms.BooleanField(required=True)
    marketing_opt_in = forms.BooleanField(
        label=_("Send me photo tips and offers by email (you can stop them at any time)."),
        required=False,
        initial=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worded here, not at import, so each visitor reads them in their language.
        field = self.fields["age_confirmed"]
        field.label = gettext(
            "I am at least %(age)s years old, or the age of digital consent where I live "
            "if it is higher."
        ) % {"age": MINIMUM_AGE}
        field.error_messages["required"] = gettext(
            "AnyIDPhoto accounts are for people of at least %(age)s. "
            "Ask a parent or guardian to make the photo for you."
        ) % {"age": MINIMUM_AGE}

    def signup(self, request, user) -> None:
        """allauth calls this after creating the user; the adapter has set the fields."""


class ProfileForm(forms.Form):
    """Name, language and marketing consent (a plain form: the service writes the user)."""

    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    marketing_opt_in = forms.BooleanField(
        label=_("Send me photo tips and offers by email"), required=False
    )

    @classmethod
    def for_user(cls, user: User, data=None) -> ProfileForm:
        initial = {
            "name": user.name,
            "preferred_language": user.preferred_language,
            "marketing_opt_in": user.marketing_opt_in,
        }
        return cls(data, initial=initial)
