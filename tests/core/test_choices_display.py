"""``get_FOO_display()`` from a per-(field, language) map gives what Django's own gives, for
every choice of every model field with choices, in both languages (payung/core/choices_display)."""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.utils import translation

from payung.core import choices_display


def _fields():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and hasattr(field, "attname"):
                yield model, field


def test_every_display_is_djangos_and_uses_the_cached_map() -> None:
    checked = 0
    for model, field in _fields():
        method = getattr(model, f"get_{field.name}_display")
        if isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod):
            assert model.__dict__[f"get_{field.name}_display"].func is choices_display._display
        for language in ("id", "en"):
            with translation.override(language):
                for value, _label in [*field.flatchoices, ("tidak-ada-pilihan-ini", "")]:
                    instance = model()
                    setattr(instance, field.attname, value)
                    ours = method(instance)
                    django = choices_display._django_display(instance, field)
                    assert ours == django, (model, field.name, value, language)
                    checked += 1
    assert checked > 200


def test_the_language_is_part_of_the_key() -> None:
    from payung.cases.models import Case

    case = Case(status="asesmen")
    with translation.override("id"):
        assert case.get_status_display() == "Asesmen"
    with translation.override("en"):
        assert case.get_status_display() == "Assessment"
