"""Letters of the review engine: to an expert when assigned and when the due date nears, to the authors when a
round is decided. Sent through the platform's mail outbox."""
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from copp.core.links import absolute_url


def _send(email: str, subject: str, lines: list[str], path: str, request=None) -> None:
    if not email:
        return
    body = "\n\n".join([_("Hello!"), *lines, _("Details: %(url)s") % {"url": absolute_url(path, request)},
                        _("This letter was sent automatically, please do not reply to it.")])
    send_mail(subject, body, None, [email], fail_silently=True)


def tell_assigned(round_, expert, request=None) -> None:
    user = expert.staff.user
    with translation.override(settings.LANGUAGE_CODE):
        _send(user.email if user else "", _("Expert review: «%(title)s»") % {"title": round_.review.title}, [
            _("You have been assigned as an expert of «%(title)s» (round %(round)d).")
            % {"title": round_.review.title, "round": round_.number},
            _("Please give your verdict by %(date)s.") % {"date": round_.due_on.strftime("%d.%m.%Y")}
            if round_.due_on else "",
        ], reverse("reviews:queue"), request)


def tell_reminder(assignment, today) -> None:
    round_ = assignment.round
    user = assignment.expert.staff.user
    overdue = round_.due_on < today
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminder: expert review of «%(title)s»") % {"title": round_.review.title}
        _send(user.email if user else "", subject, [
            (_("The due date of your review of «%(title)s» has passed (%(date)s).") if overdue
             else _("Your review of «%(title)s» is due on %(date)s."))
            % {"title": round_.review.title, "date": round_.due_on.strftime("%d.%m.%Y")},
        ], reverse("reviews:assignment", args=[assignment.round_id]))


DECISION_LINES = {
    "approve": gettext_noop("The experts approved the version %(version)s of «%(title)s»."),
    "revise": gettext_noop("The experts returned the version %(version)s of «%(title)s» for changes. Their "
                           "remarks are on the review page; change it and send it to a new round."),
    "reject": gettext_noop("The experts rejected the version %(version)s of «%(title)s»."),
}


def tell_decided(round_, request=None) -> None:
    author = round_.submitted_by
    with translation.override(settings.LANGUAGE_CODE):
        _send(author.email if author else "", _("Expert review decision: «%(title)s»") % {"title": round_.review.title},
              [_(DECISION_LINES[round_.decision]) % {"version": round_.version_label, "title": round_.review.title},
               round_.decision_comment],
              reverse("reviews:detail", args=[round_.review_id]), request)
