from django.urls import path

from trajectory import views

app_name = "trajectory"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("referenties/", views.reference_list, name="reference_list"),
    path("referenties/nieuw/", views.reference_create, name="reference_create"),
    path("referenties/<int:reference_id>/", views.reference_edit, name="reference_edit"),
    path("<int:trajectory_id>/", views.detail, name="detail"),
    path("<int:trajectory_id>/teams-en-functies/", views.scope, name="scope"),
    path("<int:trajectory_id>/situatieschets/", views.sketch, name="sketch"),
    path("<int:trajectory_id>/situatieschets/cbs/", views.cbs_import, name="cbs_import"),
    path("<int:trajectory_id>/situatieschets/cbs-download/", views.cbs_download, name="cbs_download"),
    path("<int:trajectory_id>/situatieschets/cijfer/", views.figure_create, name="figure_create"),
    path("<int:trajectory_id>/bedoeling/", views.intent, name="intent"),
    path("<int:trajectory_id>/referentiekader/", views.references, name="references"),
    path("<int:trajectory_id>/meewegende-factoren/", views.factors, name="factors"),
    path("<int:trajectory_id>/advies/", views.advice, name="advice"),
    path("<int:trajectory_id>/besluit/", views.decisions, name="decisions"),
    path("<int:trajectory_id>/implementatie/", views.implement, name="implement"),
    path("<int:trajectory_id>/adviesnotitie/", views.note, name="note"),
    path("<int:trajectory_id>/adviesnotitie.pdf", views.note_pdf, name="note_pdf"),
    path("stappen/<int:step_id>/", views.step_edit, name="step_edit"),
    path("cijfers/<int:figure_id>/", views.figure_edit, name="figure_edit"),
    path("advies/<int:advice_id>/besluit/", views.decide, name="decide"),
    path("acties/<int:action_id>/", views.action_edit, name="action_edit"),
]
