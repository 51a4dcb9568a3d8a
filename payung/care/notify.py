"""Who hears about referrals, visits and tasks, and what they are told.

Everything here runs after the transaction has committed (``transaction.on_commit``), so a
rolled-back referral never notifies anyone. Titles carry a case number, a service and an
organisation's name, never a person's (docs/domain.md#confidentiality): e-mails are unencrypted.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.notifications.models import OutboxChannel
from payung.notifications.services import notification_send


def _send(recipients: Sequence[User], *, topic: str, title: str, url: str, email: bool) -> None:
    if not recipients:
        return
    notification_send(
        actor=None,
        recipients=recipients,
        topic=topic,
        title=title,
        url=url,
        channels=(OutboxChannel.EMAIL,) if email else (),
    )


def _provider(referral_id: int, topic: str, title_text: Any, email: bool) -> None:
    from payung.care.models import Referral

    referral = Referral.objects.select_related("case", "service", "organisation").get(
        pk=referral_id
    )
    staff = list(
        User.objects.filter(
            role=Role.PROVIDER_STAFF, organisation=referral.organisation_id, is_active=True
        )
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title_text) % {
            "number": referral.case.number,
            "service": str(referral.service.name).lower(),
        }
    _send(
        staff,
        topic=topic,
        title=title,
        url=reverse("care:referral_inbox_detail", args=[referral.pk]),
        email=email,
    )


def provider_on_commit(referral: Any, *, topic: str, title_text: Any, email: bool = False) -> None:
    """Tell the staff of the referral's organisation (in the app, and by e-mail)."""
    transaction.on_commit(partial(_provider, referral.pk, topic, title_text, email), robust=True)


def _case_url(case_id: int) -> str:
    return reverse("cases:case_detail", args=[case_id]) + "#layanan"


def _case_workers(case: Any) -> list[User]:
    people: list[User] = []
    if case.owner_id:
        people.append(case.owner)
    people += list(case.team.filter(is_active=True))
    unique: dict[int, User] = {p.pk: p for p in people if p.is_active}
    return list(unique.values())


def _case_side(referral_id: int, topic: str, title_text: Any) -> None:
    from payung.care.models import Referral

    referral = Referral.objects.select_related("case__owner", "organisation", "sent_by").get(
        pk=referral_id
    )
    recipients = _case_workers(referral.case)
    if referral.sent_by.is_active and referral.sent_by.pk not in {r.pk for r in recipients}:
        recipients.append(referral.sent_by)
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title_text) % {
            "number": referral.case.number,
            "organisation": referral.organisation.name,
        }
    _send(recipients, topic=topic, title=title, url=_case_url(referral.case_id), email=False)


def case_workers_on_commit(referral: Any, *, topic: str, title_text: Any) -> None:
    """Tell the case's manager and team (and whoever sent it) in the app."""
    transaction.on_commit(partial(_case_side, referral.pk, topic, title_text), robust=True)


def _case(case_id: int, topic: str, title_text: Any) -> None:
    from payung.cases.models import Case

    case = Case.objects.select_related("owner").get(pk=case_id)
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title_text) % {"number": case.number}
    _send(_case_workers(case), topic=topic, title=title, url=_case_url(case.pk), email=False)


def case_workers_for_case_on_commit(case: Any, *, topic: str, title_text: Any) -> None:
    transaction.on_commit(partial(_case, case.pk, topic, title_text), robust=True)


def _user(user_id: int, topic: str, title: str, url_name: str) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        _send([user], topic=topic, title=title, url=reverse(url_name), email=False)


def user_on_commit(user: User, *, topic: str, title: Any, url_name: str) -> None:
    transaction.on_commit(partial(_user, user.pk, topic, str(title), url_name), robust=True)


def _task_reminder(task_id: int) -> None:
    from payung.care.models import Task

    task = Task.objects.select_related("case", "assignee").get(pk=task_id)
    if not task.assignee.is_active:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Pengingat: tugas kasus %(number)s jatuh tempo %(due)s") % {
            "number": task.case.number,
            "due": date_format(localtime(task.due_at), "j M Y H:i"),
        }
    _send(
        [task.assignee],
        topic="task.reminder",
        title=title,
        url=reverse("care:my_tasks"),
        email=True,
    )


def task_reminder_on_commit(task: Any) -> None:
    """The assignee is reminded in the app and through the outbox (e-mail), without the
    task's text: a title written by an officer may name someone."""
    transaction.on_commit(partial(_task_reminder, task.pk), robust=True)
