"""Notifications about a case: never a name, the number only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from payung.cases.models import (
    Case,
)

# --- notifications (never a name: the number only) ------------------------------------------


def _notify_on_commit(case: Case, *, topic: str, title_text: str, to: Any) -> None:
    case_id, number, region = case.pk, case.number, case.region_code

    def send() -> None:
        from django.urls import reverse
        from django.utils import translation

        from payung.cases.selectors import fallback_responders
        from payung.notifications.services import notification_send

        recipients = fallback_responders(region_code=region) if to == "supervisors" else to
        with translation.override(settings.LANGUAGE_CODE):
            title = str(title_text) % {"number": number}
        notification_send(
            actor=None,
            recipients=recipients,
            topic=topic,
            title=title,
            url=reverse("cases:case_detail", args=[case_id]),
            channels=(),
        )

    transaction.on_commit(send, robust=True)
