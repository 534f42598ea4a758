"""Changes to consent and sharing, split by concern. Reads live in `consent.selectors`.

- `ledger`: the person's consents (and clinical consent);
- `disclosure`: `disclosure_build`, the only way anything leaves a case, and
  `disclosure_preview`, exactly what it would send, shown before sending;
- `overrides`: the two-person safeguarding override, and sending under it;
- `compartment`: the sealed migration compartment under the person's own code;
- `erasure`: crypto-shredding a case;
- `own_data`: the person's copy of their own data.
"""

from safereport.consent.services.common import CodeMismatch, ConsentError, DisclosureRefused, OverrideRefused
from safereport.consent.services.compartment import (
    UNLOCK_MINUTES,
    compartment_delete,
    compartment_lock,
    compartment_private_key_for_staff,
    compartment_read_for_staff,
    compartment_record,
    compartment_unlock,
    compartments_lock_lapsed,
)
from safereport.consent.services.disclosure import (
    PackagePreview,
    disclosure_build,
    disclosure_preview,
    disclosure_recipient_allowed,
    sources,
)
from safereport.consent.services.erasure import case_erase
from safereport.consent.services.ledger import (
    clinical_consent_record,
    consent_record,
    consent_record_for_partners,
    consent_withdraw_all,
)
from safereport.consent.services.overrides import (
    override_decide,
    override_mark_safe_to_tell,
    override_request,
    override_send,
)
from safereport.consent.services.own_data import own_data_copy_give

__all__ = [
    "UNLOCK_MINUTES",
    "CodeMismatch",
    "ConsentError",
    "DisclosureRefused",
    "OverrideRefused",
    "PackagePreview",
    "case_erase",
    "clinical_consent_record",
    "compartment_delete",
    "compartment_lock",
    "compartment_private_key_for_staff",
    "compartment_read_for_staff",
    "compartment_record",
    "compartment_unlock",
    "compartments_lock_lapsed",
    "consent_record",
    "consent_record_for_partners",
    "consent_withdraw_all",
    "disclosure_build",
    "disclosure_preview",
    "disclosure_recipient_allowed",
    "own_data_copy_give",
    "override_decide",
    "override_mark_safe_to_tell",
    "override_request",
    "override_send",
    "sources",
]
