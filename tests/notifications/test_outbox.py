"""The outbox: e-mail through Django, other channels failing clearly, retries with backoff."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from payung.notifications import services
from payung.notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


def _send(personas, channels=("email",)):
    return services.notification_send(
        actor=None,
        recipients=[personas.case_manager],
        topic="report.high_risk",
        title="Laporan baru berisiko tinggi: K7QP-4M2X",
        url="/kasus/laporan/1/",
        channels=channels,
    )


def test_notify_creates_an_in_app_notification_and_an_outbox_message(personas, settings) -> None:
    settings.SITE_URL = "https://payung.example.go.id"
    notes = _send(personas)
    assert [n.recipient for n in notes] == [personas.case_manager]
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 0
    assert (
        message.body
        == "Laporan baru berisiko tinggi: K7QP-4M2X\nhttps://payung.example.go.id/kasus/laporan/1/"
    )


def test_send_outbox_sends_due_email(personas, mailoutbox) -> None:
    _send(personas)
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert "sent=1" in out.getvalue()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [personas.case_manager.email]
    assert mail.subject == "Laporan baru berisiko tinggi: K7QP-4M2X"
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT and message.attempts == 1 and message.sent_at


def test_a_channel_without_a_gateway_fails_at_once_with_a_clear_error(personas) -> None:
    _send(personas, channels=("whatsapp", "sms"))
    call_command("send_outbox", stdout=StringIO())
    for message in OutboxMessage.objects.all():
        assert message.status == OutboxStatus.FAILED and message.attempts == 1
        assert "belum dikonfigurasi" in message.last_error


def test_a_transient_failure_is_retried_with_exponential_backoff(
    personas, settings, monkeypatch
) -> None:
    settings.OUTBOX_BACKOFF_SECONDS = 60
    settings.OUTBOX_MAX_ATTEMPTS = 3

    monkeypatch.setitem(
        settings.NOTIFICATION_SENDERS, "email", "tests.notifications.test_outbox.broken_sender"
    )
    _send(personas)
    message = OutboxMessage.objects.get()
    delays = []
    for _ in range(2):
        before = timezone.now()
        services.outbox_send_due()
        message.refresh_from_db()
        assert (
            message.status == OutboxStatus.PENDING
            and "SMTP server tidak menjawab" in message.last_error
        )
        delays.append(round((message.next_attempt_at - before).total_seconds() / 60))
        assert services.outbox_send_due() == []  # not due yet
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
    assert delays == [1, 2]
    services.outbox_send_due()
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3


def broken_sender(message) -> None:
    raise ConnectionError("SMTP server tidak menjawab")


def test_a_user_without_email_fails_permanently(personas) -> None:
    personas.case_manager.email = ""
    personas.case_manager.save()
    _send(personas)
    services.outbox_send_due()
    message = OutboxMessage.objects.get()
    assert (
        message.status == OutboxStatus.FAILED and "tidak punya alamat e-mail" in message.last_error
    )


def test_a_claimed_message_is_not_claimed_twice(personas) -> None:
    _send(personas)
    assert len(services.outbox_claim_due()) == 1
    assert services.outbox_claim_due() == []


def test_the_sysadmin_sees_failed_messages_and_can_retry(client, personas) -> None:
    _send(personas, channels=("sms",))
    services.outbox_send_due()
    message = OutboxMessage.objects.get()
    client.force_login(personas.sysadmin)
    html = client.get("/notifikasi/gagal/").content.decode()
    assert "gateway SMS belum dikonfigurasi" in html and personas.case_manager.username in html
    assert client.post(f"/notifikasi/gagal/{message.pk}/ulang/").status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 0
    client.force_login(personas.case_manager)
    assert client.get("/notifikasi/gagal/").status_code == 403
    assert client.post(f"/notifikasi/gagal/{message.pk}/ulang/").status_code == 403
