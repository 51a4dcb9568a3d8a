"""The resident-facing pages: what Payung is, how to get help, where the PPT posts are.

Anonymous, light and JavaScript-free (the quick-exit script only improves a plain link).
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from payung.regions.display import post_anchor
from payung.regions.models import ServicePost
from payung.regions.schematic import PHONE_COLUMNS, MapPlace, build_tile_map
from payung.regions.selectors import PostDirectory, active_ppt_count, public_post_directory

# The ten services of the city centre (docs/domain.md#the-service), in the city's order.
CENTRE_SERVICES = (
    (_("Penanganan pengaduan"), _("menerima dan menindaklanjuti laporan Anda")),
    (_("Layanan medis"), _("pemeriksaan dan perawatan kesehatan")),
    (_("Layanan medikolegal"), _("pemeriksaan kesehatan untuk keperluan hukum")),
    (_("Layanan psikososial"), _("pendampingan psikolog dan konselor")),
    (_("Bantuan hukum"), _("pendampingan di kepolisian dan pengadilan")),
    (_("Layanan tokoh agama"), _("pendampingan rohani oleh tokoh agama")),
    (_("Pemulangan dan reintegrasi sosial"), _("membantu kembali ke keluarga dan lingkungan")),
    (_("Kunjungan rumah"), _("petugas datang ke rumah Anda")),
    (_("Rumah aman"), _("tempat tinggal sementara yang aman dan dirahasiakan")),
    (_("Visum gratis"), _("pemeriksaan visum et repertum tanpa biaya")),
)

VIOLENCE_FORMS = (
    _("Kekerasan fisik"),
    _("Kekerasan psikis"),
    _("Kekerasan mental"),
    _("Kekerasan seksual"),
    _("Penelantaran"),
    _("Eksploitasi dan perdagangan orang (TPPO)"),
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/home.html",
        {
            "services": CENTRE_SERVICES,
            "violence_forms": VIOLENCE_FORMS,
            "ppt_count": active_ppt_count(),
        },
    )


def _map_places(directory: PostDirectory) -> tuple[MapPlace, ...]:
    places = []
    for post in directory.ppt_posts:
        region = post.region
        if region.label_lat is None or region.label_lng is None or region.parent is None:
            continue
        places.append(
            MapPlace(
                code=region.code,
                name=region.name,
                group_code=region.parent.code,
                group_name=region.parent.name,
                lat=float(region.label_lat),
                lng=float(region.label_lng),
                href=f"#{post_anchor(region.code)}" if post.is_active else "",
            )
        )
    return tuple(places)


# "Jalan Gentong", "Jl. Gentong" and "jln gentong" are the same street.
_STREET = re.compile(r"\b(?:jalan|jln|jl)\b\.?\s*")


def _fold(text: str) -> str:
    return " ".join(_STREET.sub("jl ", text.casefold()).split())


def _matches(post: ServicePost, query: str) -> bool:
    """A kelurahan, kecamatan or street name typed by a resident: case-folded substring match
    over the ~35 public posts the page has already loaded (public data, no scope)."""
    region = post.region
    parent = region.parent.name if region.parent else ""
    haystack = _fold(" ".join((post.name, region.name, parent, post.address)))
    return _fold(query) in haystack


@require_GET
def posts(request: HttpRequest) -> HttpResponse:
    directory = public_post_directory()
    places = _map_places(directory)
    query = request.GET.get("q", "").strip()[:100]
    found = (
        [
            p
            for p in (*directory.centres, *directory.ppt_posts)
            if p.is_active and _matches(p, query)
        ]
        if query
        else None
    )
    return render(
        request,
        "public/posts.html",
        {
            "directory": directory,
            "tile_map": build_tile_map(places, PHONE_COLUMNS),
            "query": query,
            "found": found,
        },
    )
