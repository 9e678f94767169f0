"""Staff roles as Django groups, and the permissions each one holds."""

from __future__ import annotations

#: Role -> "app_label.codename" permissions.
ROLES: dict[str, list[str]] = {
    "support agent": [
        "accounts.view_user",
        "orders.view_order",
        "studio.view_photo",
        "privacy.view_datasubjectrequest",
    ],
    "photo reviewer": [
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
    """Create the groups and give each exactly its permissions (a migration runs this)."""
    from django.contrib.auth.models import Group, Permission

    Group, Permission = group_model or Group, permission_model or Permission  # noqa: N806
    for role, names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for name in names:
            app_label, codename = name.split(".")
            perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)
