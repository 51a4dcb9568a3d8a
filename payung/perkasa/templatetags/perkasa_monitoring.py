"""``{% perkasa_monitoring r %}``: the monitoring block of the registrant page, for Perkasa
officers (category with its override, assessments over time, appeals, graduation)."""

from __future__ import annotations

from typing import Any

from django import template

from payung.perkasa import policies

register = template.Library()


@register.inclusion_tag("perkasa/monitoring/_registrant.html", takes_context=True)
def perkasa_monitoring(context: Any, registrant: Any) -> dict[str, Any]:
    from payung.perkasa.views_monitoring import registrant_panel

    user = context["request"].user
    if not policies.is_officer(user):
        return {"show": False}
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        **registrant_panel(user, registrant),
    }
