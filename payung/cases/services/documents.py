"""Documents, notes and the handling document on a case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import policies
from payung.cases.choices import (
    DocumentKind,
    PartyRole,
)
from payung.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    CaseParty,
)
from payung.cases.services.editing import _lock_case, _require_open
from payung.cases.uploads import AttachmentInput

# --- documents and notes -------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    actor: User,
    case: Case,
    kind: str,
    attachment: AttachmentInput,
    party: CaseParty | None = None,
    description: str = "",
) -> CaseDocument:
    policies.authorize_case(actor, case, "note")
    case = _lock_case(case)
    _require_open(case)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Jenis dokumen tidak dikenal.")})
    if party is not None and party.case_id != case.pk:
        raise ValidationError({"party": _("Pilih orang dari kasus ini.")})
    document = CaseDocument(
        case=case,
        party=party,
        kind=kind,
        description=description.strip()[:500],
        content_type=attachment.content_type,
        original_name=attachment.original_name,
        uploaded_by=actor,
    )
    document.seal(attachment.data)
    document.save(force_insert=True)
    audit_event(
        actor=actor,
        action="case.document_upload",
        target=document,
        target_label=case.number,
        changes={"kind": [None, kind], "size": [None, document.size]},
    )
    return document


@transaction.atomic
def note_add(*, actor: User, case: Case, body: str, confidential: bool = False) -> CaseNote:
    policies.authorize_case(actor, case, "note")
    case = _lock_case(case)
    _require_open(case)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Catatan kosong.")})
    if len(body) > 10000:
        raise ValidationError({"body": _("Catatan paling panjang 10.000 karakter.")})
    note = CaseNote.objects.create(
        case=case, author=actor, at=timezone.now(), body=body, confidential=confidential
    )
    audit_event(
        actor=actor,
        action="case.note_add",
        target=note,
        target_label=case.number,
        changes={"confidential": [None, confidential]},
    )
    return note


@transaction.atomic
def handling_document_issue(*, actor: User, case: Case, victim: CaseParty) -> bytes:
    """The printable record of handling a victim may receive (UU TPKS Pasal 68)."""
    policies.authorize_case(actor, case, "view")
    from payung.cases.handling_document import build_handling_document

    if victim.case_id != case.pk or victim.role != PartyRole.VICTIM:
        raise ValidationError({"victim": _("Pilih korban dari kasus ini.")})
    pdf = build_handling_document(case=case, victim=victim)
    audit_event(
        actor=actor,
        action="case.handling_document",
        target=case,
        target_label=case.number,
        note=f"pihak:{victim.pk}",
    )
    return pdf
