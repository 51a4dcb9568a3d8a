"""``get_FOO_display()`` without rebuilding the field's choices on every call.

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` each
time it is called: it walks every choice of the field, hashing each label (a lazy translation,
translated to hash it). The case page calls it ~110 times (statuses, roles, kinds, purposes of
every row it shows) and a profile put it at a tenth of the page's time (docs/performance.md,
issue #16). The mapping of a model field's choices is fixed for the process, per language, so
it is built once per (field, language) here.

A field whose choices are a callable (Django 5) may change between calls: those keep
Django's own path.
"""

from __future__ import annotations

from functools import partialmethod
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_django_display = models.Model._get_FIELD_display  # type: ignore[attr-defined]
_cache: dict[tuple[int, str | None], dict[Any, Any]] = {}


def _display(self: models.Model, field: models.Field) -> Any:
    if callable(getattr(field, "_choices", None)):
        return _django_display(self, field)
    key = (id(field), get_language())
    choices = _cache.get(key)
    if choices is None:
        choices = {
            make_hashable(value): force_str(label, strings_only=True)
            for value, label in field.flatchoices
        }
        _cache[key] = choices
    value = getattr(self, field.attname)
    try:
        return choices.get(make_hashable(value), value)
    except TypeError:  # an unhashable value that make_hashable could not turn hashable
        return _django_display(self, field)


def install() -> None:
    """Called once from CoreConfig.ready(). Each model class got its ``get_FOO_display`` as a
    ``partialmethod`` of Django's function when it was created, so those are replaced (only
    Django's own: a model that defines its own display method keeps it)."""
    from django.apps import apps

    models.Model._get_FIELD_display = _display  # type: ignore[attr-defined]
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not getattr(field, "choices", None) or not hasattr(field, "attname"):
                continue
            name = f"get_{field.name}_display"
            for klass in model.__mro__:
                current = klass.__dict__.get(name)
                if current is None:
                    continue
                if isinstance(current, partialmethod) and current.func is _django_display:
                    setattr(klass, name, partialmethod(_display, field=current.keywords["field"]))
                break
