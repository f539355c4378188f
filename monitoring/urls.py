from django.urls import path

from monitoring import views, views_reconciliation

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisatie/", views.organisation, name="organisation"),
    path("teams/<int:team_id>/", views.team, name="team"),
    path("teams/<int:team_id>/wat-als/", views.what_if, name="what_if"),
    path("teams/<int:team_id>/besprekingen/", views.meetings, name="meetings"),
    path("teams/<int:team_id>/peildatum/", views_reconciliation.reconciliation, name="reconciliation"),
    path("besprekingen/<int:meeting_id>/", views.meeting, name="meeting"),
    path("mensen/<int:person_id>/", views.person, name="person"),
]
