from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("targets/", views.targets, name="targets"),
    path("targets/<int:year>/submit/", views.target_submit, name="target_submit"),
    path("targets/<int:year>/adjust/", views.target_adjust, name="target_adjust"),
    path("targets/versions/<int:pk>/decide/", views.target_decide, name="target_decide"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("tasks/reports/<int:pk>/attachment/", views.report_attachment, name="report_attachment"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:district_pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:district_pk>/document/", views.plan_document, name="plan_document"),
    path("tasks/<int:pk>/schedule/", views.task_schedule, name="task_schedule"),
]
