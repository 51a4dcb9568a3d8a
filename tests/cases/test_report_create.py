"""services.report_create: what is stored, how, and what a repeated submission gets."""

from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.cases import codes, services
from payung.cases.choices import Channel, ReportEventKind, RiskLevel
from payung.cases.models import Report
from payung.core import crypto
from payung.core.actors import PUBLIC_FORM
from payung.notifications.models import Notification, OutboxMessage
from tests.cases.helpers import make_report, make_submission, report_input, reseed_reference_data

pytestmark = pytest.mark.django_db

# Real concurrency needs a server database: SQLite serialises writers (the race itself is
# covered on both databases by forcing the losing path). Decided at collection, so SQLite
# does not even set up (and flush) a transactional database for it.
needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="true concurrency needs PostgreSQL",
)


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


def test_the_database_row_holds_no_plaintext_of_identifying_fields() -> None:
    report = make_report(
        description="Ayah tiri memukul Ani setiap malam",
        reporter_anonymous=False,
        reporter_name="Bu Sulastri",
        reporter_phone="0812-3456-7890",
        contact_channel="whatsapp",
        victim_name="Ani Rahayu",
        address_detail="Jl. Melati 7 RT 2",
    )
    columns = "description, reporter_name, reporter_phone, victim_name, address_detail, reporter_phone_index"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM cases_report WHERE id = %s", [report.pk])
        row = cursor.fetchone()
    raw = " ".join(str(v) for v in row)
    for plain in ("memukul", "Sulastri", "3456", "Ani", "Melati"):
        assert plain not in raw
    assert all(str(v).startswith("enc1:") for v in row[:5])
    # …while the model reads them back decrypted.
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.description == "Ayah tiri memukul Ani setiap malam"
    assert fresh.reporter_phone == "081234567890"


def test_the_reporter_phone_has_a_blind_index_that_matches_any_spelling() -> None:
    a = make_report(reporter_phone="+62 812-3456-7890", contact_channel="telepon")
    b = make_report(reporter_phone="0812 3456 7890", contact_channel="sms")
    assert (
        a.reporter_phone_index
        == b.reporter_phone_index
        == crypto.blind_index("081234567890", "phone")
    )
    assert (
        Report.objects.filter(
            reporter_phone_index=crypto.blind_index("081234567890", "phone")
        ).count()
        == 2
    )


def test_the_pin_is_returned_once_and_stored_only_as_a_keyed_hash() -> None:
    submission = make_submission()
    assert len(submission.pin) == 6 and submission.pin.isdigit()
    report = Report.objects.get(pk=submission.report.pk)
    assert submission.pin not in report.pin_hash
    assert report.pin_hash.startswith("pinhmac$")
    assert codes.check_pin(submission.pin, report.pin_hash)
    assert not codes.check_pin(f"{(int(submission.pin) + 1) % 10**6:06d}", report.pin_hash)


def test_the_same_pin_hashes_differently_for_two_reports() -> None:
    # A random salt per report: equal PINs do not show as equal hashes in the database.
    assert codes.hash_pin("123456") != codes.hash_pin("123456")


def test_a_pin_hash_needs_the_server_key(settings) -> None:
    stored = codes.hash_pin("123456")
    # Another key (a database restored next to the wrong configuration, or an attacker
    # holding only the database) cannot confirm the PIN.
    settings.REPORT_PIN_KEYS = [base64.urlsafe_b64encode(b"k" * 32).decode()]
    assert not codes.check_pin("123456", stored)


def test_the_old_key_still_verifies_after_a_new_one_is_put_in_front(settings) -> None:
    stored = codes.hash_pin("123456")
    settings.REPORT_PIN_KEYS = [
        base64.urlsafe_b64encode(b"n" * 32).decode(),
        *settings.REPORT_PIN_KEYS,
    ]
    assert codes.check_pin("123456", stored)
    assert codes.hash_pin("123456").split("$")[1] != stored.split("$")[1]


def test_pins_hashed_with_argon2_before_the_keyed_hash_still_verify(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    stored = Argon2PasswordHasher().encode("654321", Argon2PasswordHasher().salt())
    assert codes.check_pin("654321", stored)
    assert not codes.check_pin("654320", stored)


def test_the_same_key_returns_the_first_report_and_its_pin() -> None:
    first = make_submission(key="kunci-yang-sama-123")
    again = make_submission(key="kunci-yang-sama-123", description="diketik ulang")
    assert not again.created and again.report.pk == first.report.pk and again.pin == first.pin
    assert Report.objects.count() == 1


def test_a_late_repeat_of_a_web_form_does_not_show_the_pin_again(settings) -> None:
    settings.REPORT_REPLAY_PIN_SECONDS = 60
    first = make_submission(key="kunci-lama-12345678")
    Report.objects.filter(pk=first.report.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    again = make_submission(key="kunci-lama-12345678")
    assert again.report.pk == first.report.pk and again.pin is None


def test_the_same_key_in_another_namespace_is_another_report(personas) -> None:
    make_submission(key="kunci-1234567890")
    make_submission(key="kunci-1234567890", actor=personas.ppt_gentong)
    assert Report.objects.count() == 2


def test_a_strict_repeat_with_a_different_body_is_a_conflict(personas) -> None:
    kwargs = {
        "actor": personas.case_manager,
        "idempotency_namespace": "api:1",
        "idempotency_key": "k" * 12,
        "strict_idempotency": True,
    }
    services.report_create(data=report_input(), **kwargs)
    with pytest.raises(services.IdempotencyConflict):
        services.report_create(data=report_input(description="lain"), **kwargs)


def test_a_double_submit_that_loses_the_race_finds_the_winner() -> None:
    """Both requests passed the "already there?" check; the second insert hits the unique
    constraint, and must answer with the first report instead of an error or a duplicate."""
    winner = make_submission(key="balapan-123456789")
    real_filter = Report.objects.filter
    calls = {"n": 0}

    def blind_first_lookup(*args, **kwargs):
        qs = real_filter(*args, **kwargs)
        if "idempotency_key" in kwargs and calls["n"] == 0:
            calls["n"] += 1
            return qs.none()
        return qs

    with mock.patch.object(Report.objects, "filter", side_effect=blind_first_lookup):
        loser = make_submission(key="balapan-123456789")
    assert calls["n"] == 1
    assert not loser.created and loser.report.pk == winner.report.pk and loser.pin == winner.pin
    assert Report.objects.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_makes_one_report() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "true concurrency needs PostgreSQL; SQLite serialises writers (covered by the race test above)"
        )
    barrier = threading.Barrier(2)
    results: list[services.ReportSubmission] = []
    errors: list[BaseException] = []
    data = report_input()

    def submit() -> None:
        try:
            barrier.wait()
            results.append(
                services.report_create(
                    actor=PUBLIC_FORM,
                    data=data,
                    idempotency_namespace="web",
                    idempotency_key="serentak-123456",
                )
            )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Report.objects.count() == 1
    assert {r.report.pk for r in results} == {Report.objects.get().pk}
    assert len({r.pin for r in results}) == 1


def test_someone_in_danger_makes_a_high_risk_report_due_within_the_hour() -> None:
    report = make_report(danger_now=True)
    assert report.risk_level == RiskLevel.HIGH and report.risk_provisional
    assert report.due_at == report.received_at + timedelta(hours=1)


def test_sexual_violence_against_a_child_starts_as_high_risk() -> None:
    report = make_report(violence_forms=["seksual"], victim_age=12)
    assert report.flag_child and report.flag_sexual
    assert report.risk_level == RiskLevel.HIGH


def test_other_reports_wait_as_medium_risk_for_six_hours() -> None:
    report = make_report()
    assert report.risk_level == RiskLevel.MEDIUM and report.risk_provisional
    assert report.due_at - report.received_at == timedelta(hours=6)


def test_staff_may_assess_risk_at_intake(personas) -> None:
    report = make_report(actor=personas.ppt_gentong, risk_level="rendah")
    assert report.risk_level == RiskLevel.LOW and not report.risk_provisional


def test_age_gives_the_age_group_and_the_child_flag() -> None:
    report = make_report(victim_age=15, victim_is_child="tidak")
    assert (
        report.victim_age_group == "13-17" and report.victim_is_child == "ya" and report.flag_child
    )


def test_an_anonymous_reporter_keeps_no_name() -> None:
    report = make_report(reporter_anonymous=True, reporter_name="Tidak Disimpan")
    assert report.reporter_name == ""


def test_receiving_is_recorded_in_history_and_audit(personas) -> None:
    report = make_report(actor=personas.ppt_gentong)
    assert list(report.events.values_list("kind", flat=True)) == [ReportEventKind.RECEIVED]
    event = AuditEvent.objects.get(action="report.create", target_id=str(report.pk))
    assert event.actor == personas.ppt_gentong
    assert "description" not in event.changes and "Tetangga" not in str(event.changes)


def test_invalid_input_is_refused_by_the_service_too() -> None:
    with pytest.raises(ValidationError) as exc:
        services.report_create(
            actor=PUBLIC_FORM,
            data=report_input(
                channel=Channel.WEB, consent=False, violence_forms=[], description=" "
            ),
            idempotency_namespace="web",
            idempotency_key=secrets.token_urlsafe(16),
        )
    assert {"consent", "violence_forms", "description"} <= set(exc.value.message_dict)


def test_a_high_risk_report_notifies_the_on_duty_case_managers_after_commit(
    personas, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    personas.case_manager.on_duty = True
    personas.case_manager.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = make_report(danger_now=True, victim_name="Ani Rahayu")
    assert len(callbacks) == 1
    note = Notification.objects.get()
    assert note.recipient == personas.case_manager
    assert note.title == f"Laporan baru berisiko tinggi: {report.display_code}"
    message = OutboxMessage.objects.get()
    assert (
        message.channel == "email"
        and message.status == "pending"
        and message.recipient == personas.case_manager
    )
    assert "Ani" not in message.subject + message.body
    assert f"/kasus/laporan/{report.pk}/" in message.body
    assert personas.case_manager2 not in [n.recipient for n in Notification.objects.all()]


def test_no_notification_is_sent_before_the_transaction_commits(
    personas, django_capture_on_commit_callbacks
) -> None:
    personas.case_manager.on_duty = True
    personas.case_manager.save()
    with django_capture_on_commit_callbacks(execute=False):
        make_report(danger_now=True)
    assert Notification.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_a_medium_risk_report_notifies_nobody(personas, django_capture_on_commit_callbacks) -> None:
    personas.case_manager.on_duty = True
    personas.case_manager.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_report()
    assert callbacks == [] and OutboxMessage.objects.count() == 0


def test_with_nobody_on_duty_the_supervisors_are_told(
    personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        make_report(danger_now=True)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        personas.supervisor.username
    ]
