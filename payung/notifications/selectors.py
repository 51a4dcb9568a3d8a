from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from payung.notifications.models import Notification, OutboxMessage, OutboxStatus


def notifications_for(user: Any, *, limit: int = 100) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:limit]


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def failed_messages(*, limit: int = 200) -> QuerySet[OutboxMessage]:
    return (
        OutboxMessage.objects.filter(status=OutboxStatus.FAILED)
        .select_related("recipient")
        .order_by("-created_at", "-pk")[:limit]
    )
