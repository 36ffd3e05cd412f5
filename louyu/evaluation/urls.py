from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_page, name="evaluation"),
    path("publish/", views.evaluation_publish, name="publish"),
    path("versions/<int:pk>/", views.evaluation_version, name="version"),
    path("quality/", views.quality_page, name="quality"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/add/", views.InspectionEditView.as_view(), name="inspection_add"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.InspectionEditView.as_view(), name="inspection_edit"),
    path("inspections/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("inspections/<int:pk>/delete/", views.InspectionDeleteView.as_view(), name="inspection_delete"),
]
