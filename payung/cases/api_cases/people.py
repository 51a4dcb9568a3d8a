"""Endpoints of the people search."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from payung.audit.services import access_search
from payung.cases import selectors
from payung.cases.api_cases.common import _user, people_router
from payung.cases.api_cases.schemas import PersonMatchOut
from payung.cases.models import (
    CaseParty,
)
from payung.core.api_errors import ApiError, errors

# --- people --------------------------------------------------------------------------------


class PeopleSearchIn(Schema):
    """What to look for, in the body: a NIK in a query string would land in proxies' and
    servers' access logs and in browser history."""

    nik: str = Field("", max_length=30)
    phone: str = Field("", max_length=30)
    name: str = Field("", max_length=150)


@people_router.post(
    "/search",
    response={200: list[PersonMatchOut], **errors(403, 422)},
    summary="Cari orang (NIK, telepon, nama) dalam kasus yang boleh Anda lihat",
)
def people_search(request: HttpRequest, payload: PeopleSearchIn) -> list[dict[str, Any]]:
    user = _user(request)
    text = payload.nik or payload.phone or payload.name
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
    # The answer names people of these cases: each case shown is an access, as when it is
    # opened; the kind of query and the count are recorded, never the NIK or name asked.
    shown = {p.case_id: p.case for p in found}.values()
    access_search(
        actor=user,
        purpose="case.people_search.api",
        kind="nik" if payload.nik else "phone" if payload.phone else "name",
        total=len(found),
        shown=[(case, case.number) for case in shown],
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
