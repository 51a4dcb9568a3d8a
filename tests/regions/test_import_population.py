"""``manage.py import_population``: kelurahan populations from a CSV, audited, all or
nothing (the figures here are test numbers, not real populations)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from payung.audit.models import AuditEvent
from payung.regions.models import Region
from tests.factories import BUGUL_LOR, GENTONG


def _run(tmp_path, text: str, *args: str) -> str:
    path = tmp_path / "penduduk.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_population", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_populations_are_stored_and_audited(tmp_path) -> None:
    out = _run(
        tmp_path,
        f"kode;nama;penduduk\n{GENTONG};Gentong;5.000\n{BUGUL_LOR};Bugul Lor;7200\n",
        "--source",
        "Tabel uji",
    )
    assert "2 wilayah diperbarui" in out
    assert Region.objects.get(code=GENTONG).population == 5000
    assert Region.objects.get(code=BUGUL_LOR).population == 7200
    event = AuditEvent.objects.get(
        action="region.population_import", target_id__isnull=False, target_label=GENTONG
    )
    assert event.changes == {"population": [None, 5000]} and event.note == "Tabel uji"
    # The same file again changes nothing.
    assert "0 wilayah diperbarui, 2 tidak berubah" in _run(
        tmp_path, f"kode,penduduk\n{GENTONG},5000\n{BUGUL_LOR},7200\n"
    )


@pytest.mark.django_db
def test_a_bad_file_writes_nothing(tmp_path) -> None:
    with pytest.raises(CommandError, match="tidak dikenal"):
        _run(tmp_path, f"kode,penduduk\n{GENTONG},5000\n35.75.99.9999,10\n")
    with pytest.raises(CommandError, match="bukan angka"):
        _run(tmp_path, f"kode,penduduk\n{GENTONG},lima ribu\n")
    with pytest.raises(CommandError, match="wajib ada"):
        _run(tmp_path, f"code,population\n{GENTONG},5000\n")
    assert Region.objects.get(code=GENTONG).population is None
    assert "tidak ada yang disimpan" in _run(
        tmp_path, f"kode,penduduk\n{GENTONG},5000\n", "--dry-run"
    )
    assert Region.objects.get(code=GENTONG).population is None
