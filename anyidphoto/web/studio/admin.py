"""Staff's view of photos: status and report only; the pictures are not shown here."""

from __future__ import annotations

from django.contrib import admin

from .models import Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "document", "status", "created_at", "completed_at"]
    list_filter = ["status"]
    search_fields = ["id", "owner__email", "document"]
    exclude = ["upload", "result", "template"]
    readonly_fields = ["owner", "document", "status", "report", "error_code", "error_message",
                       "created_at", "completed_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False
