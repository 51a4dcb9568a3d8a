"""Kota Pasuruan (Kemendagri 35.75): the kota, 4 kecamatan and 34 kelurahan as given in
Kepmendagri 300.2.2-2138/2025, with BPS codes, label points and spelling aliases, and one PPT
post per kelurahan plus the city centre.

Codes are written as given, never generated: the numbering has gaps (no 35.75.01.1008).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import migrations

PROVINCE = ("35", "Jawa Timur")
CITY = ("35.75", "Kota Pasuruan", "3575", 213469)
KECAMATAN = [
    ('35.75.01', 'Gadingrejo', '3575010', []),
    ('35.75.02', 'Purworejo', '3575020', []),
    ('35.75.03', 'Bugul Kidul', '3575030', ['Bugulkidul']),
    ('35.75.04', 'Panggungrejo', '3575031', []),
]
# code, name, BPS code, label lat, label lng, aliases
KELURAHAN = [
    ('35.75.01.1001', 'Karangketug', '3575010011', '-7.6319', '112.8827', []),
    ('35.75.01.1002', 'Gentong', '3575010004', '-7.6386', '112.8946', []),
    ('35.75.01.1003', 'Sebani', '3575010003', '-7.6434', '112.8891', []),
    ('35.75.01.1004', 'Petahunan', '3575010009', '-7.6374', '112.8872', []),
    ('35.75.01.1005', 'Bukir', '3575010002', '-7.6547', '112.8859', []),
    ('35.75.01.1006', 'Randusari', '3575010010', '-7.6392', '112.8793', []),
    ('35.75.01.1007', 'Krapyakrejo', '3575010001', '-7.6498', '112.8779', []),
    ('35.75.01.1009', 'Gadingrejo', '3575010008', '-7.6317', '112.8996', ["Gadingrejo'an"]),
    ('35.75.02.1001', 'Pohjentrek', '3575020001', '-7.6643', '112.8894', []),
    ('35.75.02.1002', 'Wirogunan', '3575020002', '-7.6725', '112.8947', []),
    ('35.75.02.1003', 'Tembokrejo', '3575020003', '-7.6778', '112.8987', []),
    ('35.75.02.1004', 'Purutrejo', '3575020004', '-7.6615', '112.9025', []),
    ('35.75.02.1005', 'Kebonagung', '3575020005', '-7.6569', '112.8952', []),
    ('35.75.02.1006', 'Purworejo', '3575020006', '-7.6497', '112.8979', []),
    ('35.75.02.1011', 'Sekargadung', '3575020007', '-7.6768', '112.9070', []),
    ('35.75.03.1001', 'Blandongan', '3575030004', '-7.6632', '112.9248', []),
    ('35.75.03.1002', 'Kepel', '3575030005', '-7.6414', '112.9357', []),
    ('35.75.03.1003', "Tapa'an", '3575030011', '-7.6398', '112.9253', ['Tapaan']),
    ('35.75.03.1005', 'Bakalan', '3575030002', '-7.6705', '112.9174', []),
    ('35.75.03.1006', 'Krampyangan', '3575030003', '-7.6633', '112.9104', []),
    ('35.75.03.1009', 'Bugul Kidul', '3575030006', '-7.6546', '112.9150', ['Bugulkidul']),
    ('35.75.04.1001', 'Karanganyar', '3575031007', '-7.6394', '112.9010', []),
    ('35.75.04.1002', "Tamba'an", '3575031013', '-7.6294', '112.9073', ['Tambaan']),
    ('35.75.04.1003', 'Trajeng', '3575031008', '-7.6366', '112.9072', []),
    ('35.75.04.1004', 'Bangilan', '3575031005', '-7.6405', '112.9094', []),
    ('35.75.04.1005', 'Kebonsari', '3575031006', '-7.6438', '112.9056', []),
    ('35.75.04.1006', 'Mayangan', '3575031009', '-7.6358', '112.9131', []),
    ('35.75.04.1007', 'Ngemplakrejo', '3575031012', '-7.6306', '112.9134', []),
    ('35.75.04.1008', 'Petamanan', '3575031001', '-7.6563', '112.9065', []),
    ('35.75.04.1009', 'Pekuncen', '3575031002', '-7.6494', '112.9088', []),
    ('35.75.04.1010', 'Bugul Lor', '3575031003', '-7.6429', '112.9188', ['Bugullor']),
    ('35.75.04.1011', 'Kandangsapi', '3575031004', '-7.6422', '112.9115', ['Kandang Sapi']),
    ('35.75.04.1012', 'Panggungrejo', '3575031011', '-7.6312', '112.9234', []),
    ('35.75.04.1013', 'Mandaranrejo', '3575031010', '-7.6352', '112.9243', []),
]


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    ServicePost = apps.get_model("regions", "ServicePost")
    province, _ = Region.objects.update_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": "provinsi", "bps_code": "35"}
    )
    city, _ = Region.objects.update_or_create(
        code=CITY[0],
        defaults={"name": CITY[1], "level": "kota", "parent": province, "bps_code": CITY[2], "population": CITY[3]},
    )
    kecamatan = {}
    for code, name, bps, aliases in KECAMATAN:
        kecamatan[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={"name": name, "level": "kecamatan", "parent": city, "bps_code": bps, "aliases": aliases},
        )
    for code, name, bps, lat, lng, aliases in KELURAHAN:
        kelurahan, _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "level": "kelurahan", "parent": kecamatan[code[:8]], "bps_code": bps,
                "label_lat": Decimal(lat), "label_lng": Decimal(lng), "aliases": aliases,
            },
        )
        ServicePost.objects.get_or_create(
            kind="ppt", region=kelurahan,
            defaults={
                "name": f"PPT Kelurahan {name}",
                "address": f"Kantor Kelurahan {name}, Kecamatan {kecamatan[code[:8]].name}, Kota Pasuruan",
                "opening_hours": "Senin–Jumat 08.00–15.00",
            },
        )
    ServicePost.objects.get_or_create(
        kind="pusat", region=city,
        defaults={
            "name": "UPTD PPA Kota Pasuruan (P2TP2A)",
            "address": "DP3AKB Kota Pasuruan — alamat lengkap diisi oleh admin",
            "opening_hours": "Senin–Jumat 08.00–16.00; pengaduan darurat 24 jam lewat SAPA 129",
        },
    )


def unload(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    ServicePost = apps.get_model("regions", "ServicePost")
    ServicePost.objects.filter(region__code__startswith="35.75").delete()
    for level in ("kelurahan", "kecamatan", "kota"):
        Region.objects.filter(code__startswith="35.75", level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
