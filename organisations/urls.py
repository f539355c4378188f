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
    path("logins/<int:user_id>/", views.login_detail, name="login"),
    path("logins/<int:user_id>/wijzigen/", views.login_edit, name="login_edit"),
    path("logins/<int:user_id>/wachtwoord/", views.login_password, name="login_password"),
    path("logins/<int:user_id>/rollen/nieuw/", views.login_role_add, name="login_role_add"),
    path("logins/rollen/<int:membership_id>/verwijderen/", views.login_role_remove, name="login_role_remove"),
    path("logins/<int:user_id>/deactiveren/", views.login_deactivate, name="login_deactivate"),
    path("logins/<int:user_id>/activeren/", views.login_reactivate, name="login_reactivate"),
]
