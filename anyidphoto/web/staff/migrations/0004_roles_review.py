"""The roles again, now that review requests' permissions exist."""

from django.db import migrations



class Migration(migrations.Migration):
    dependencies = [("staff", "0003_roles_support"), ("support", "0002_reviewrequest")]
    # The roles are kept up to date after every migrate (StaffConfig.ready); this
    # step once made them here and stays as history.
    operations: list = []
