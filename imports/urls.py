from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:import_run_id>/", views.run_detail, name="run"),
    path("<int:import_run_id>/kolommen/", views.mapping, name="mapping"),
    path("<int:import_run_id>/waarden/", views.values, name="values"),
    path("<int:import_run_id>/importeren/", views.apply, name="apply"),
    path("<int:import_run_id>/verwerpen/", views.discard, name="discard"),
    path("koppelingen/<int:mapping_id>/verwijderen/", views.mapping_delete, name="mapping_delete"),
]
