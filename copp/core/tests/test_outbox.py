"""The mail outbox: a letter is written with the change that caused it, sent once, and waits while SMTP is down."""
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection, transaction
from django.utils import timezone

from copp.core.mail import letter_deliver, letters_deliver_due, letters_resend, message_from_json, message_to_json
from copp.core.models import AuditLog, Letter, LetterStatus

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """A local SMTP server (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's handler name)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_settings(settings):
    settings.COPP_EMAIL_DELIVERY_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.mark.django_db(transaction=True)
def test_a_change_and_its_letter_commit_together_or_not_at_all(world):
    user = world.users["learner"][0]
    with pytest.raises(RuntimeError), transaction.atomic():
        user.first_name = "Изменено"
        user.save()
        send_mail("Тема", "Текст", None, [user.email])
        raise RuntimeError("the change fails after the letter was written")
    assert not Letter.objects.exists()
    assert mail.outbox == []

    with transaction.atomic():
        user.first_name = "Изменено"
        user.save()
        send_mail("Тема", "Текст", None, [user.email])
        # Inside the transaction the letter is only queued: nothing has reached a relay yet.
        assert Letter.objects.get().status == LetterStatus.QUEUED
        assert mail.outbox == []
    letter = Letter.objects.get()
    assert letter.status == LetterStatus.SENT and letter.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Тема"]


@pytest.mark.django_db(transaction=True)
def test_smtp_refusing_leaves_the_letter_queued_then_it_is_sent_once(smtp_settings):
    send_mail("Заявка № 1", "Статус изменён", None, ["learner@example.ru"])
    letter = Letter.objects.get()
    assert letter.status == LetterStatus.QUEUED
    assert letter.attempts == 1 and "Connection" in letter.last_error
    assert letter.next_attempt_at > timezone.now()
    # The pause is not over: the sweep leaves it alone.
    assert letters_deliver_due() == {"sent": 0, "waiting": 0}

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    try:
        Letter.objects.filter(pk=letter.pk).update(next_attempt_at=timezone.now())
        assert letters_deliver_due() == {"sent": 1, "waiting": 0}
        assert letters_deliver_due() == {"sent": 0, "waiting": 0}
        assert letter_deliver(letter.pk) is None
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    assert inbox.messages[0].rcpt_tos == ["learner@example.ru"]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_letter_send_it_once(smtp_settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    try:
        with transaction.atomic():
            letter = Letter.objects.create(subject="Одно письмо", recipients="a@example.ru",
                                           message=message_to_json(EmailMultiAlternatives(
                                               "Одно письмо", "Текст", "copp@example.ru", ["a@example.ru"])))
        outcomes = []
        barrier = threading.Barrier(4)

        def send():
            try:
                barrier.wait()
                outcomes.append(letter_deliver(letter.pk))
            finally:
                connection.close()  # each thread's own connection, or the test database cannot be dropped

        threads = [threading.Thread(target=send) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        controller.stop()
    assert outcomes.count(True) == 1
    assert len(inbox.messages) == 1


@pytest.mark.django_db
def test_a_letter_keeps_its_parts_html_attachments_and_message_id():
    message = EmailMultiAlternatives("Тема", "Текст", "ЦОПП <copp@example.ru>", ["a@example.ru"], cc=["b@example.ru"],
                                     reply_to=["c@example.ru"])
    message.attach_alternative("<p>Текст</p>", "text/html")
    message.attach("отчёт.xlsx", b"\x00\x01binary", "application/octet-stream")
    data = message_to_json(message)
    again = message_from_json(data)
    assert again.subject == "Тема" and again.to == ["a@example.ru"] and again.cc == ["b@example.ru"]
    assert again.alternatives[0][0] == "<p>Текст</p>"
    assert again.attachments[0][1] == b"\x00\x01binary"
    # The Message-ID is fixed when the letter is queued: a resend is recognisably the same letter.
    assert again.extra_headers["Message-ID"] == data["headers"]["Message-ID"]
    assert message_from_json(data).message()["Message-ID"] == data["headers"]["Message-ID"]


@pytest.mark.django_db(transaction=True)
def test_a_failed_letter_is_resent_by_the_administrator(world, smtp_settings):
    send_mail("Тема", "Текст", None, ["learner@example.ru"])
    Letter.objects.update(status=LetterStatus.FAILED, next_attempt_at=None)
    admin = world.users["admin"][0]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    try:
        assert letters_resend(actor=admin, letters=list(Letter.objects.all())) == 1
    finally:
        controller.stop()
    assert Letter.objects.get().status == LetterStatus.SENT
    assert len(inbox.messages) == 1
    assert AuditLog.objects.filter(action="core.letter_resent").count() == 1


@pytest.mark.django_db
def test_the_outbox_in_the_administration_lists_letters_and_hides_nothing_it_should_not(client, world):
    send_mail("Письмо для списка", "Текст", None, ["learner@example.ru"])
    client.force_login(world.users["admin"][0])
    page = client.get("/admin/core/letter/")
    assert page.status_code == 200
    assert "Письмо для списка" in page.content.decode()
    client.force_login(world.users["staff"][0])
    assert client.get("/admin/core/letter/").status_code in (302, 403)
