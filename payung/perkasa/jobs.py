"""Perkasa's background job: re-scoring every registration under a published model."""

from __future__ import annotations

from payung.core.exports import CSV_TYPE, csv_bytes
from payung.jobs.registry import JobContext, job_handler
from payung.perkasa import policies, services
from payung.perkasa.models import Score, ScoringModel


@job_handler(services.RESCORE_JOB)
def rescore_job(ctx: JobContext) -> None:
    policies.authorize_scoring(ctx.actor)
    model = ScoringModel.objects.get(pk=ctx.params["model"])
    registrants = services.scored_registrants(ctx.actor.region_q("region_code"))
    total = registrants.count()
    ctx.progress(0, total, message="Menilai ulang")
    rows = services.scored_rows(ctx.actor.region_q("region_code")).iterator(chunk_size=2000)
    counts = services.rescore(model, rows, progress=ctx.progress, total=total)
    # Who changed category: registration number, kelurahan, old and new category — no names.
    # One pass over the scores of the registrations in scope, in version order.
    history: dict[int, list[tuple[int, str, int, str]]] = {}
    for registrant_id, version, category, total_points, kelurahan in (
        Score.objects.filter(
            registrant__in=registrants.values("pk"), model__version__lte=model.version
        )
        .order_by("registrant_id", "model__version")
        .values_list(
            "registrant_id", "model__version", "category", "total", "registrant__kelurahan__name"
        )
    ):
        history.setdefault(registrant_id, []).append((version, category, total_points, kelurahan))
    rows = []
    for registrant_id, scores in history.items():
        if len(scores) < 2 or scores[-1][0] != model.version:
            continue
        previous, current = scores[-2], scores[-1]
        if previous[1] != current[1]:
            rows.append([f"#{registrant_id}", current[3], previous[1], current[1], current[2]])
    ctx.progress(
        total,
        total,
        message=f"{counts['scored']} dinilai, {len(rows)} berubah kategori",
    )
    ctx.save_result(
        f"perubahan-kategori-v{model.version}.csv",
        CSV_TYPE,
        csv_bytes(
            ["Pendaftaran", "Kelurahan", "Kategori lama", "Kategori baru", "Skor baru"], rows
        ),
    )
