"""Steps of the upgrade test, each run as `safereport shell -c` in its own process (test_upgrade_a_populated_copy.py).

`at_the_previous_release()` migrates empty scratch databases to the previous
release's migrations (PREVIOUS), writes a small centre's data into them with
that release's tables (the historical models Django's migration state gives:
the current model classes would name columns that do not exist yet), sealed
through the vault and audited through the audit service as the services of
that release did, and prints what it wrote. After `safereport migrate` (the
operator's command) `after_the_upgrade()` prints what the upgraded databases
hold and open. Both print one JSON object.
"""

import hashlib
import json
from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# The release before the languages became a list (ADR 0018): interpreter
# languages were typed into plain columns; partners, police, evidence and
# statistics did not exist. Upgrading from it runs every data migration since:
# typed language names moved into sealed columns (cases 0007, consent 0005),
# erased receipts, "not decided" reporting (cases 0009), partner-only packages.
PREVIOUS: dict[str, str | None] = {
    "accounts": "0002_organisation_time_zone",
    "cases": "0006_referrals_move_to_their_own_app",
    "consent": "0004_correspondence_category",
    "partners": None,
    "police": None,
    "evidence": None,
    "stats": None,
    # Apps born after that release: a new app with migrations must be added here,
    # or its migrations would pull the older apps forward before the data is written.
    "training": None,
    "relief": None,
    "content": None,
}

# (what the person typed as the interpreter's language, what it becomes)
LANGUAGES = [("Tigrinya", "ti"), ("Lingala", "other"), ("", ""), ("français", "fr")]
MESSAGES = [
    "Something happened last night. I do not have papers. Can I still see a doctor?",
    "My friend said you do not call the police. Is that true?",
    "I can come on Tuesday after work.",
]


def _targets(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    targets = []
    for app in sorted(executor.loader.migrated_apps):
        if app in PREVIOUS:
            targets.append((app, PREVIOUS[app]))
        else:
            targets += [node for node in executor.loader.graph.leaf_nodes() if node[0] == app]
    return targets


def _table_counts() -> dict[str, int]:
    connection = connections[DEFAULT_DB_ALIAS]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table == "django_migrations":
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the database itself
            counts[table] = cursor.fetchone()[0]
    return counts


def _digest(raw: Any) -> str:
    return hashlib.sha256(bytes(raw)).hexdigest() if raw is not None else ""


def at_the_previous_release() -> None:
    from safereport.audit.actors import Actor
    from safereport.audit.services import record
    from safereport.cases import receipts
    from safereport.cases.sealing import seal_field

    call_command("migrate", database="keystore", verbosity=0)
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    targets = _targets(executor)
    executor.migrate(targets)
    old = executor.loader.project_state([(app, name) for app, name in targets if name is not None]).apps

    Organisation = old.get_model("accounts", "Organisation")
    Case = old.get_model("cases", "Case")
    PortalMessage = old.get_model("cases", "PortalMessage")
    centre = Organisation.objects.create(name="Upgrade centre", kind="care_centre", jurisdiction="BE")
    written = []
    for number, (typed, _) in enumerate(LANGUAGES):
        code = receipts.new_receipt_code()
        case = Case.objects.create(
            care_centre=centre, receipt_lookup=receipts.receipt_lookup_hash(code), preferred_language="en",
            interpreter_language=typed, companion="no", may_contact=True, help_kinds=["health"],
        )
        case.contact_preferences_sealed = seal_field(
            case=case, record=case, field="contact_preferences_sealed", text=f"Evenings only, case {number}"
        )
        case.save(update_fields=["contact_preferences_sealed"])
        messages = []
        for text in MESSAGES:
            message = PortalMessage.objects.create(case=case, sender="victim", body_sealed=b"")
            message.body_sealed = seal_field(case=case, record=message, field="body_sealed", text=text)
            message.save(update_fields=["body_sealed"])
            messages.append({"id": str(message.public_id), "text": text, "sealed": _digest(message.body_sealed)})
            record("cases:message:received", actor=Actor.victim(), subject=f"case:{case.public_id}",
                   case_ref=str(case.public_id))
        record("cases:case:opened_from_portal", actor=Actor.victim(), subject=f"case:{case.public_id}",
               case_ref=str(case.public_id))
        written.append({"case": str(case.public_id), "code": code, "typed_language": typed,
                        "contact": f"Evenings only, case {number}", "messages": messages})
    print(json.dumps({"targets": targets, "cases": written, "rows": _table_counts()}))


def after_the_upgrade() -> None:
    from safereport.cases.models import Case, PortalMessage
    from safereport.cases.sealing import open_sealed, other_language_field
    from safereport.cases.services import receipt_find
    from safereport.vault.selectors import keystore_readability

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    cases = []
    for case in Case.objects.order_by("pk"):
        found = receipt_find(typed_code="0" * 16)  # a code nobody holds opens nothing
        assert found.case is None
        messages = [
            {"id": str(m.public_id), "text": open_sealed(case=case, record=m, field="body_sealed"),
             "sealed": _digest(m.body_sealed)}
            for m in PortalMessage.objects.filter(case=case).order_by("pk")
        ]
        cases.append({
            "case": str(case.public_id),
            "language": [case.interpreter_language,
                         open_sealed(case=case, record=case, field=other_language_field("interpreter_language"))],
            "contact": open_sealed(case=case, record=case, field="contact_preferences_sealed"),
            "reporting_status": case.reporting_status,
            "messages": messages,
        })
    readability = keystore_readability()
    print(json.dumps({
        "unapplied": [f"{m.app_label}.{m.name}" for m, _ in unapplied],
        "cases": cases,
        "readability": {"sealed_values": readability.sealed_values, "keys_named": readability.keys_named,
                        "readable_keys": readability.readable_keys, "missing": readability.missing,
                        "unopenable": readability.unopenable},
        "rows": _table_counts(),
    }, default=str))


def codes_open(codes: list[str]) -> None:
    from safereport.cases.services import receipt_find

    print(json.dumps({code: str(getattr(receipt_find(typed_code=code).case, "public_id", "")) for code in codes}))


def guards_that_differ() -> None:
    """The guarded tables whose triggers are not exactly the declared ones (core/guards.py)."""
    from django.db import connection

    from safereport.core import guards
    from safereport.core.appendonly import AppendOnlyModel, expected_triggers, installed_triggers

    differ = []
    for model in guards.guarded_models():
        appendonly = expected_triggers(connection.vendor, model) if issubclass(model, AppendOnlyModel) else set()
        if installed_triggers(connection, model._meta.db_table) != guards.expected_triggers(connection.vendor, model) | appendonly:
            differ.append(model._meta.label)
    print(json.dumps({"differ": differ}))
