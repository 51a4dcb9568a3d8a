"""Public holidays: national holidays and cuti bersama, as decreed each year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    NATIONAL = "nasional", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")


class Holiday(models.Model):
    """A day the offices are closed, so it is not a working day (docs/domain.md#working-days).

    Indonesia's national holidays and cuti bersama are decreed each year by a joint decree of
    three ministers (SKB 3 Menteri). They are data: seeded by a migration for the years known
    when it was written, edited by the system admin when a decree is published or changed.
    ``provisional`` marks a date that is an expectation (an estimated lunar date) and not yet
    decreed.
    """

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=15, choices=HolidayKind.choices)
    provisional = models.BooleanField(
        _("perkiraan"),
        default=False,
        help_text=_("Tanggal perkiraan yang belum ditetapkan dalam SKB; periksa dan perbaiki."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
