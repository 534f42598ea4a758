"""What the person just recorded, kept in their session for the confirmation page (issue 13 §4, ADR 0030).

Post/Redirect/Get: a recording view records, calls `remember()` and redirects
to the confirmation page (`mine:done`), which reads it back. Reloading the
confirmation page shows it again and records nothing. Only words' keys and
public names are kept, never what the person wrote: a message's text stays in
the sealed conversation.

The consent draft (issue 13 §6) lives here too: what the person chose on the
consent page, held server-side until they agree on the check-answers page.
The draft is never posted back as hidden fields, so a tampered form cannot
name other recipients; the final POST re-reads the partners registry.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

DONE_KEY = "portal_done"
DRAFT_KEY = "portal_consent_draft"

# What the confirmation page knows how to say.
KINDS = frozenset(
    {
        "consent_given",
        "consent_withdrawn",
        "consent_withdrawn_all",
        "reporting_choice",
        "message_sent",
        "visit_requested",
        "visit_answered",
        "evidence_choice",
        "note_kept",
    }
)


def remember(request: HttpRequest, kind: str, **details: Any) -> HttpResponse:
    """Keep what was recorded and send the browser to the confirmation page (a reload there is a GET)."""
    if kind not in KINDS:
        raise ValueError(f"unknown confirmation {kind!r}")
    request.session[DONE_KEY] = {"kind": kind, **details}
    return redirect("mine:done")


def recalled(request: HttpRequest) -> dict[str, Any] | None:
    found = request.session.get(DONE_KEY)
    return found if isinstance(found, dict) and found.get("kind") in KINDS else None


def draft_keep(request: HttpRequest, *, purpose: str, categories: list[str], shown: list[str], understood: bool) -> None:
    request.session[DRAFT_KEY] = {"purpose": purpose, "categories": categories, "shown": shown, "understood": understood}


def draft(request: HttpRequest) -> dict[str, Any] | None:
    found = request.session.get(DRAFT_KEY)
    return found if isinstance(found, dict) and found.get("purpose") else None


def draft_drop(request: HttpRequest) -> None:
    request.session.pop(DRAFT_KEY, None)
