"""Notifications belong to their recipient; the outbox's failures are the system admin's."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from payung.accounts.roles import Cap
from payung.notifications.models import Notification, OutboxMessage


def can_manage_outbox(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.USERS_MANAGE))


def get_notification_for(user: Any, pk: int) -> Notification:
    note = Notification.objects.filter(recipient=user, pk=pk).first()
    if note is None:
        raise Http404
    return note


def get_outbox_message_for(user: Any, pk: int) -> OutboxMessage:
    if not can_manage_outbox(user):
        raise Http404
    message = OutboxMessage.objects.filter(pk=pk).first()
    if message is None:
        raise Http404
    return message
