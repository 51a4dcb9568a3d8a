"""Risk and flag badges for reports and cases, rendered in Python.

They appear on every row of the triage queue, the report list and the case list: as an
``{% include %}`` they cost a template lookup and a context push per row, a sizeable part of
a 50-row page (docs/performance.md). The markup is the same as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from payung.cases.choices import DeadlineState, RiskLevel

register = template.Library()

_RISK_CLASS: dict[str, str] = {
    RiskLevel.HIGH.value: "text-bg-danger",
    RiskLevel.MEDIUM.value: "text-bg-warning",
}


# Whole phrases, so that a translation can order the words its own way; marked here and
# translated per use (one lookup, not three, on a 50-row page).
_RISK_LABELS: dict[str, str] = {
    RiskLevel.HIGH.value: gettext_noop("Risiko tinggi"),
    RiskLevel.MEDIUM.value: gettext_noop("Risiko sedang"),
    RiskLevel.LOW.value: gettext_noop("Risiko rendah"),
}


def _risk_label(level: str) -> str:
    return _(_RISK_LABELS.get(level, gettext_noop("Risiko belum dinilai")))


def _badges(risk: str, extra: str, flags: list[tuple[str, str]]) -> SafeString:
    parts = [
        format_html(
            '<span class="badge {}">{}{}</span>',
            _RISK_CLASS.get(risk, "text-bg-secondary"),
            _risk_label(risk),
            extra,
        )
    ]
    if flags:
        parts.append(format_html_join("\n", '<span class="badge {}">{}</span>', flags))
    return SafeString("\n".join(parts))


@register.simple_tag
def case_badges(case: Any) -> SafeString:
    """Risk, child, TPKS, KDRT, overdue and closure-pending badges of a case."""
    flags = []
    if case.flag_child:
        flags.append(("text-bg-info", _("Anak")))
    if case.flag_tpks:
        flags.append(("text-bg-dark", "TPKS"))
    if case.flag_kdrt:
        flags.append(("text-bg-primary", "KDRT"))
    if getattr(case, "overdue", False):
        flags.append(("text-bg-danger", _("Lewat tenggat")))
    if getattr(case, "closure_pending", False):
        flags.append(("text-bg-light border", _("Menunggu persetujuan penutupan")))
    return _badges(case.risk_level, "", flags)


@register.simple_tag
def report_badges(report: Any) -> SafeString:
    """Risk (provisional or not), child, sexual violence, disability and danger badges."""
    flags = []
    if report.flag_child:
        flags.append(("text-bg-info", _("Anak")))
    if report.flag_sexual:
        flags.append(("text-bg-dark", _("Kekerasan seksual")))
    if report.flag_disability:
        flags.append(("text-bg-primary", _("Disabilitas")))
    if report.danger_now:
        flags.append(("text-bg-danger", _("Bahaya saat ini")))
    extra = format_html(" ({})", _("sementara")) if report.risk_provisional else ""
    return _badges(report.risk_level, extra, flags)


@register.simple_tag
def response_window(report: Any, now: datetime | None = None) -> SafeString:
    """How a waiting report stands against its response window (docs/domain.md#deadlines).

    "Lewat batas" only once the window has passed; before that a high-risk report reads
    "Segera — tanggapi dalam …" (the time left), others "tanggapi dalam …".
    """
    now = now or timezone.now()
    due = format_html(
        '<span class="small">{}</span>', date_format(timezone.localtime(report.due_at), "j M Y H:i")
    )
    if report.due_at <= now:
        return format_html(
            "<strong>{}</strong> ({})<br>{}",
            _("Lewat batas"),
            timesince(report.due_at, now),
            due,
        )
    left = timeuntil(report.due_at, now)
    if report.risk_level == RiskLevel.HIGH:
        text = format_html(
            "<strong>{}</strong>", _("Segera — tanggapi dalam %(left)s") % {"left": left}
        )
    else:
        text = format_html("{}", _("tanggapi dalam %(left)s") % {"left": left})
    return format_html("{}<br>{}", text, due)


@register.simple_tag
def deadline_summary(
    deadlines: list[Any], now: datetime, upcoming: int = 3
) -> dict[str, list[Any]]:
    """The case page's summary of its legal deadlines, from the list the page already holds
    (no query): the open ones past due, oldest first, and the next few still open."""
    open_ = sorted((d for d in deadlines if d.state == DeadlineState.OPEN), key=lambda d: d.due_at)
    return {
        "overdue": [d for d in open_ if d.due_at <= now],
        "upcoming": [d for d in open_ if d.due_at > now][:upcoming],
    }
