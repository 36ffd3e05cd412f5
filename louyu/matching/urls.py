from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("unmatched/", views.unmatched, name="unmatched"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/undo/", views.decision_undo, name="decision_undo"),
    path("matches/<int:pk>/buildings/", views.building_search, name="building_search"),
    path("batch/", views.batch_match, name="batch"),
]
