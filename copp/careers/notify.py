"""Letters of the careers app: rendered in the region's language and queued in the outbox (copp.core.mail)."""
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from copp.core.links import absolute_url


def send_letter(template: str, recipients: list[str], context: dict, request=None) -> None:
    """One letter per recipient from careers/email/<template>_subject.txt and <template>.txt."""
    recipients = [email for email in dict.fromkeys(recipients) if email]
    if not recipients:
        return
    context = {"site_url": absolute_url("/", request).rstrip("/"), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"careers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"careers/email/{template}.txt", context)
    for email in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
