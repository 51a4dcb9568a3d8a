"""NIK and No. KK checks (docs/domain.md#identity-numbers): errors refuse, mismatches warn."""

from __future__ import annotations

from datetime import date

import pytest

from payung.identity.nik import check_kk, check_nik


def test_a_womans_nik_is_valid_and_matches_her_birth_date() -> None:
    result = check_nik("3575 0141 0190 0001", sex="p", birth_date=date(1990, 1, 1))
    assert result.ok and result.value == "3575014101900001" and result.warnings == []


def test_a_nik_registered_outside_the_city_is_accepted() -> None:
    assert check_nik("3171011708450001", sex="l").ok


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("", "kosong"),
        ("35750141019000", "16 angka"),
        ("357501410190000A", "hanya berisi angka"),
        ("0575014101900001", "kode provinsi"),
        ("3500014101900001", "kabupaten/kota"),
        ("3575004101900001", "kecamatan"),
        ("3575013501900001", "tanggal lahir"),
        ("3575017201900001", "tanggal lahir"),
        ("3575014113900001", "bulan lahir"),
        ("3575014101900000", "nomor urut"),
        ("3575013102900001", "kalender"),
    ],
)
def test_malformed_niks_are_refused(nik: str, fragment: str) -> None:
    result = check_nik(nik)
    assert not result.ok
    assert any(fragment in e for e in result.errors), result.errors


def test_29_february_is_possible_when_either_century_is_a_leap_year() -> None:
    assert check_nik("3575012902000001").ok  # 2000-02-29
    assert not check_nik("3575012902010001").ok  # neither 1901 nor 2001


def test_sex_and_birth_date_mismatches_are_warnings_not_errors() -> None:
    result = check_nik("3575014101900001", sex="l", birth_date=date(1991, 1, 1))
    assert result.ok
    assert len(result.warnings) == 2
    assert "perempuan" in result.warnings[0] and "laki-laki" in result.warnings[0]
    assert "01-01-90" in result.warnings[1]


def test_unknown_sex_gives_no_warning() -> None:
    assert check_nik("3575010101900001", sex="tidak_tahu").warnings == []


def test_kk_checks_length_and_region_prefix_only() -> None:
    assert check_kk("3575-0101-2000-0003").ok
    assert not check_kk("357501010120").ok
    assert not check_kk("0075010101200003").ok
    assert any("kabupaten/kota" in e for e in check_kk("3500010101200003").errors)
