from django.urls import path

from . import views

app_name = "filing"
urlpatterns = [
    path("", views.my_filings, name="mine"),
    path("<int:building_pk>/<str:period>/", views.filing_form, name="form"),
    path("reports/<int:pk>/", views.review, name="review"),
]
