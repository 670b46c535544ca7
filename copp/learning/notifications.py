"""Letters to learners: a lesson of their group is to be held online on BigBlueButton (M23); an assignment or a
test of the course space is due soon (M22). Queued in the outbox by the service in its transaction."""
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from copp.core.links import absolute_url
from copp.training.models import EnrolmentStatus


def tell_online(conference, request=None) -> None:
    """Each learner studying in the group hears that the lesson goes online and where the button will be."""
    lesson = conference.lesson
    start = timezone.localtime(lesson.starts_at)
    with translation.override(settings.LANGUAGE_CODE):
        values = {"topic": lesson.topic, "group": lesson.group.code, "date": date_format(start, "j E"),
                  "time": start.strftime("%H:%M")}
        subject = _("The lesson on %(date)s will be held online") % values
        body = "\n\n".join([
            _("Hello!"),
            _("The lesson «%(topic)s» of the group %(group)s on %(date)s at %(time)s will be held online as a web "
              "conference. The «Join the lesson» button appears in your cabinet shortly before it starts; you "
              "need nothing but a browser.") % values,
            _("Details: %(url)s") % {"url": absolute_url(reverse("learning:lesson", args=[lesson.pk]), request)},
            _("This letter was sent automatically, please do not reply to it."),
        ])
        for enrolment in lesson.group.enrolments.filter(status=EnrolmentStatus.STUDYING).select_related("learner"):
            send_mail(subject, body, None, [enrolment.learner.email], fail_silently=True)


def remind_due(item, person, *, quiz: bool) -> None:
    """The reminder before an assignment's or a test's due date, to a learner who has not done it yet."""
    due = timezone.localtime(item.due_at)
    with translation.override(settings.LANGUAGE_CODE):
        values = {"title": item.title, "group": item.section.group.code, "date": date_format(due, "j E"),
                  "time": due.strftime("%H:%M")}
        if quiz:
            subject = _("The test «%(title)s» is due on %(date)s") % values
            first = _("The test «%(title)s» of the group %(group)s is due on %(date)s at %(time)s, and you have not "
                      "taken it yet.") % values
            url = reverse("learning:quiz", args=[item.pk])
        else:
            subject = _("The assignment «%(title)s» is due on %(date)s") % values
            first = _("The assignment «%(title)s» of the group %(group)s is due on %(date)s at %(time)s, and you "
                      "have not sent your answer yet.") % values
            url = reverse("learning:assignment", args=[item.pk])
        body = "\n\n".join([_("Hello!"), first, _("Open it: %(url)s") % {"url": absolute_url(url)},
                             _("This letter was sent automatically, please do not reply to it.")])
        send_mail(subject, body, None, [person.email], fail_silently=True)
