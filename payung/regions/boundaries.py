"""Reading kelurahan boundaries from a GeoJSON file and matching them to regions.

Nothing here writes: ``plan_boundaries`` returns a plan that the operator can read (a dry
run) and that ``services.region_boundaries_import`` stores.

Matching follows docs/domain.md#regions: a feature that carries a dotted Kemendagri code
(``35.75.01.1002``) is matched by that code only. Undotted numbers are never taken as
Kemendagri codes, because BPS numbering is different and collides with it (Kemendagri
35.75.03.1003 undotted is the BPS code of another kelurahan). A feature without such a code is
matched by name, with the region's known spelling variants (``Region.matches_name``), and by
its kecamatan name too when the file gives one.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from payung.regions.models import Region

# Property names seen in real files: this project's reference file and cahyadsn's (kode,
# kelurahan), BIG's administrative layers (KDEPUM, WADMKD, WADMKC, NAMOBJ), common GIS exports.
CODE_KEYS = (
    "kode",
    "kode_kemendagri",
    "kdepum",
    "kd_kel",
    "kode_kel",
    "kd_desa",
    "kode_desa",
    "kode_wilayah",
    "kemendagri",
    "code",
)
NAME_KEYS = (
    "kelurahan",
    "nama_kelurahan",
    "nama_kel",
    "nm_kel",
    "wadmkd",
    "namobj",
    "desa_kel",
    "desa",
    "nama_desa",
    "nm_desa",
    "nama",
    "name",
    "village",
    "adm4_en",
)
KECAMATAN_KEYS = (
    "kecamatan",
    "nama_kecamatan",
    "nama_kec",
    "nm_kec",
    "wadmkc",
    "district",
    "adm3_en",
)

KEMENDAGRI_VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_NAME_PREFIX = re.compile(r"^\s*(kelurahan|kel\.?|desa)\s+", re.IGNORECASE)
# How far (degrees, about 1 km) a region's label point may lie outside the boundary's
# bounding box before the match is flagged as suspect.
LABEL_POINT_TOLERANCE = 0.01
COORDINATE_DECIMALS = 6  # about 0.1 m; sources carry spurious precision


class BoundaryFileError(ValueError):
    """The file as a whole cannot be used (not GeoJSON, not a FeatureCollection, wrong CRS)."""


class GeometryError(ValueError):
    """One feature's geometry cannot be used."""


@dataclass(frozen=True)
class BoundaryMatch:
    index: int  # 1-based position of the feature in the file
    label: str
    region: Region
    geometry: dict[str, Any]
    matched_by: str  # "code" or "name"


@dataclass(frozen=True)
class Rejected:
    index: int
    label: str
    reason: str


@dataclass
class BoundaryPlan:
    matched: list[BoundaryMatch] = field(default_factory=list)
    unmatched: list[Rejected] = field(default_factory=list)
    ambiguous: list[Rejected] = field(default_factory=list)
    invalid: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Candidate regions that no feature in the file matched.
    missing: list[Region] = field(default_factory=list)

    def count_by(self, how: str) -> int:
        return sum(1 for match in self.matched if match.matched_by == how)


def load_feature_collection(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryFileError(
            _("Berkas tidak dapat dibaca sebagai GeoJSON: %(error)s") % {"error": exc}
        ) from exc
    return data


def _check_collection(collection: Any) -> list[Any]:
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise BoundaryFileError(_("Berkas harus berupa GeoJSON FeatureCollection."))
    features = collection.get("features")
    if not isinstance(features, list):
        raise BoundaryFileError(_("FeatureCollection tidak memiliki daftar features."))
    crs = collection.get("crs")
    if crs is not None:
        # RFC 7946 drops "crs"; older files name WGS84 as CRS84 or EPSG:4326. Anything else
        # (a UTM projection, say) would put metres where degrees belong.
        name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
        if "CRS84" not in name.upper() and not name.endswith(("4326", "4326/")):
            raise BoundaryFileError(
                _("Sistem koordinat %(crs)s tidak didukung; gunakan WGS84 (EPSG:4326).")
                % {"crs": name or crs}
            )
    return features


def _clean_ring(ring: Any) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryError(_("cincin poligon kurang dari 4 titik"))
    cleaned: list[list[float]] = []
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
        ):
            raise GeometryError(_("koordinat bukan pasangan angka [bujur, lintang]"))
        lon, lat = float(position[0]), float(position[1])
        if not (
            math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90
        ):
            raise GeometryError(
                _(
                    "koordinat (%(lon)s, %(lat)s) di luar rentang bujur/lintang — lintang dan "
                    "bujur tertukar, atau proyeksinya bukan WGS84?"
                )
                % {"lon": position[0], "lat": position[1]}
            )
        # Altitude, if any, is dropped: a boundary is a 2-D outline.
        cleaned.append([round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)])
    if cleaned[0] != cleaned[-1]:
        raise GeometryError(_("cincin poligon tidak tertutup (titik awal ≠ titik akhir)"))
    return cleaned


def _clean_polygon(rings: Any) -> list[list[list[float]]]:
    if not isinstance(rings, list) or not rings:
        raise GeometryError(_("poligon tanpa cincin"))
    return [_clean_ring(ring) for ring in rings]


def clean_geometry(geometry: Any) -> dict[str, Any]:
    """A validated copy of a Polygon/MultiPolygon: lon/lat in range, rings closed, 2-D."""
    if not isinstance(geometry, dict):
        raise GeometryError(_("fitur tanpa geometri"))
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise GeometryError(
            _("jenis geometri %(kind)s, bukan Polygon/MultiPolygon") % {"kind": kind}
        )
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": _clean_polygon(coordinates)}
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError(_("MultiPolygon tanpa poligon"))
    return {"type": "MultiPolygon", "coordinates": [_clean_polygon(p) for p in coordinates]}


def geometry_bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a cleaned Polygon/MultiPolygon."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    lons = [pos[0] for polygon in polygons for ring in polygon for pos in ring]
    lats = [pos[1] for polygon in polygons for ring in polygon for pos in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _property(properties: dict[str, Any], keys: Iterable[str]) -> str:
    lowered = {str(key).lower(): value for key, value in properties.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _feature_code(feature: dict[str, Any], properties: dict[str, Any]) -> str:
    for value in (_property(properties, CODE_KEYS), str(feature.get("id") or "").strip()):
        if KEMENDAGRI_VILLAGE_CODE.match(value):
            return value
    return ""


def plan_boundaries(collection: Any, regions: Iterable[Region]) -> BoundaryPlan:
    """Match each feature of ``collection`` to one of ``regions`` (kelurahan/desa).

    ``regions`` should come with ``parent`` loaded (``select_related``) when files name the
    kecamatan, which is used to tell apart villages of the same name.
    """
    features = _check_collection(collection)
    candidates = list(regions)
    by_code = {region.code: region for region in candidates}
    plan = BoundaryPlan()
    pending: list[BoundaryMatch] = []
    for index, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            plan.invalid.append(Rejected(index, f"#{index}", _("bukan Feature GeoJSON")))
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        code = _feature_code(feature, properties)
        name = _property(properties, NAME_KEYS)
        kecamatan = _property(properties, KECAMATAN_KEYS)
        label = (
            " ".join(part for part in (name, f"({code})" if code else "") if part) or f"#{index}"
        )
        try:
            geometry = clean_geometry(feature.get("geometry"))
        except GeometryError as exc:
            plan.invalid.append(Rejected(index, label, str(exc)))
            continue

        if code:
            region = by_code.get(code)
            if region is None:
                # A coded feature from elsewhere (a province-wide file): never guess by name.
                plan.unmatched.append(Rejected(index, label, _("kode tidak dikenal")))
                continue
            if name and not region.matches_name(name):
                plan.warnings.append(
                    _(
                        'Fitur #%(index)s: kode %(code)s adalah %(region)s, tetapi namanya "%(name)s".'
                    )
                    % {"index": index, "code": code, "region": region.name, "name": name}
                )
            pending.append(BoundaryMatch(index, label, region, geometry, "code"))
            continue

        if not name:
            plan.unmatched.append(Rejected(index, label, _("tanpa kode dan tanpa nama")))
            continue
        bare = _NAME_PREFIX.sub("", name)
        found = [r for r in candidates if r.matches_name(name) or r.matches_name(bare)]
        if kecamatan:
            found = [r for r in found if r.parent is not None and r.parent.matches_name(kecamatan)]
        if not found:
            plan.unmatched.append(Rejected(index, label, _("nama tidak dikenal")))
        elif len(found) > 1:
            names = ", ".join(f"{r.name} ({r.code})" for r in found)
            plan.ambiguous.append(
                Rejected(index, label, _("cocok dengan %(names)s") % {"names": names})
            )
        else:
            pending.append(BoundaryMatch(index, label, found[0], geometry, "name"))

    # Two features for one region: neither wins, the operator decides.
    seen: dict[int, list[BoundaryMatch]] = {}
    for match in pending:
        seen.setdefault(match.region.pk, []).append(match)
    for match in pending:
        if len(seen[match.region.pk]) > 1:
            others = ", ".join(f"#{m.index}" for m in seen[match.region.pk])
            plan.ambiguous.append(
                Rejected(
                    match.index,
                    match.label,
                    _("lebih dari satu fitur untuk %(region)s: %(others)s")
                    % {"region": match.region.name, "others": others},
                )
            )
            continue
        plan.matched.append(match)
        _check_label_point(plan, match)

    matched_pks = {match.region.pk for match in plan.matched}
    plan.missing = [region for region in candidates if region.pk not in matched_pks]
    return plan


def _check_label_point(plan: BoundaryPlan, match: BoundaryMatch) -> None:
    region = match.region
    if region.label_lat is None or region.label_lng is None:
        return
    min_lon, min_lat, max_lon, max_lat = geometry_bbox(match.geometry)
    lat, lng = float(region.label_lat), float(region.label_lng)
    tol = LABEL_POINT_TOLERANCE
    if not (min_lon - tol <= lng <= max_lon + tol and min_lat - tol <= lat <= max_lat + tol):
        plan.warnings.append(
            _(
                "Fitur #%(index)s (%(region)s): titik label wilayah jauh di luar batas yang diimpor — periksa kecocokannya."
            )
            % {"index": match.index, "region": region.name}
        )
