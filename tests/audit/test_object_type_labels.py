"""The DPO reads object types as Indonesian names, not model codes (issue #15)."""

from __future__ import annotations

from django.apps import apps

from payung.audit.templatetags.audit_labels import object_type_label


def test_model_code_becomes_its_indonesian_name() -> None:
    model = apps.get_model("cases.case")
    label = object_type_label("cases.case")
    assert label != "cases.case"
    assert label.lower() == str(model._meta.verbose_name).lower()


def test_unknown_codes_are_shown_as_stored() -> None:
    assert object_type_label("gone.model") == "gone.model"
    assert object_type_label("") == ""
    assert object_type_label("nodot") == "nodot"
