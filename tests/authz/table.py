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
from tests.privacy import builders as _privacy

PUBLIC = "public"
STAFF = "staff"

Rule = str | frozenset[str]


@dataclass(frozen=True)
class Route:
    rule: Rule
    method: str = "GET"
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # Required headers, so that a refusal is about the role and not a 422 for a missing header.
    headers: dict[str, str] = field(default_factory=dict)


def _post_pk(personas: Any) -> dict[str, Any]:
    from payung.regions.models import ServicePost

    return {"pk": ServicePost.objects.filter(kind="ppt").values_list("pk", flat=True).first()}


def _analyst_token(personas: Any) -> dict[str, Any]:
    from payung.accounts.services import api_token_create

    return {"pk": api_token_create(actor=personas.analyst, name="authz", days=1)[0].pk}


def _user(personas: Any) -> dict[str, Any]:
    return {"pk": personas.ppt_gentong.pk}


def _approval(personas: Any) -> dict[str, Any]:
    # A pending request for an account in the city: in scope for the DPO and the head.
    from payung.accounts.services import user_password_reset

    user_password_reset(actor=personas.sysadmin, user=personas.case_manager2)
    return {"pk": personas.case_manager2.approvals.get(status="pending").pk}


def _setup_link(personas: Any) -> dict[str, Any]:
    return {"uidb64": "MQ", "token": "tidak-berlaku"}


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


def _holiday(personas: Any) -> dict[str, Any]:
    from payung.calendar.models import Holiday

    return {"pk": Holiday.objects.values_list("pk", flat=True).first()}


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


def _organisation(personas: Any) -> dict[str, Any]:
    # The provider persona's organisation, in the city: inside every city-wide scope.
    return {"pk": personas.provider.organisation_id}


def _service(personas: Any) -> dict[str, Any]:
    from payung.partners.models import Service

    return {"pk": Service.objects.get(code="visum").pk}


def _shelter(personas: Any) -> dict[str, Any]:
    # The shelter persona's own shelter.
    return {"pk": personas.shelter.organisation.shelter.pk}


def _analyst_job(personas: Any) -> dict[str, Any]:
    # A finished background job of the analyst persona: a job is its owner's alone.
    from payung.jobs.models import Job

    job = Job.objects.filter(owner=personas.analyst).first()
    if job is None:
        job = Job(kind="test.authz", label="Ekspor uji", owner=personas.analyst)
        job.status = Job.Status.DONE
        job.result_name = "uji.csv"
        job.result_type = "text/csv"
        job.seal_result(b"a,b\n1,2\n")
        job.save()
    return {"job_id": job.pk}


def _stay(personas: Any) -> dict[str, Any]:
    # A resident of the shelter persona's shelter, from the first case manager's own case.
    from tests.care.factories import make_case, make_stay

    shelter = personas.shelter.organisation.shelter
    return {"pk": make_stay(shelter, make_case(personas.case_manager)).pk}


def _care_case(personas: Any) -> dict[str, Any]:
    # The first case manager's Gentong case (the PPT officer sees it; it is not theirs to work).
    from tests.cases.casework import open_case

    return {"case_pk": open_case(personas).pk}


def _referral(personas: Any) -> dict[str, Any]:
    # A visum referral from the first case manager's case to the provider persona's RSUD.
    from tests.care.builders import send_referral

    return {"pk": send_referral(personas).pk}


def _referral_report(personas: Any) -> dict[str, Any]:
    from tests.care.builders import referral_with_report

    referral, report = referral_with_report(personas)
    return {"pk": referral.pk, "report_pk": report.pk}


def _visum_letter(personas: Any) -> dict[str, Any]:
    from tests.care.builders import visum_letter

    return {"pk": visum_letter(personas).pk}


def _accompaniment(personas: Any) -> dict[str, Any]:
    from tests.care.builders import accompaniment

    return {"pk": accompaniment(personas).pk}


def _reintegration(personas: Any) -> dict[str, Any]:
    from tests.care.builders import reintegration

    return {"pk": reintegration(personas).pk}


def _home_visit(personas: Any) -> dict[str, Any]:
    from tests.care.builders import home_visit

    return {"pk": home_visit(personas).pk}


def _task(personas: Any) -> dict[str, Any]:
    from tests.care.builders import task

    return {"pk": task(personas).pk}


CARE_DIRECTORY = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.SYSADMIN})
CARE_SHELTERS = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.SHELTER_STAFF})

# --- casework (payung.cases, issue #4) ---------------------------------------------------

CASE_ROLES = frozenset({Role.PPT_OFFICER, Role.CASE_MANAGER, Role.SUPERVISOR})
# Writing to the fixture case, which the centre handles: the PPT officer of its kelurahan
# reads it but may not change it (issue #14, cases.policies._reads_only).
CASE_EDITORS = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR})
CASE_WORKERS = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR})
SUPERVISOR_ONLY = frozenset({Role.SUPERVISOR})


def _case(personas: Any) -> dict[str, Any]:
    # A Gentong case owned by the first case-manager persona: visible to the Gentong PPT
    # officer, its owner and the supervisor.
    from tests.cases.casework import open_case

    return {"pk": open_case(personas).pk}


def _case_number(personas: Any) -> dict[str, Any]:
    from tests.cases.casework import open_case

    return {"number": open_case(personas).number}


def _case_victim(personas: Any) -> dict[str, Any]:
    from tests.cases.casework import open_case, victim_of

    case = open_case(personas)
    return {"pk": case.pk, "party_pk": victim_of(case).pk}


def _case_incident(personas: Any) -> dict[str, Any]:
    from tests.cases.casework import open_case

    case = open_case(personas)
    return {"pk": case.pk, "incident_pk": case.incidents.get().pk}


def _case_plan_item(personas: Any) -> dict[str, Any]:
    from payung.cases.services import plan_item_add
    from tests.cases.casework import open_case

    case = open_case(personas)
    item = plan_item_add(actor=personas.case_manager, case=case, service="medis")
    return {"pk": case.pk, "item_pk": item.pk}


def _case_deadline(personas: Any) -> dict[str, Any]:
    from tests.cases.casework import open_case

    case = open_case(personas)
    return {"pk": case.pk, "deadline_pk": case.deadlines.order_by("pk").first().pk}


def _case_consent(personas: Any) -> dict[str, Any]:
    from django.utils import timezone

    from payung.cases.services import consent_record
    from tests.cases.casework import open_case, victim_of

    case = open_case(personas)
    victim = victim_of(case)
    consent = consent_record(
        actor=personas.case_manager,
        case=case,
        subject=victim,
        given_by=victim,
        purpose="pemrosesan",
        method="lisan",
        given_on=timezone.localdate(),
    )
    return {"pk": case.pk, "consent_pk": consent.pk}


def _case_document(personas: Any) -> dict[str, Any]:
    from payung.cases.services import document_upload
    from payung.cases.uploads import check_bytes
    from tests.cases.casework import open_case
    from tests.cases.helpers import PDF_BYTES

    case = open_case(personas)
    document = document_upload(
        actor=personas.case_manager,
        case=case,
        kind="visum",
        attachment=check_bytes(PDF_BYTES, "visum.pdf"),
    )
    return {"pk": case.pk, "document_pk": document.pk}


def _case_team_member(personas: Any) -> dict[str, Any]:
    from payung.cases.services import case_team_add
    from tests.cases.casework import open_case

    case = open_case(personas)
    case_team_add(actor=personas.supervisor, case=case, member=personas.case_manager2)
    return {"pk": case.pk, "user_pk": personas.case_manager2.pk}


def _closed_case(personas: Any) -> dict[str, Any]:
    from payung.cases.services import closure_decide, closure_request
    from tests.cases.casework import open_case

    case = open_case(personas)
    request = closure_request(actor=personas.case_manager, case=case, reason="korban_menolak")
    closure_decide(actor=personas.supervisor, request=request, approve=True)
    return {"pk": case.pk}


def _closure_request(personas: Any) -> dict[str, Any]:
    from payung.cases.services import closure_request
    from tests.cases.casework import open_case

    case = open_case(personas)
    request = closure_request(actor=personas.case_manager, case=case, reason="korban_menolak")
    return {"pk": request.pk}


def _pending_closure_case(personas: Any) -> dict[str, Any]:
    from payung.cases.services import closure_request
    from tests.cases.casework import open_case

    case = open_case(personas)
    closure_request(actor=personas.case_manager, case=case, reason="korban_menolak")
    return {"pk": case.pk}


def _case_deadline_rule(personas: Any) -> dict[str, Any]:
    from payung.cases.models import DeadlineRule

    return {"pk": DeadlineRule.objects.values_list("pk", flat=True).first()}


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
    "accounts:session_keepalive": Route(STAFF, method="POST"),
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
    "accounts:user_password_reset": Route(Cap.USERS_MANAGE, method="POST", kwargs=_user),
    "accounts:approval_list": Route(Cap.USERS_APPROVE),
    "accounts:approval_detail": Route(Cap.USERS_APPROVE, kwargs=_approval),
    "accounts:setup": Route(PUBLIC, kwargs=_setup_link),
    "audit:events": Route(Cap.AUDIT_READ),
    "audit:access": Route(Cap.AUDIT_READ),
    "audit:verify": Route(Cap.AUDIT_READ, method="POST"),
    # --- privacy (issue #14): the DPO's registers; the notice is public -----------------
    "privacy:notice": Route(PUBLIC),
    "privacy:home": Route(Cap.PRIVACY),
    "privacy:breach_list": Route(Cap.PRIVACY),
    "privacy:breach_create": Route(Cap.PRIVACY),
    "privacy:breach_detail": Route(Cap.PRIVACY, kwargs=_privacy.breach_pk),
    "privacy:breach_update": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.breach_pk),
    "privacy:breach_notice": Route(
        Cap.PRIVACY, method="POST", kwargs=_privacy.breach_pk, data={"audience": "subjek"}
    ),
    "privacy:breach_contact_plan": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.breach_pk),
    "privacy:breach_notified": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.breach_pk),
    "privacy:breach_close": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.breach_pk),
    "privacy:request_list": Route(Cap.PRIVACY),
    "privacy:request_create": Route(Cap.PRIVACY),
    "privacy:request_detail": Route(Cap.PRIVACY, kwargs=_privacy.request_pk),
    "privacy:request_decide": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.request_pk),
    "privacy:request_export": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.request_pk),
    "privacy:request_lift": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.request_pk),
    "privacy:retention": Route(Cap.PRIVACY),
    "privacy:hold_create": Route(Cap.PRIVACY, method="POST"),
    "privacy:hold_release": Route(Cap.PRIVACY, method="POST", kwargs=_privacy.hold_pk),
    "privacy:destruction_detail": Route(Cap.PRIVACY, kwargs=_privacy.destruction_pk),
    "privacy:destruction_sign_off": Route(
        Cap.PRIVACY, method="POST", kwargs=_privacy.destruction_pk
    ),
    "privacy:register": Route(Cap.PRIVACY),
    "privacy:register_export": Route(Cap.PRIVACY, kwargs=lambda p: {"fmt": "md"}),
    "privacy:agreement_list": Route(Cap.PRIVACY),
    "privacy:agreement_edit": Route(Cap.PRIVACY, kwargs=_privacy.organisation_pk),
    "regions:post_list": Route(Cap.REFERENCE_MANAGE),
    "regions:post_completeness": Route(Cap.REFERENCE_MANAGE),
    "regions:post_edit": Route(Cap.REFERENCE_MANAGE, kwargs=_post_pk),
    "calendar:holiday_list": Route(Cap.REFERENCE_MANAGE),
    "calendar:holiday_add": Route(Cap.REFERENCE_MANAGE, method="POST"),
    "calendar:holiday_edit": Route(Cap.REFERENCE_MANAGE, kwargs=_holiday),
    "calendar:holiday_delete": Route(Cap.REFERENCE_MANAGE, method="POST", kwargs=_holiday),
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
    "cases:case_list": Route(CASE_ROLES),
    "cases:my_cases": Route(CASE_ROLES),
    "cases:deadlines": Route(CASE_ROLES),
    "cases:case_deadline_rules": Route(Cap.REFERENCE_MANAGE),
    "cases:case_deadline_rule_update": Route(
        Cap.REFERENCE_MANAGE, method="POST", kwargs=_case_deadline_rule
    ),
    "cases:closure_queue": Route(Cap.CASE_APPROVE_CLOSURE),
    "cases:closure_decide": Route(Cap.CASE_APPROVE_CLOSURE, method="POST", kwargs=_closure_request),
    "cases:case_by_number": Route(CASE_ROLES, kwargs=_case_number),
    "cases:case_detail": Route(CASE_ROLES, kwargs=_case),
    "cases:case_timeline": Route(CASE_ROLES, kwargs=_case),
    "cases:case_edit": Route(CASE_EDITORS, kwargs=_case),
    "cases:party_add": Route(CASE_EDITORS, kwargs=_case),
    "cases:person_edit": Route(CASE_EDITORS, kwargs=_case_victim),
    "cases:incident_add": Route(CASE_EDITORS, kwargs=_case),
    "cases:incident_edit": Route(CASE_EDITORS, kwargs=_case_incident),
    "cases:assessment_add": Route(CASE_EDITORS, kwargs=_case),
    "cases:plan_edit": Route(CASE_EDITORS, kwargs=_case),
    "cases:plan_item_add": Route(CASE_EDITORS, method="POST", kwargs=_case),
    "cases:plan_item_status": Route(CASE_EDITORS, method="POST", kwargs=_case_plan_item),
    "cases:case_transition": Route(CASE_WORKERS, method="POST", kwargs=_case),
    "cases:closure_request": Route(CASE_WORKERS, method="POST", kwargs=_case),
    "cases:case_reopen": Route(SUPERVISOR_ONLY, method="POST", kwargs=_closed_case),
    "cases:case_assign": Route(Cap.CASE_ASSIGN, method="POST", kwargs=_case),
    "cases:team_add": Route(CASE_WORKERS, method="POST", kwargs=_case),
    "cases:team_remove": Route(CASE_WORKERS, method="POST", kwargs=_case_team_member),
    "cases:case_transfer": Route(Cap.CASE_ASSIGN, method="POST", kwargs=_case),
    "cases:case_restrict": Route(SUPERVISOR_ONLY, method="POST", kwargs=_case),
    "cases:case_lawful_basis": Route(CASE_EDITORS, method="POST", kwargs=_case),
    "cases:followup_add": Route(CASE_EDITORS, method="POST", kwargs=_case),
    "cases:deadline_record": Route(CASE_EDITORS, method="POST", kwargs=_case_deadline),
    "cases:consent_add": Route(CASE_EDITORS, method="POST", kwargs=_case),
    "cases:empowerment_refer": Route(CASE_EDITORS, method="POST", kwargs=_case),
    "cases:consent_withdraw": Route(CASE_EDITORS, method="POST", kwargs=_case_consent),
    "cases:consent_override": Route(SUPERVISOR_ONLY, method="POST", kwargs=_case),
    "cases:document_upload": Route(CASE_EDITORS, method="POST", kwargs=_case),
    "cases:document_download": Route(CASE_ROLES, kwargs=_case_document),
    "cases:note_add": Route(CASE_EDITORS, method="POST", kwargs=_case),
    "cases:handling_document": Route(CASE_ROLES, kwargs=_case_victim),
    "cases:deadline_rules": Route(Cap.REFERENCE_MANAGE),
    "cases:deadline_rule_update": Route(Cap.REFERENCE_MANAGE, method="POST", kwargs=_deadline_rule),
    "care:directory": Route(CARE_DIRECTORY),
    "care:organisation_detail": Route(CARE_DIRECTORY, kwargs=_organisation),
    "care:organisation_list": Route(Cap.REFERENCE_MANAGE),
    "care:organisation_create": Route(Cap.REFERENCE_MANAGE),
    "care:organisation_edit": Route(Cap.REFERENCE_MANAGE, kwargs=_organisation),
    "care:service_list": Route(Cap.REFERENCE_MANAGE),
    "care:service_edit": Route(Cap.REFERENCE_MANAGE, kwargs=_service),
    "care:shelter_list": Route(CARE_SHELTERS),
    "care:shelter_residents": Route(Cap.SHELTER),
    "care:shelter_detail": Route(CARE_SHELTERS, kwargs=_shelter),
    # The address is for the shelter's own staff and supervisors only.
    "care:shelter_edit": Route(frozenset({Role.SUPERVISOR, Role.SHELTER_STAFF}), kwargs=_shelter),
    "care:stay_admit": Route(Cap.REFERRAL_MAKE, kwargs=_shelter),
    "care:stay_discharge": Route(CARE_SHELTERS, kwargs=_stay),
    # Referrals and the rest of a case's care (issue #5). Working a case is for its workers
    # (the PPT officer sees this centre case but does not work it); sending referrals and
    # visum letters needs Cap.REFERRAL_MAKE; the inbox is the provider's own organisation's.
    "care:referral_list": Route(CASE_ROLES),
    "care:referral_create": Route(Cap.REFERRAL_MAKE, kwargs=_care_case),
    "care:referral_detail": Route(CASE_ROLES, kwargs=_referral),
    "care:referral_cancel": Route(Cap.REFERRAL_MAKE, method="POST", kwargs=_referral),
    "care:referral_report_download": Route(
        CASE_ROLES | {Role.PROVIDER_STAFF}, kwargs=_referral_report
    ),
    "care:referral_inbox": Route(Cap.REFERRAL_INBOX),
    "care:referral_inbox_detail": Route(Cap.REFERRAL_INBOX, kwargs=_referral),
    "care:referral_accept": Route(Cap.REFERRAL_INBOX, method="POST", kwargs=_referral),
    "care:referral_decline": Route(Cap.REFERRAL_INBOX, method="POST", kwargs=_referral),
    "care:referral_schedule": Route(Cap.REFERRAL_INBOX, method="POST", kwargs=_referral),
    "care:referral_complete": Route(Cap.REFERRAL_INBOX, method="POST", kwargs=_referral),
    "care:referral_report_upload": Route(Cap.REFERRAL_INBOX, method="POST", kwargs=_referral),
    "care:service_record_add": Route(CASE_WORKERS, kwargs=_care_case),
    "care:visum_letter_create": Route(Cap.REFERRAL_MAKE, kwargs=_care_case),
    "care:visum_letter_pdf": Route(CASE_ROLES, kwargs=_visum_letter),
    "care:accompaniment_add": Route(CASE_WORKERS, kwargs=_care_case),
    "care:accompaniment_outcome": Route(CASE_WORKERS, kwargs=_accompaniment),
    "care:reintegration_add": Route(CASE_WORKERS, kwargs=_care_case),
    "care:reintegration_handover": Route(CASE_WORKERS, kwargs=_reintegration),
    "care:home_visit_add": Route(CASE_WORKERS, kwargs=_care_case),
    "care:my_visits": Route(CASE_ROLES),
    "care:home_visit_detail": Route(CASE_ROLES, kwargs=_home_visit),
    "care:home_visit_record": Route(CASE_WORKERS, method="POST", kwargs=_home_visit),
    "care:home_visit_cancel": Route(CASE_WORKERS, method="POST", kwargs=_home_visit),
    "care:task_add": Route(CASE_WORKERS, method="POST", kwargs=_care_case),
    "care:my_tasks": Route(CASE_ROLES),
    "care:task_done": Route(CASE_WORKERS, method="POST", kwargs=_task),
    # --- insights (issue #13) ---
    "insights:dashboard": Route(Cap.STATS),
    "insights:table_download": Route(
        Cap.STATS, kwargs=lambda personas: {"slug": "bentuk", "fmt": "csv"}
    ),
    "insights:map": Route(Cap.STATS),
    "insights:report": Route(Cap.STATS, method="POST", data={"tahun": 2026}),
    "insights:simfoni": Route(SUPERVISOR_ONLY),
    "insights:refresh": Route(SUPERVISOR_ONLY, method="POST"),
    "insights:case_list_export": Route(CASE_WORKERS, method="POST", data={"format": "csv"}),
    "statistik:index": Route(PUBLIC),
    "statistik:csv": Route(PUBLIC),
    "jobs:list": Route(STAFF),
    "jobs:detail": Route(frozenset({Role.ANALYST}), kwargs=_analyst_job),
    "jobs:download": Route(frozenset({Role.ANALYST}), kwargs=_analyst_job),
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

# Outreach (issue #11): the module is Cap.OUTREACH (the PPT officer in their kelurahan, the
# outreach officer city-wide); the coverage board is aggregates (Cap.OUTREACH or stats.read);
# annual targets are the outreach officer's. Public: the QR quiz, calendar, digital safety.


def _activity(personas: Any) -> dict[str, Any]:
    from tests.outreach.builders import make_activity

    return {"pk": make_activity().pk}


def _activity_photo(personas: Any) -> dict[str, Any]:
    from payung.cases.uploads import check_bytes
    from payung.outreach import services
    from tests.cases.helpers import JPEG_BYTES
    from tests.outreach.builders import LOADER, attendance, held, make_activity

    activity = held(make_activity())
    services.activity_report(
        actor=LOADER,
        activity=activity,
        attendance=attendance(),
        photos=[("kegiatan", check_bytes(JPEG_BYTES, "foto.jpg"))],
    )
    return {"pk": activity.pk, "photo_pk": activity.photos.get().pk}


def _quiz_activity(personas: Any) -> dict[str, Any]:
    from tests.outreach.builders import make_quiz

    return {"pk": make_quiz().activity_id, "phase": "sebelum"}


def _quiz_token(personas: Any) -> dict[str, Any]:
    from tests.outreach.builders import make_quiz

    return {"token": make_quiz().token, "phase": "sebelum"}


def _leader(personas: Any) -> dict[str, Any]:
    from tests.outreach.builders import make_leader

    return {"pk": make_leader().pk}


def _forum(personas: Any) -> dict[str, Any]:
    from payung.outreach import services
    from tests.outreach.builders import LOADER

    return {"pk": services.forum_create(actor=LOADER, name="Forum Anak Uji", kelurahan=None).pk}


def _forum_voice(personas: Any) -> dict[str, Any]:
    from django.utils import timezone

    from payung.outreach import services
    from tests.outreach.builders import LOADER

    forum = services.forum_create(actor=LOADER, name="Forum Anak Uji", kelurahan=None)
    voice = services.voice_add(
        actor=LOADER,
        forum=forum,
        title="Taman",
        body="",
        agency="Bappeda",
        submitted_on=timezone.localdate(),
    )
    return {"pk": forum.pk, "voice_pk": voice.pk}


FORUM = frozenset({Role.OUTREACH_OFFICER})
CATALOGUE = frozenset({Role.OUTREACH_OFFICER, Role.SYSADMIN})


def _topic(personas: Any) -> dict[str, Any]:
    from payung.outreach.models import Topic

    return {"kind": "topik", "pk": Topic.objects.values_list("pk", flat=True).first()}


def _gentong_code(personas: Any) -> dict[str, Any]:
    return {"code": "35.75.01.1002"}


def _stats_or_outreach() -> frozenset[str]:
    from payung.accounts.roles import ROLE_CAPABILITIES

    return frozenset(
        role
        for role, caps in ROLE_CAPABILITIES.items()
        if Cap.OUTREACH in caps or Cap.STATS in caps
    )


URLS.update(
    {
        "outreach:activity_list": Route(Cap.OUTREACH),
        "outreach:activity_create": Route(Cap.OUTREACH),
        "outreach:activity_detail": Route(Cap.OUTREACH, kwargs=_activity),
        "outreach:activity_hold": Route(Cap.OUTREACH, method="POST", kwargs=_activity),
        "outreach:activity_cancel": Route(
            Cap.OUTREACH, method="POST", kwargs=_activity, data={"reason": "Hujan"}
        ),
        "outreach:activity_report": Route(Cap.OUTREACH, kwargs=_activity),
        "outreach:activity_photo": Route(Cap.OUTREACH, kwargs=_activity_photo),
        "outreach:disclosure_create": Route(Cap.OUTREACH, kwargs=_activity),
        "outreach:quiz_open": Route(Cap.OUTREACH, method="POST", kwargs=_activity),
        "outreach:quiz_qr": Route(Cap.OUTREACH, kwargs=_quiz_activity),
        "outreach:coverage": Route(_stats_or_outreach()),
        "outreach:prevention": Route(_stats_or_outreach()),
        "outreach:target_set": Route(
            frozenset({Role.OUTREACH_OFFICER}),
            method="POST",
            data={"kelurahan": "35.75.01.1002", "min_sessions": 2, "min_religious": 1},
        ),
        "outreach:leader_list": Route(Cap.OUTREACH),
        "outreach:leader_create": Route(Cap.OUTREACH),
        "outreach:leader_withdraw": Route(Cap.OUTREACH, method="POST", kwargs=_leader),
        "outreach:contact_sheet": Route(Cap.OUTREACH, kwargs=_gentong_code),
        "outreach:activity_pdf": Route(
            Cap.OUTREACH, kwargs=lambda personas: {"pk": _activity_photo(personas)["pk"]}
        ),
        "outreach:recap_start": Route(Cap.OUTREACH, method="POST"),
        "outreach:catalogue": Route(CATALOGUE),
        "outreach:catalogue_add": Route(CATALOGUE, kwargs=lambda personas: {"kind": "topik"}),
        "outreach:catalogue_edit": Route(CATALOGUE, kwargs=_topic),
        "outreach:forum_list": Route(FORUM),
        "outreach:forum_create": Route(FORUM, method="POST", data={"name": "Forum"}),
        "outreach:forum_detail": Route(FORUM, kwargs=_forum),
        "outreach:member_add": Route(FORUM, method="POST", kwargs=_forum),
        "outreach:facilitator_add": Route(FORUM, method="POST", kwargs=_forum),
        "outreach:voice_add": Route(FORUM, method="POST", kwargs=_forum),
        "outreach:voice_respond": Route(FORUM, method="POST", kwargs=_forum_voice),
        "outreach_public:quiz": Route(PUBLIC, kwargs=_quiz_token),
        "outreach_public:calendar": Route(PUBLIC),
        "outreach_public:digital_safety": Route(PUBLIC),
    }
)

# API operations, keyed "METHOD /api/v1/path" as in the OpenAPI schema.
API: dict[str, Route] = {
    "GET /api/v1/me": Route(STAFF),
    "GET /api/v1/insights/dashboard": Route(Cap.STATS),
    "GET /api/v1/insights/public": Route(STAFF),
    "GET /api/v1/regions/": Route(STAFF),
    "GET /api/v1/regions/{code}": Route(STAFF, kwargs=lambda personas: {"code": "35.75"}),
    "GET /api/v1/posts/": Route(STAFF),
    "POST /api/v1/reports/": Route(
        Cap.REPORT_INTAKE, data=REPORT_API_BODY, headers={"Idempotency-Key": "authz-laporan-0001"}
    ),
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
    "GET /api/v1/cases/": Route(CASE_ROLES),
    "GET /api/v1/cases/{pk}": Route(CASE_ROLES, kwargs=_case),
    "PATCH /api/v1/cases/{pk}": Route(
        CASE_EDITORS, kwargs=_case, data={"version": 99, "risk_level": "rendah"}
    ),
    "GET /api/v1/cases/{pk}/people": Route(CASE_ROLES, kwargs=_case),
    "POST /api/v1/cases/{pk}/people": Route(
        CASE_EDITORS, kwargs=_case, data={"role": "saksi", "person": {"alias": "Saksi Uji"}}
    ),
    "PATCH /api/v1/cases/{pk}/people/{party_pk}": Route(
        CASE_EDITORS, kwargs=_case_victim, data={"version": 1, "alias": "Bunga"}
    ),
    "GET /api/v1/cases/{pk}/incidents": Route(CASE_ROLES, kwargs=_case),
    "POST /api/v1/cases/{pk}/incidents": Route(
        CASE_EDITORS,
        kwargs=_case,
        data={"place_category": "rumah_tangga", "violence_forms": ["psikis"]},
    ),
    "GET /api/v1/cases/{pk}/transitions": Route(CASE_ROLES, kwargs=_case),
    "POST /api/v1/cases/{pk}/transitions": Route(
        CASE_WORKERS, kwargs=_case, data={"to": "asesmen"}
    ),
    "POST /api/v1/cases/{pk}/closure": Route(
        CASE_WORKERS, kwargs=_case, data={"reason": "korban_menolak"}
    ),
    "POST /api/v1/cases/{pk}/closure/decision": Route(
        SUPERVISOR_ONLY, kwargs=_pending_closure_case, data={"approve": False, "note": "belum"}
    ),
    "GET /api/v1/cases/{pk}/assessments": Route(CASE_ROLES, kwargs=_case),
    "POST /api/v1/cases/{pk}/assessments": Route(
        CASE_EDITORS,
        kwargs=_case,
        data={"victim": 0, "assessed_on": "2026-01-05", "levels": {"fisik": "ringan"}},
    ),
    "GET /api/v1/cases/{pk}/consents": Route(CASE_ROLES, kwargs=_case),
    "POST /api/v1/cases/{pk}/consents": Route(
        CASE_EDITORS,
        kwargs=_case,
        data={
            "subject": 0,
            "given_by": 0,
            "purpose": "pemrosesan",
            "method": "lisan",
            "given_on": "2026-01-05",
        },
    ),
    "POST /api/v1/cases/{pk}/consents/{consent_pk}/withdraw": Route(
        CASE_EDITORS, kwargs=_case_consent, data={"note": "authz"}
    ),
    "GET /api/v1/cases/{pk}/deadlines": Route(CASE_ROLES, kwargs=_case),
    "GET /api/v1/cases/{pk}/documents": Route(CASE_ROLES, kwargs=_case),
    "POST /api/v1/cases/{pk}/documents": Route(CASE_EDITORS, kwargs=_case),
    "GET /api/v1/cases/{pk}/documents/{document_pk}": Route(CASE_ROLES, kwargs=_case_document),
    "POST /api/v1/people/search": Route(CASE_ROLES, data={"name": "Mawar"}),
}

API.update(
    {
        "GET /api/v1/care/services/": Route(STAFF),
        "GET /api/v1/care/organisations/": Route(CARE_DIRECTORY),
        "GET /api/v1/care/organisations/{pk}": Route(CARE_DIRECTORY, kwargs=_organisation),
        "GET /api/v1/care/shelters/": Route(CARE_SHELTERS),
        "GET /api/v1/care/shelters/{pk}": Route(CARE_SHELTERS, kwargs=_shelter),
        "GET /api/v1/care/referrals/": Route(CASE_ROLES),
        # A body naming a case the caller cannot see is a 422, so a valid-looking body
        # reaches the authorisation check for every role.
        "POST /api/v1/care/referrals/": Route(
            Cap.REFERRAL_MAKE,
            data={"case_id": 0, "victim_id": 0, "service": "visum", "organisation_id": 0},
        ),
        "GET /api/v1/care/referrals/{pk}": Route(CASE_ROLES, kwargs=_referral),
        "POST /api/v1/care/referrals/{pk}/cancel": Route(
            Cap.REFERRAL_MAKE, kwargs=_referral, data={"reason": "Sudah ditangani lembaga lain"}
        ),
        "GET /api/v1/care/referrals/{pk}/reports/{report_pk}": Route(
            CASE_ROLES | {Role.PROVIDER_STAFF}, kwargs=_referral_report
        ),
        "GET /api/v1/care/inbox/": Route(Cap.REFERRAL_INBOX),
        "GET /api/v1/care/inbox/{pk}": Route(Cap.REFERRAL_INBOX, kwargs=_referral),
        "POST /api/v1/care/inbox/{pk}/accept": Route(
            Cap.REFERRAL_INBOX, kwargs=_referral, data={"note": ""}
        ),
        "POST /api/v1/care/inbox/{pk}/decline": Route(
            Cap.REFERRAL_INBOX, kwargs=_referral, data={"reason": "Dokter forensik cuti"}
        ),
        "POST /api/v1/care/inbox/{pk}/schedule": Route(
            Cap.REFERRAL_INBOX,
            kwargs=_referral,
            data={"scheduled_for": "2099-01-05T10:00:00+07:00"},
        ),
        "POST /api/v1/care/inbox/{pk}/complete": Route(
            Cap.REFERRAL_INBOX,
            kwargs=_referral,
            data={"delivered_on": "2026-01-05", "outcome": "terlaksana", "description": "Visum"},
        ),
        "POST /api/v1/care/inbox/{pk}/reports": Route(Cap.REFERRAL_INBOX, kwargs=_referral),
        "GET /api/v1/care/service-records/": Route(CASE_ROLES),
        "POST /api/v1/care/service-records/": Route(
            CASE_ROLES,
            data={
                "case_id": 0,
                "victim_id": 0,
                "service": "medis",
                "delivered_on": "2026-01-05",
                "outcome": "terlaksana",
                "internal_unit": "uptd_ppa",
            },
        ),
    }
)

API.update(
    {
        "GET /api/v1/outreach/activities/": Route(Cap.OUTREACH),
        "GET /api/v1/outreach/activities/{pk}": Route(Cap.OUTREACH, kwargs=_activity),
        "GET /api/v1/outreach/plans/": Route(_stats_or_outreach()),
        "GET /api/v1/outreach/leaders/": Route(Cap.OUTREACH),
        "GET /api/v1/outreach/forums/": Route(FORUM),
    }
)

# URL patterns of the API namespace that are not operations (schema and docs).
API_PAGES: dict[str, Route] = {
    "api-1.0.0:openapi-json": Route(Cap.API_DOCS),
    "api-1.0.0:openapi-view": Route(Cap.API_DOCS),
}


# --- perkasa (issue #12) ------------------------------------------------------------------
PERKASA_REGISTER = frozenset({Role.PERKASA_OFFICER, Role.PPT_OFFICER})
PERKASA_OFFICER = frozenset({Role.PERKASA_OFFICER})
PERKASA_SCORING = frozenset({Role.PERKASA_OFFICER, Role.SYSADMIN})


def _registrant(personas: Any) -> dict[str, Any]:
    # A pre-registration in Gentong: the Perkasa officer and Gentong's PPT officer see it.
    from payung.perkasa.models import Registrant
    from tests.perkasa.helpers import register

    existing = Registrant.objects.filter(region_code="35.75.01.1002").first()
    return {"pk": (existing or register(personas.perkasa)).pk}


def _duplicate(personas: Any) -> dict[str, Any]:
    from payung.perkasa.models import DuplicateFlag
    from tests.perkasa.helpers import register

    flag = DuplicateFlag.objects.filter(status="terbuka").first()
    if flag is None:
        _registrant(personas)
        register(personas.perkasa, nik="3575016108900003", name="Ibu Kedua")
        flag = DuplicateFlag.objects.get(status="terbuka")
    return {"pk": flag.pk}


def _scoring_model(personas: Any) -> dict[str, Any]:
    from payung.perkasa.models import ScoringModel

    return {"pk": ScoringModel.objects.get(version=1).pk}


PERKASA_PROGRAMMES = frozenset({Role.PERKASA_OFFICER, Role.PERKASA_PARTNER})


def _perkasa_enrolment(personas: Any) -> Any:
    # An enrolment in a programme owned by the partner persona's agency (Diskop UMKM Uji):
    # the Perkasa officer and that agency's staff may see it.
    from payung.perkasa.models import Enrolment, Programme, ProgrammeCycle, Registrant

    enrolment = Enrolment.objects.filter(cycle__programme__name="Hibah uji rute").first()
    if enrolment is not None:
        return enrolment
    programme = Programme.objects.create(
        name="Hibah uji rute",
        agency="Diskop UMKM",
        kind="hibah",
        organisation=personas.perkasa_partner.organisation,
    )
    cycle = ProgrammeCycle.objects.create(
        programme=programme, label="2026", quota=5, budget=10_000_000
    )
    registrant = Registrant.objects.get(pk=_registrant(personas)["pk"])
    return Enrolment.objects.create(cycle=cycle, registrant=registrant)


def _perkasa_programme(personas: Any) -> dict[str, Any]:
    return {"pk": _perkasa_enrolment(personas).cycle.programme_id}


def _perkasa_cycle(personas: Any) -> dict[str, Any]:
    return {"pk": _perkasa_enrolment(personas).cycle_id}


def _perkasa_participant(personas: Any) -> dict[str, Any]:
    return {"pk": _perkasa_enrolment(personas).pk}


def _perkasa_session(personas: Any) -> dict[str, Any]:
    import datetime as dt

    from payung.perkasa.models import ProgrammeSession

    enrolment = _perkasa_enrolment(personas)
    session, _created = ProgrammeSession.objects.get_or_create(
        cycle_id=enrolment.cycle_id, topic="Pembukuan", defaults={"held_on": dt.date(2026, 3, 2)}
    )
    return {"pk": session.pk}


def _perkasa_disbursement(personas: Any) -> Any:
    from payung.cases.uploads import check_bytes
    from payung.perkasa.models import Disbursement, DisbursementProof
    from tests.cases.helpers import PDF_BYTES

    enrolment = _perkasa_enrolment(personas)
    disbursement = Disbursement.objects.filter(enrolment=enrolment).first()
    if disbursement is None:
        disbursement = Disbursement.objects.create(
            enrolment=enrolment, cycle_id=enrolment.cycle_id, tranche=1, amount=1, proof_note="x"
        )
        proof = check_bytes(PDF_BYTES, "nota.pdf")
        document = DisbursementProof(disbursement=disbursement, content_type=proof.content_type)
        document.seal(proof.data)
        document.save()
    return disbursement


def _perkasa_decision(personas: Any) -> dict[str, Any]:
    return {"pk": _perkasa_disbursement(personas).pk}


def _perkasa_proof(personas: Any) -> dict[str, Any]:
    disbursement = _perkasa_disbursement(personas)
    return {"pk": disbursement.pk, "proof_pk": disbursement.proofs.get().pk}


URLS.update(
    {
        "perkasa:programme_list": Route(PERKASA_PROGRAMMES),
        "perkasa:programme_new": Route(PERKASA_OFFICER),
        "perkasa:programme": Route(PERKASA_PROGRAMMES, kwargs=_perkasa_programme),
        "perkasa:programme_edit": Route(PERKASA_OFFICER, kwargs=_perkasa_programme),
        "perkasa:cycle_new": Route(PERKASA_OFFICER, method="POST", kwargs=_perkasa_programme),
        "perkasa:participants_export": Route(PERKASA_PROGRAMMES, kwargs=_perkasa_programme),
        "perkasa:cycle": Route(PERKASA_PROGRAMMES, kwargs=_perkasa_cycle),
        "perkasa:cycle_enrol": Route(PERKASA_OFFICER, method="POST", kwargs=_perkasa_cycle),
        "perkasa:session_new": Route(PERKASA_PROGRAMMES, method="POST", kwargs=_perkasa_cycle),
        "perkasa:session": Route(PERKASA_PROGRAMMES, kwargs=_perkasa_session),
        "perkasa:participant": Route(PERKASA_PROGRAMMES, kwargs=_perkasa_participant),
        "perkasa:business_save": Route(
            PERKASA_PROGRAMMES, method="POST", kwargs=_perkasa_participant
        ),
        "perkasa:mentoring_add": Route(
            PERKASA_PROGRAMMES, method="POST", kwargs=_perkasa_participant
        ),
        "perkasa:disbursement_propose": Route(
            PERKASA_PROGRAMMES, method="POST", kwargs=_perkasa_participant
        ),
        "perkasa:disbursement_decide": Route(
            PERKASA_OFFICER, method="POST", kwargs=_perkasa_decision, data={"decision": "tolak"}
        ),
        "perkasa:proof_download": Route(PERKASA_PROGRAMMES, kwargs=_perkasa_proof),
        "perkasa:registrant_programmes": Route(PERKASA_OFFICER, kwargs=_registrant),
        "perkasa:registrant_list": Route(PERKASA_REGISTER),
        "perkasa:registrant_new": Route(PERKASA_REGISTER),
        "perkasa:registrant": Route(PERKASA_REGISTER, kwargs=_registrant),
        "perkasa:registrant_verify": Route(PERKASA_OFFICER, kwargs=_registrant),
        "perkasa:registrant_decide": Route(PERKASA_OFFICER, method="POST", kwargs=_registrant),
        "perkasa:registrant_move": Route(PERKASA_OFFICER, method="POST", kwargs=_registrant),
        "perkasa:duplicates": Route(PERKASA_OFFICER),
        "perkasa:duplicate_decide": Route(
            PERKASA_OFFICER, method="POST", kwargs=_duplicate, data={"decision": "dismiss"}
        ),
        "perkasa:models": Route(PERKASA_SCORING),
        "perkasa:model_new": Route(PERKASA_SCORING),
        "perkasa:model": Route(PERKASA_SCORING, kwargs=_scoring_model),
        "perkasa:model_publish": Route(PERKASA_SCORING, method="POST", kwargs=_scoring_model),
        "perkasa:model_rescore": Route(PERKASA_SCORING, method="POST", kwargs=_scoring_model),
        "perkasa_public:register": Route(PUBLIC),
        "perkasa_public:thanks": Route(PUBLIC),
        "perkasa_public:status": Route(PUBLIC),
    }
)


# --- perkasa API and monitoring (issue #12 parts 4, 6, 8) ----------------------------------
PERKASA_API_KEY = {"Idempotency-Key": "authz-perkasa-0001"}


def _perkasa_disbursement_kwargs(personas: Any) -> dict[str, Any]:
    from payung.perkasa.models import Disbursement
    from tests.perkasa.helpers import perkasa_disbursement

    existing = Disbursement.objects.filter(state="diusulkan").first()
    return {"pk": (existing or perkasa_disbursement(personas.perkasa)).pk}


API.update(
    {
        "GET /api/v1/perkasa/registrants/": Route(PERKASA_REGISTER),
        "POST /api/v1/perkasa/registrants/": Route(
            PERKASA_REGISTER,
            # Valid in shape; an unknown kelurahan is a 422 for the allowed roles.
            data={
                "name": "Ibu Authz",
                "nik": "3575015205850001",
                "kelurahan_code": "00.00.00.0000",
                "head_reason": "cerai_mati",
            },
            headers=PERKASA_API_KEY,
        ),
        "POST /api/v1/perkasa/registrants/search": Route(
            PERKASA_REGISTER, data={"nik": "3575015205850001"}
        ),
        "GET /api/v1/perkasa/registrants/{pk}": Route(PERKASA_REGISTER, kwargs=_registrant),
        "GET /api/v1/perkasa/registrants/{pk}/scores": Route(PERKASA_REGISTER, kwargs=_registrant),
        "GET /api/v1/perkasa/scoring/model": Route(PERKASA_REGISTER | {Role.SYSADMIN}),
        "GET /api/v1/perkasa/programmes/": Route(PERKASA_OFFICER),
        "GET /api/v1/perkasa/enrolments/": Route(PERKASA_OFFICER),
        "POST /api/v1/perkasa/enrolments/": Route(
            PERKASA_OFFICER, data={"cycle_id": 0, "registrant_id": 0}, headers=PERKASA_API_KEY
        ),
        "POST /api/v1/perkasa/disbursements/": Route(
            PERKASA_OFFICER, data={"enrolment_id": 0, "amount": 1}, headers=PERKASA_API_KEY
        ),
        "POST /api/v1/perkasa/disbursements/{pk}/decide": Route(
            PERKASA_OFFICER,
            kwargs=_perkasa_disbursement_kwargs,
            data={"approve": False},
            headers=PERKASA_API_KEY,
        ),
    }
)


def _perkasa_override(personas: Any) -> dict[str, Any]:
    from payung.perkasa.models import CategoryOverride

    registrant_pk = _registrant(personas)["pk"]
    override = CategoryOverride.objects.filter(state="diusulkan").first()
    if override is None:
        override = CategoryOverride.objects.create(
            registrant_id=registrant_pk, category="miskin", reason="authz"
        )
    return {"pk": override.pk}


def _perkasa_appeal(personas: Any) -> dict[str, Any]:
    import datetime as dt

    from payung.perkasa.models import Appeal

    registrant_pk = _registrant(personas)["pk"]
    appeal = Appeal.objects.first() or Appeal.objects.create(
        registrant_id=registrant_pk,
        region_code="35.75.01.1002",
        received_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 1, 20),
        grounds="authz",
    )
    return {"pk": appeal.pk}


def _perkasa_followup(personas: Any) -> dict[str, Any]:
    import datetime as dt

    from payung.perkasa.models import FollowUp, Graduation, MonitoringPolicy

    registrant_pk = _registrant(personas)["pk"]
    followup = FollowUp.objects.first()
    if followup is None:
        graduation = Graduation.objects.create(
            registrant_id=registrant_pk,
            policy=MonitoringPolicy.objects.get(version=1),
            graduated_on=dt.date(2026, 1, 5),
            reason="authz",
        )
        followup = FollowUp.objects.create(
            graduation=graduation,
            registrant_id=registrant_pk,
            region_code="35.75.01.1002",
            months=6,
            due_on=dt.date(2026, 7, 5),
        )
    return {"pk": followup.pk}


URLS.update(
    {
        "perkasa:monitoring": Route(PERKASA_OFFICER),
        "perkasa:funnel": Route(PERKASA_OFFICER),
        "perkasa:override_new": Route(PERKASA_OFFICER, kwargs=_registrant),
        "perkasa:override_decide": Route(
            PERKASA_OFFICER, method="POST", kwargs=_perkasa_override, data={}
        ),
        "perkasa:appeal_new": Route(PERKASA_OFFICER, kwargs=_registrant),
        "perkasa:appeal": Route(PERKASA_OFFICER, kwargs=_perkasa_appeal),
        "perkasa:reassess": Route(PERKASA_OFFICER, kwargs=_registrant),
        "perkasa:graduate": Route(PERKASA_OFFICER, kwargs=_registrant),
        "perkasa:followup": Route(PERKASA_OFFICER, kwargs=_perkasa_followup),
    }
)
