from __future__ import annotations

import pytest

from payung.regions.models import Region
from payung.regions.schematic import MapPlace, assign, build_tile_map

KECAMATAN_COUNT = 4


def _kota_pasuruan_places() -> tuple[MapPlace, ...]:
    return tuple(
        MapPlace(
            code=r.code,
            name=r.name,
            group_code=r.parent.code,
            group_name=r.parent.name,
            lat=float(r.label_lat),
            lng=float(r.label_lng),
            href=f"#{r.code}",
        )
        for r in Region.objects.villages().select_related("parent")
    )


@pytest.fixture
def places(db: None) -> tuple[MapPlace, ...]:
    return _kota_pasuruan_places()


def _overlaps(a, b) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def test_all_34_tiles_lie_inside_the_view_box(places) -> None:
    tile_map = build_tile_map(places)
    assert len(tile_map.tiles) == 34
    assert tile_map.view_box == f"0 0 {tile_map.width} {tile_map.height}"
    for tile in tile_map.tiles:
        assert tile.x >= 0 and tile.x + tile.width <= tile_map.width
        assert tile.y >= 0 and tile.y + tile.height <= tile_map.height


def test_tiles_have_distinct_positions_and_never_overlap(places) -> None:
    tiles = build_tile_map(places).tiles
    assert len({(t.x, t.y) for t in tiles}) == 34
    for i, a in enumerate(tiles):
        for b in tiles[i + 1 :]:
            assert not _overlaps(a, b), (a.label, b.label)


def test_longest_name_fits_its_tile(places) -> None:
    tile_map = build_tile_map(places)
    longest = max(len(t.label) for t in tile_map.tiles)
    # An average glyph of the sans-serif stack is about 0.6 em wide.
    assert longest * 0.6 * tile_map.font_size < tile_map.tiles[0].width


def test_layout_keeps_the_compass_directions(places) -> None:
    tiles = {t.label: t for t in build_tile_map(places).tiles}
    # Krapyakrejo is the westernmost, Kepel the easternmost; Tamba'an is north of Tembokrejo.
    assert tiles["Krapyakrejo"].x < tiles["Gentong"].x < tiles["Kepel"].x
    assert tiles["Tamba'an"].y < tiles["Pekuncen"].y < tiles["Tembokrejo"].y
    assert tiles["Karangketug"].x < tiles["Mandaranrejo"].x


def test_tiles_are_coloured_by_kecamatan_with_a_legend(places) -> None:
    tile_map = build_tile_map(places)
    assert len(tile_map.legend) == KECAMATAN_COUNT
    assert len({entry.fill for entry in tile_map.legend}) == KECAMATAN_COUNT
    fill_of = {e.name: e.fill for e in tile_map.legend}
    for tile in tile_map.tiles:
        assert tile.fill == fill_of[tile.group_name]


def test_a_place_without_a_link_is_drawn_grey() -> None:
    places = (
        MapPlace("1", "Satu", "k1", "K1", -7.60, 112.90, "#satu"),
        MapPlace("2", "Dua", "k1", "K1", -7.61, 112.91, ""),
    )
    tiles = {t.label: t for t in build_tile_map(places).tiles}
    assert tiles["Satu"].fill != tiles["Dua"].fill
    assert tiles["Dua"].href == ""


def test_places_on_the_same_point_get_separate_tiles() -> None:
    places = tuple(MapPlace(str(i), f"P{i}", "k", "K", -7.64, 112.90, "#") for i in range(5))
    tiles = build_tile_map(places).tiles
    assert len({(t.x, t.y) for t in tiles}) == 5


def test_empty_map() -> None:
    tile_map = build_tile_map(())
    assert tile_map.tiles == () and tile_map.legend == ()


def test_assignment_is_optimal_on_a_small_case() -> None:
    # Greedy would give row 0 column 0 (cost 1) and row 1 column 1 (cost 10) = 11;
    # the optimum is 2 + 3 = 5.
    cost = [[1, 2, 50], [3, 10, 50]]
    assert assign(cost) == [1, 0]
    with pytest.raises(ValueError):
        assign([[1], [2]])


def test_choropleth_colours_by_equal_intervals_with_no_data_in_the_legend() -> None:
    from payung.regions.schematic import NO_DATA, SEQUENTIAL, choropleth

    colours, legend = choropleth({"a": 0, "b": 5, "c": 10, "d": None}, classes=5, unit="kegiatan")
    assert colours["a"] == SEQUENTIAL[0]
    assert colours["c"] == SEQUENTIAL[-1]
    assert colours["d"] == NO_DATA
    assert legend[0].name == "0–2 kegiatan"
    assert legend[-1].name == "—"


def test_a_place_with_its_own_fill_overrides_the_group_colour() -> None:
    place = MapPlace(
        "1", "Gentong", "g", "Gadingrejo", -7.64, 112.9, fill="#000000", title="Gentong: 3"
    )
    tile_map = build_tile_map((place,))
    assert (tile_map.tiles[0].fill, tile_map.tiles[0].title) == ("#000000", "Gentong: 3")
    assert tile_map.legend == ()
