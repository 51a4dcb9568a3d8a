"""``manage.py import_boundaries <file.geojson> [--source TEXT] [--within CODE] [--dry-run]``

Loads kelurahan boundary polygons from an official source into ``Region.boundary``. The
matching rules live in ``payung.regions.boundaries``; the write (one transaction, audited) in
``payung.regions.services.region_boundaries_import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from payung.regions.boundaries import (
    BoundaryFileError,
    Rejected,
    load_feature_collection,
    plan_boundaries,
)
from payung.regions.models import Region
from payung.regions.services import region_boundaries_import


class Command(BaseCommand):
    help = "Impor batas kelurahan (GeoJSON FeatureCollection, WGS84) ke data wilayah."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="berkas .geojson")
        parser.add_argument(
            "--source",
            default="",
            help='asal data, disimpan bersama batas wilayah (mis. "BIG, Batas Wilayah 2024, lisensi ...")',
        )
        parser.add_argument(
            "--within",
            default="",
            help="hanya cocokkan kelurahan di bawah kode ini (mis. 35.75); bawaan: semua",
        )
        parser.add_argument(
            "--actor", default="", help="nama akun yang dicatat di audit (bawaan: sistem)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="tampilkan hasil pencocokan tanpa menyimpan"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        regions = (
            Region.objects.villages().select_related("parent").defer("boundary", "parent__boundary")
        )
        if options["within"]:
            regions = regions.within(options["within"])
        actor = None
        if options["actor"]:
            actor = (
                get_user_model().objects.filter(username=options["actor"], is_active=True).first()
            )
            if actor is None:
                raise CommandError(f"akun aktif {options['actor']!r} tidak ditemukan")
        try:
            plan = plan_boundaries(load_feature_collection(path), regions)
        except BoundaryFileError as exc:
            raise CommandError(str(exc)) from exc

        source = (
            options["source"].strip() or f"{path.name} (diimpor {timezone.localdate():%Y-%m-%d})"
        )
        out = self.stdout
        out.write(f"Berkas: {path}")
        out.write(f"Sumber: {source}")
        out.write(
            f"Cocok: {len(plan.matched)} (menurut kode: {plan.count_by('code')}, "
            f"menurut nama: {plan.count_by('name')})"
        )
        self._list("Tidak cocok", plan.unmatched)
        self._list("Ambigu (tidak disimpan)", plan.ambiguous)
        self._list("Geometri tidak valid (tidak disimpan)", plan.invalid)
        for warning in plan.warnings:
            out.write(self.style.WARNING(f"Peringatan: {warning}"))
        if plan.missing:
            names = ", ".join(f"{r.name} ({r.code})" for r in plan.missing)
            out.write(f"Kelurahan tanpa fitur di berkas: {len(plan.missing)} — {names}")

        if options["dry_run"]:
            out.write(self.style.NOTICE("Uji coba (--dry-run): tidak ada yang disimpan."))
            return
        changed = region_boundaries_import(actor=actor, plan=plan, source=source)
        out.write(
            self.style.SUCCESS(
                f"Disimpan: {len(changed)} batas wilayah diperbarui, "
                f"{len(plan.matched) - len(changed)} tidak berubah."
            )
        )

    def _list(self, title: str, rows: list[Rejected]) -> None:
        self.stdout.write(f"{title}: {len(rows)}")
        for row in rows:
            self.stdout.write(f"  - fitur #{row.index} {row.label}: {row.reason}")
