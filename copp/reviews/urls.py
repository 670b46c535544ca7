"""URLs of the review engine: the expert's queue and scorecard, the staff list and export, a review's page
with its rounds, the authors' sending of a subject."""
from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("export/", views.review_export, name="export"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/<int:pk>/", views.expert_edit, name="expert"),
    path("mine/", views.queue, name="queue"),
    path("rounds/<int:pk>/", views.assignment_page, name="assignment"),
    path("rounds/<int:pk>/comments/", views.comment_create, name="comment"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/assign/", views.round_assign, name="assign"),
    path("<int:pk>/decide/", views.round_decide_view, name="decide"),
    path("send/<slug:kind>/<int:object_id>/", views.submit, name="submit"),
    path("of/<slug:kind>/<int:object_id>/", views.subject_review, name="subject"),
]
