from django.urls import path

from scoresheet import views

app_name = "scoresheet"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.round_create, name="round_create"),
    path("meedoen/", views.join, name="join"),
    path("ronde/<int:round_id>/", views.round_detail, name="round"),
    path("ronde/<int:round_id>/resultaten/", views.round_live, name="round_results"),
    path("ronde/<int:round_id>/scherm/", views.round_screen, name="round_screen"),
    path("factor/<int:factor_id>/", views.factor_edit, name="factor_edit"),
]
