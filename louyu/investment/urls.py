from django.urls import path

from . import views

app_name = "investment"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/", views.VacantUnitListView.as_view(), name="unit_list"),
    path("units/add/", views.VacantUnitEditView.as_view(), name="unit_add"),
    path("units/map/", views.unit_map, name="unit_map"),
    path("units/map.json", views.unit_map_data, name="unit_map_data"),
    path("units/<int:pk>/", views.VacantUnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.VacantUnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/confirm/", views.unit_confirm, name="unit_confirm"),
    path("units/<int:pk>/<slug:field>/", views.unit_attachment, name="unit_attachment"),
    path("demands/", views.DemandListView.as_view(), name="demand_list"),
    path("demands/add/", views.DemandEditView.as_view(), name="demand_add"),
    path("demands/<int:pk>/", views.DemandDetailView.as_view(), name="demand_detail"),
    path("demands/<int:pk>/edit/", views.DemandEditView.as_view(), name="demand_edit"),
    path("demands/<int:pk>/lead/", views.lead_start, name="lead_start"),
    path("leads/", views.LeadListView.as_view(), name="lead_list"),
    path("leads/<int:pk>/", views.LeadDetailView.as_view(), name="lead_detail"),
    path("leads/<int:pk>/edit/", views.LeadEditView.as_view(), name="lead_edit"),
    path("leads/<int:pk>/advance/", views.lead_advance, name="lead_advance"),
]
