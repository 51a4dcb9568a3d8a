"""Background work of the privacy registers (payung/jobs): the access export, which reads a
person's whole processing trail and may take a while on a long-lived record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from payung.audit.services import access_record, audit_event
from payung.jobs.registry import JobContext, job_handler
from payung.privacy import policies
from payung.privacy.access_export import access_export_pdf

ACCESS_EXPORT = "privacy.access_export"


@job_handler(ACCESS_EXPORT)
def run_access_export(ctx: JobContext) -> None:
    # Rights can change between the click and the run: fetch through the policy again.
    item = (
        policies.requests(ctx.actor).select_related("case").filter(pk=ctx.params["request"]).first()
    )
    if item is None:
        raise PermissionDenied
    ctx.progress(0, 1, "Menyusun salinan data")
    pdf = access_export_pdf(item)
    with transaction.atomic():
        access_record(
            actor=ctx.actor,
            target=item.case,
            purpose="privacy.access_export",
            target_label=item.case.number,
        )
        audit_event(
            actor=ctx.actor,
            action="privacy.access_export",
            target=item,
            target_label=item.reference,
            changes={"party": [None, item.party_id]},
        )
    ctx.save_result(f"salinan-data-{item.reference}.pdf", "application/pdf", pdf)
    ctx.progress(1, 1, "Selesai")
