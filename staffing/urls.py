from django.urls import path

from staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.index, name="index"),
    path("redenen/", views.reasons, name="reasons"),
    path("teams/<int:team_id>/", views.team, name="team"),
]
