from django.urls import path

from .views import api, tokens_page

urlpatterns = [
    path("tokens/", tokens_page, name="api_tokens"),
    path("", api.urls),
]
