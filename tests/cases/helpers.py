"""Builders shared by the intake tests (cases, public report pages, notifications, API)."""

from __future__ import annotations

import importlib
import io
import secrets
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from payung.cases import services
from payung.cases.choices import Channel
from payung.cases.models import Report
from payung.core.actors import PUBLIC_FORM
from payung.regions.models import Region
from tests.factories import GENTONG


def _tiny_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 40, 40)).save(out, format="JPEG")
    return out.getvalue()


def _tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (1, 1), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()


# Small valid files of each kind: photos decode (uploads strip their metadata), and a
# JPEG without metadata is stored byte for byte.
JPEG_BYTES = _tiny_jpeg()
PNG_BYTES = _tiny_png()
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_BYTES = b"<!doctype html><html><body><script>alert(1)</script></body></html>"

SCRIPT = "<script>alert(1)</script>"


def report_input(**overrides: Any) -> services.ReportInput:
    values: dict[str, Any] = {
        "channel": Channel.WALK_IN,
        "reporter_relation": "tetangga",
        "violence_forms": ["fisik"],
        "description": "Tetangga sering memukul anaknya pada malam hari.",
        "place_category": "rumah_tangga",
        "victim_sex": "p",
        "contact_channel": "jangan",
        "kelurahan": Region.objects.get(code=GENTONG),
        "consent": True,
    }
    values.update(overrides)
    return services.ReportInput(**values)


def make_report(
    *, actor: Any = None, key: str | None = None, attachment: Any = None, **overrides: Any
) -> Report:
    namespace = "web" if actor is None else f"staff:{actor.pk}"
    if actor is None:
        overrides.setdefault("channel", Channel.WEB)
    submission = services.report_create(
        actor=actor if actor is not None else PUBLIC_FORM,
        data=report_input(**overrides),
        idempotency_namespace=namespace,
        idempotency_key=key or secrets.token_urlsafe(16),
        attachment=attachment,
    )
    return submission.report


def make_submission(
    *, actor: Any = None, key: str | None = None, **overrides: Any
) -> services.ReportSubmission:
    namespace = "web" if actor is None else f"staff:{actor.pk}"
    if actor is None:
        overrides.setdefault("channel", Channel.WEB)
    return services.report_create(
        actor=actor if actor is not None else PUBLIC_FORM,
        data=report_input(**overrides),
        idempotency_namespace=namespace,
        idempotency_key=key or secrets.token_urlsafe(16),
    )


def public_form_data(token: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A valid POST for /lapor/ as a browser without JavaScript would send it."""
    data: dict[str, Any] = {
        "submission_token": token or secrets.token_urlsafe(24),
        "reporter_relation": "tetangga",
        "reporter_anonymous": "1",
        "reporter_name": "",
        "danger_now": "0",
        "violence_forms": ["fisik", "mental"],
        "description": "Saya mendengar anak tetangga dipukul setiap malam.",
        "incident_date": "",
        "location": GENTONG,
        "outside_city_place": "",
        "address_detail": "RT 02 RW 03",
        "place_category": "rumah_tangga",
        "victim_name": "",
        "victim_age": "9",
        "victim_age_group": "",
        "victim_sex": "l",
        "victim_is_child": "tidak_tahu",
        "victim_disability": "tidak_tahu",
        "contact_channel": "jangan",
        "reporter_phone": "",
        "reporter_email": "",
        "contact_safe_times": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def file_obj(name: str, content: bytes) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


REFERENCE_SEEDS = (
    ("payung.regions.migrations.0002_kota_pasuruan_reference", "load"),
    ("payung.cases.migrations.0002_seed_triage_deadline_rules", "seed"),
    ("payung.cases.migrations.0004_seed_case_deadline_rules", "seed"),
    ("payung.cases.migrations.0010_response_window_and_pkdrt_anchors", "forward"),
    ("payung.calendar.migrations.0002_seed_holidays_2025_2027", "seed"),
    ("payung.partners.migrations.0002_every_service_code_has_a_row", "seed"),
    ("payung.outreach.migrations.0002_seed_catalogues", "seed"),
    ("payung.perkasa.migrations.0002_scoring_model_v1", "publish_v1"),
    ("payung.perkasa.migrations.0005_monitoring_appeals_api", "publish_policy_v1"),
    ("payung.privacy.migrations.0002_seed_retention_schedule", "seed"),
)


def reseed_reference_data() -> None:
    """Put back what the data migrations seeded (idempotent).

    A transactional test (live server, real concurrency) ends with a flush that empties every
    table, including Kota Pasuruan's regions and posts that the migrations loaded; the tests
    after it expect them.
    """
    from django.apps import apps

    for module, loader in REFERENCE_SEEDS:
        getattr(importlib.import_module(module), loader)(apps, None)
