from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("batch/", views.batch_match, name="batch"),
]
