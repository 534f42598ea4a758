"""Synthetic cases stay in training, held by the database (core.guards; ADR 0035).

A training organisation (OrganisationKind.TRAINING_CENTRE) holds synthetic
cases for practice. These triggers make it impossible, for SQL from any
client, that such a case reaches a real organisation or that a real case
appears in training:

* guard_training_kind_is_for_life — an organisation never becomes a training
  organisation, nor stops being one (its cases would change sides);
* guard_training_case_no_portal_on_insert / _on_update — a case of a training
  organisation has no portal receipt (no real person can write into it), and
  a case never moves between a training and a real organisation;
* guard_training_package_stays_in, guard_training_consent_stays_in,
  guard_training_referral_stays_in(_on_update), guard_training_override_stays_in,
  guard_training_consultation_stays_in(_on_update), guard_training_report_stays_in,
  guard_training_partnership_stays_in — a package, a consent naming an
  organisation, a referral, a safeguarding override, an informal police
  consultation, a report filed with the police and a partnership join two
  organisations only if both are training organisations or neither is
  (a training case's referral with no recipient organisation is refused too);
* guard_training_attempt_synthetic_case(_on_update) — a scenario is played only on a
  case of a training organisation.

Each condition is the same on both databases: EXISTS gives a boolean on
PostgreSQL and 0/1 on SQLite, and `<>` compares either. The migration
(training 0001) carries its own copy; core's tests compare the database with
these declarations.
"""

from safereport.core.guards import Guard, register

TRAINING_KIND = "training_centre"


def training(organisation_id: str) -> str:
    """SQL: is this organisation a training organisation? (False for NULL.)"""
    return (
        f"EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = {organisation_id}"  # noqa: S608 - trigger SQL from fixed names, no input
        f" AND tk.kind = '{TRAINING_KIND}')"
    )


def case_centre(case_id: str) -> str:
    return f"(SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = {case_id})"  # noqa: S608 - trigger SQL from fixed names, no input


def differ(a: str, b: str) -> str:
    return f"({training(a)}) <> ({training(b)})"


def _both(condition: str) -> dict[str, str]:
    return dict.fromkeys(("postgresql", "sqlite"), condition)


STAYS_IN = "a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)"

_CASE_ON_UPDATE = (
    f"{differ('NEW.care_centre_id', 'OLD.care_centre_id')}"
    f" OR ({training('NEW.care_centre_id')} AND NEW.receipt_lookup IS NOT NULL)"
)
_REFERRAL = differ(case_centre("NEW.case_id"), "NEW.recipient_id")
_CONSULTATION = (
    f"{differ('NEW.care_centre_id', 'NEW.police_unit_id')} OR {differ(case_centre('NEW.case_id'), 'NEW.police_unit_id')}"
)
_ATTEMPT = f"NOT {training(case_centre('NEW.case_id'))}"

GUARDS = tuple(
    register(guard)
    for guard in (
        Guard(
            "guard_training_kind_is_for_life",
            "accounts.Organisation",
            "UPDATE",
            _both(f"(OLD.kind = '{TRAINING_KIND}') <> (NEW.kind = '{TRAINING_KIND}')"),
            "an organisation never becomes a training organisation nor stops being one (ADR 0035)",
        ),
        Guard(
            "guard_training_case_no_portal_on_insert",
            "cases.Case",
            "INSERT",
            _both(f"{training('NEW.care_centre_id')} AND NEW.receipt_lookup IS NOT NULL"),
            STAYS_IN,
        ),
        Guard("guard_training_case_no_portal_on_update", "cases.Case", "UPDATE", _both(_CASE_ON_UPDATE), STAYS_IN),
        Guard(
            "guard_training_package_stays_in",
            "consent.DisclosurePackage",
            "INSERT",
            _both(
                f"{differ('NEW.care_centre_id', 'NEW.recipient_id')}"
                f" OR (NEW.case_id IS NOT NULL AND {differ(case_centre('NEW.case_id'), 'NEW.recipient_id')})"
            ),
            STAYS_IN,
        ),
        Guard(
            "guard_training_consent_stays_in",
            "consent.ConsentEvent",
            "INSERT",
            _both(
                "NEW.recipient_organisation_id IS NOT NULL"
                f" AND {differ(case_centre('NEW.case_id'), 'NEW.recipient_organisation_id')}"
            ),
            STAYS_IN,
        ),
        Guard(
            "guard_training_override_stays_in",
            "consent.SafeguardingOverride",
            "INSERT",
            _both(differ("NEW.care_centre_id", "NEW.recipient_id")),
            STAYS_IN,
        ),
        Guard("guard_training_referral_stays_in", "referrals.Referral", "INSERT", _both(_REFERRAL), STAYS_IN),
        Guard("guard_training_referral_stays_in_on_update", "referrals.Referral", "UPDATE", _both(_REFERRAL), STAYS_IN),
        Guard("guard_training_consultation_stays_in", "police.Consultation", "INSERT", _both(_CONSULTATION), STAYS_IN),
        Guard(
            "guard_training_consultation_stays_in_on_update",
            "police.Consultation",
            "UPDATE",
            _both(_CONSULTATION),
            STAYS_IN,
        ),
        Guard(
            "guard_training_report_stays_in",
            "police.IntermediatedReport",
            "INSERT",
            _both(
                f"{differ(case_centre('NEW.case_id'), 'NEW.police_unit_id')}"
                f" OR {differ(case_centre('NEW.case_id'), 'NEW.intermediary_id')}"
            ),
            STAYS_IN,
        ),
        Guard(
            "guard_training_partnership_stays_in",
            "partners.Partnership",
            "INSERT",
            _both(differ("NEW.care_centre_id", "NEW.organisation_id")),
            STAYS_IN,
        ),
        Guard("guard_training_attempt_synthetic_case", "training.Attempt", "INSERT", _both(_ATTEMPT), STAYS_IN),
        Guard(
            "guard_training_attempt_synthetic_case_on_update", "training.Attempt", "UPDATE", _both(_ATTEMPT), STAYS_IN
        ),
    )
)
