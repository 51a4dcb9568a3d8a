"""Who hears about a report, and what they are told (no names: docs/domain.md#confidentiality)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from payung.cases import selectors
from payung.cases.models import Report
from payung.notifications.models import OutboxChannel
from payung.notifications.services import notification_send

logger = logging.getLogger(__name__)


def notify_high_risk_report(*, report_id: int) -> None:
    """Tell the on-duty case managers (in the app and by e-mail) about a high-risk report.

    Runs after the report's transaction has committed. With nobody on duty the supervisors
    are told instead, so a high-risk report never arrives to silence.
    """
    report = Report.objects.only("pk", "code", "region_code").get(pk=report_id)
    recipients = selectors.on_duty_responders(region_code=report.region_code)
    if not recipients:
        logger.warning(
            "high-risk report %s: no case manager on duty; notifying supervisors", report.pk
        )
        recipients = selectors.fallback_responders(region_code=report.region_code)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Laporan baru berisiko tinggi: %(code)s") % {"code": report.display_code}
    notification_send(
        actor=None,
        recipients=recipients,
        topic="report.high_risk",
        title=title,
        url=reverse("cases:report_detail", args=[report.pk]),
        channels=(OutboxChannel.EMAIL,),
    )
