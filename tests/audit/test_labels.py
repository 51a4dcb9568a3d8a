"""The DPO reads the audit trail in plain language (issue #15, deliverable 8): every event
kind and access purpose the code emits has an Indonesian label (with its English
translation), and object types are the models' own names, never class names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation
from django.utils.text import camel_case_to_spaces

from payung.audit.labels import ACTION_LABELS, PURPOSE_LABELS, action_label, purpose_label
from payung.audit.services import access_record, audit_event
from payung.notifications.models import OutboxStatus

PACKAGE = Path(__file__).resolve().parents[2] / "payung"
CODE = re.compile(r"[a-z_]+(\.[a-z_]+)+")

# Codes built at run time, and what they expand to.
DYNAMIC = {"outbox.{message.status}": [f"outbox.{s}" for s in OutboxStatus.values]}


def _constants(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.JoinedStr):
        return DYNAMIC.get(ast.unparse(node)[2:-1], ["<unknown f-string>"])
    return None


def emitted(keyword: str) -> set[str]:
    """Every dotted code passed as ``keyword=`` to any call in the package."""
    codes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg == keyword:
                    found = _constants(kw.value) or []
                    codes.update(c for c in found if CODE.fullmatch(c) or c.startswith("<"))
    return codes


def test_the_scan_finds_what_the_code_emits() -> None:
    actions = emitted("action")
    # Literal, conditional and run-time codes are all found.
    assert {"case.open", "report.create", "audit.verify", "outbox.failed"} <= actions
    assert {"case.closure_approve", "case.closure_reject"} <= actions
    assert {"case.view", "case.list.mine"} <= emitted("purpose")


def test_every_emitted_event_kind_has_a_label() -> None:
    missing = sorted(emitted("action") - set(ACTION_LABELS))
    assert not missing, f"add these to payung/audit/labels.py ACTION_LABELS: {missing}"


def test_every_emitted_access_purpose_has_a_label() -> None:
    missing = sorted(emitted("purpose") - set(PURPOSE_LABELS))
    assert not missing, f"add these to payung/audit/labels.py PURPOSE_LABELS: {missing}"


def test_labels_are_indonesian_with_an_english_translation() -> None:
    with translation.override("id"):
        assert action_label("case.open") == "Kasus dibuka"
        assert purpose_label("case.view") == "Melihat kasus"
    with translation.override("en"):
        assert action_label("case.open") == "Case opened"
    untranslated = []
    for table in (ACTION_LABELS, PURPOSE_LABELS):
        for code, label in table.items():
            with translation.override("id"):
                indonesian = str(label)
            with translation.override("en"):
                if str(label) == indonesian:
                    untranslated.append(code)
    assert not untranslated, untranslated
    assert action_label("gone.kind") == "gone.kind"


def test_every_model_has_its_own_name() -> None:
    """Object types show the model's verbose_name: a model left with the one Django derives
    from its class name would show English to the DPO."""
    derived = [
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("payung.")
        and str(model._meta.verbose_name) == camel_case_to_spaces(model.__name__)
    ]
    assert not derived, derived


@pytest.mark.django_db
def test_the_dpo_screens_show_labels_and_keep_the_codes(client: Client, personas) -> None:
    audit_event(actor=personas.case_manager, action="case.open", target=personas.case_manager)
    access_record(
        actor=personas.case_manager, target=personas.case_manager, purpose="case.timeline"
    )
    client.force_login(personas.dpo)
    events = client.get("/audit/").content.decode()
    assert "Kasus dibuka" in events and "<code>case.open</code>" in events
    access = client.get("/audit/akses/").content.decode()
    assert "Melihat riwayat kasus" in access and "<code>case.timeline</code>" in access
    assert "Pengguna" in access  # the object type, from accounts.User's verbose_name
