"""The roles again, now that support's permissions exist."""

from django.db import migrations



class Migration(migrations.Migration):
    dependencies = [("staff", "0002_roles"), ("support", "0001_initial")]
    # The roles are kept up to date after every migrate (StaffConfig.ready); this
    # step once made them here and stays as history.
    operations: list = []
