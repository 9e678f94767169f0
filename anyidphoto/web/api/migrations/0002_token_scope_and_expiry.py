from datetime import timedelta

from django.db import migrations, models


def _expire_existing(apps, schema_editor):
    """Tokens made before tokens expired and had a scope: they end 90 days (the default)
    from when each was made, and keep the writing they could always do."""
    token = apps.get_model("api", "ApiToken")
    for row in token.objects.all():
        row.expires_at = row.created_at + timedelta(days=90)
        row.scope = "write"
        row.save(update_fields=["expires_at", "scope"])


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[
                    ("read", "Read: look at photos and reports"),
                    ("write", "Read and write: also upload photos"),
                ],
                default="read",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(_expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
