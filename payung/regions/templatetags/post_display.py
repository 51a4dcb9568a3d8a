"""Template filters for service posts: ``{% load post_display %}``."""

from __future__ import annotations

from django import template

from payung.regions import display

register = template.Library()


@register.filter
def post_anchor(region_code: str) -> str:
    return display.post_anchor(str(region_code))


@register.filter
def tel_uri(number: str) -> str:
    return display.tel_uri(str(number or ""))


@register.filter
def whatsapp_uri(number: str) -> str:
    return display.whatsapp_uri(str(number or ""))
