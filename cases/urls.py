from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.case_create, name="case_create"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("typen/", views.case_types, name="case_types"),
    path("typen/<int:case_type_id>/norm/", views.norm_add, name="norm_add"),
]
