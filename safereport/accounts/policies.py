"""Role → permission map: the one place that says what each role may do.

Object-level rules (the case is assigned to you, the package is addressed to
your organisation) live in each app's selectors; this module answers only
"may someone with these roles ever do this?".
"""

from collections.abc import Iterable

from safereport.accounts.permissions import Permission as P
from safereport.accounts.permissions import Role

_CARE_WORK = frozenset(
    {
        P.CASES_APPOINTMENT_MANAGE,
        P.CASES_CASE_LIST,
        P.CASES_CASE_READ,
        P.CASES_CASE_TAKE,
        P.CASES_CASE_UPDATE,
        P.CASES_ENCOUNTER_READ,
        P.CASES_ENCOUNTER_RECORD,
        P.CASES_MESSAGE_REPLY,
        P.CASES_REFERRAL_SEND,
        P.CASES_SUMMARY_PRINT,
        P.CONSENT_LEDGER_READ,
        P.CONSENT_MIGRATION_READ,
        P.CONSENT_OVERRIDE_REQUEST,
        P.CONSENT_PACKAGE_CREATE,
        P.CONSENT_RECORD_CREATE,
        P.EVIDENCE_KIT_MANAGE,
        P.EVIDENCE_KIT_READ,
        P.EVIDENCE_STORAGE_MANAGE,
        P.MATERIALS_CATALOGUE_READ,
        P.NAVIGATOR_DETAIL_READ,
        P.POLICE_CONSULTATION_MANAGE,
        P.POLICE_REPORT_FILE,
        P.REFERRALS_DIRECTORY_READ,
    }
)

# Partner staff: referrals addressed to their own organisation, nothing else.
_PARTNER = frozenset(
    {P.CONSENT_PACKAGE_READ, P.NAVIGATOR_DETAIL_READ, P.REFERRALS_INCOMING_READ, P.REFERRALS_INCOMING_UPDATE}
)
# NGO and municipal-desk advocates also file reports to the police on a person's
# behalf (police app): what leaves is what the person released, nothing more.
_ADVOCATE = _PARTNER | {P.POLICE_INTERMEDIARY_FILE, P.POLICE_REPORT_FILE}

ROLE_PERMISSIONS: dict[str, frozenset[P]] = {
    # Researchers: suppressed tables of every centre and research releases with noise (ADR 0029).
    Role.ANALYST: frozenset(
        {
            P.NAVIGATOR_DETAIL_READ,
            P.STATS_ALL_CENTRES_READ,
            P.STATS_DASHBOARD_READ,
            P.STATS_OVERSIGHT_READ,
            P.STATS_RELEASE_CREATE,
        }
    ),
    # An oversight body (ADR 0031): the published tables of every centre and police unit and the
    # comparison across units and jurisdictions; never a case, never a release of its own.
    Role.OVERSIGHT_MEMBER: frozenset(
        {P.NAVIGATOR_DETAIL_READ, P.STATS_ALL_CENTRES_READ, P.STATS_DASHBOARD_READ, P.STATS_OVERSIGHT_READ}
    ),
    # The second approver of a safeguarding override (data/safeguarding/grounds.toml),
    # and of a partnership the DPO proposes (ADR 0014): two people, two roles.
    Role.CASE_MANAGER: _CARE_WORK
    | {
        P.CASES_CASE_ASSIGN,
        P.CONSENT_OVERRIDE_APPROVE,
        P.PARTNERS_PARTNERSHIP_APPROVE,
        P.PARTNERS_PARTNERSHIP_REVOKE,
        P.PARTNERS_REGISTER_READ,
        # Their own centre's service figures, through the same release rules.
        P.STATS_DASHBOARD_READ,
        P.RELIEF_PROCEDURE_MANAGE,
    },
    Role.CLINICIAN: _CARE_WORK,
    Role.CRISIS_WORKER: _CARE_WORK,
    # A municipal desk (desk mode, ADR 0027 §11–13). The coordinator files with the
    # police for the people who named the desk and passes the replies on; the
    # caseworker follows referrals and packages sent to the desk but files
    # nothing with the police; the legal adviser reads packages the person
    # agreed to send to the desk and the rights navigator, and changes nothing.
    # None of them ever reaches a case: the desk sees a case code only.
    # Coordinator and caseworker also read and answer the desk's own inbox: people
    # who wrote to the desk from the portal (ADR 0037), never a care centre's case.
    Role.DESK_CASEWORKER: _PARTNER | {P.POLICE_DESK_INBOX},
    Role.DESK_COORDINATOR: _ADVOCATE | {P.POLICE_DESK_INBOX},
    Role.DESK_LEGAL_ADVISER: frozenset({P.CONSENT_PACKAGE_READ, P.NAVIGATOR_DETAIL_READ}),
    Role.DPO_ADMIN: frozenset(
        {
            P.ACCOUNTS_INVITATION_CREATE,
            P.ACCOUNTS_STAFF_DEACTIVATE,
            P.ACCOUNTS_STAFF_LIST,
            P.AUDIT_LOG_VERIFY,
            P.CONSENT_REGISTER_READ,
            P.NAVIGATOR_DETAIL_READ,
            P.PARTNERS_PARTNERSHIP_PROPOSE,
            P.PARTNERS_PARTNERSHIP_REVOKE,
            P.PARTNERS_REGISTER_READ,
            # Which municipal desks the portal offers, as for the referral directory: the deployment's (ADR 0037).
            P.POLICE_DESK_PORTAL_MANAGE,
            P.REFERRALS_DIRECTORY_MANAGE,
            P.REFERRALS_DIRECTORY_READ,
            # The data steward: release rules and privacy budgets (ADR 0029).
            P.STATS_ALL_CENTRES_READ,
            P.STATS_DASHBOARD_READ,
            P.STATS_OVERSIGHT_READ,
            P.STATS_RULES_MANAGE,
        }
    ),
    # Lawyers and NGO advocates carry relief procedures for the people who named
    # their organisation (ADR 0033); at a centre, its case managers do.
    Role.LAWYER: _PARTNER | {P.RELIEF_PROCEDURE_MANAGE},
    Role.NGO_ADVOCATE: _ADVOCATE | {P.RELIEF_PROCEDURE_MANAGE},
    # Only disclosure packages, consultations and reports addressed to their unit,
    # and kits released to it (the custody record and the items, never health
    # notes); never a case.
    Role.POLICE_LIAISON: frozenset(
        {
            P.CONSENT_PACKAGE_READ,
            P.EVIDENCE_KIT_RECEIVE,
            P.NAVIGATOR_DETAIL_READ,
            P.POLICE_CONSULTATION_ANSWER,
            P.POLICE_INBOX_READ,
            P.POLICE_REPORT_REPLY,
        }
    ),
    # Training (ADR 0035): a trainee plays scenarios on synthetic cases of their
    # training organisation; a trainer follows the trainees of their own.
    Role.TRAINEE: frozenset({P.NAVIGATOR_DETAIL_READ, P.TRAINING_SCENARIO_PLAY}),
    Role.TRAINER: frozenset({P.NAVIGATOR_DETAIL_READ, P.TRAINING_PROGRESS_READ, P.TRAINING_SCENARIO_READ}),
    # Reviews drafts of translations in their languages (ADR 0036); sees no case.
    Role.TRANSLATION_REVIEWER: frozenset({P.CONTENT_TRANSLATION_REVIEW, P.NAVIGATOR_DETAIL_READ}),
}


def permissions_for_roles(roles: Iterable[str]) -> frozenset[P]:
    granted: set[P] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def roles_grant(roles: Iterable[str], permission: str) -> bool:
    return permission in permissions_for_roles(roles)
