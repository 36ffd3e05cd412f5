from django.urls import path

from . import views

app_name = "stewardship"
urlpatterns = [
    path("", views.steward_page, name="steward_page"),
    path("coverage/", views.coverage, name="coverage"),
    path("stewards/", views.BuildingStewardListView.as_view(), name="steward_list"),
    path("stewards/add/", views.BuildingStewardEditView.as_view(), name="steward_add"),
    path("stewards/<int:pk>/", views.BuildingStewardDetailView.as_view(), name="steward_detail"),
    path("stewards/<int:pk>/edit/", views.BuildingStewardEditView.as_view(), name="steward_edit"),
    path("requests/", views.EnterpriseRequestListView.as_view(), name="request_list"),
    path("requests/add/", views.EnterpriseRequestEditView.as_view(), name="request_add"),
    path("requests/<int:pk>/", views.EnterpriseRequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/edit/", views.EnterpriseRequestEditView.as_view(), name="request_edit"),
    path("requests/<int:pk>/<slug:action>/", views.request_action, name="request_action"),
]
