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
        "orders.view_partnerforget",
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
        "orders.view_partnerforget",
    ],
}


def sync_roles(*, using: str = "default") -> None:
    """Create the groups and give each exactly its permissions, in database ``using``.

    Runs after every ``migrate`` (see :mod:`.apps`), once all permissions exist,
    so the roles always match this table; a permission not found is an error.
    """
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        perms = []
        for name in names:
            app_label, codename = name.split(".")
            perms.append(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(perms)
