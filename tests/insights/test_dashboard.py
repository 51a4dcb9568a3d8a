"""The dashboard: numbers agree with the records, filters narrow them, the CSV is the table,
drill-down links only for roles that may open cases, and scope by region."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from payung.core.actors import command_actor
from payung.insights.services import facts_refresh
from tests.accounts.conftest import signed_in
from tests.cases.casework import NIK_WOMAN, VICTIM
from tests.factories import BUGUL_LOR, UserFactory, region
from tests.insights.builders import case_on

URL = "/dasbor/"


@pytest.fixture
def world(personas):
    made = [
        case_on(personas, date(2026, 1, 5), violence_forms=["seksual"], victim_age=15),
        case_on(personas, date(2026, 3, 5), violence_forms=["seksual", "fisik"], victim_age=16),
        case_on(
            personas,
            date(2026, 2, 9),
            kelurahan=BUGUL_LOR,
            violence_forms=["mental"],
            victim_age=34,
            place_category="tempat_kerja",
        ),
        case_on(personas, date(2025, 6, 1), violence_forms=["seksual"], victim_age=9),
    ]
    facts_refresh(actor=command_actor("test"), full=True)
    return made


def _table(body: str, slug: str) -> dict[str, str]:
    """label -> value of the HTML table ``data-table=slug``."""
    import re

    part = body.split(f'data-table="{slug}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row"[^>]*>(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td[^>]*>([^<]+)</td>', part
    )
    return {label.strip(): value.strip() for label, value in rows}


def test_analyst_sees_sexual_violence_in_2026_and_the_chart_agrees(personas, world) -> None:
    client = signed_in(personas.analyst)
    response = client.get(URL, {"tahun": 2026, "bentuk": "seksual"})
    assert response.status_code == 200
    body = response.content.decode()
    forms = _table(body, "bentuk")
    assert forms["Kekerasan seksual"] == "2"
    assert forms["Kekerasan fisik"] == "1"  # the case with both forms
    assert forms["Kekerasan mental"] == "0"  # filtered out (not sexual)
    # The SVG carries the same numbers in its description.
    assert "Kekerasan seksual: 2" in body
    months = _table(body, "bulan")
    assert months["Jan 2026"] == "1" and months["Mar 2026"] == "1" and months["Feb 2026"] == "0"
    # The analyst gets no link into case records, and never a name or NIK.
    assert "/kasus/" not in body
    assert VICTIM not in body and NIK_WOMAN not in body


def test_unfiltered_2026_counts_mental_separately_and_by_kelurahan(personas, world) -> None:
    body = signed_in(personas.analyst).get(URL, {"tahun": 2026}).content.decode()
    forms = _table(body, "bentuk")
    assert forms["Kekerasan mental"] == "1" and forms["Kekerasan psikis"] == "0"
    regions = _table(body, "wilayah")
    assert regions["Gentong"] == "2" and regions["Bugul Lor"] == "1"
    places = _table(body, "tempat")
    assert places["Tempat kerja"] == "1"
    # KPIs: cases opened in 2026 against 2025.
    assert 'data-kpi="cases_opened"' in body
    kpi = body.split('data-kpi="cases_opened"', 1)[1].split("</tr>", 1)[0]
    assert ">3<" in kpi and ">1<" in kpi


def test_csv_download_is_the_table(personas, world) -> None:
    response = signed_in(personas.analyst).get(
        reverse("insights:table_download", args=["bentuk", "csv"]),
        {"tahun": 2026, "bentuk": "seksual"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Bentuk kekerasan", "Jumlah kasus"]
    assert ["Kekerasan seksual", "2"] in rows


def test_all_tables_as_xlsx_have_typed_numbers(personas, world) -> None:
    response = signed_in(personas.supervisor).get(
        reverse("insights:table_download", args=["semua", "xlsx"]), {"tahun": 2026}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 7
    sheet = workbook[workbook.sheetnames[1]]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Kekerasan seksual"] == 2 and isinstance(values["Kekerasan seksual"], int)


def test_supervisor_drills_from_a_bar_to_the_case_list(personas, world) -> None:
    client = signed_in(personas.supervisor)
    body = client.get(URL, {"tahun": 2026}).content.decode()
    assert "/kasus/?" in body
    link = "/kasus/?opened_from=2026-01-01&amp;opened_to=2026-12-31&amp;place=tempat_kerja"
    assert link in body
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert world[2].number in listing
    assert world[0].number not in listing


def test_a_province_user_sees_kota_level_and_a_city_user_only_the_city(personas, world) -> None:
    from payung.regions.models import Region

    province = Region.objects.get(code="35")
    Region.objects.get_or_create(
        code="35.73", defaults={"name": "Kota Malang", "level": "kota", "parent": province}
    )
    head = UserFactory(username="prov_analis", role="analyst", region=region("35"))
    body = signed_in(head).get(URL, {"tahun": 2026}).content.decode()
    regions = _table(body, "wilayah")
    assert regions["Kota Pasuruan"] == "3" and regions["Kota Malang"] == "0"
    # A user of another city sees none of these cases.
    other = UserFactory(username="malang_analis", role="analyst", region=region("35.73"))
    body = signed_in(other).get(URL, {"tahun": 2026}).content.decode()
    assert _table(body, "bentuk")["Kekerasan seksual"] == "0"


def test_region_filter_outside_scope_is_refused(personas, world) -> None:
    body = (
        signed_in(personas.analyst).get(URL, {"tahun": 2026, "wilayah": "35.73"}).content.decode()
    )
    # Not a choice: the form reports it and the numbers stay those of the whole scope.
    assert "is-invalid" in body or "invalid" in body
    assert _table(body, "wilayah")["Gentong"] == "2"


def test_map_colours_by_rate_and_lists_the_numbers(personas, world) -> None:
    from payung.regions.models import Region

    Region.objects.filter(code=BUGUL_LOR).update(population=5000)
    body = signed_in(personas.analyst).get("/dasbor/peta/", {"tahun": 2026}).content.decode()
    assert "<svg" in body and "Bugul Lor: 1 kasus, 2 per 10.000 penduduk" in body
    assert "data penduduk belum ada" in body  # others have no population yet


def test_roles_without_stats_are_refused(personas) -> None:
    assert signed_in(personas.ppt_gentong).get(URL).status_code == 403
    assert signed_in(personas.provider).get(URL).status_code == 403


def test_api_dashboard_gives_the_same_numbers_in_scope(personas, world) -> None:
    from django.test import Client

    from payung.accounts.services import api_token_create

    _token, raw = api_token_create(actor=personas.analyst, name="uji")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    data = client.get("/api/v1/insights/dashboard", {"tahun": 2026, "bentuk": "seksual"}).json()
    assert data["scope"] == "35.75" and data["period"] == "2026"
    forms = {
        r["key"]: r["value"] for t in data["tables"] if t["slug"] == "bentuk" for r in t["rows"]
    }
    assert forms["seksual"] == 2 and forms["fisik"] == 1
    kpis = {k["key"]: k for k in data["kpis"]}
    assert kpis["cases_opened"]["value"] == 3 and kpis["cases_opened"]["previous"] == 1
    bad = client.get("/api/v1/insights/dashboard", {"wilayah": "35.73"})
    assert bad.status_code == 422
    provider = Client(
        headers={
            "Authorization": f"Bearer {api_token_create(actor=personas.case_manager, name='u')[1]}"
        }
    )
    assert provider.get("/api/v1/insights/dashboard").status_code == 200
    assert VICTIM not in str(data)


def test_api_public_carries_the_suppression(personas, world) -> None:
    from django.core.cache import cache

    cache.clear()
    data = signed_in(personas.analyst).get("/api/v1/insights/public").json()
    sexes = next(t for t in data["tables"] if t["row_header"] == "Jenis kelamin")
    women_2026 = next(
        c for c in sexes["cells"] if c["row"] == "Perempuan" and c["column"] == "2026"
    )
    assert women_2026 == {"row": "Perempuan", "column": "2026", "value": None, "note": "< 5"}


def test_map_without_any_population_colours_by_count_and_says_so(personas, world) -> None:
    body = signed_in(personas.analyst).get("/dasbor/peta/", {"tahun": 2026}).content.decode()
    assert "Jumlah kasus menurut kelurahan, 2026" in body
    assert "Gentong: 2 kasus" in body


def test_map_draws_imported_boundaries_in_the_same_colours(personas, world) -> None:
    from payung.regions.models import Region

    square = {
        "type": "Polygon",
        "coordinates": [
            [[112.90, -7.64], [112.91, -7.64], [112.91, -7.65], [112.90, -7.65], [112.90, -7.64]]
        ],
    }
    Region.objects.filter(code=BUGUL_LOR).update(boundary=square, population=5000)
    body = signed_in(personas.analyst).get("/dasbor/peta/", {"tahun": 2026}).content.decode()
    assert "insights-boundaries" in body
    path = body.split('<path d="', 1)[1].split('"', 1)[0]
    assert path.startswith("M8.0,8.0 L") and path.endswith(" Z")
    assert "<title>Bugul Lor: 1 kasus, 2 per 10.000 penduduk</title>" in body
