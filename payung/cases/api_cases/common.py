"""The cases API's routers and the helpers its endpoints share: fetch-and-authorise, error mapping."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from payung.accounts.models import User
from payung.cases import policies, services
from payung.cases.api_cases.schemas import PersonIn, PersonUpdateIn
from payung.cases.models import (
    Case,
    CaseParty,
    Person,
)
from payung.core.api_errors import ApiError, validation_error
from payung.regions.models import Region

router = Router(tags=["kasus"])
people_router = Router(tags=["kasus"])

MAX_LIMIT = 200


# --- helpers -------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    if not policies.can_use_cases(user):
        raise ApiError(403)
    return user


def _case(request: HttpRequest, pk: int, need: policies.CaseNeed = "view") -> tuple[User, Case]:
    user = _user(request)
    if need != "view":
        # Visible but not allowed: 403 says only what the caller may not do.
        case = policies.get_case_for(user, pk)
        if not policies.can_act_on_case(user, case, need):
            raise ApiError(403)
        return user, case
    return user, policies.get_case_for(user, pk)


# The cases API's name for the shared mapping (kept for the package's exports).
_validation = validation_error


def _run(action: Any) -> Any:
    try:
        return action()
    except services.EditConflict as exc:
        raise ApiError(
            409,
            "edit_conflict",
            exc.message,
            details=[
                {"current_version": exc.current_version},
                *(
                    {
                        "field": c.label,
                        "before": c.before,
                        "after": c.after,
                        "by": c.actor,
                        "at": c.at,
                    }
                    for c in exc.changes
                ),
            ],
        ) from exc
    except services.TransitionError as exc:
        raise ApiError(409, "invalid_transition", " ".join(exc.messages)) from exc
    except ValidationError as exc:
        raise _validation(exc) from exc


def _kelurahan(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ApiError(
            422,
            "validation_error",
            _("Kelurahan tidak dikenal."),
            details=[
                {"loc": ["body", "kelurahan_code"], "message": "unknown", "type": "value_error"}
            ],
        )
    return region


def _party(case: Case, pk: int | None, field: str) -> CaseParty | None:
    if pk is None:
        return None
    party = case.parties.select_related("person").filter(pk=pk).first()
    if party is None:
        raise ApiError(
            422,
            "validation_error",
            _("Pihak tidak ditemukan dalam kasus ini."),
            details=[{"loc": ["body", field], "message": "unknown party", "type": "value_error"}],
        )
    return party


def _person_input(data: PersonIn) -> services.PersonInput:
    return services.PersonInput(
        name=data.name,
        alias=data.alias,
        nik=data.nik,
        kk=data.kk,
        sex=data.sex,
        birth_date=data.birth_date,
        age_estimate=data.age_estimate,
        disability=data.disability,
        disability_kinds=[str(k) for k in data.disability_kinds],
        education=str(data.education or ""),
        occupation=str(data.occupation or ""),
        marital_status=str(data.marital_status or ""),
        religion=str(data.religion or ""),
        phone=data.phone,
        address=data.address,
        kelurahan=_kelurahan(data.kelurahan_code),
    )


def _person_patch(person: Person, payload: PersonUpdateIn) -> services.PersonInput:
    """The person as stored, with only the fields the caller sent replaced (PATCH)."""
    data = services.PersonInput(**{name: getattr(person, name) for name in services.PERSON_FIELDS})
    sent = _person_input(payload)
    for name in payload.model_fields_set - {"version"}:
        field = "kelurahan" if name == "kelurahan_code" else name
        setattr(data, field, getattr(sent, field))
    return data


def _case_version(case_pk: int) -> int:
    """The case's version after a change (the services lock and bump a fresh copy)."""
    return Case.objects.values_list("version", flat=True).get(pk=case_pk)


def _detail(case_pk: int) -> Case:
    return Case.objects.select_related("owner", "kelurahan").get(pk=case_pk)
