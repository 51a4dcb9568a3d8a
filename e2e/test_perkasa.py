"""Perkasa in a real browser on a phone (issue #12, "Done when"): a woman pre-registers on
the public page without JavaScript and checks her status with code and PIN; a Perkasa
officer verifies her after a home visit and sees the score with its breakdown; she is
enrolled in a business-capital programme with the eligibility explained; a first tranche is
proposed and approved by another officer, a second that would exceed the budget is refused
with the remaining budget; an admin publishes a new scoring model version and re-scores, and
the old score stays visible; Diskop UMKM's staff see only their programme's participants and
get 404 elsewhere — and never the prioritised-referral marker or her NIK."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, _context, login
from e2e.test_staff_navigation import serious_violations
from payung.accounts.roles import Role
from payung.perkasa import choices
from payung.perkasa.models import Disbursement, Enrolment, Programme, Registrant
from payung.perkasa.scoring import DEFAULT_V1
from tests.care.factories import make_organisation
from tests.factories import CITY, GENTONG, UserFactory, region

pytestmark = pytest.mark.django_db(transaction=True)

NIK = "3575015205850001"  # born 12 May 1985, female (+40)


def _phone(browser: Browser, **options: Any) -> Page:
    return _context(browser, viewport=PHONE, is_mobile=True, **options).new_page()


def _no_serious_violations(
    browser: Browser, live_server: Any, user: Any, paths: list[str]
) -> list[str]:
    context = _context(browser, bypass_csp=True, viewport=PHONE)
    try:
        page = context.new_page()
        login(page, live_server, user)
        problems = []
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            problems += [f"{path}: {v}" for v in serious_violations(page)]
        return problems
    finally:
        context.close()


def test_perkasa_story_on_a_phone(browser: Browser, live_server: Any, personas: Any) -> None:
    base = live_server.url
    gentong = region(GENTONG)

    # 1. She pre-registers on the public page, on a phone without JavaScript.
    woman = _phone(browser, java_script_enabled=False)
    woman.goto(f"{base}/perkasa-daftar/")
    woman.get_by_label("Nama lengkap (sesuai KTP)").fill("Warsini Fiktifah")
    woman.get_by_label("NIK (16 angka pada KTP)").fill(NIK)
    woman.get_by_label("Nomor HP yang aman dihubungi").fill("081298765432")
    woman.get_by_label("Kelurahan").select_option(str(gentong.pk))
    woman.get_by_label("Mengapa Anda menjadi kepala keluarga").select_option(
        choices.HeadReason.DIVORCED
    )
    woman.get_by_label("Penghasilan per bulan").select_option(choices.IncomeBand.UNDER_500K)
    woman.get_by_label("Jumlah anak di bawah 18 tahun yang Anda tanggung").fill("2")
    woman.locator('input[name="agree"]').check()
    woman.get_by_role("button", name="Kirim pra-daftar").click()
    expect(woman.get_by_role("heading", name="Pra-daftar terkirim")).to_be_visible()
    code, pin = woman.locator("#kode").inner_text(), woman.locator("#pin").inner_text()
    woman.get_by_role("link", name="Cek status").click()
    woman.get_by_label("Kode").fill(code)
    woman.get_by_label("PIN").fill(pin)
    woman.get_by_role("button", name="Cek").click()
    expect(woman.locator("main")).to_contain_text("Pra-daftar")
    registrant = Registrant.objects.get(source=choices.Source.SELF)

    # 2. The Perkasa officer verifies her after a home visit: the score and why.
    officer = _phone(browser)
    login(officer, live_server, personas.perkasa)
    officer.goto(f"{base}/perkasa/{registrant.pk}/")
    officer.get_by_role("link", name="Catat kunjungan rumah (verifikasi)").click()
    for label in (
        "KTP asli dilihat dan cocok dengan NIK",
        "Tinggal di alamat yang didaftarkan",
        "Kondisi rumah diamati langsung",
        "Ia setuju datanya dipakai untuk program Perkasa",
    ):
        officer.get_by_label(label).check()
    officer.get_by_label("Punya usaha").check()
    officer.get_by_label("Lantai tanah / bambu / kayu murah").check()
    officer.get_by_label("Tidak punya jamban sendiri").check()
    officer.get_by_label("Makan hanya satu atau dua kali sehari").check()
    officer.get_by_role("button", name="Simpan dan hitung skor").click()
    expect(officer.locator("#skor")).to_contain_text("Skor")
    expect(officer.get_by_role("heading", name="Mengapa skor ini")).to_be_visible()
    registrant.refresh_from_db()
    first_score = registrant.current_score
    assert first_score is not None and len(first_score.breakdown) >= 3
    expect(officer.locator("table").first).to_contain_text(first_score.breakdown[0]["label"])
    officer.get_by_label("Layak", exact=True).check()
    officer.get_by_role("button", name="Simpan keputusan").click()

    # 3. A business-capital programme of Diskop UMKM, with a cycle, made on the phone.
    diskop = personas.perkasa_partner.organisation
    officer.goto(f"{base}/perkasa/program/baru/")
    officer.get_by_label("Nama program").fill("Hibah Modal Usaha Perempuan")
    officer.get_by_label("OPD / lembaga pemilik").fill("Diskop UMKM")
    officer.get_by_label("Jenis program").select_option(choices.ProgrammeKind.GRANT)
    officer.get_by_label("Lembaga mitra (untuk akun staf mitra)").select_option(str(diskop.pk))
    officer.get_by_label("Syarat: sudah punya usaha").check()
    officer.get_by_role("button", name="Simpan program").click()
    expect(officer.get_by_role("heading", name="Hibah Modal Usaha Perempuan")).to_be_visible()
    officer.get_by_label("Nama siklus").fill("2026")
    officer.get_by_label("Kuota peserta").fill("10")
    officer.get_by_label("Anggaran (Rp)").fill("5000000")
    officer.get_by_label("Mulai").fill("2026-01-01")
    officer.get_by_label("Selesai").fill("2099-12-31")
    officer.get_by_role("button", name="Buka siklus").click()
    expect(officer.locator("#ringkasan")).to_be_visible()

    # 4. Enrolled from her registry page, each rule explained.
    officer.goto(f"{base}/perkasa/{registrant.pk}/")
    officer.get_by_role("link", name="Program dan pendaftaran ke program").click()
    expect(officer.locator("main")).to_contain_text("Harus sudah punya usaha; sudah punya usaha.")
    officer.get_by_role("button", name="Daftarkan").click()
    expect(officer.locator(".alert")).to_contain_text("terdaftar di")
    enrolment = Enrolment.objects.get(registrant=registrant)

    # 5. A first tranche proposed by the officer, approved by the head (another officer).
    officer.goto(f"{base}/perkasa/program/peserta/{enrolment.pk}/")
    officer.get_by_label("Jumlah (Rp)").fill("3000000")
    officer.get_by_label("Keterangan bukti penggunaan").fill("Nota etalase dan bahan baku")
    officer.get_by_role("button", name="Usulkan pencairan").click()
    expect(officer.locator(".alert")).to_contain_text("menunggu persetujuan")
    head_user = UserFactory(
        username="kepala_perkasa", role=Role.PERKASA_OFFICER, region=region(CITY)
    )
    head = _phone(browser)
    login(head, live_server, head_user)
    head.goto(f"{base}/perkasa/program/siklus/{enrolment.cycle_id}/")
    head.get_by_role("button", name="Setujui").click()
    expect(head.locator(".alert")).to_contain_text("disetujui")
    expect(head.locator("#ringkasan").locator("..")).to_contain_text("Rp 3.000.000 / Rp 5.000.000")
    approved = Disbursement.objects.get(enrolment=enrolment)
    assert approved.state == Disbursement.State.APPROVED and approved.decided_by == head_user

    # 6. A second tranche past the budget is refused, saying what is left.
    officer.goto(f"{base}/perkasa/program/peserta/{enrolment.pk}/")
    officer.get_by_label("Jumlah (Rp)").fill("2500000")
    officer.get_by_label("Keterangan bukti penggunaan").fill("Nota kedua")
    officer.get_by_role("button", name="Usulkan pencairan").click()
    # The error summary leads the page and names the remaining budget.
    expect(officer.locator("#ringkasan-kesalahan")).to_contain_text("Sisa anggaran Rp 2.000.000")
    assert Disbursement.objects.filter(enrolment=enrolment).count() == 1

    # 7. The admin publishes a new scoring model version and re-scores: old scores stay.
    admin = _phone(browser)
    login(admin, live_server, personas.sysadmin)
    admin.goto(f"{base}/perkasa/model-skor/baru/")
    admin.get_by_label("Nama versi").fill("Versi 2 uji: ambang lebih tinggi")
    admin.get_by_label("Ambang kategori (JSON)").fill(
        json.dumps({key: value + 5 for key, value in DEFAULT_V1["thresholds"].items()})
    )
    admin.get_by_role("button").filter(has_text="Simpan").click()
    admin.get_by_role("button", name="Terbitkan versi ini").click()
    expect(admin.locator(".alert")).to_contain_text("Skor lama tetap tersimpan")
    admin.get_by_role("button", name="Nilai ulang semua pendaftar dengan versi ini").click()
    expect(admin.locator("main")).to_contain_text("100%")
    officer.goto(f"{base}/perkasa/{registrant.pk}/")
    history = officer.get_by_role("heading", name="Riwayat skor").locator("..")
    expect(history).to_contain_text("v1")
    expect(history).to_contain_text("v2")
    assert registrant.scores.count() == 2

    # 8. Diskop's staff: only their programme's participants; 404 elsewhere; no victim marker.
    Registrant.objects.filter(pk=registrant.pk).update(
        prioritised=True, source=choices.Source.CASE_REFERRAL
    )
    other = Programme.objects.create(
        name="Pelatihan Baznas Uji",
        agency="Baznas",
        kind=choices.ProgrammeKind.TRAINING,
        organisation=make_organisation("Baznas Uji", kind="lainnya", services=()),
    )
    other_cycle = other.cycles.create(label="2026", quota=5, budget=1_000_000)
    staff = _phone(browser)
    login(staff, live_server, personas.perkasa_partner)
    staff.goto(f"{base}/perkasa/program/")
    expect(staff.locator("main")).to_contain_text("Hibah Modal Usaha Perempuan")
    expect(staff.locator("main")).not_to_contain_text("Pelatihan Baznas Uji")
    staff.goto(f"{base}/perkasa/program/siklus/{enrolment.cycle_id}/")
    staff.get_by_role("link", name="Warsini Fiktifah").click()
    participant = staff.locator("main")
    expect(participant).to_contain_text("Warsini Fiktifah")
    for hidden in (NIK, "prioritas", "Rujukan", "perlindungan"):
        expect(participant).not_to_contain_text(hidden)
    for path in (
        f"/perkasa/program/siklus/{other_cycle.pk}/",
        f"/perkasa/program/{other.pk}/",
        f"/perkasa/{registrant.pk}/",
        f"/perkasa/program/pendaftar/{registrant.pk}/",
    ):
        response = staff.goto(f"{base}{path}")
        assert response is not None and response.status == 404, path
        expect(staff.locator("body")).not_to_contain_text("Warsini")
    registry = staff.goto(f"{base}/perkasa/")  # the registry list is not theirs at all
    assert registry is not None and registry.status == 403

    # Accessibility of the new pages on a phone.
    assert (
        _no_serious_violations(
            browser,
            live_server,
            personas.perkasa,
            [
                "/perkasa/program/",
                f"/perkasa/program/{enrolment.cycle.programme_id}/",
                f"/perkasa/program/siklus/{enrolment.cycle_id}/",
                f"/perkasa/program/peserta/{enrolment.pk}/",
                f"/perkasa/program/pendaftar/{registrant.pk}/",
            ],
        )
        == []
    )
