"""The studio's URLs."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from .legal import privacy, terms
from .privacy.views import cookies, policy_acknowledge_view, unsubscribe
from .staff.views import customer_content
from .support.views import review_decide_view, reviews, staff_attachment, staff_thread

# The staff pages' own log-in goes through allauth's, which asks for the TOTP code.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("anyidphoto.web.studio.urls")),
    path("orders/", include("anyidphoto.web.orders.urls")),
    path("account/", include("anyidphoto.web.accounts.urls")),
    path("account/privacy/", include("anyidphoto.web.privacy.urls")),
    path("account/support/", include("anyidphoto.web.support.urls")),
    path("payments/", include("anyidphoto.web.payments.urls")),
    path("api/", include("anyidphoto.web.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("privacy/", privacy, name="privacy"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("privacy/cookies/", cookies, name="cookies"),
    path(
        "privacy/acknowledge/<int:policy_id>/", policy_acknowledge_view, name="policy_acknowledge"
    ),
    path("terms/", terms, name="terms"),
    path(
        f"{settings.ADMIN_PATH}customer-content/<str:photo_id>/",
        customer_content,
        name="customer_content",
    ),
    path(
        f"{settings.ADMIN_PATH}support/<str:thread_id>/", staff_thread, name="support_staff_thread"
    ),
    path(f"{settings.ADMIN_PATH}reviews/", reviews, name="reviews"),
    path(
        f"{settings.ADMIN_PATH}attachments/<str:attachment_id>/",
        staff_attachment,
        name="support_staff_attachment",
    ),
    path(
        f"{settings.ADMIN_PATH}reviews/<int:review_id>/", review_decide_view, name="review_decide"
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]
handler400 = "anyidphoto.web.operations.views.bad_request"
handler403 = "anyidphoto.web.operations.views.permission_denied"
handler404 = "anyidphoto.web.operations.views.page_not_found"
handler500 = "anyidphoto.web.operations.views.server_error"
