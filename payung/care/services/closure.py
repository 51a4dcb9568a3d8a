"""The closure checklist: what must be done or accounted for before a case closes."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care.models import (
    ClosureServiceNote,
)
from payung.cases.models import (
    ClosureRequest,
)
from payung.cases.policies import authorize_case

# --- the closure checklist ------------------------------------------------------------------


def closure_checklist_record(
    *, actor: User, request: ClosureRequest, reasons: Mapping[int, str]
) -> list[ClosureServiceNote]:
    """Keep, with a closure request, which planned services were delivered and the case
    manager's reason for each that was not. Refuses the request when a reason is missing.

    Runs inside ``cases.services.closure_request``'s transaction.
    """
    authorize_case(actor, request.case, "request_closure")
    from payung.care.selectors import closure_checklist

    rows = closure_checklist(request.case)
    missing = [
        row.label for row in rows if not row.delivered and not reasons.get(row.item.pk, "").strip()
    ]
    if missing:
        raise ValidationError(
            {
                "undelivered": _(
                    "Tulis alasan untuk setiap layanan dalam rencana yang belum terlaksana: "
                    "%(services)s."
                )
                % {"services": ", ".join(missing)}
            }
        )
    notes = ClosureServiceNote.objects.bulk_create(
        [
            ClosureServiceNote(
                closure_request=request,
                plan_item=row.item,
                delivered=row.delivered,
                reason="" if row.delivered else reasons[row.item.pk].strip()[:2000],
            )
            for row in rows
        ]
    )
    if rows:
        audit_event(
            actor=actor,
            action="case.closure_checklist",
            target=request.case,
            target_label=request.case.number,
            changes={
                "delivered": [None, sum(1 for r in rows if r.delivered)],
                "undelivered": [None, sum(1 for r in rows if not r.delivered)],
            },
        )
    return notes
