from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("new", views.create, name="create"),
    path("<uuid:order_id>/", views.detail, name="detail"),
    path("<uuid:order_id>/photo.jpg", views.download_photo, name="photo"),
    path("<uuid:order_id>/sheet.pdf", views.download_sheet, name="sheet"),
    path("<uuid:order_id>/send", views.send_to_partner, name="send"),
]
