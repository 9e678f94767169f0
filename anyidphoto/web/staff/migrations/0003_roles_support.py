"""The roles again, now that support's permissions exist."""

from django.db import migrations

from anyidphoto.web.staff.roles import migrate_roles


class Migration(migrations.Migration):
    dependencies = [("staff", "0002_roles"), ("support", "0001_initial")]
    operations = [migrations.RunPython(migrate_roles, migrations.RunPython.noop)]
