"""Staff roles as Django groups, and the permissions each one holds."""

from __future__ import annotations

#: Role -> "app_label.codename" permissions.
ROLES: dict[str, list[str]] = {
    "support agent": [
        "support.view_thread",
        "support.add_message",
        "support.view_attachment",
        "accounts.view_user",
        "orders.view_order",
        "studio.view_photo",
        "privacy.view_datasubjectrequest",
    ],
    "photo reviewer": [
        "support.view_reviewrequest",
        "support.change_reviewrequest",
        "studio.view_photo",
        "staff.view_customer_content",
    ],
    "privacy officer": [
        "accounts.view_user",
        "privacy.view_datasubjectrequest",
        "privacy.add_datasubjectrequest",
        "privacy.change_datasubjectrequest",
        "privacy.view_consentrecord",
        "staff.view_contentaccess",
    ],
    "administrator": [
        "support.view_reviewrequest",
        "support.change_reviewrequest",
        "support.view_thread",
        "support.add_message",
        "support.view_attachment",
        "accounts.view_user",
        "accounts.change_user",
        "orders.view_order",
        "orders.change_order",
        "studio.view_photo",
        "privacy.view_datasubjectrequest",
        "privacy.add_datasubjectrequest",
        "privacy.change_datasubjectrequest",
        "privacy.view_consentrecord",
        "staff.view_contentaccess",
        "staff.view_customer_content",
    ],
}


def sync_roles(group_model=None, permission_model=None) -> None:
    """Create the groups and give each its permissions (migrations run this).

    A permission whose app is not migrated yet is skipped; the migration that
    follows that app's runs this again.
    """
    from django.contrib.auth.models import Group, Permission

    Group, Permission = group_model or Group, permission_model or Permission  # noqa: N806
    for role, names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for name in names:
            app_label, codename = name.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is not None:
                perms.append(found)
        group.permissions.set(perms)


def migrate_roles(apps, schema_editor) -> None:
    """A migration's step: make the permissions it needs now, then :func:`sync_roles`."""
    from django.contrib.auth.management import create_permissions

    # Permissions are made after migrations by default; the roles need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
