"""The breach register (UU 27/2022 PDP Pasal 46): the DPO records a breach, sees the
affected subjects and the 72-hour clock, generates both notices, and every step is audited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from payung.audit.models import AuditEvent
from payung.audit.services import audit_chain_verify
from payung.notifications.models import Notification
from payung.privacy import services
from payung.privacy.models import BreachStatus
from tests.cases.casework import VICTIM, open_case
from tests.privacy.builders import breach


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def _login(client, user) -> None:
    client.force_login(user)


def _recorded_days_ago(days: int = 2) -> None:
    """Data recorded before the controller learnt of the breach (what could have leaked)."""
    from payung.cases.models import Person, Report

    then = timezone.now() - timedelta(days=days)
    Person.objects.update(created_at=then)
    Report.objects.update(created_at=then)


def test_dpo_records_a_breach_sees_subjects_and_the_72_hour_clock(client, personas) -> None:
    case = open_case(personas)
    _recorded_days_ago()
    _login(client, personas.dpo)
    aware = timezone.localtime() - timedelta(hours=10)
    response = client.post(
        reverse("privacy:breach_create"),
        {
            "discovered_at": (aware - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "discovered_by": "Admin server (fiktif)",
            "aware_at": aware.strftime("%Y-%m-%dT%H:%M"),
            "systems": ["basis_data"],
            "tables": ["cases_person"],
            "categories": ["identitas", "alamat"],
            "severity": "tinggi",
            "description": "Dump basis data terbuka di internet selama dua jam.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # 72 h from awareness, about 62 h left: the clock on the DPO's screen.
    assert "Sisa 62 jam dari 3×24 jam" in html or "Sisa 61 jam dari 3×24 jam" in html
    assert case.number in html  # the affected subject, by case number
    assert personas.case_manager.username in html  # reached through the case worker
    assert VICTIM not in html  # never by name
    event = AuditEvent.objects.filter(action="privacy.breach_record").get()
    assert event.actor_id == personas.dpo.pk


def test_the_clock_turns_red_when_the_72_hours_have_passed(client, personas) -> None:
    item = breach(
        personas,
        aware_at=timezone.now() - timedelta(hours=80),
        discovered_at=timezone.now() - timedelta(hours=81),
    )
    assert item.is_overdue()
    _login(client, personas.dpo)
    html = client.get(reverse("privacy:breach_list")).content.decode()
    assert "Lewat 8 jam dari batas 3×24 jam" in html


def test_affected_subjects_come_from_the_tables_involved(personas) -> None:
    case = open_case(personas)
    _recorded_days_ago()
    by_person = breach(personas, tables=["cases_person"])
    by_audit_only = breach(personas, tables=["audit"])
    from payung.privacy.selectors import affected_subjects

    rows = affected_subjects(by_person)
    assert [r.case_number for r in rows] == [case.number]
    assert rows[0].worker == personas.case_manager.username
    assert affected_subjects(by_audit_only) == []
    # A case recorded after the controller learnt of the breach was not in the leaked data.
    later = breach(
        personas,
        tables=["cases_person"],
        aware_at=timezone.now() - timedelta(days=3),
        discovered_at=timezone.now() - timedelta(days=3, hours=1),
    )
    assert affected_subjects(later) == []


def test_both_notices_are_pdfs_in_indonesian_that_say_what_when_how_and_what_was_done(
    client, personas
) -> None:
    open_case(personas)
    _recorded_days_ago()
    item = breach(personas)
    _login(client, personas.dpo)
    texts = {}
    for audience in ("subjek", "lembaga", "publik"):
        response = client.post(
            reverse("privacy:breach_notice", args=[item.pk]), {"audience": audience}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        texts[audience] = _text(response.content)
    for text in texts.values():
        assert item.reference in text
        assert "Identitas (nama, NIK, No. KK)" in text  # what leaked
        assert "Salinan cadangan basis data tersimpan di server berbagi" in text  # how
        assert "kunci enkripsi diganti" in text  # what was done
        assert "3 x 24 jam" in text
        assert VICTIM not in text
    assert "tidak dikirim ke alamat rumah" in texts["subjek"]
    assert "Jumlah subjek data yang terdampak" in texts["lembaga"]
    assert "Pasal 46" in texts["lembaga"]
    notices = AuditEvent.objects.filter(action="privacy.breach_notice", target_id=str(item.pk))
    assert sorted(e.changes["audience"][1] for e in notices) == ["lembaga", "publik", "subjek"]


def test_public_notice_only_when_chosen(personas) -> None:
    item = breach(personas, public_notice=False)
    with pytest.raises(ValidationError):
        services.breach_notice(actor=personas.dpo, breach=item, audience="publik")


def test_contact_plan_goes_to_the_case_worker_without_names(personas) -> None:
    case = open_case(personas)
    _recorded_days_ago()
    item = breach(personas)
    assert services.breach_contact_plan_send(actor=personas.dpo, breach=item) == 1
    note = Notification.objects.get(recipient=personas.case_manager)
    assert case.number in note.title and item.reference in note.title
    assert "Jangan kirim surat ke alamat rumah" in note.title
    assert VICTIM not in note.title
    assert AuditEvent.objects.filter(action="privacy.breach_contact_plan").exists()


def test_breach_linked_to_a_failed_verification_and_closed_after_notice(personas) -> None:
    from payung.audit.models import AuditEvent as Event

    open_case(personas)
    # A failed chain check, as the DPO's screen records it.
    with pytest.MonkeyPatch.context() as mp:
        from payung.audit import services as audit_services
        from payung.audit.verify import ChainProblem, ProblemKind

        real = audit_services.verify_audit

        def broken(**kwargs):
            result = real(**kwargs)
            result.chains[0].problems.append(ChainProblem(ProblemKind.HASH_MISMATCH, 3, "edited"))
            return result

        mp.setattr(audit_services, "verify_audit", broken)
        result = audit_chain_verify(actor=personas.dpo)
    assert not result.ok and result.event_id is not None
    failed = Event.objects.get(pk=result.event_id)
    item = breach(personas, verification_event=failed, tables=["audit"])
    assert item.verification_event_id == failed.pk
    with pytest.raises(ValidationError):
        services.breach_close(actor=personas.dpo, breach=item)
    now = timezone.now()
    services.breach_mark_notified(
        actor=personas.dpo, breach=item, subjects_at=now, authority_at=now
    )
    item.refresh_from_db()
    assert item.status == BreachStatus.NOTIFIED and not item.is_overdue()
    services.breach_close(actor=personas.dpo, breach=item)
    item.refresh_from_db()
    assert item.status == BreachStatus.CLOSED
    actions = set(
        AuditEvent.objects.filter(target_type="privacy.breach").values_list("action", flat=True)
    )
    assert {"privacy.breach_record", "privacy.breach_notified", "privacy.breach_close"} <= actions


def test_a_non_verification_event_cannot_be_linked(personas) -> None:
    open_case(personas)
    other = AuditEvent.objects.exclude(action="audit.verify").order_by("-id").first()
    with pytest.raises(ValidationError):
        breach(personas, verification_event=other)


def test_only_the_dpo_records_breaches(personas) -> None:
    for actor in (personas.supervisor, personas.sysadmin, personas.analyst):
        with pytest.raises(PermissionDenied):
            services.breach_record(
                actor=actor,
                data=services.BreachInput(
                    discovered_at=timezone.now(),
                    discovered_by="x",
                    aware_at=timezone.now(),
                    systems=[],
                    tables=[],
                    categories=["identitas"],
                    severity="rendah",
                    description="uji uji uji uji",
                ),
            )


def test_dpo_home_cards_point_to_the_privacy_registers(client, personas) -> None:
    _login(client, personas.dpo)
    home = client.get(reverse("accounts:home")).content.decode()
    for name in ("privacy:breach_list", "privacy:request_list", "privacy:retention"):
        assert reverse(name) in home


def test_a_failed_verification_page_links_to_the_breach_form(client, personas, monkeypatch) -> None:
    from payung.audit import services as audit_services
    from payung.audit.verify import ChainProblem, ProblemKind

    real = audit_services.verify_audit

    def broken(**kwargs):
        result = real(**kwargs)
        result.chains[0].problems.append(ChainProblem(ProblemKind.GAP, 2, "deleted"))
        return result

    monkeypatch.setattr(audit_services, "verify_audit", broken)
    _login(client, personas.dpo)
    html = client.post(reverse("audit:verify")).content.decode()
    event = AuditEvent.objects.filter(action="audit.verify").latest("id")
    assert f"{reverse('privacy:breach_create')}?verifikasi={event.pk}" in html
    form = client.get(f"{reverse('privacy:breach_create')}?verifikasi={event.pk}").content.decode()
    assert f'value="{event.pk}" selected' in form
