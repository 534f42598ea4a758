"""Why something is shared: the purposes vocabulary of the consent ledger.

A consent is given for one purpose; a disclosure package is built for one
purpose. Other apps (warm referrals, police handover) pass one of these values
to `safereport.consent.services.disclosure_build`.

    investigation        a police investigation (forensic report, statement support)
    referral             a warm referral to a partner for support (shelter, counselling, …)
    relief_application   help with a relief-from-enforcement / residence application
                         (U/T visa certification, Italian art. 18, …) by a lawyer, NGO or desk
    legal_advice         legal advice or representation
    research             research; only ever anonymised, and only to a research body

Each purpose names the organisation kinds that may receive it. There is no
immigration-enforcement kind in the vocabulary (accounts.permissions), so no
purpose can reach one.

`RELEVANT_CATEGORIES` is §6.3 r6–7: what a package for the purpose holds by
default when the person consents "to what is needed". Anything outside that
set is included only with a consent marked *explicit* ("I want the police to
know this too"), and migration information only with an explicit consent for
that very organisation and purpose.
"""

from safereport.accounts.permissions import OrganisationKind as K
from safereport.core.categories import DataCategory as C

# The vocabulary itself sits in core, so that partnerships (a floor below) can
# name purposes too; this module keeps what each purpose means for sharing.
from safereport.core.purposes import Purpose as Purpose

RECIPIENT_KINDS: dict[str, frozenset[str]] = {
    Purpose.INVESTIGATION: frozenset({K.POLICE_UNIT}),
    Purpose.REFERRAL: frozenset({K.CARE_CENTRE, K.NGO, K.MUNICIPAL_DESK, K.LEGAL_SERVICE}),
    Purpose.RELIEF_APPLICATION: frozenset({K.NGO, K.MUNICIPAL_DESK, K.LEGAL_SERVICE}),
    Purpose.LEGAL_ADVICE: frozenset({K.LEGAL_SERVICE, K.NGO}),
    Purpose.RESEARCH: frozenset({K.RESEARCH_BODY}),
}

RELEVANT_CATEGORIES: dict[str, frozenset[str]] = {
    # §6.3 r6–7 and the forensic-examiner scenario: what happened and the
    # injuries; sexual-health results, medical history and migration are not
    # "usually relevant" and are stored apart.
    Purpose.INVESTIGATION: frozenset({C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS, C.FORENSIC_SAMPLES}),
    Purpose.REFERRAL: frozenset({C.CONTACT_DETAILS, C.NEEDS_AND_SUPPORT, C.SAFETY_AND_RISK}),
    Purpose.RELIEF_APPLICATION: frozenset({C.CONTACT_DETAILS, C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS}),
    Purpose.LEGAL_ADVICE: frozenset({C.CONTACT_DETAILS, C.INCIDENT_ACCOUNT}),
    Purpose.RESEARCH: frozenset(),
}

# Never in a package without an explicit consent for this organisation (not a kind) and purpose.
SEALED_CATEGORIES = frozenset({C.MIGRATION_INFORMATION})


def recipient_kind_allowed(*, purpose: str, kind: str) -> bool:
    return kind in K.values and kind in RECIPIENT_KINDS.get(purpose, frozenset())
