"""Create an organisation and a one-time invitation for its first administrator.

    safereport bootstrap_organisation --name "ZSG Gent" --kind care_centre --jurisdiction BE \
        --base-url https://staff.example.org

There are no superusers: this is how the first DPO/administrator of each
organisation gets in. They then invite their colleagues from the staff pages.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from safereport.accounts import services
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.actors import Actor


class Command(BaseCommand):
    help = "Create an organisation and print a one-time invitation link for its first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--jurisdiction", required=True, help="ISO 3166-1 alpha-2, e.g. BE")
        parser.add_argument(
            "--time-zone", default="", help="IANA name, e.g. Atlantic/Canary; default: the jurisdiction's usual zone"
        )
        parser.add_argument("--base-url", required=True, help="where staff reach SafeReport, e.g. https://staff.example.org")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                organisation = services.organisation_create(
                    name=options["name"],
                    kind=options["kind"],
                    jurisdiction=options["jurisdiction"],
                    time_zone=options["time_zone"],
                    actor=Actor.system("bootstrap_organisation"),
                )
                _invitation, token = services.invitation_create(
                    organisation=organisation, roles=[Role.DPO_ADMIN], invited_by=None, note="first administrator"
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        link = f"{options['base_url'].rstrip('/')}/staff/join/{token}/"
        self.stdout.write(f"Organisation created: {organisation.name} ({organisation.kind}, {organisation.jurisdiction}).")
        self.stdout.write("Give this link to its first administrator; it works once, for 72 hours:")
        self.stdout.write(link)
