"""The public statistics: no sign-in, no JavaScript, small cells suppressed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from payung.core.exports import CSV_TYPE, csv_bytes
from payung.insights import public_stats

CSV_HEADERS = ("tabel", "kategori", "tahun", "jumlah", "keterangan")


@require_GET
def public_statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/public_statistics.html", {"stats": public_stats.cached()})


@require_GET
def public_csv(request: HttpRequest) -> HttpResponse:
    stats = public_stats.cached()
    response = HttpResponse(
        csv_bytes(CSV_HEADERS, public_stats.csv_rows(stats)), content_type=CSV_TYPE
    )
    response["Content-Disposition"] = (
        'attachment; filename="statistik-kekerasan-perempuan-anak.csv"'
    )
    return response
