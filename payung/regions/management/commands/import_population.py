"""``manage.py import_population <file.csv> [--source TEXT] [--dry-run]``

Sets the population of kelurahan (or any region) from an official table — BPS "Kecamatan
Dalam Angka" or the Dukcapil aggregate — so that the insights map can colour by cases per
10,000 residents. The CSV has a header row with the columns ``kode`` (the Kemendagri code,
e.g. ``35.75.01.1002``) and ``penduduk`` (a whole number); other columns are ignored. No
figure is shipped with the reference data: enter only published figures (docs/insights.md).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from payung.regions.models import Region
from payung.regions.services import region_population_import


def read_populations(path: Path) -> dict[str, int]:
    """``{code: population}`` from the CSV; a malformed row is an error naming its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CommandError(f"berkas tidak dapat dibaca: {exc}") from exc
    reader = csv.DictReader(text.splitlines(), delimiter=";" if ";" in text[:200] else ",")
    fields = {name.strip().lower() for name in reader.fieldnames or []}
    if not {"kode", "penduduk"} <= fields:
        raise CommandError('kolom "kode" dan "penduduk" wajib ada di baris judul')
    populations: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        values = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        code, number = values["kode"], values["penduduk"].replace(".", "").replace(" ", "")
        if not code and not number:
            continue
        if not number.isdigit():
            raise CommandError(f"baris {line}: jumlah penduduk {values['penduduk']!r} bukan angka")
        if code in populations:
            raise CommandError(f"baris {line}: kode {code} muncul dua kali")
        populations[code] = int(number)
    return populations


class Command(BaseCommand):
    help = "Impor jumlah penduduk per wilayah (CSV: kode;penduduk) dari sumber resmi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="berkas .csv")
        parser.add_argument("--source", default="", help='asal data (mis. "BPS, 2025")')
        parser.add_argument("--dry-run", action="store_true", help="periksa tanpa menyimpan")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        populations = read_populations(path)
        known = set(
            Region.objects.filter(code__in=list(populations)).values_list("code", flat=True)
        )
        unknown = sorted(set(populations) - known)
        if unknown:
            raise CommandError(f"kode wilayah tidak dikenal: {', '.join(unknown)}")
        source = (
            options["source"].strip() or f"{path.name} (diimpor {timezone.localdate():%Y-%m-%d})"
        )
        self.stdout.write(f"Berkas: {path} — {len(populations)} wilayah. Sumber: {source}")
        if options["dry_run"]:
            self.stdout.write(self.style.NOTICE("Uji coba (--dry-run): tidak ada yang disimpan."))
            return
        changed = region_population_import(actor=None, populations=populations, source=source)
        self.stdout.write(
            self.style.SUCCESS(
                f"Disimpan: {len(changed)} wilayah diperbarui, "
                f"{len(populations) - len(changed)} tidak berubah."
            )
        )
