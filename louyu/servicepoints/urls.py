from django.urls import path

from . import views

app_name = "servicepoints"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("points/", views.ServicePointListView.as_view(), name="point_list"),
    path("points/add/", views.ServicePointEditView.as_view(), name="point_add"),
    path("points/<int:pk>/", views.ServicePointDetailView.as_view(), name="point_detail"),
    path("points/<int:pk>/edit/", views.ServicePointEditView.as_view(), name="point_edit"),
    path("points/<int:pk>/volumes/", views.volume_record, name="volume_record"),
    path("party/", views.PartyOrganisationListView.as_view(), name="party_list"),
    path("party/add/", views.PartyOrganisationEditView.as_view(), name="party_add"),
    path("party/<int:pk>/", views.PartyOrganisationDetailView.as_view(), name="party_detail"),
    path("party/<int:pk>/edit/", views.PartyOrganisationEditView.as_view(), name="party_edit"),
    path("points/<int:pk>/delete/", views.ServicePointDeleteView.as_view(), name="point_delete"),
    path("party/<int:pk>/delete/", views.PartyOrganisationDeleteView.as_view(), name="party_delete"),
]
