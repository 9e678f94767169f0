from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language", views.switch_language, name="language"),
    path("email-undo/<str:token>/", views.email_undo, name="email_undo"),
]
