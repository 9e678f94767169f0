"""The staff roles as groups with their permissions."""

from django.db import migrations




class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_initial"),
        ("accounts", "0002_user_marketing_opt_out_at"),
        ("orders", "0002_alter_order_photo"),
        ("studio", "0002_photo_purged_at"),
        ("privacy", "0003_datasubjectrequest"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    # The roles are kept up to date after every migrate (StaffConfig.ready); this
    # step once made them here and stays as history.
    operations: list = []
