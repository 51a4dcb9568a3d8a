from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from payung.audit.models import AuditEvent
from payung.regions.boundaries import GeometryError, clean_geometry, plan_boundaries
from payung.regions.models import Region

pytestmark = pytest.mark.django_db

REAL_FILE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "wilayah"
    / "pasuruan_kelurahan.geojson"
)
GENTONG = "35.75.01.1002"
TAPAAN = "35.75.03.1003"
BUGUL_LOR = "35.75.04.1010"


def square(lng: float, lat: float, size: float = 0.002) -> dict[str, Any]:
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(
    properties: dict[str, Any], geometry: dict[str, Any] | None, **extra: Any
) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry, **extra}


def write(tmp_path: Path, *features: dict[str, Any], **extra: Any) -> Path:
    path = tmp_path / "batas.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": list(features), **extra}),
        encoding="utf-8",
    )
    return path


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_boundaries", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        # Matched by its Kemendagri code (BIG's property name, upper case).
        feature({"KDEPUM": GENTONG, "WADMKD": "Gentong"}, square(112.893, -7.640)),
        # No dotted code, a spelling variant: matched by name. The undotted number is the BPS
        # code of Bugul Lor and must not be read as Kemendagri 35.75.03.1003.
        feature(
            {"kode_bps": "3575031003", "kd_kel": "3575031003", "nama": "Tapaan"},
            square(112.924, -7.641),
        ),
        feature({"nama": "Kelurahan Fiktif"}, square(112.900, -7.650)),
    )


def test_import_matches_by_code_and_by_alias_and_reports_the_rest(small_file: Path) -> None:
    output = run(small_file, "--source", "Peta uji, lisensi CC-BY")

    gentong = Region.objects.get(code=GENTONG)
    tapaan = Region.objects.get(code=TAPAAN)
    assert gentong.boundary == square(112.893, -7.640)
    assert tapaan.boundary == square(112.924, -7.641)
    assert gentong.boundary_source == tapaan.boundary_source == "Peta uji, lisensi CC-BY"
    assert Region.objects.get(code=BUGUL_LOR).boundary is None
    assert Region.objects.filter(boundary__isnull=False).count() == 2

    assert "Cocok: 2 (menurut kode: 1, menurut nama: 1)" in output
    assert "Tidak cocok: 1" in output
    assert "Kelurahan Fiktif" in output
    assert "Ambigu (tidak disimpan): 0" in output


def test_import_is_audited_per_region(small_file: Path) -> None:
    run(small_file, "--source", "Peta uji")
    events = AuditEvent.objects.filter(action="region.boundary_import").order_by("id")
    assert [e.target_label for e in events] == [GENTONG, TAPAAN]
    first = events[0]
    assert first.changes["boundary_source"] == ["", "Peta uji"]
    before, after = first.changes["boundary"]
    assert before is None and after.startswith("sha256:")
    # Importing the same file again changes nothing and writes nothing.
    output = run(small_file, "--source", "Peta uji")
    assert "0 batas wilayah diperbarui, 2 tidak berubah" in output
    assert AuditEvent.objects.filter(action="region.boundary_import").count() == 2


def test_dry_run_writes_nothing(small_file: Path) -> None:
    output = run(small_file, "--dry-run")
    assert "Cocok: 2" in output
    assert "tidak ada yang disimpan" in output
    assert not Region.objects.filter(boundary__isnull=False).exists()
    assert not AuditEvent.objects.exists()


def test_default_source_names_the_file(small_file: Path) -> None:
    run(small_file)
    assert Region.objects.get(code=GENTONG).boundary_source.startswith("batas.geojson (diimpor ")


def test_invalid_geometries_are_reported_and_not_stored(tmp_path: Path) -> None:
    swapped = {
        "type": "Polygon",
        "coordinates": [[[-7.64, 112.89], [-7.64, 112.90], [-7.63, 112.90], [-7.64, 112.89]]],
    }
    open_ring = {
        "type": "Polygon",
        "coordinates": [[[112.89, -7.64], [112.90, -7.64], [112.90, -7.63], [112.89, -7.63]]],
    }
    path = write(
        tmp_path,
        feature({"kode": GENTONG}, {"type": "Point", "coordinates": [112.89, -7.64]}),
        feature({"kode": TAPAAN}, swapped),
        feature({"kode": BUGUL_LOR}, open_ring),
        feature({"kode": "35.75.01.1001"}, None),
    )
    output = run(path)
    assert "Geometri tidak valid (tidak disimpan): 4" in output
    assert "Point" in output and "tertukar" in output and "tidak tertutup" in output
    assert not Region.objects.filter(boundary__isnull=False).exists()


def test_two_features_for_one_kelurahan_are_ambiguous(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        feature({"kelurahan": "Bugul Lor"}, square(112.917, -7.644)),
        feature({"kelurahan": "Bugullor"}, square(112.918, -7.643)),
    )
    output = run(path)
    assert "Ambigu (tidak disimpan): 2" in output
    assert Region.objects.get(code=BUGUL_LOR).boundary is None


def test_kecamatan_name_must_agree(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        feature({"desa": "Gentong", "kecamatan": "Purworejo"}, square(112.893, -7.640)),
        feature({"desa": "Gentong", "kecamatan": "Gadingrejo"}, square(112.893, -7.640)),
    )
    plan = plan_boundaries(
        json.loads(path.read_text()), Region.objects.villages().select_related("parent")
    )
    assert [m.index for m in plan.matched] == [2]
    assert [r.index for r in plan.unmatched] == [1]


def test_a_coded_feature_from_elsewhere_is_not_matched_by_name(tmp_path: Path) -> None:
    # Another Gentong (a desa elsewhere in Jawa Timur): its own code, same name.
    path = write(
        tmp_path, feature({"kode": "35.14.01.2001", "nama": "Gentong"}, square(112.7, -7.7))
    )
    output = run(path)
    assert "Cocok: 0" in output and "kode tidak dikenal" in output


def test_far_away_geometry_is_flagged(tmp_path: Path) -> None:
    path = write(tmp_path, feature({"kode": GENTONG}, square(110.0, -7.0)))
    output = run(path, "--dry-run")
    assert "Peringatan" in output and "Gentong" in output


def test_file_level_errors_stop_the_command(tmp_path: Path) -> None:
    not_json = tmp_path / "rusak.geojson"
    not_json.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="GeoJSON"):
        run(not_json)
    a_feature = tmp_path / "satu.geojson"
    a_feature.write_text(json.dumps(feature({}, square(112.9, -7.6))), encoding="utf-8")
    with pytest.raises(CommandError, match="FeatureCollection"):
        run(a_feature)
    utm = write(
        tmp_path, crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32749"}}
    )
    with pytest.raises(CommandError, match="32749"):
        run(utm)


def test_within_limits_the_candidates(small_file: Path) -> None:
    output = run(small_file, "--within", "35.75.01", "--dry-run")
    assert "Cocok: 1 (menurut kode: 1, menurut nama: 0)" in output


def test_clean_geometry_accepts_multipolygons_and_drops_altitude() -> None:
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [
            [
                [
                    [112.1234567, -7.1, 12.0],
                    [112.2, -7.1, 0],
                    [112.2, -7.2, 0],
                    [112.1234567, -7.1, 12.0],
                ]
            ]
        ],
    }
    cleaned = clean_geometry(geometry)
    assert cleaned["coordinates"][0][0][0] == [112.123457, -7.1]
    with pytest.raises(GeometryError):
        clean_geometry({"type": "MultiPolygon", "coordinates": []})
    with pytest.raises(GeometryError):
        clean_geometry({"type": "Polygon", "coordinates": [[[True, 1], [1, 1], [1, 2], [True, 1]]]})


@pytest.mark.skipif(not REAL_FILE.exists(), reason="shared reference data not present")
def test_real_kota_pasuruan_file_gives_all_34_kelurahan_a_boundary() -> None:
    output = run(REAL_FILE, "--source", "cahyadsn/wilayah_boundaries (MIT)")
    kelurahan = Region.objects.villages().within("35.75")
    assert kelurahan.count() == 34
    assert kelurahan.filter(boundary__isnull=False).count() == 34
    assert "Cocok: 34 (menurut kode: 34, menurut nama: 0)" in output
    assert "Peringatan" not in output
    for region in kelurahan:
        assert region.boundary["type"] in {"Polygon", "MultiPolygon"}
        assert region.boundary_source == "cahyadsn/wilayah_boundaries (MIT)"
    assert AuditEvent.objects.filter(action="region.boundary_import").count() == 34


@pytest.mark.skipif(not REAL_FILE.exists(), reason="shared reference data not present")
def test_real_file_matches_by_name_alone_too(tmp_path: Path) -> None:
    """Strip the codes: the names (Tapa'an, Tamba'an, ...) must still find all 34."""
    data = json.loads(REAL_FILE.read_text(encoding="utf-8"))
    for item in data["features"]:
        item.pop("id", None)
        item["properties"] = {
            "kelurahan": item["properties"]["kelurahan"],
            "kecamatan": item["properties"]["kecamatan"],
        }
    path = tmp_path / "tanpa-kode.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    output = run(path, "--dry-run")
    assert "Cocok: 34 (menurut kode: 0, menurut nama: 34)" in output
