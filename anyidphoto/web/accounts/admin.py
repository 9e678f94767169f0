from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class AccountAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "preferred_language", "is_staff", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name", "preferred_language", "marketing_opt_in",
                                "marketing_opt_in_at", "age_confirmed_at"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                    "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]  # fmt: skip
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    actions = ["erase_accounts"]

    def has_change_permission(self, request, obj=None):
        # Staff change customers only; staff and superusers are changed by a
        # superuser alone (their address, their password, their erasure).
        if obj is not None and _protected(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting a row would leave its photos' sealed files: erase instead (below).
        return False

    @admin.action(
        permissions=["change"], description="Erase the selected accounts (files shredded)"
    )
    def erase_accounts(self, request, queryset):
        from ..privacy.rights import AccountKept, account_erase

        erased = 0
        for user in queryset:
            if _protected(user) and not request.user.is_superuser:
                self.message_user(
                    request, f"{user.email}: staff accounts are erased by a superuser",
                    level="warning",
                )  # fmt: skip
                continue
            try:
                account_erase(user=user)
                erased += 1
            except AccountKept as exc:
                self.message_user(request, f"{user.email}: {exc.message}", level="warning")
        self.message_user(request, f"{erased} accounts erased")

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser hands out roles, staff status or superuser status.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return fields


def _protected(user: User) -> bool:
    """Staff and superusers: accounts only a superuser may change."""
    return user.is_staff or user.is_superuser
