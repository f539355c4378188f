from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("hr-samenvatting/", views.hr_summary, name="hr_summary"),
    path("hr-samenvatting.pdf", views.hr_summary_pdf, name="hr_summary_pdf"),
    path("hr-samenvatting.xlsx", views.hr_summary_xlsx, name="hr_summary_xlsx"),
    path("evaluaties/nieuw/", views.evaluation_create, name="evaluation_create"),
    path("evaluaties/<int:evaluation_id>/", views.evaluation, name="evaluation"),
    path("evaluaties/<int:evaluation_id>/beantwoorden/", views.evaluation_answer, name="evaluation_answer"),
    path("evaluaties/<int:evaluation_id>/afronden/", views.evaluation_close, name="evaluation_close"),
    path("teams/<int:team_id>/werkdruk/", views.workload, name="workload"),
    path("teams/<int:team_id>/werkdruk/indirecte-tijd/", views.workload_add, name="workload_add"),
    path("teams/<int:team_id>/werkdruk/reflectie/", views.reflection_add, name="reflection_add"),
]
