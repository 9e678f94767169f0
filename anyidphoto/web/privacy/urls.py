from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.data, name="data"),
    path("exports/<str:export_id>/", views.export_download, name="export_download"),
    path("photos/<str:photo_id>/delete", views.photo_delete, name="photo_delete"),
    path("delete/", views.account_delete, name="account_delete"),
]
