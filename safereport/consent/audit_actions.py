"""The audit actions the consent app writes (safereport.audit.actions says why they are declared).

Sentences are what the person reads in their access history; `%(who)s` is the
staff member's role and organisation, never their name. What was shared with
whom is shown beside the sentence, from the event's details.
"""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    # The ledger
    AuditAction("consent:ledger:read", Access.VIEWED, told=_("%(who)s looked at what you agreed to share")),
    AuditAction(
        "consent:consent:given", Access.CHANGED, told=_("%(who)s recorded that you agreed to share information")
    ),
    AuditAction(
        "consent:consent:withdrawn",
        Access.CHANGED,
        told=_("%(who)s recorded that you took back an agreement to share"),
    ),
    AuditAction(
        "consent:clinical:given", Access.CHANGED, told=_("%(who)s recorded that you agreed to an examination")
    ),
    AuditAction(
        "consent:clinical:declined",
        Access.CHANGED,
        told=_("%(who)s recorded that you did not want an examination"),
    ),
    AuditAction(
        "consent:clinical:stopped",
        Access.CHANGED,
        told=_("%(who)s recorded that you asked to stop an examination"),
    ),
    # Sharing
    AuditAction("consent:package:disclosed", Access.SHARED, told=_("%(who)s sent information about you")),
    AuditAction(
        "consent:disclosure:refused",
        Access.REFUSED,
        told=_("%(who)s tried to send information about you and was refused"),
    ),
    # Written with the person as actor when they erase their record (the
    # sentence is for completeness: the person's history is gone with it).
    AuditAction(
        "consent:erasure:recipient_told",
        Access.SHARED,
        told=_("%(who)s told an organisation that received information about you that removal was asked for"),
    ),
    AuditAction(
        "consent:preview:opened",
        Access.VIEWED,
        told=_("%(who)s looked at what would be sent about you, before deciding to send it"),
    ),
    AuditAction("consent:package:shredded", Access.CHANGED, told=_("%(who)s ended the centre's work with an organisation, so what was sent there about you can no longer be opened")),
    AuditAction("consent:package:opened", Access.VIEWED, told=_("%(who)s opened the information sent to them")),
    AuditAction(
        "consent:package:refused",
        Access.REFUSED,
        told=_("%(who)s asked to see information sent about you and was refused"),
    ),
    # The safeguarding override (shown only once staff judged it safe to tell)
    AuditAction(
        "consent:override:requested",
        Access.CHANGED,
        told=_("%(who)s asked to share information about you without your agreement, because of a safety concern"),
    ),
    AuditAction(
        "consent:override:justification_read",
        Access.VIEWED,
        told=_("%(who)s read why sharing without your agreement was asked for"),
    ),
    AuditAction(
        "consent:override:approved",
        Access.CHANGED,
        told=_("%(who)s approved sharing information about you without your agreement"),
    ),
    # A decision, not a refused attempt: the request to share was turned down.
    AuditAction(
        "consent:override:refused",
        Access.CHANGED,
        told=_("%(who)s decided not to share information about you without your agreement"),
    ),
    AuditAction(
        "consent:override_decision:refused",
        Access.REFUSED,
        told=_("%(who)s tried to decide about sharing without your agreement and was refused"),
    ),
    AuditAction(
        "consent:override:safe_to_tell",
        Access.CHANGED,
        told=_("%(who)s decided it is now safe to tell you about sharing without your agreement"),
    ),
    # The sealed compartment
    AuditAction(
        "consent:migration:read",
        Access.VIEWED,
        told=_("%(who)s read your private note while you had unlocked it"),
    ),
    AuditAction("consent:migration:recorded", Access.CHANGED),
    AuditAction("consent:migration:unlocked", Access.CHANGED),
    AuditAction("consent:migration:locked", Access.CHANGED, told=_("%(who)s locked your private note again")),
    AuditAction("consent:migration:deleted", Access.CHANGED),
    AuditAction("consent:migration:relocked", Access.CHANGED),
    # Erasure and the person's copy
    AuditAction("consent:case:erased", Access.CHANGED, told=_("%(who)s removed your record")),
    AuditAction("consent:own_data:viewed", Access.VIEWED),
    AuditAction("consent:own_data:downloaded", Access.VIEWED),
)
