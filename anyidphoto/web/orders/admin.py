"""Staff's view of orders: manual payments are marked paid here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ..staff.admin import ReadOnlyAdmin
from .models import Order, PartnerForget
from .services import order_mark_paid


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "kind", "status", "provider", "amount_cents", "created_at"]
    list_filter = ["status", "provider", "kind"]
    search_fields = ["id", "owner__email", "provider_reference"]
    readonly_fields = [f.name for f in Order._meta.fields]
    actions = ["mark_paid"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        permissions=["change"], description=_("Mark the selected orders paid (manual payments)")
    )
    def mark_paid(self, request, queryset):
        changed = sum(order_mark_paid(order=order) for order in queryset)
        self.message_user(request, f"{changed} orders marked paid", messages.SUCCESS)


@admin.register(PartnerForget)
class PartnerForgetAdmin(ReadOnlyAdmin):
    """Partner copies still to delete: the daily purge retries them; staff see why they wait."""

    list_display = ["partner", "reference", "since", "last_error"]
