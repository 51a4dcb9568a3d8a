"""Link the stays admitted before ``Stay.party`` existed to the victim party they were for.

A stay named its resident only by an alias. It is linked when that is unambiguous: exactly
one victim of the case whose alias or name is the stay's alias (compared ignoring case and
spacing), or — when no victim matches — the case's only victim (stays were always for a
victim of the case). Anything else stays unlinked rather than guessed; such a stay keeps its
alias and the case's staff can read it on the case.
"""

from django.db import migrations


def _fold(text):
    return " ".join((text or "").split()).casefold()


def link_stays(apps, schema_editor):
    Stay = apps.get_model("care", "Stay")
    CaseParty = apps.get_model("cases", "CaseParty")
    victims_by_case = {}
    for stay in Stay.objects.filter(party__isnull=True).order_by("pk").iterator():
        if stay.case_id not in victims_by_case:
            victims_by_case[stay.case_id] = list(
                CaseParty.objects.filter(
                    case_id=stay.case_id, role="korban", person__isnull=False
                ).select_related("person")
            )
        victims = victims_by_case[stay.case_id]
        alias = _fold(stay.alias)
        matches = [
            victim
            for victim in victims
            if alias and alias in {_fold(victim.person.alias), _fold(victim.person.name)}
        ]
        if len(matches) == 1:
            party = matches[0]
        elif not matches and len(victims) == 1:
            party = victims[0]
        else:
            continue
        Stay.objects.filter(pk=stay.pk).update(party=party)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_stay_victim_party_and_service_record"),
    ]

    operations = [
        migrations.RunPython(link_stays, migrations.RunPython.noop),
    ]
