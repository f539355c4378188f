from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("teams/nieuw/", views.team_create, name="team_create"),
    path("teams/<int:team_id>/", views.team, name="team"),
    path("teams/<int:team_id>/wijzigen/", views.team_edit, name="team_edit"),
    path("mensen/nieuw/", views.person_create, name="person_create"),
    path("mensen/<int:person_id>/", views.person, name="person"),
    path("mensen/<int:person_id>/wijzigen/", views.person_edit, name="person_edit"),
    path("logins/", views.logins, name="logins"),
]
