"""Plain-language labels for the DPO's audit screens (issue #15, deliverable 8): event kinds
and access purposes from ``audit.labels``, object types from the models' ``verbose_name``.

``target_type`` is stored as a model's ``app_label.modelname``; the DPO reads the model's
Indonesian ``verbose_name`` instead (looked up in the app registry, so audit imports no app
above it). Unknown or removed models fall back to the stored code.
"""

from __future__ import annotations

from django import template
from django.apps import apps

from payung.audit import labels

register = template.Library()

register.filter("action_label", labels.action_label)
register.filter("purpose_label", labels.purpose_label)


@register.filter
def object_type_label(target_type: str) -> str:
    if not target_type or "." not in target_type:
        return target_type
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return target_type
    return str(model._meta.verbose_name).capitalize()
