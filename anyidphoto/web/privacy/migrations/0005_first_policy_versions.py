"""The first published versions of the legal texts (not material: nothing to acknowledge)."""

import datetime

from django.db import migrations


def publish(apps, schema_editor):
    PolicyVersion = apps.get_model("privacy", "PolicyVersion")
    for kind in ("privacy", "cookies", "terms"):
        PolicyVersion.objects.get_or_create(
            kind=kind,
            version="2026-11",
            defaults={"published_on": datetime.date(2026, 11, 26), "material": False},
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_policyversion_policyacknowledgement")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
