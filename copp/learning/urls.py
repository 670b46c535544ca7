"""URLs of the remote learning app."""
from django.urls import include, path

from . import course_views, moodle_views, quiz_views, views

app_name = "learning"
urlpatterns = [
    path("my/", views.my, name="my"),
    path("materials/", include("copp.learning.materials.urls")),
    path("lessons/<int:pk>/", views.lesson, name="lesson"),
    path("lessons/<int:pk>/conference/", views.conference_plan, name="conference_plan"),
    path("lessons/<int:pk>/join/", views.join, name="join"),
    path("lessons/<int:pk>/attendance/refresh/", views.attendance_refresh, name="attendance_refresh"),
    path("lessons/<int:pk>/attendance/confirm/", views.attendance_confirm, name="attendance_confirm"),
    path("events/<int:pk>/conference/", views.event_join_page, name="event_join_page"),
    path("events/<int:pk>/conference/plan/", views.event_conference_plan, name="event_conference_plan"),
    path("events/<int:pk>/conference/join/", views.event_join, name="event_join"),
    path("bbb/ended/<str:token>/", views.bbb_ended, name="bbb_ended"),
    path("bbb/recording/<str:token>/", views.bbb_recording, name="bbb_recording"),
    path("settings/conferences/", views.conference_settings, name="conference_settings"),
    path("settings/moodle/", moodle_views.moodle_settings, name="moodle_settings"),
    path("groups/<int:pk>/moodle/", moodle_views.group_moodle, name="group_moodle"),
    path("groups/<int:pk>/moodle/attach/", moodle_views.group_moodle_attach, name="group_moodle_attach"),
    path("groups/<int:pk>/moodle/sync/", moodle_views.group_moodle_sync, name="group_moodle_sync"),
    path("groups/<int:pk>/moodle/mapping/", moodle_views.group_moodle_mapping, name="group_moodle_mapping"),
    path("groups/<int:pk>/moodle/open/", moodle_views.moodle_open, name="moodle_open"),
    path("groups/<int:pk>/course/", course_views.course_page, name="course"),
    path("groups/<int:pk>/course/sections/", course_views.section_add, name="section_add"),
    path("sections/<int:pk>/materials/", course_views.material_add, name="material_add"),
    path("sections/<int:pk>/assignments/", course_views.assignment_add, name="assignment_add"),
    path("materials/<int:pk>/file/", course_views.material_file, name="material_file"),
    path("assignments/<int:pk>/", course_views.assignment, name="assignment"),
    path("assignments/<int:pk>/submit/", course_views.assignment_submit, name="assignment_submit"),
    path("submissions/<int:pk>/grade/", course_views.submission_grade, name="submission_grade"),
    path("submissions/<int:pk>/file/", course_views.submission_file, name="submission_file"),
    path("sections/<int:pk>/quizzes/", quiz_views.quiz_add, name="quiz_add"),
    path("quizzes/<int:pk>/", quiz_views.quiz, name="quiz"),
    path("quizzes/<int:pk>/questions/", quiz_views.quiz_question_add, name="quiz_question_add"),
    path("quizzes/<int:pk>/publish/", quiz_views.quiz_publish, name="quiz_publish"),
    path("quizzes/<int:pk>/submit/", quiz_views.quiz_submit, name="quiz_submit"),
    path("quiz-questions/<int:pk>/delete/", quiz_views.quiz_question_delete, name="quiz_question_delete"),
]
