"""Pluggable senders for the outbox, one per channel.

A sender takes an ``OutboxMessage`` and either returns (sent) or raises. ``SendError`` with
``permanent=True`` (or ``NotImplementedError``: no gateway configured) marks the message failed
at once; any other exception is retried with exponential backoff. ``NOTIFICATION_SENDERS`` in
settings can map a channel to a dotted path, so a WhatsApp or SMS gateway plugs in without
touching this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from payung.notifications.models import OutboxMessage

Sender = Callable[["OutboxMessage"], None]

_REGISTRY: dict[str, Sender] = {}


class SendError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def register(channel: str) -> Callable[[Sender], Sender]:
    def decorator(func: Sender) -> Sender:
        _REGISTRY[channel] = func
        return func

    return decorator


def get_sender(channel: str) -> Sender:
    configured = getattr(settings, "NOTIFICATION_SENDERS", {}) or {}
    if channel in configured:
        return import_string(configured[channel])
    try:
        return _REGISTRY[channel]
    except KeyError as exc:
        raise SendError(f"tidak ada pengirim untuk saluran {channel!r}", permanent=True) from exc


@register("email")
def send_email(message: OutboxMessage) -> None:
    address = (message.recipient.email or "").strip()
    if not address:
        raise SendError("pengguna tidak punya alamat e-mail", permanent=True)
    send_mail(
        message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False
    )


@register("whatsapp")
def send_whatsapp(message: OutboxMessage) -> None:
    raise NotImplementedError(
        "gateway WhatsApp belum dikonfigurasi (NOTIFICATION_SENDERS['whatsapp'])"
    )


@register("sms")
def send_sms(message: OutboxMessage) -> None:
    raise NotImplementedError("gateway SMS belum dikonfigurasi (NOTIFICATION_SENDERS['sms'])")
