"""The roles again, now that review requests' permissions exist."""

from django.db import migrations

from anyidphoto.web.staff.roles import migrate_roles


class Migration(migrations.Migration):
    dependencies = [("staff", "0003_roles_support"), ("support", "0002_reviewrequest")]
    operations = [migrations.RunPython(migrate_roles, migrations.RunPython.noop)]
