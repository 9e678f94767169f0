"""The studio's URLs."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from .legal import privacy
from .privacy.views import cookies, unsubscribe
from .staff.views import customer_content

urlpatterns = [
    path("", include("anyidphoto.web.studio.urls")),
    path("orders/", include("anyidphoto.web.orders.urls")),
    path("account/", include("anyidphoto.web.accounts.urls")),
    path("account/privacy/", include("anyidphoto.web.privacy.urls")),
    path("payments/", include("anyidphoto.web.payments.urls")),
    path("api/", include("anyidphoto.web.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("privacy/", privacy, name="privacy"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("privacy/cookies/", cookies, name="cookies"),
    path(
        f"{settings.ADMIN_PATH}customer-content/<str:photo_id>/",
        customer_content,
        name="customer_content",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]
