from django.urls import path

from api import views
from api.v1 import api as api_v1

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("tokens/<int:token_id>/intrekken/", views.revoke, name="revoke"),
    path("v1/", api_v1.urls),
]
