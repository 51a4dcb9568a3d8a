"""The written breach notices of UU 27/2022 PDP Pasal 46 ayat (2): what personal data was
disclosed, when and how, and what the controller did to handle and recover from it — for the
data subjects, for the authority (lembaga penyelenggara pelindungan data pribadi), and,
when chosen, for the public.

The subjects' notice carries no name or address: it is handed to each victim by her case
worker, in person or by the safe channel at the safe times on record, never posted to an
address she may share with the perpetrator. Built with fpdf2's core font like the handling
document (``cases.handling_document.latin1``).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from payung.cases.handling_document import latin1
from payung.privacy.models import Breach, DataCategory, InvolvedTable, System

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def when(value: object) -> str:
    if value is None:
        return "-"
    local = timezone.localtime(value)  # type: ignore[arg-type]
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, pukul {local:%H.%M} WIB"


def dpo_contact() -> str:
    return str(
        getattr(
            settings,
            "PRIVACY_DPO_CONTACT",
            "Pejabat Pelindungan Data Pribadi, DP3AKB Kota Pasuruan",
        )
    )


class NoticePdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def heading(self, text: str) -> None:
        self.set_font("Helvetica", "B", 14)
        self.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def section(self, text: str) -> None:
        self.ln(2)
        self.set_font("Helvetica", "B", 11)
        self.multi_cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def bullets(self, items: list[str]) -> None:
        self.set_font("Helvetica", "", 10)
        for item in items:
            self.multi_cell(0, 5, latin1(f"- {item}"), new_x="LMARGIN", new_y="NEXT")


def _labels(values: list[str], choices: type) -> list[str]:
    labels = dict(choices.choices)  # type: ignore[attr-defined]
    return [str(labels.get(v, v)) for v in values]


def notice_pdf(breach: Breach, *, audience: str, subject_count: int) -> bytes:
    """The notice for ``audience``: ``subjek``, ``lembaga`` or ``publik``."""
    pdf = NoticePdf()
    categories = _labels(list(breach.categories), DataCategory)
    if audience == "lembaga":
        pdf.heading("Pemberitahuan Kegagalan Pelindungan Data Pribadi")
        pdf.para(
            "Kepada: Lembaga penyelenggara pelindungan data pribadi (UU 27/2022 Pasal 58), "
            "melalui kementerian yang membidangi komunikasi dan digital selama lembaga belum "
            "terbentuk."
        )
        pdf.para(f"Dari: {dpo_contact()}, selaku pengendali data pribadi aplikasi Payung.")
        pdf.para(f"Nomor insiden: {breach.reference}")
    elif audience == "publik":
        pdf.heading("Pengumuman: Kegagalan Pelindungan Data Pribadi di Layanan Payung")
        pdf.para(f"Nomor insiden: {breach.reference}")
    else:
        pdf.heading("Pemberitahuan kepada Subjek Data Pribadi")
        pdf.para(
            "Surat ini disampaikan langsung oleh petugas pendamping Anda. Surat ini tidak "
            "dikirim ke alamat rumah demi keamanan Anda."
        )
        pdf.para(f"Nomor insiden: {breach.reference}")

    pdf.section("1. Data pribadi yang terungkap")
    pdf.bullets(categories)
    if audience == "lembaga":
        pdf.para("Sistem yang terlibat: " + ", ".join(_labels(list(breach.systems), System)))
        pdf.para("Tabel data: " + ", ".join(_labels(list(breach.tables), InvolvedTable)))
        count = breach.subject_count if breach.subject_count is not None else subject_count
        pdf.para(
            f"Jumlah subjek data yang terdampak: {count} "
            f"(dari data yang terlibat: {subject_count} korban, wali dan pelapor)."
        )
        pdf.para(f"Tingkat keparahan: {breach.get_severity_display()}.")

    pdf.section("2. Kapan dan bagaimana")
    pdf.para(f"Insiden ditemukan: {when(breach.discovered_at)}.")
    pdf.para(f"Pengendali mengetahui: {when(breach.aware_at)}.")
    pdf.para(breach.description)
    if audience == "lembaga" and breach.verification_event_id:
        event = breach.verification_event
        assert event is not None
        pdf.para(
            f"Terdeteksi oleh verifikasi rantai jejak audit (peristiwa #{event.position}, "
            f"{when(event.at)}): {event.note}"
        )

    pdf.section("3. Yang telah kami lakukan")
    pdf.para(
        breach.containment or "Penanganan sedang berlangsung; pemberitahuan susulan akan dikirim."
    )

    if audience != "lembaga":
        pdf.section("4. Yang dapat Anda lakukan")
        pdf.bullets(
            [
                "Hubungi petugas pendamping Anda atau DPO di bawah ini bila Anda merasa tidak aman "
                "atau menerima pesan yang mencurigakan.",
                "Anda berhak meminta akses, perbaikan, pembatasan atau penghapusan data Anda "
                "(UU 27/2022 Pasal 5-13).",
                "Dalam keadaan darurat hubungi 110 (polisi) atau SAPA 129.",
            ]
        )
    pdf.section("Kontak")
    pdf.para(dpo_contact())
    pdf.ln(4)
    pdf.para(
        "Pemberitahuan ini dibuat menurut UU 27/2022 tentang Pelindungan Data Pribadi Pasal 46: "
        "paling lambat 3 x 24 jam sejak pengendali mengetahui, yaitu sebelum "
        f"{when(breach.notice_due_at)}."
    )
    pdf.para(f"Dibuat: {when(timezone.now())}.")
    return bytes(pdf.output())
