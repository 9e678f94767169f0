"""Staff's view of photos: status and report only; the pictures are not shown here."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "document", "status", "created_at", "completed_at"]
    list_filter = ["status"]
    search_fields = ["id", "owner__email", "document"]
    exclude = ["upload", "result", "template"]
    readonly_fields = ["view_content", "owner", "document", "status", "report", "error_code",
                       "error_message", "created_at", "completed_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A row deleted here would leave its sealed files; the purge and erasure remove them.
        return False

    @admin.display(description="customer content")
    def view_content(self, obj):
        """The one way to see the picture: a page that asks a reason and records the look."""
        if obj.purged_at or not obj.result:
            return "files deleted"
        url = reverse("customer_content", args=[obj.id])
        return format_html('<a href="{}">View customer content (asks a reason)</a>', url)
