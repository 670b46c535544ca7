"""Letters to the learners of a group when a lesson of theirs is to be held online on BigBlueButton (M23).
Queued in the outbox by the service in its transaction."""
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
