"""Shared form pieces: the intake renderer, radio and checkbox widgets, kelurahan choices, required-field messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from payung.core.forms import FormRenderer
from payung.regions.models import Region, RegionLevel

OUTSIDE_CITY = "luar"
DESCRIPTION_MAX = 5000
SHORT_MAX = 200


class IntakeFormRenderer(FormRenderer):
    """The project's renderer (refills a kept form) with the intake field template."""

    field_template_name = "cases/forms/field.html"


# One renderer for every form that uses it. Given the class, Django makes a renderer per form,
# and each renderer builds its own template engine and parses the field templates again: on
# the case page that was a fifth of the time (docs/performance.md).
INTAKE_RENDERER = IntakeFormRenderer()


class Radios(forms.RadioSelect):
    template_name = "cases/forms/choices.html"
    option_template_name = "cases/forms/choice_option.html"


class Checkboxes(forms.CheckboxSelectMultiple):
    template_name = "cases/forms/choices.html"
    option_template_name = "cases/forms/choice_option.html"


def _city_regions(city_code: str) -> list[tuple[str, str, str]]:
    """(code, name, level) of the city's kecamatan and kelurahan, cached for five minutes:
    the public form is the busiest page and its kelurahan list is reference data."""
    key = f"payung:city-regions:{city_code}"
    regions = cache.get(key)
    if regions is None:
        regions = list(
            Region.objects.filter(code__startswith=f"{city_code}.")
            .filter(
                level__in=[RegionLevel.DISTRICT, RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE]
            )
            .order_by("code")
            .values_list("code", "name", "level")
        )
        cache.set(key, regions, 300)
    return regions


def kelurahan_choices(city_code: str) -> list[Any]:
    """Kelurahan of the city grouped by kecamatan, plus "outside the city"."""
    regions = _city_regions(city_code)
    districts = {code: name for code, name, level in regions if level == RegionLevel.DISTRICT}
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, level in regions:
        if level != RegionLevel.DISTRICT:
            groups.setdefault(code[:8], []).append((code, name))
    choices: list[Any] = [("", _("— pilih kelurahan —"))]
    for district_code, items in groups.items():
        label = _("Kecamatan %(name)s") % {"name": districts.get(district_code, district_code)}
        choices.append((label, sorted(items, key=lambda item: item[1])))
    choices.append((OUTSIDE_CITY, _("Di luar Kota Pasuruan")))
    return choices


def set_required_messages(form: forms.Form) -> None:
    """Say what to do, not that a "field" is empty."""
    for field in form.fields.values():
        if (
            "required" in field.error_messages
            and field.error_messages["required"] == forms.Field.default_error_messages["required"]
        ):
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.error_messages["required"] = _("Pilih paling sedikit satu.")
            elif isinstance(field.widget, forms.RadioSelect | forms.Select):
                field.error_messages["required"] = _("Pilih salah satu.")
            else:
                field.error_messages["required"] = _("Wajib diisi.")
