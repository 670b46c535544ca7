"""Letters of the surveys app: the invitation to a targeted survey and the reminder to those who have not
answered, queued in the outbox by the scheduled job."""
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from copp.core.links import absolute_url

from .models import Survey


def _body(survey: Survey, first_line: str) -> str:
    lines = [_("Hello!"), first_line]
    if survey.description:
        lines.append(survey.description)
    if survey.closes_at:
        when = formats.date_format(timezone.localtime(survey.closes_at), "j E Y, H:i")
        lines.append(_("Answers are accepted until %(when)s.") % {"when": when})
    if survey.is_anonymous:
        lines.append(_("The survey is anonymous: your answers are stored without your name."))
    lines.append(_("Answer: %(url)s") % {"url": absolute_url(reverse("surveys:answer", args=[survey.public_token]))})
    lines.append(_("This letter was sent automatically, please do not reply to it."))
    return "\n\n".join(lines)


def invite(survey: Survey, person) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(_("Survey: %(title)s") % {"title": survey.title},
                  _body(survey, _("Please answer the survey «%(title)s».") % {"title": survey.title}),
                  None, [person.email], fail_silently=True)


def remind(survey: Survey, person) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(_("Reminder: %(title)s") % {"title": survey.title},
                  _body(survey, _("You have not answered the survey «%(title)s» yet. It takes a few minutes.")
                        % {"title": survey.title}),
                  None, [person.email], fail_silently=True)
