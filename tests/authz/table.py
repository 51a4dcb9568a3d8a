"""The authorisation table: every URL pattern and every API operation, and who may use it.

tests/authz/test_every_route.py walks the URL resolver and the OpenAPI schema; a route that is
not listed here fails the suite, so a new page cannot ship without deciding who may open it.

A rule is one of:
- PUBLIC: anyone, anonymous included (the explicit public allow-list);
- STAFF: every signed-in user, whatever the role;
- a capability name (payung.accounts.roles.Cap.*): the roles that hold it;
- a frozenset of role names.

Object routes give ``kwargs``: a function of the personas (and the database) returning the
URL kwargs of an object that the allowed roles may see. Scope within a role (kelurahan,
organisation) is tested in each app's own tests; here a role that may not use the route at
all must be refused (403, 404 or a redirect to the login page — never a 200).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from payung.accounts.roles import Cap, Role

PUBLIC = "public"
STAFF = "staff"

Rule = str | frozenset[str]


@dataclass(frozen=True)
class Route:
    rule: Rule
    method: str = "GET"
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _post_pk(personas: Any) -> dict[str, Any]:
    from payung.regions.models import ServicePost

    return {"pk": ServicePost.objects.filter(kind="ppt").values_list("pk", flat=True).first()}


def _analyst_token(personas: Any) -> dict[str, Any]:
    from payung.accounts.services import api_token_create

    return {"pk": api_token_create(actor=personas.analyst, name="authz", days=1)[0].pk}


def _user(personas: Any) -> dict[str, Any]:
    return {"pk": personas.ppt_gentong.pk}


def _report(personas: Any) -> dict[str, Any]:
    # A Gentong report: in scope for the first PPT persona (Gentong) and the centre's staff.
    from tests.cases.helpers import make_report

    return {"pk": make_report().pk}


def _report_attachment(personas: Any) -> dict[str, Any]:
    from payung.cases.uploads import check_bytes
    from tests.cases.helpers import JPEG_BYTES, make_report

    report = make_report(attachment=check_bytes(JPEG_BYTES, "foto.jpg"))
    return {"pk": report.pk, "attachment_pk": report.attachments.get().pk}


def _deadline_rule(personas: Any) -> dict[str, Any]:
    from payung.cases.models import TriageDeadlineRule

    return {"pk": TriageDeadlineRule.objects.values_list("pk", flat=True).first()}


def _case_manager_notification(personas: Any) -> dict[str, Any]:
    from payung.notifications.services import notification_send

    note = notification_send(
        actor=None, recipients=[personas.case_manager], topic="authz", title="authz", channels=()
    )
    return {"pk": note[0].pk}


def _failed_outbox_message(personas: Any) -> dict[str, Any]:
    from payung.notifications.models import OutboxMessage
    from payung.notifications.services import notification_send

    notification_send(
        actor=None,
        recipients=[personas.case_manager],
        topic="authz",
        title="authz",
        channels=("sms",),
    )
    message = OutboxMessage.objects.latest("pk")
    OutboxMessage.objects.filter(pk=message.pk).update(status="failed")
    return {"pk": message.pk}


REPORT_API_BODY = {
    "channel": "telepon",
    "place_category": "rumah_tangga",
    "reporter_relation": "keluarga",
    "contact_channel": "jangan",
    "violence_forms": ["fisik"],
    "description": "authz",
    "victim_sex": "p",
}

# URL name (with namespace) -> Route. Routes of the API namespace are listed in API below.
URLS: dict[str, Route] = {
    "public:home": Route(PUBLIC),
    "public:posts": Route(PUBLIC),
    "set_language": Route(PUBLIC, method="POST", data={"language": "en", "next": "/"}),
    "accounts:login": Route(PUBLIC),
    "accounts:logout": Route(PUBLIC, method="POST"),
    "accounts:home": Route(STAFF),
    "accounts:otp_setup": Route(STAFF),
    "accounts:otp_verify": Route(STAFF),
    "accounts:otp_remove": Route(STAFF, method="POST"),
    "accounts:security": Route(STAFF),
    "accounts:password_change": Route(STAFF, method="POST"),
    "accounts:token_create": Route(Cap.API_DOCS, method="POST", data={"name": "authz", "days": 1}),
    "accounts:token_revoke": Route(frozenset({Role.ANALYST}), method="POST", kwargs=_analyst_token),
    "accounts:user_list": Route(Cap.USERS_MANAGE),
    "accounts:user_create": Route(Cap.USERS_MANAGE),
    "accounts:user_edit": Route(Cap.USERS_MANAGE, kwargs=_user),
    "accounts:user_otp_reset": Route(Cap.USERS_MANAGE, method="POST", kwargs=_user),
    "accounts:user_unlock": Route(Cap.USERS_MANAGE, method="POST", kwargs=_user),
    "audit:events": Route(Cap.AUDIT_READ),
    "audit:access": Route(Cap.AUDIT_READ),
    "audit:verify": Route(Cap.AUDIT_READ, method="POST"),
    "regions:post_list": Route(Cap.REFERENCE_MANAGE),
    "regions:post_edit": Route(Cap.REFERENCE_MANAGE, kwargs=_post_pk),
    "report:form": Route(PUBLIC),
    "report:thanks": Route(PUBLIC),
    "report:status": Route(PUBLIC),
    "cases:report_list": Route(Cap.REPORT_INTAKE),
    "cases:report_create": Route(Cap.REPORT_INTAKE),
    "cases:report_detail": Route(Cap.REPORT_INTAKE, kwargs=_report),
    "cases:report_attachment": Route(Cap.REPORT_INTAKE, kwargs=_report_attachment),
    "cases:report_message": Route(Cap.REPORT_INTAKE, method="POST", kwargs=_report),
    "cases:report_set_risk": Route(Cap.REPORT_TRIAGE, method="POST", kwargs=_report),
    "cases:report_open_case": Route(Cap.REPORT_TRIAGE, method="POST", kwargs=_report),
    "cases:report_attach": Route(Cap.REPORT_TRIAGE, method="POST", kwargs=_report),
    "cases:report_refer_out": Route(Cap.REPORT_TRIAGE, method="POST", kwargs=_report),
    "cases:report_close_not_case": Route(Cap.REPORT_TRIAGE, method="POST", kwargs=_report),
    "cases:report_unlock": Route(Cap.REPORT_TRIAGE, method="POST", kwargs=_report),
    "cases:triage_queue": Route(Cap.REPORT_TRIAGE),
    "cases:deadline_rules": Route(Cap.REFERENCE_MANAGE),
    "cases:deadline_rule_update": Route(Cap.REFERENCE_MANAGE, method="POST", kwargs=_deadline_rule),
    "notifications:list": Route(STAFF),
    "notifications:read": Route(
        frozenset({Role.CASE_MANAGER}), method="POST", kwargs=_case_manager_notification
    ),
    "notifications:read_all": Route(STAFF, method="POST"),
    "notifications:outbox_failed": Route(Cap.USERS_MANAGE),
    "notifications:outbox_retry": Route(
        Cap.USERS_MANAGE, method="POST", kwargs=_failed_outbox_message
    ),
}

# API operations, keyed "METHOD /api/v1/path" as in the OpenAPI schema.
API: dict[str, Route] = {
    "GET /api/v1/me": Route(STAFF),
    "GET /api/v1/regions/": Route(STAFF),
    "GET /api/v1/regions/{code}": Route(STAFF, kwargs=lambda personas: {"code": "35.75"}),
    "GET /api/v1/posts/": Route(STAFF),
    "POST /api/v1/reports/": Route(Cap.REPORT_INTAKE, data=REPORT_API_BODY),
    "GET /api/v1/reports/": Route(Cap.REPORT_INTAKE),
    "GET /api/v1/reports/{pk}": Route(Cap.REPORT_INTAKE, kwargs=_report),
    "POST /api/v1/reports/{pk}/message": Route(
        Cap.REPORT_INTAKE, kwargs=_report, data={"message": "authz"}
    ),
    "POST /api/v1/reports/{pk}/risk": Route(
        Cap.REPORT_TRIAGE, kwargs=_report, data={"risk_level": "rendah"}
    ),
    "POST /api/v1/reports/{pk}/open-case": Route(Cap.REPORT_TRIAGE, kwargs=_report),
    "POST /api/v1/reports/{pk}/attach": Route(
        Cap.REPORT_TRIAGE, kwargs=_report, data={"case_number": "PPA/1999/0001"}
    ),
    "POST /api/v1/reports/{pk}/refer-out": Route(
        Cap.REPORT_TRIAGE, kwargs=_report, data={"destination": "Kab. Pasuruan"}
    ),
    "POST /api/v1/reports/{pk}/close-not-case": Route(
        Cap.REPORT_TRIAGE, kwargs=_report, data={"reason": "duplikat"}
    ),
}

# URL patterns of the API namespace that are not operations (schema and docs).
API_PAGES: dict[str, Route] = {
    "api-1.0.0:openapi-json": Route(Cap.API_DOCS),
    "api-1.0.0:openapi-view": Route(Cap.API_DOCS),
}
