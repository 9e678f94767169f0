"""Staff's privacy tools: requests received by mail (overdue first), consent records."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from .models import ConsentRecord, DataSubjectRequest


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "received_on", "due_on", "is_overdue", "closed_on"]
    list_filter = ["kind", "closed_on"]
    search_fields = ["email"]
    readonly_fields = ["due_on", "logged_by"]

    def get_queryset(self, request):
        # Overdue first, then open ones by due date, closed ones last.
        today = timezone.now().date()
        return (
            super()
            .get_queryset(request)
            .annotate(
                urgency=Case(
                    When(closed_on__isnull=True, due_on__lt=today, then=Value(0)),
                    When(closed_on__isnull=True, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("urgency", "due_on")
        )

    @admin.display(boolean=True, description="overdue")
    def is_overdue(self, obj):
        return obj.overdue

    def save_model(self, request, obj, form, change):
        if not change:
            obj.logged_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "version", "analytics", "marketing"]
    list_filter = ["version", "analytics", "marketing"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
