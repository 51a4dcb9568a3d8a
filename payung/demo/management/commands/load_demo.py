"""Load the clearly fictional demo data of every app (never in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payung.accounts.demo import DEMO_ACCOUNTS
from payung.accounts.models import User
from payung.accounts.services import user_create
from payung.care.demo import load_demo_care
from payung.regions.models import Region


class Command(BaseCommand):
    """Demo accounts are made by this command on the server (``actor=None``), so accounts that
    read victims' data are approved by the system at once (audited as ``user.approve`` with no
    actor) and sign in with the demo password out of the box."""

    help = "Load clearly fictional demo accounts and data if absent (never in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo data is never loaded in production")
        # Partner organisations first: provider and shelter staff must belong to one.
        staff_organisations = load_demo_care(self.stdout)
        from payung.perkasa import demo as perkasa_demo

        # Partner agencies that own Perkasa programmes: their staff belong to one too.
        staff_organisations.update(perkasa_demo.load_agencies())
        from payung.regions.demo import load_demo_posts

        posts = load_demo_posts()
        self.stdout.write(f"Demo post contacts: {posts} posts completed (a few gaps kept).")
        regions = {
            r.code: r
            for r in Region.objects.filter(code__in={a.region_code for a in DEMO_ACCOUNTS})
        }
        created = 0
        for account in DEMO_ACCOUNTS:
            if User.objects.filter(username=account.username).exists():
                continue
            user_create(
                actor=None,
                username=account.username,
                password=settings.DEMO_PASSWORD,
                role=account.role,
                region=regions[account.region_code],
                organisation=staff_organisations.get(account.username),
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@demo.payung.invalid",
                on_duty=account.on_duty,
                validate=False,
            )
            created += 1
        self.stdout.write(
            f"Demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} already there."
        )
        from payung.cases import demo as case_demo

        users = {
            u.username: u
            for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
        }
        counts = case_demo.load(users=users)
        self.stdout.write(
            f"Demo reports: {counts['reports']} present; cases opened now: {counts['cases_opened']}."
        )
        from payung.care.demo import load_demo_referrals

        load_demo_referrals(users=users, stdout=self.stdout)
        from payung.cases import demo_history

        history = demo_history.load(actor=users["manajer"])
        self.stdout.write(
            f"Demo history (two years, for the statistics): {history} cases opened now."
        )
        made = perkasa_demo.load()
        self.stdout.write(f"Perkasa demo households: {made} created.")
        enrolled = perkasa_demo.load_programmes(
            officer=users.get("perkasa"), partner=users.get("diskop")
        )
        self.stdout.write(f"Perkasa demo programmes: {enrolled} enrolments created.")
        from payung.perkasa import demo_monitoring

        self.stdout.write(f"Perkasa demo monitoring: {demo_monitoring.load() or 'present'}.")
        # The statistics count a summary table: bring it up to date with what was loaded.
        from payung.core.actors import command_actor
        from payung.insights.services import facts_refresh

        result = facts_refresh(actor=command_actor("load_demo"))
        self.stdout.write(f"Statistics summary: {result.rows} rows from {result.cases} cases.")
        from payung.outreach.demo import load as load_outreach

        load_outreach(stdout=self.stdout)
