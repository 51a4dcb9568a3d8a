"""NIK and No. KK checks (docs/domain.md#identity-numbers). Pure: no database, no settings.

A NIK is 16 digits ``PP KK CC DD MM YY NNNN``: province, kabupaten/kota and kecamatan of first
registration, the day of birth (+40 for women), month, two-digit year and a serial from
0001. It has no checksum, and it never changes even when the date in it is wrong — so a NIK
whose date or sex disagrees with what the officer recorded is a *warning* to look again, not
a reason to refuse it. The kecamatan prefix only has to have the right shape: people are
registered elsewhere first, so ``3575`` is not required.

A No. KK (family card number) is 16 digits; only its length and region prefix are checked.

Both return a ``Check`` with ``errors`` (the value is refused) and ``warnings`` (shown to the
officer, value kept). Messages are Indonesian, for the form and the API.

python-stdnum's ``stdnum.id.nik`` decides whether the date in a NIK exists (either century).
Its ``validate`` is not used: it refuses a NIK whose kabupaten/kota is missing from its
table, which lacks the provinces formed in 2022, and it gives no reason an officer could
act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumInvalid
from stdnum.id import nik as stdnum_nik

_DIGITS16 = re.compile(r"^\d{16}$")
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class Check:
    value: str  # the compact form (digits only), or the input when it is not even that
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def compact(raw: str) -> str:
    """``3575 0141 0190 0001`` or ``35.75.01-410190-0001`` → ``3575014101900001``."""
    return _SEPARATORS.sub("", raw or "")


def _region_prefix_errors(digits: str) -> list[str]:
    errors = []
    province, regency, district = digits[0:2], digits[2:4], digits[4:6]
    # Province codes run 11–9x; no kabupaten/kota or kecamatan is numbered 00.
    if not ("11" <= province <= "99"):
        errors.append(
            _("Dua angka pertama (kode provinsi) tidak mungkin: %(p)s.") % {"p": province}
        )
    if regency == "00":
        errors.append(_("Angka ke-3 dan ke-4 (kode kabupaten/kota) tidak boleh 00."))
    if district == "00":
        errors.append(_("Angka ke-5 dan ke-6 (kode kecamatan) tidak boleh 00."))
    return errors


def nik_birth_parts(digits: str) -> tuple[int, int, int, str] | None:
    """(day, month, two-digit year, sex code "p"/"l") encoded in a well-formed NIK."""
    if not _DIGITS16.match(digits):
        return None
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    sex = "p" if day > 40 else "l"
    return (day - 40 if day > 40 else day), month, year, sex


def _valid_day(digits: str) -> bool:
    # The century is unknown: a 29 February is possible if either century makes it a leap
    # year. stdnum tries 19xx, then 20xx.
    try:
        stdnum_nik.get_birth_date(digits)
    except StdnumInvalid:
        return False
    return True


def check_nik(raw: str, *, sex: str | None = None, birth_date: date | None = None) -> Check:
    """Validate a NIK; compare it with the recorded ``sex`` ("p"/"l") and ``birth_date``."""
    digits = compact(raw)
    if not digits:
        return Check(value="", errors=[_("NIK kosong.")])
    if not digits.isdigit():
        return Check(value=digits, errors=[_("NIK hanya berisi angka.")])
    if len(digits) != 16:
        return Check(
            value=digits,
            errors=[_("NIK harus 16 angka (tertulis %(n)d).") % {"n": len(digits)}],
        )
    errors = _region_prefix_errors(digits)
    raw_day, month, year2 = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if not (1 <= raw_day <= 31 or 41 <= raw_day <= 71):
        errors.append(
            _("Angka ke-7 dan ke-8 (tanggal lahir) harus 01–31, atau 41–71 untuk perempuan.")
        )
    if not 1 <= month <= 12:
        errors.append(_("Angka ke-9 dan ke-10 (bulan lahir) harus 01–12."))
    if digits[12:16] == "0000":
        errors.append(_("Empat angka terakhir (nomor urut) tidak boleh 0000."))
    day = raw_day - 40 if raw_day > 40 else raw_day
    if not errors and not _valid_day(digits):
        errors.append(
            _("Tanggal lahir dalam NIK tidak ada di kalender: %(d)02d-%(m)02d.")
            % {"d": day, "m": month}
        )
    if errors:
        return Check(value=digits, errors=errors)

    warnings = []
    nik_sex = "p" if raw_day > 40 else "l"
    if sex in ("p", "l") and sex != nik_sex:
        warnings.append(
            _(
                "NIK menandakan jenis kelamin %(nik)s, tetapi tercatat %(rec)s. Periksa lagi "
                "dengan KTP/KK; NIK tetap disimpan apa adanya."
            )
            % {
                "nik": _("perempuan") if nik_sex == "p" else _("laki-laki"),
                "rec": _("perempuan") if sex == "p" else _("laki-laki"),
            }
        )
    if birth_date is not None and (
        birth_date.day != day or birth_date.month != month or birth_date.year % 100 != year2
    ):
        warnings.append(
            _(
                "Tanggal lahir dalam NIK (%(nik)s) berbeda dengan yang tercatat (%(rec)s). NIK "
                "tidak berubah meski tanggalnya salah; periksa dengan dokumen."
            )
            % {
                "nik": f"{day:02d}-{month:02d}-{year2:02d}",
                "rec": birth_date.strftime("%d-%m-%y"),
            }
        )
    return Check(value=digits, warnings=warnings)


def check_kk(raw: str) -> Check:
    """Validate a No. KK: 16 digits with a region prefix of the right shape."""
    digits = compact(raw)
    if not digits:
        return Check(value="", errors=[_("Nomor KK kosong.")])
    if not digits.isdigit():
        return Check(value=digits, errors=[_("Nomor KK hanya berisi angka.")])
    if len(digits) != 16:
        return Check(
            value=digits,
            errors=[_("Nomor KK harus 16 angka (tertulis %(n)d).") % {"n": len(digits)}],
        )
    return Check(value=digits, errors=_region_prefix_errors(digits))
