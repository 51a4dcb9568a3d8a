"""Endpoints of the people search."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query

from payung.audit.services import access_records
from payung.cases import selectors
from payung.cases.api_cases.common import _user, people_router
from payung.cases.api_cases.schemas import PersonMatchOut
from payung.cases.models import (
    CaseParty,
)
from payung.core.api_errors import ApiError, errors

# --- people --------------------------------------------------------------------------------


@people_router.get(
    "/",
    response={200: list[PersonMatchOut], **errors(403, 422)},
    summary="Cari orang (NIK, telepon, nama) dalam kasus yang boleh Anda lihat",
)
def people_search(
    request: HttpRequest,
    nik: str = Query("", max_length=30),  # noqa: B008
    phone: str = Query("", max_length=30),  # noqa: B008
    name: str = Query("", max_length=150),  # noqa: B008
) -> list[dict[str, Any]]:
    user = _user(request)
    text = nik or phone or name
    if not text.strip():
        raise ApiError(
            422, "validation_error", _("Isi salah satu: nik, phone, atau name."), details=[]
        )
    cases = selectors.case_list(user, selectors.CaseFilters(q=text))
    parties = (
        CaseParty.objects.filter(case__in=cases.values("pk"), person__isnull=False)
        .select_related("case", "person")
        .order_by("case__number", "pk")
    )
    match = selectors.person_match_ids(text)
    found = [p for p in parties if p.person_id in match][:100]
    # The answer names people of these cases: each case shown is an access, as when it is opened.
    shown = {p.case_id: p.case for p in found}.values()
    access_records(
        actor=user,
        targets=[(case, case.number) for case in shown],
        purpose="case.people_search.api",
    )
    return [
        {
            "case_id": p.case_id,
            "case_number": p.case.number,
            "party_id": p.pk,
            "role": p.role,
            "display_name": p.display_name,
        }
        for p in found
    ]
