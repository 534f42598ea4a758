"""The vocabulary of who does what: organisation kinds, roles, permissions.

There is deliberately no immigration-enforcement organisation kind, role or
permission (DESIGN.md §3.1). The test suite proves none can be created.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CARE_CENTRE = "care_centre", _("Sexual assault care centre")
    POLICE_UNIT = "police_unit", _("Police unit")
    NGO = "ngo", _("Non-governmental organisation")
    MUNICIPAL_DESK = "municipal_desk", _("Municipal desk")
    LEGAL_SERVICE = "legal_service", _("Legal service")
    RESEARCH_BODY = "research_body", _("Research body")
    # Cases here are synthetic, for practice; the database keeps them from ever
    # reaching a real organisation (training/guards.py, ADR 0035).
    TRAINING_CENTRE = "training_centre", _("Training organisation (synthetic cases only)")
    # An inspectorate, ombud or police oversight committee: published statistics only (ADR 0031).
    OVERSIGHT_BODY = "oversight_body", _("Oversight body")


class Role(models.TextChoices):
    CRISIS_WORKER = "crisis_worker", _("Crisis worker")
    CLINICIAN = "clinician", _("Nurse or doctor")
    CASE_MANAGER = "case_manager", _("Case manager")
    POLICE_LIAISON = "police_liaison", _("Police liaison officer")
    NGO_ADVOCATE = "ngo_advocate", _("NGO advocate")
    # A municipal desk's own roles (desk mode): who files with the police, who
    # follows the person, who advises on the law.
    DESK_COORDINATOR = "desk_coordinator", _("Coordinator at a municipal desk")
    DESK_CASEWORKER = "desk_caseworker", _("Caseworker at a municipal desk")
    DESK_LEGAL_ADVISER = "desk_legal_adviser", _("Legal adviser at a municipal desk")
    LAWYER = "lawyer", _("Lawyer")
    DPO_ADMIN = "dpo_admin", _("Data protection officer / administrator")
    ANALYST = "analyst", _("Analyst")
    OVERSIGHT_MEMBER = "oversight_member", _("Oversight body member")
    TRAINER = "trainer", _("Trainer")
    TRAINEE = "trainee", _("Trainee")
    TRANSLATION_REVIEWER = "translation_reviewer", _("Translation reviewer")


class Permission(StrEnum):
    """scope:resource:action. Keep alphabetical within each scope."""

    ACCOUNTS_INVITATION_CREATE = "accounts:invitation:create"
    ACCOUNTS_STAFF_LIST = "accounts:staff:list"
    ACCOUNTS_STAFF_DEACTIVATE = "accounts:staff:deactivate"

    AUDIT_LOG_VERIFY = "audit:log:verify"

    CASES_APPOINTMENT_MANAGE = "cases:appointment:manage"
    CASES_CASE_ASSIGN = "cases:case:assign"
    CASES_CASE_LIST = "cases:case:list"
    CASES_CASE_READ = "cases:case:read"
    CASES_CASE_TAKE = "cases:case:take"
    CASES_CASE_UPDATE = "cases:case:update"
    CASES_ENCOUNTER_READ = "cases:encounter:read"
    CASES_ENCOUNTER_RECORD = "cases:encounter:record"
    CASES_MESSAGE_REPLY = "cases:message:reply"
    CASES_REFERRAL_SEND = "cases:referral:send"
    CASES_SUMMARY_PRINT = "cases:summary:print"

    CONSENT_LEDGER_READ = "consent:ledger:read"
    CONSENT_MIGRATION_READ = "consent:migration:read"
    CONSENT_OVERRIDE_APPROVE = "consent:override:approve"
    CONSENT_OVERRIDE_REQUEST = "consent:override:request"
    CONSENT_PACKAGE_CREATE = "consent:package:create"
    CONSENT_PACKAGE_READ = "consent:package:read"
    CONSENT_RECORD_CREATE = "consent:record:create"
    CONSENT_REGISTER_READ = "consent:register:read"

    CONTENT_TRANSLATION_REVIEW = "content:translation:review"

    EVIDENCE_KIT_MANAGE = "evidence:kit:manage"
    EVIDENCE_KIT_READ = "evidence:kit:read"
    EVIDENCE_KIT_RECEIVE = "evidence:kit:receive"
    EVIDENCE_STORAGE_MANAGE = "evidence:storage:manage"
    # Held by no role: the housekeeping clock and the person's own choices in the
    # portal (evidence.services hands them to the workflow), never staff.
    EVIDENCE_KIT_CLOCK = "evidence:kit:clock"
    EVIDENCE_KIT_PERSON_CHOICE = "evidence:kit:person_choice"

    MATERIALS_CATALOGUE_READ = "materials:catalogue:read"

    NAVIGATOR_DETAIL_READ = "navigator:detail:read"

    PARTNERS_PARTNERSHIP_APPROVE = "partners:partnership:approve"
    PARTNERS_PARTNERSHIP_PROPOSE = "partners:partnership:propose"
    PARTNERS_PARTNERSHIP_REVOKE = "partners:partnership:revoke"
    PARTNERS_REGISTER_READ = "partners:register:read"

    POLICE_CONSULTATION_ANSWER = "police:consultation:answer"
    # A municipal desk's own inbox of people who wrote to it from the portal (ADR 0037).
    POLICE_DESK_INBOX = "police:desk_inbox:use"
    # Open or close a municipal desk to contact from the portal (ADR 0037, amended).
    POLICE_DESK_PORTAL_MANAGE = "police:desk_portal:manage"
    POLICE_CONSULTATION_MANAGE = "police:consultation:manage"
    POLICE_INBOX_READ = "police:inbox:read"
    # An NGO or municipal desk files for the people who named it in a referral
    # consent, seen by their case code only (never the case itself).
    POLICE_INTERMEDIARY_FILE = "police:intermediary:file"
    POLICE_REPORT_FILE = "police:report:file"
    POLICE_REPORT_REPLY = "police:report:reply"

    # A relief procedure (ADR 0033): carried by a legal service, NGO or centre
    # the person named; the clocks, certification requests and the packet.
    RELIEF_PROCEDURE_MANAGE = "relief:procedure:manage"

    REFERRALS_DIRECTORY_MANAGE = "referrals:directory:manage"
    REFERRALS_DIRECTORY_READ = "referrals:directory:read"
    REFERRALS_INCOMING_READ = "referrals:incoming:read"
    REFERRALS_INCOMING_UPDATE = "referrals:incoming:update"

    STATS_ALL_CENTRES_READ = "stats:all_centres:read"
    STATS_DASHBOARD_READ = "stats:dashboard:read"
    STATS_OVERSIGHT_READ = "stats:oversight:read"
    STATS_RELEASE_CREATE = "stats:release:create"
    STATS_RULES_MANAGE = "stats:rules:manage"

    # Trainees play scenarios on synthetic cases; trainers read the scenarios and
    # their own training organisation's progress and certificates (ADR 0035).
    TRAINING_PROGRESS_READ = "training:progress:read"
    TRAINING_SCENARIO_PLAY = "training:scenario:play"
    TRAINING_SCENARIO_READ = "training:scenario:read"


# Which roles an organisation of each kind may hold. A police officer cannot be
# made a clinician of a care centre by a careless invitation.
ROLES_BY_ORGANISATION_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.CARE_CENTRE: frozenset(
        {Role.CRISIS_WORKER, Role.CLINICIAN, Role.CASE_MANAGER, Role.DPO_ADMIN, Role.TRAINER, Role.TRANSLATION_REVIEWER}
    ),
    OrganisationKind.POLICE_UNIT: frozenset({Role.POLICE_LIAISON, Role.DPO_ADMIN, Role.TRAINER}),
    OrganisationKind.NGO: frozenset(
        {Role.NGO_ADVOCATE, Role.LAWYER, Role.DPO_ADMIN, Role.TRAINER, Role.TRANSLATION_REVIEWER}
    ),
    OrganisationKind.MUNICIPAL_DESK: frozenset(
        {Role.NGO_ADVOCATE, Role.DESK_COORDINATOR, Role.DESK_CASEWORKER, Role.DESK_LEGAL_ADVISER, Role.DPO_ADMIN}
    ),
    OrganisationKind.LEGAL_SERVICE: frozenset({Role.LAWYER, Role.DPO_ADMIN}),
    OrganisationKind.RESEARCH_BODY: frozenset({Role.ANALYST, Role.DPO_ADMIN}),
    OrganisationKind.TRAINING_CENTRE: frozenset({Role.TRAINER, Role.TRAINEE, Role.DPO_ADMIN}),
    OrganisationKind.OVERSIGHT_BODY: frozenset({Role.OVERSIGHT_MEMBER, Role.DPO_ADMIN}),
}
