"""Demo contact details for the service posts (``manage.py load_demo``).

The reference migration gives every PPT an address and opening hours but no phone number.
The demo fills in obviously fictional numbers (``0343-000-…``: no real subscriber number
starts with 000) and leaves a few gaps on purpose, so the admin's completeness check
(``/wilayah/pos/kelengkapan/``) has something to show: one post without a phone number,
one without opening hours, one without an address. Through the audited service.
"""

from __future__ import annotations

from payung.core.actors import SystemActor
from payung.regions.models import ServicePost, ServicePostKind
from payung.regions.services import service_post_update

LOADER = SystemActor("load_demo")

# Deliberately incomplete in the demo (kelurahan code → fields left empty).
GAPS: dict[str, tuple[str, ...]] = {
    "35.75.04.1010": ("phone",),  # Bugul Lor: no phone number yet
    "35.75.02.1003": ("opening_hours",),  # Tembokrejo: hours not yet agreed
    "35.75.03.1001": ("address",),  # the post is moving: address to follow
}


def load_demo_posts() -> int:
    """Give each PPT without a phone number a fictional one (except the deliberate gaps);
    returns how many posts changed. Running it again changes nothing."""
    changed = 0
    posts = ServicePost.objects.filter(kind=ServicePostKind.PPT, phone="").select_related("region")
    for post in posts.order_by("region__code"):
        gaps = GAPS.get(post.region.code, ())
        fields: dict[str, str] = {}
        if "phone" not in gaps:
            suffix = post.region.code[-4:]
            fields["phone"] = f"0343-000-{suffix}"
            fields["whatsapp"] = f"0811-0000-{suffix}"
        for name in gaps:
            if name != "phone" and getattr(post, name):
                fields[name] = ""
        if fields:
            service_post_update(actor=LOADER, post=post, **fields)
            changed += 1
    return changed
