import base64
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.audit.actors import Actor
from safereport.demo import world as demo
from safereport.police.services import desk_portal_set
from safereport.referrals.services import referral_directory_load


class Command(BaseCommand):
    help = "Create the demo world (organisations, one staff member per role, a few cases). Not in production."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError("Demo data has known passwords; it is refused in production.")
        if Organisation.objects.filter(name=demo.ORGANISATIONS[0].name).exists():
            self.stdout.write("Demo data is already loaded; its TOTP keys were printed the first time.")
            self.stdout.write("Lost them? `safereport demo_totp <username>` prints a current code.")
            return
        with transaction.atomic():
            world = demo.build_demo_world()
            # A residence-rights procedure with running deadlines on the lawyer's start page (ADR 0033).
            demo.add_relief_procedure(world, today=timezone.localdate())
            # The reviewed referral directory is there on day one (issue 13 §15).
            loaded = referral_directory_load(actor=Actor.system("demo_data"))
            # The demo desk takes contacts from the portal too, opened as a DPO would (ADR 0037);
            # the test personas' world leaves it closed.
            desk_portal_set(desk=world.organisations["desk"], open_to_portal=True, actor=world.staff["dpo"])
        self.stdout.write(f"Referral directory: {loaded} reviewed entries loaded from data/referrals/.")
        self.stdout.write(self.style.WARNING("Demo staff (shown once). Staff pages: http://127.0.0.1:8000/staff/"))
        self.stdout.write(f"{'username':16} {'password':26} {'TOTP key (base32)':34} reaches")
        for person in (*demo.STAFF, demo.FRENCH_SPEAKING_STAFF):
            secret = base64.b32encode(bytes.fromhex(world.totp_secrets[person.username])).decode()
            self.stdout.write(
                f"{person.username:16} {demo.demo_password(person.username):26} {secret:34} {person.reaches}"
            )
        self.stdout.write("Add a key to any authenticator app, or run `safereport demo_totp <username>`.")
