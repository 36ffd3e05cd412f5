from django.urls import path

from . import views

app_name = "demonstrations"
urlpatterns = [
    path("high-output/", views.high_output, name="high_output"),
    path("renovations/", views.renovations, name="renovations"),
    path("featured/", views.featured, name="featured"),
    path("featured/propose/", views.featured_propose, name="featured_propose"),
    path("featured/<int:pk>/<slug:action>/", views.featured_action, name="featured_action"),
]
