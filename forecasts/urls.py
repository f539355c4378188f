from django.urls import path

from forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("", views.index, name="index"),
    path("teams/<int:team_id>/", views.team, name="team"),
    path("teams/<int:team_id>/scenario/nieuw/", views.scenario_create, name="scenario_create"),
    path("teams/<int:team_id>/keten/", views.team_chain, name="team_chain"),
    path("scenarios/<int:scenario_id>/", views.scenario, name="scenario"),
    path("scenarios/<int:scenario_id>/verwijderen/", views.scenario_delete, name="scenario_delete"),
    path("keten/", views.chain, name="chain"),
]
