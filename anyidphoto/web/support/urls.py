from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.threads, name="threads"),
    path("<str:thread_id>/", views.thread, name="thread"),
    path("attachments/<str:attachment_id>/", views.attachment, name="attachment"),
    path("feedback/<str:order_id>/", views.feedback, name="feedback"),
    path("review/<str:photo_id>/", views.ask_review, name="ask_review"),
]
