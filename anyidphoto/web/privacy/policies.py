"""Versions of the legal texts, notice of material changes, and acknowledgements."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ..accounts.models import User
from ..mail import service_mail
from .models import PolicyAcknowledgement, PolicyVersion


def current_version(kind: str, *, on: date | None = None) -> PolicyVersion | None:
    """The version of ``kind`` in force on ``on`` (default: today)."""
    day = on or timezone.now().date()
    return PolicyVersion.objects.filter(kind=kind, published_on__lte=day).first()


def unacknowledged(user: User) -> list[PolicyVersion]:
    """Material versions in force that ``user`` has not acknowledged (newest first)."""
    if not user.is_authenticated:
        return []
    in_force = [v for v in (current_version(k) for k in PolicyVersion.Kind.values) if v]
    material = [v for v in in_force if v.material and v.published_on >= user.date_joined.date()]
    seen = set(
        PolicyAcknowledgement.objects.filter(user=user, policy__in=material).values_list(
            "policy_id", flat=True
        )
    )
    return [v for v in material if v.id not in seen]


def policy_acknowledge(*, user: User, policy: PolicyVersion) -> None:
    PolicyAcknowledgement.objects.get_or_create(user=user, policy=policy)


def policy_publish(
    *, kind: str, version: str, summary_en: str, summary_fr: str, material: bool
) -> tuple[PolicyVersion, int]:
    """Publish a version; a material one is mailed to every active user: ``(version, mails)``."""
    policy = PolicyVersion.objects.create(
        kind=kind,
        version=version,
        published_on=timezone.now().date(),
        material=material,
        summary_en=summary_en,
        summary_fr=summary_fr,
    )
    sent = 0
    if material:
        for user in User.objects.filter(is_active=True).iterator():
            summary = summary_fr if user.preferred_language == "fr" else summary_en
            service_mail(
                to=user.email, language=user.preferred_language,
                template="privacy/email/policy", context={"policy": policy, "summary": summary},
            )  # fmt: skip
            sent += 1
    return policy, sent
