from django.contrib import admin

from .models import ContentAccess


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record staff may list and open but never add, change or delete (logs, audit trails)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContentAccess)
class ContentAccessAdmin(ReadOnlyAdmin):
    """The privacy officer's list of staff looks at customer content (read-only)."""

    list_display = ["at", "staff", "customer_email", "what", "reason"]
    list_filter = ["staff"]
    search_fields = ["customer_email", "reason"]
