from django.urls import path

from . import views

app_name = "teams"
urlpatterns = [
    path("", views.OperationTeamListView.as_view(), name="team_list"),
    path("add/", views.OperationTeamEditView.as_view(), name="team_add"),
    path("ranking/", views.ranking, name="ranking"),
    path("<int:pk>/", views.OperationTeamDetailView.as_view(), name="team_detail"),
    path("<int:pk>/edit/", views.OperationTeamEditView.as_view(), name="team_edit"),
    path("<int:pk>/recognise/", views.recognise, name="recognise"),
    path("<int:pk>/delete/", views.OperationTeamDeleteView.as_view(), name="team_delete"),
]
