"""URLs of the training app."""
from django.urls import path

from copp.core.choices import choices_view

from . import exam_views, journal_views, person_views, schedule_views, views
from .exam_choices import EXPERTS

app_name = "training"
urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/edit/", views.group_update, name="group_update"),
    path("groups/<int:pk>/status/", views.group_status, name="group_status"),
    path("groups/<int:pk>/enrol/", views.group_enrol, name="group_enrol"),
    path("groups/<int:pk>/add/", views.group_add, name="group_add"),
    path("enrolments/<int:pk>/expel/", views.enrolment_expel, name="enrolment_expel"),
    path("enrolments/<int:pk>/move/", views.enrolment_move, name="enrolment_move"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("groups/<int:pk>/schedule/", schedule_views.schedule, name="schedule"),
    path("groups/<int:pk>/lessons/add/", schedule_views.lesson_add, name="lesson_add"),
    path("groups/<int:pk>/lessons/check/", schedule_views.lesson_check, name="lesson_check"),
    path("groups/<int:pk>/lessons/pattern/", schedule_views.lesson_pattern, name="lesson_pattern"),
    path("lessons/<int:pk>/", schedule_views.lesson_change, name="lesson_change"),
    path("groups/<int:pk>/journal/", journal_views.journal, name="journal"),
    path("groups/<int:pk>/journal.xlsx", journal_views.journal_xlsx, name="journal_xlsx"),
    path("groups/<int:pk>/rating/", journal_views.ratings, name="ratings"),
    path("journal/<int:lesson_pk>/<int:enrolment_pk>/", journal_views.mark_save, name="mark_save"),
    path("journal/<int:lesson_pk>/<int:enrolment_pk>/history/", journal_views.mark_history, name="mark_history"),
    path("journal/<int:lesson_pk>/fill/", journal_views.column_fill, name="column_fill"),
    path("journal/modules/<int:module_pk>/<int:enrolment_pk>/", journal_views.module_grade_save,
         name="module_grade_save"),
    path("journal/modules/<int:module_pk>/<int:enrolment_pk>/history/", journal_views.module_grade_history,
         name="module_grade_history"),
    path("my/week/", person_views.week, name="week"),
    path("my/marks/", journal_views.my_marks, name="my_marks"),
    path("my/calendar/renew/", person_views.calendar_renew, name="calendar_renew"),
    path("calendar/<str:token>.ics", person_views.ics, name="ics"),
    path("employees/", journal_views.employees, name="employees"),
    path("region/", person_views.region, name="region"),
    path("load/", person_views.load, name="load"),
    path("load/xlsx/", person_views.load_xlsx, name="load_xlsx"),
    path("demo-exams/", exam_views.exam_list, name="demo_exams"),
    path("demo-exams/xlsx/", exam_views.exam_export, name="demo_exams_xlsx"),
    path("demo-exams/new/", exam_views.exam_create, name="demo_exam_create"),
    path("demo-exams/experts/", choices_view(EXPERTS), name="demo_exam_expert_choices"),
    path("demo-exams/<int:pk>/", exam_views.exam_detail, name="demo_exam"),
    path("demo-exams/<int:pk>/edit/", exam_views.exam_update, name="demo_exam_update"),
    path("demo-exams/<int:pk>/participants/", exam_views.participant_add, name="demo_exam_participant"),
    path("demo-exams/<int:pk>/participants/<int:participant_pk>/remove/", exam_views.participant_remove,
         name="demo_exam_participant_remove"),
    path("demo-exams/<int:pk>/import/", exam_views.participants_import, name="demo_exam_import"),
    path("demo-exams/<int:pk>/status/", exam_views.exam_status, name="demo_exam_status"),
]
