"""Builders for the privacy tests and the authorisation table."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from payung.privacy import services
from payung.privacy.models import Breach, DataSubjectRequest
from tests.cases.casework import open_case, victim_of


def breach(personas: Any, **values: Any) -> Breach:
    now = timezone.now()
    data = {
        "discovered_at": now - timedelta(hours=5),
        "discovered_by": "Petugas TI Dinas Kominfo (fiktif)",
        "aware_at": now - timedelta(hours=4),
        "systems": ["basis_data", "cadangan"],
        "tables": ["cases_person", "cases_report"],
        "categories": ["identitas", "kontak"],
        "severity": "tinggi",
        "description": "Salinan cadangan basis data tersimpan di server berbagi tanpa sandi.",
        "containment": "Berkas dihapus dari server berbagi; kunci enkripsi diganti.",
        "public_notice": True,
    }
    data.update(values)
    return services.breach_record(actor=personas.dpo, data=services.BreachInput(**data))


def access_request(personas: Any, case: Any = None, **values: Any) -> DataSubjectRequest:
    case = case or open_case(personas)
    now = timezone.now()
    data = {
        "kind": "akses",
        "requester": "subjek",
        "received_at": now,
        "case": case,
        "party": victim_of(case),
        "identity_document": "KTP asli",
        "identity_verified_by": personas.case_manager,
        "identity_verified_at": now,
    }
    data.update(values)
    return services.request_record(actor=personas.dpo, **data)


# --- URL kwargs for tests/authz/table.py ---------------------------------------------------


def breach_pk(personas: Any) -> dict[str, Any]:
    return {"pk": breach(personas).pk}


def request_pk(personas: Any) -> dict[str, Any]:
    return {"pk": access_request(personas).pk}


def hold_pk(personas: Any) -> dict[str, Any]:
    case = open_case(personas)
    return {
        "pk": services.legal_hold_place(actor=personas.dpo, case=case, reason="Perkara 1/2026").pk
    }


def destruction_pk(personas: Any) -> dict[str, Any]:
    from payung.privacy.models import DestructionRecord

    record = DestructionRecord.objects.create(
        run_at=timezone.now(), run_by="system:apply_retention"
    )
    return {"pk": record.pk}


def organisation_pk(personas: Any) -> dict[str, Any]:
    return {"pk": personas.provider.organisation_id}
