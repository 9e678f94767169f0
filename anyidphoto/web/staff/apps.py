from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class StaffConfig(AppConfig):
    name = "anyidphoto.web.staff"
    label = "staff"
    verbose_name = "Staff"

    def ready(self) -> None:
        post_migrate.connect(_roles_after_migrate, dispatch_uid="anyidphoto-staff-roles")


def _roles_after_migrate(sender, using="default", **kwargs) -> None:
    """Bring the roles up to date once ``migrate`` has made every app's permissions.

    ``post_migrate`` is sent once per app with models, in ``INSTALLED_APPS`` order, each time
    after auth has made that app's permissions; the last app's turn is the one
    where all of them exist.
    """
    from django.contrib.auth.models import Group
    from django.db import router

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1] and router.allow_migrate_model(using, Group):
        from .roles import sync_roles

        sync_roles(using=using)
