from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("add/", views.EventEditView.as_view(), name="event_add"),
    path("calendar/", views.event_calendar, name="calendar"),
    path("compliance/", views.compliance_page, name="compliance"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/edit/", views.EventEditView.as_view(), name="event_edit"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/resolutions/", views.resolution_add, name="resolution_add"),
    path("resolutions/<int:pk>/edit/", views.ResolutionEditView.as_view(), name="resolution_edit"),
    path("<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
    path("resolutions/<int:pk>/delete/", views.ResolutionDeleteView.as_view(), name="resolution_delete"),
    path("attachments/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"),
]
