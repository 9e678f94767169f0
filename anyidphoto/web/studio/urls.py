from django.urls import path

from . import views

app_name = "studio"

urlpatterns = [
    path("", views.home, name="home"),
    path("photos/", views.photos, name="photos"),
    path("photos/new", views.upload, name="upload"),
    path("camera/", views.camera, name="camera"),
    path("camera/face-detector.tflite", views.face_model, name="face_model"),
    path("sample/<str:which>.jpg", views.sample, name="sample"),
    path("photos/<uuid:photo_id>/", views.photo, name="photo"),
    path("photos/<uuid:photo_id>/status", views.photo_status, name="photo_status"),
    path("photos/<uuid:photo_id>/preview.jpg", views.preview, name="preview"),
    path("photos/<uuid:photo_id>/template", views.template, name="template"),
]
