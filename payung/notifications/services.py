"""Every write to notifications and the outbox.

Sending is two short transactions around the network call: ``outbox_claim_due`` leases due
messages (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never take the
same message), the sender runs outside any transaction, and ``outbox_record_result`` writes
what happened. A lease that is never answered (a crashed worker) simply expires.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from payung.audit.services import audit_event
from payung.notifications.models import Notification, OutboxChannel, OutboxMessage, OutboxStatus
from payung.notifications.senders import SendError, get_sender

logger = logging.getLogger(__name__)

LEASE_SECONDS = 300
MAX_BACKOFF_SECONDS = 6 * 60 * 60


def _max_attempts() -> int:
    return int(getattr(settings, "OUTBOX_MAX_ATTEMPTS", 6))


def _backoff(attempts: int) -> timedelta:
    base = int(getattr(settings, "OUTBOX_BACKOFF_SECONDS", 60))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def absolute_url(path: str) -> str:
    return f"{str(getattr(settings, 'SITE_URL', '')).rstrip('/')}{path}"


@transaction.atomic
def notification_send(
    *,
    actor: Any,
    recipients: Iterable[Any],
    topic: str,
    title: str,
    url: str = "",
    channels: Sequence[str] = (OutboxChannel.EMAIL,),
) -> list[Notification]:
    """Notify ``recipients`` in the app and queue the same short text on ``channels``.

    ``title`` must not name a person: it goes into e-mails and SMS unencrypted.
    """
    people = [r for r in recipients if r.is_active]
    now = timezone.now()
    notes = Notification.objects.bulk_create(
        [Notification(recipient=r, topic=topic, title=title[:200], url=url[:300]) for r in people]
    )
    body = f"{title}\n{absolute_url(url)}" if url else title
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                channel=channel,
                recipient=r,
                topic=topic,
                subject=title[:200],
                body=body,
                next_attempt_at=now,
            )
            for r in people
            for channel in channels
        ]
    )
    audit_event(
        actor=actor,
        action="notification.send",
        target_label=topic,
        changes={
            "recipients": [None, sorted(r.pk for r in people)],
            "channels": [None, list(channels)],
        },
    )
    return notes


@transaction.atomic
def outbox_queue(
    *,
    actor: Any,
    recipient: Any,
    topic: str,
    subject: str,
    body: str,
    channel: str = OutboxChannel.EMAIL,
) -> OutboxMessage:
    """Queue one message to one person, without an in-app notification: for what only that
    person should read, such as the one-time link to set the password of an account that
    cannot sign in yet. Never a victim's name. The body is not audited (it may hold a link)."""
    message = OutboxMessage.objects.create(
        channel=channel,
        recipient=recipient,
        topic=topic,
        subject=subject[:200],
        body=body,
        next_attempt_at=timezone.now(),
    )
    audit_event(
        actor=actor,
        action="outbox.queue",
        target=message,
        target_label=topic,
        changes={"recipient": [None, recipient.pk], "channel": [None, channel]},
    )
    return message


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionError("only the recipient marks a notification read")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_event(
            actor=actor,
            action="notification.read",
            target=notification,
            target_label=notification.topic,
        )
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: Any) -> int:
    count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit_event(actor=actor, action="notification.read_all", changes={"count": [None, count]})
    return count


@transaction.atomic
def outbox_claim_due(*, limit: int = 100) -> list[int]:
    """Lease up to ``limit`` due messages to this worker; returns their ids."""
    now = timezone.now()
    due = (
        OutboxMessage.objects.select_for_update(skip_locked=True)
        .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    if ids:
        OutboxMessage.objects.filter(pk__in=ids).update(
            next_attempt_at=now + timedelta(seconds=LEASE_SECONDS)
        )
    return ids


@dataclass(frozen=True)
class DeliveryResult:
    message_id: int
    status: str
    error: str = ""


@transaction.atomic
def outbox_record_result(
    *, message_id: int, error: str | None, permanent: bool = False
) -> OutboxMessage:
    message = OutboxMessage.objects.select_for_update().get(pk=message_id)
    now = timezone.now()
    message.attempts += 1
    if error is None:
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.last_error = ""
    elif permanent or message.attempts >= _max_attempts():
        message.status = OutboxStatus.FAILED
        message.last_error = error[:2000]
    else:
        message.status = OutboxStatus.PENDING
        message.last_error = error[:2000]
        message.next_attempt_at = now + _backoff(message.attempts)
    message.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
    audit_event(
        actor=None,
        action=f"outbox.{message.status}",
        target=message,
        target_label=message.topic,
        changes={"attempts": [message.attempts - 1, message.attempts]},
        note=(error or "")[:200],
    )
    return message


def outbox_deliver(*, message_id: int) -> DeliveryResult:
    """Send one leased message and record the outcome (no transaction around the send)."""
    message = OutboxMessage.objects.select_related("recipient").get(pk=message_id)
    error: str | None = None
    permanent = False
    try:
        get_sender(message.channel)(message)
    except NotImplementedError as exc:
        error, permanent = str(exc) or "saluran belum didukung", True
    except SendError as exc:
        error, permanent = str(exc), exc.permanent
    except Exception as exc:  # noqa: BLE001 - any gateway failure is retried
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("outbox message %s failed: %s", message_id, type(exc).__name__)
    saved = outbox_record_result(message_id=message_id, error=error, permanent=permanent)
    return DeliveryResult(message_id=message_id, status=saved.status, error=error or "")


def outbox_send_due(*, limit: int = 100) -> list[DeliveryResult]:
    return [outbox_deliver(message_id=pk) for pk in outbox_claim_due(limit=limit)]


@transaction.atomic
def outbox_retry(*, actor: Any, message: OutboxMessage) -> OutboxMessage:
    """Put a failed message back in the queue (after a gateway was configured, say)."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != OutboxStatus.FAILED:
        return message
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_event(actor=actor, action="outbox.retry", target=message, target_label=message.topic)
    return message
