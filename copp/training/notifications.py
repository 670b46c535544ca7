"""Letters to a learner when their place in a group changes: enrolled, moved, expelled, completed (M20).
Queued in the outbox by the services in their transaction; an individual applicant also hears of enrolment
through the application."""
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from copp.core.links import absolute_url

from .models import Enrolment


def _send(enrolment: Enrolment, subject: str, lines: list[str], path: str, request=None) -> None:
    body = "\n\n".join([_("Hello!"), *lines, _("Details: %(url)s") % {"url": absolute_url(path, request)},
                        _("This letter was sent automatically, please do not reply to it.")])
    send_mail(subject, body, None, [enrolment.learner.email], fail_silently=True)


def _dates(group) -> dict:
    return {"group": group.code, "program": group.program.title, "start": group.starts_on.strftime("%d.%m.%Y"),
            "end": group.ends_on.strftime("%d.%m.%Y")}


def tell_enrolled(enrolment: Enrolment, request=None) -> None:
    """The learner is in the group: when, what, and where the schedule is."""
    group = enrolment.group
    with translation.override(settings.LANGUAGE_CODE):
        _send(enrolment, _("Enrolment in the group %(group)s") % {"group": group.code}, [
            _("You have been enrolled in the group %(group)s of the program «%(program)s»: studies from %(start)s "
              "to %(end)s.") % _dates(group),
            _("Your schedule is in the cabinet, under «My schedule»."),
        ], reverse("training:week"), request)


def tell_moved(enrolment: Enrolment, request=None) -> None:
    """`enrolment` is the new place: the learner studies on in another group of the same program."""
    group = enrolment.group
    with translation.override(settings.LANGUAGE_CODE):
        _send(enrolment, _("Move to the group %(group)s") % {"group": group.code}, [
            _("You have been moved to the group %(group)s of the program «%(program)s»: studies from %(start)s "
              "to %(end)s. Your schedule has changed.") % _dates(group),
        ], reverse("training:week"), request)


def tell_expelled(enrolment: Enrolment, request=None) -> None:
    group = enrolment.group
    with translation.override(settings.LANGUAGE_CODE):
        _send(enrolment, _("Expulsion from the group %(group)s") % {"group": group.code}, [
            _("You have been expelled from the group %(group)s of the program «%(program)s».") % _dates(group),
            _("Reason: %(reason)s") % {"reason": enrolment.status_comment},
            _("If you disagree, contact the organisation that runs the training."),
        ], reverse("training:my_marks"), request)


def tell_completed(enrolment: Enrolment, request=None) -> None:
    group = enrolment.group
    document = " ".join(p for p in (enrolment.document_series, enrolment.document_number) if p)
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("You have completed the program «%(program)s» in the group %(group)s.") % _dates(group)]
        if enrolment.final_grade is not None:
            lines.append(_("Final grade: %(grade)s.") % {"grade": enrolment.final_grade})
        lines.append(_("Document issued: № %(number)s of %(date)s.") % {
            "number": document, "date": enrolment.document_date.strftime("%d.%m.%Y")})
        _send(enrolment, _("Completion of the program «%(program)s»") % {"program": group.program.title},
              lines, reverse("training:my_marks"), request)
