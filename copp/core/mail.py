"""The mail outbox: every letter is a row written in the caller's transaction and sent later by the worker.

`OutboxBackend` is the platform's EMAIL_BACKEND, so every letter (the apps' own, allauth's confirmations and
password resets) goes through it without the callers knowing. The letter is sent by the backend named in
COPP_EMAIL_DELIVERY_BACKEND (SMTP in production, files under var/mail locally): right after the commit
by a task, and again by the scheduled sweep with a growing pause while the relay refuses it. A letter is
locked while it is being sent and marked sent in the same transaction, so two workers never send it twice.
"""
import base64
import logging
import smtplib
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone

from .models import Letter, LetterStatus

logger = logging.getLogger(__name__)

# After this many failed attempts a letter stays «failed» until the administrator resends it.
MAX_ATTEMPTS = 12
# The pause before the next attempt doubles from one minute up to six hours.
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=6)
# Errors of the relay or the network that a later attempt may not meet.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def _encode(content) -> dict:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode("ascii")}
    return {"text": str(content)}


def _decode(part: dict):
    return base64.b64decode(part["base64"]) if "base64" in part else part["text"]


def message_to_json(message) -> dict:
    """The parts of an EmailMessage as JSON; a Message-ID is fixed now so a resend is recognisably the same."""
    headers = dict(message.extra_headers)
    headers.setdefault("Message-ID", make_msgid(domain=DNS_NAME))
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            attachments.append({"mime": _encode(attachment.as_bytes())})
        else:
            filename, content, mimetype = attachment
            attachments.append({"filename": filename, "content": _encode(content), "mimetype": mimetype})
    return {
        "subject": str(message.subject), "body": str(message.body), "from_email": message.from_email,
        "to": list(message.to), "cc": list(message.cc), "bcc": list(message.bcc),
        "reply_to": list(message.reply_to), "headers": headers,
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def message_from_json(data: dict) -> EmailMultiAlternatives:
    """The EmailMessage a letter row describes, ready for a delivery backend."""
    message = EmailMultiAlternatives(
        subject=data["subject"], body=data["body"], from_email=data["from_email"], to=data["to"],
        cc=data["cc"], bcc=data["bcc"], reply_to=data["reply_to"], headers=data["headers"],
        alternatives=[tuple(pair) for pair in data["alternatives"]])
    message.content_subtype = data.get("content_subtype", "plain")
    for attachment in data["attachments"]:
        if "mime" in attachment:
            from email import message_from_bytes

            message.attach(message_from_bytes(_decode(attachment["mime"])))
        else:
            message.attach(attachment["filename"], _decode(attachment["content"]), attachment["mimetype"])
    return message


def letter_enqueue(message) -> Letter:
    """Write one letter to the outbox in the current transaction; its sending is started on commit."""
    data = message_to_json(message)
    letter = Letter.objects.create(
        subject=data["subject"][:998], message=data,
        recipients=", ".join(data["to"] + data["cc"] + data["bcc"])[:5000])
    transaction.on_commit(lambda: _start_delivery(letter.pk), robust=True)
    return letter


def _start_delivery(letter_id: int) -> None:
    from .tasks import deliver_letter

    try:
        deliver_letter.delay(letter_id)
    except Exception:  # the broker is down: the scheduled sweep sends the letter later
        logger.warning("Letter %s waits for the sweep: the task could not be queued", letter_id, exc_info=True)


class OutboxBackend(BaseEmailBackend):
    """EMAIL_BACKEND that queues letters in the outbox instead of talking to a relay inside the request."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            letter_enqueue(message)
            count += 1
        return count


def _pause(attempts: int) -> timedelta:
    return min(FIRST_PAUSE * (2 ** max(attempts - 1, 0)), LONGEST_PAUSE)


def letter_deliver(letter_id: int) -> bool | None:
    """Send one queued letter through the delivery backend; True when sent, False when it must wait,
    None when there is nothing to do (sent already, given up, or being sent by another worker)."""
    with transaction.atomic():
        letter = (Letter.objects.select_for_update(skip_locked=True)
                  .filter(pk=letter_id, status=LetterStatus.QUEUED).first())
        if letter is None:
            return None
        try:
            connection = get_connection(settings.COPP_EMAIL_DELIVERY_BACKEND, fail_silently=False)
            connection.send_messages([message_from_json(letter.message)])
        except TRANSIENT_ERRORS as error:
            letter.attempts += 1
            letter.last_error = f"{type(error).__name__}: {error}"[:2000]
            if letter.attempts >= MAX_ATTEMPTS:
                letter.status = LetterStatus.FAILED
                letter.next_attempt_at = None
            else:
                letter.next_attempt_at = timezone.now() + _pause(letter.attempts)
            letter.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("Letter %s not sent (attempt %s): %s", letter.pk, letter.attempts, letter.last_error)
            return False
        letter.status = LetterStatus.SENT
        letter.sent_at = timezone.now()
        letter.attempts += 1
        letter.next_attempt_at = None
        letter.save(update_fields=["status", "sent_at", "attempts", "next_attempt_at"])
        return True


def letters_due(*, limit: int = 500) -> list[int]:
    """Letters waiting whose pause is over (or that were never tried), oldest first."""
    now = timezone.now()
    return list(Letter.objects.filter(status=LetterStatus.QUEUED)
                .exclude(next_attempt_at__gt=now).order_by("created_at").values_list("pk", flat=True)[:limit])


def letters_deliver_due() -> dict:
    """The scheduled sweep: try every letter that is due; counts of sent and still waiting."""
    sent = waiting = 0
    for letter_id in letters_due():
        outcome = letter_deliver(letter_id)
        sent += outcome is True
        waiting += outcome is False
    return {"sent": sent, "waiting": waiting}


def letters_resend(*, actor, letters) -> int:
    """The administrator sends failed letters again: they are queued afresh and their sending started."""
    from .audit import audit_record

    ids = [letter.pk for letter in letters if letter.status == LetterStatus.FAILED]
    with transaction.atomic():
        Letter.objects.filter(pk__in=ids, status=LetterStatus.FAILED).update(
            status=LetterStatus.QUEUED, attempts=0, next_attempt_at=None)
        for letter in Letter.objects.filter(pk__in=ids):
            audit_record(actor=actor, action="core.letter_resent", obj=letter)
            transaction.on_commit(lambda pk=letter.pk: _start_delivery(pk), robust=True)
    return len(ids)
