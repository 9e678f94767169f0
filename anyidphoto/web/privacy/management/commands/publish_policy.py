"""Publish a new version of a legal text; a material change is mailed to every user."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ...models import PolicyVersion
from ...policies import policy_publish


class Command(BaseCommand):
    help = "Publish a new version of the privacy policy, cookie policy or terms."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=PolicyVersion.Kind.values)
        parser.add_argument("version")
        parser.add_argument("--summary", required=True, help="what changed, in English")
        parser.add_argument("--summary-fr", required=True, help="what changed, in French")
        parser.add_argument(
            "--material", action="store_true", help="mail users, ask them to acknowledge"
        )

    def handle(self, *args, **options):
        policy, sent = policy_publish(
            kind=options["kind"],
            version=options["version"],
            summary_en=options["summary"],
            summary_fr=options["summary_fr"],
            material=options["material"],
        )
        self.stdout.write(f"published {policy}; {sent} users told by mail")
