"""Reads of the audit trail for the data protection officer's screens.

Both logs are shown newest first. Each filter narrows by a column that is indexed: actor
(``actor, at``), action (``action``, prefix searches use its pattern index on PostgreSQL),
target (``target_type, target_id``) and time (``at``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from payung.audit.models import AccessLog, AuditEvent


def target_type_labels(target_type: str) -> list[str]:
    """``target_type`` and the labels the same model's rows were recorded under before the
    model moved to another app (its ``AUDIT_FORMER_LABELS``; e.g. ``care.organisation`` for
    ``partners.organisation``): the trail is append-only, so older rows keep the old label
    and a filter by the model must find them too."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return [target_type]
    return [target_type, *getattr(model, "AUDIT_FORMER_LABELS", ())]


def _common(
    queryset: QuerySet,
    *,
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet:
    if actor:
        queryset = queryset.filter(actor__username__iexact=actor)
    if target_type:
        queryset = queryset.filter(target_type__in=target_type_labels(target_type))
    if target_id:
        queryset = queryset.filter(target_id=target_id)
    # Dates are days in the current time zone (Asia/Jakarta), inclusive at both ends.
    if date_from:
        queryset = queryset.filter(
            at__gte=timezone.make_aware(datetime.combine(date_from, time.min))
        )
    if date_to:
        queryset = queryset.filter(
            at__lt=timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
        )
    # Newest first: by `id` (both tables are sharded; `seq` counts within a shard).
    return queryset.select_related("actor").order_by(*queryset.model._meta.ordering)


def audit_events(
    *,
    actor: str = "",
    action: str = "",
    target_type: str = "",
    target_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    failed: bool = False,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first. ``action="case"`` matches ``case`` and ``case.*``;
    ``failed`` keeps the runs of the chain check that found a problem."""
    queryset = AuditEvent.objects.all()
    if failed:
        queryset = queryset.filter(action="audit.verify", note__startswith="FAILED")
    if action:
        action = action.rstrip(".")
        queryset = queryset.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    return _common(
        queryset,
        actor=actor,
        target_type=target_type,
        target_id=target_id,
        date_from=date_from,
        date_to=date_to,
    )


def access_logs(
    *,
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    break_glass: bool = False,
) -> QuerySet[AccessLog]:
    """Reads of sensitive records, newest first; ``break_glass`` keeps emergency access only."""
    queryset = AccessLog.objects.all()
    if break_glass:
        queryset = queryset.filter(break_glass=True)
    return _common(
        queryset,
        actor=actor,
        target_type=target_type,
        target_id=target_id,
        date_from=date_from,
        date_to=date_to,
    )
