"""The recipient rules, held by the database too (core.guards; ADR 0014).

The services check all of this first and audit refusals; these triggers are
the same rules for SQL from any client, so that a script, a shell or a bug
that writes rows directly still cannot open the door:

* guard_package_to_partner_only — a disclosure package is inserted only for a
  recipient with an approved, unrevoked partnership with the package's centre
  for the package's purpose, approved before the package was built, with an
  active organisation in the jurisdiction the partnership names, which is the
  centre's unless a cross-border reason is written down. (The denylist of
  immigration bodies is data the database does not hold; the services apply it.)
* guard_partnership_born_pending — a partnership is inserted as a proposal of
  a care centre, by a member of that centre who holds the role recorded, for
  an organisation of a kind in the vocabulary.
* guard_partnership_two_people — it is approved once, by another member of
  the centre who holds another role; once ended it never changes again.

* guard_organisation_kind_on_insert / _on_update — no organisation of a kind
  outside the vocabulary (there is no immigration-enforcement kind), like the
  CHECK constraint accounts already has, which a SQLite connection can switch
  off with `PRAGMA ignore_check_constraints`.

The append-only rule of the table (core.appendonly.RULES) says which columns
may change at all, and that no row is deleted.

Each condition is written for both databases: SQLite's json_each and IS NOT,
PostgreSQL's jsonb containment and IS DISTINCT FROM. A migration carries its
own copy (partners 0001, consent's migration for packages); the tests compare
the migrated database with what is declared here.
"""

from safereport.accounts.permissions import OrganisationKind
from safereport.core.guards import Guard, register

# The vocabulary as SQL; a kind added to it changes the guards, and a test asks for a migration.
KINDS = "(" + ", ".join(f"'{kind}'" for kind in sorted(OrganisationKind.values)) + ")"


def _has_role(vendor: str, staff: str, role: str) -> str:
    if vendor == "sqlite":
        return f"EXISTS (SELECT 1 FROM json_each({staff}.roles) WHERE json_each.value = {role})"  # noqa: S608 - trigger SQL from fixed names, no input
    return f"{staff}.roles @> jsonb_build_array({role})"


def _member(vendor: str, staff_id: str, role: str | None = None) -> str:
    condition = f"s.id = {staff_id} AND s.organisation_id = NEW.care_centre_id"
    if role is not None:
        condition += f" AND {_has_role(vendor, 's', role)}"
    return f"EXISTS (SELECT 1 FROM accounts_staffuser s WHERE {condition})"  # noqa: S608 - trigger SQL from fixed names, no input


def _package_to_partner(vendor: str) -> str:
    covers = (
        "EXISTS (SELECT 1 FROM json_each(p.purposes) WHERE json_each.value = NEW.purpose)"
        if vendor == "sqlite"
        else "p.purposes @> jsonb_build_array(NEW.purpose)"
    )
    active = "r.is_active = 1" if vendor == "sqlite" else "r.is_active"
    return (
        "NOT EXISTS (SELECT 1 FROM partners_partnership p"  # noqa: S608 - trigger SQL from fixed names, no input
        " JOIN accounts_organisation c ON c.id = p.care_centre_id"
        " JOIN accounts_organisation r ON r.id = p.organisation_id"
        " WHERE p.care_centre_id = NEW.care_centre_id AND p.organisation_id = NEW.recipient_id"
        " AND p.approved_at IS NOT NULL AND p.approved_at <= NEW.built_at AND p.revoked_at IS NULL"
        f" AND {covers} AND {active} AND r.kind IN {KINDS} AND r.jurisdiction = p.jurisdiction"
        " AND (p.jurisdiction = c.jurisdiction OR trim(p.cross_border_reason) <> ''))"
    )


def _born_pending(vendor: str) -> str:
    return (
        "NEW.approved_at IS NOT NULL OR NEW.approved_by_id IS NOT NULL OR NEW.approved_role <> ''"  # noqa: S608 - trigger SQL from fixed names, no input
        " OR NEW.revoked_at IS NOT NULL OR NEW.revoked_by_id IS NOT NULL"
        " OR NEW.organisation_id = NEW.care_centre_id"
        " OR NOT EXISTS (SELECT 1 FROM accounts_organisation c WHERE c.id = NEW.care_centre_id AND c.kind = 'care_centre')"
        f" OR NOT EXISTS (SELECT 1 FROM accounts_organisation r WHERE r.id = NEW.organisation_id AND r.kind IN {KINDS})"
        f" OR NOT {_member(vendor, 'NEW.proposed_by_id', 'NEW.proposed_role')}"
    )


def _two_people(vendor: str) -> str:
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    return (
        "OLD.revoked_at IS NOT NULL"
        f" OR (OLD.approved_at IS NOT NULL AND (NEW.approved_at {differs} OLD.approved_at"
        f" OR NEW.approved_by_id {differs} OLD.approved_by_id OR NEW.approved_role {differs} OLD.approved_role))"
        " OR (NEW.approved_at IS NULL AND (NEW.approved_by_id IS NOT NULL OR NEW.approved_role <> ''))"
        " OR (NEW.approved_at IS NOT NULL AND OLD.approved_at IS NULL AND (NEW.approved_by_id IS NULL"
        " OR NEW.approved_by_id = NEW.proposed_by_id OR NEW.approved_role = NEW.proposed_role OR NEW.approved_role = ''"
        f" OR NOT {_member(vendor, 'NEW.approved_by_id', 'NEW.approved_role')}))"
        f" OR (NEW.revoked_at IS NOT NULL AND (NEW.revoked_by_id IS NULL OR NOT {_member(vendor, 'NEW.revoked_by_id')}))"
    )


PACKAGE_TO_PARTNER_ONLY = register(
    Guard(
        "guard_package_to_partner_only",
        "consent.DisclosurePackage",
        "INSERT",
        {vendor: _package_to_partner(vendor) for vendor in ("postgresql", "sqlite")},
        "a package goes only to an approved partner of the centre for its purpose (ADR 0014)",
    )
)
PARTNERSHIP_BORN_PENDING = register(
    Guard(
        "guard_partnership_born_pending",
        "partners.Partnership",
        "INSERT",
        {vendor: _born_pending(vendor) for vendor in ("postgresql", "sqlite")},
        "a partnership starts as a proposal by a member of the care centre (ADR 0014)",
    )
)
PARTNERSHIP_TWO_PEOPLE = register(
    Guard(
        "guard_partnership_two_people",
        "partners.Partnership",
        "UPDATE",
        {vendor: _two_people(vendor) for vendor in ("postgresql", "sqlite")},
        "a partnership is approved once by a second member of the centre in another role, and an ended one never changes (ADR 0014)",
    )
)
ORGANISATION_KIND_ON_INSERT = register(
    Guard(
        "guard_organisation_kind_on_insert",
        "accounts.Organisation",
        "INSERT",
        dict.fromkeys(("postgresql", "sqlite"), f"NEW.kind NOT IN {KINDS}"),
        "no organisation of a kind outside the vocabulary (ADR 0014)",
    )
)
ORGANISATION_KIND_ON_UPDATE = register(
    Guard(
        "guard_organisation_kind_on_update",
        "accounts.Organisation",
        "UPDATE",
        dict.fromkeys(("postgresql", "sqlite"), f"NEW.kind NOT IN {KINDS}"),
        "no organisation of a kind outside the vocabulary (ADR 0014)",
    )
)
