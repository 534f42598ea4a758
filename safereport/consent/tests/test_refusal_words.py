"""A refusal shows words, never its code (issue 13 §12); the code stays in the audit log."""

import re
from pathlib import Path

import pytest

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.consent.errors import REASONS, reason_text

APPS = Path(__file__).resolve().parents[2]
RAISED = re.compile(r'(?:DisclosureRefused|OverrideRefused|Verdict)\("([a-z_]+)"')


def raised_codes() -> set[str]:
    codes = set()
    for app in ("consent", "partners"):
        for source in (APPS / app).rglob("*.py"):
            if "tests" not in source.parts:
                codes |= set(RAISED.findall(source.read_text(encoding="utf-8")))
    return codes


def test_every_refusal_code_raised_has_a_sentence():
    codes = raised_codes()
    assert {"no_consent", "recipient_kind_not_for_purpose", "recipient_not_a_partner"} <= codes
    assert codes - set(REASONS) == set()


def test_an_unlisted_code_reads_as_a_generic_refusal_not_as_the_code():
    assert reason_text("some_new_code") == "the sharing policy does not allow it"


@pytest.mark.django_db(databases="__all__")
def test_a_preview_without_consent_says_why_in_words(world, client):
    case = world.cases["assigned"]
    sign_in(client, world.staff["doctor"])
    page = client.get(
        f"/staff/consent/cases/{case.public_id}/packages/preview/",
        {"recipient": world.organisations["police"].pk, "purpose": "investigation"},
    ).content.decode()
    assert "the person has not agreed to share this information with this organisation for this purpose" in page
    assert "no_consent" not in page
    assert AuditEvent.objects.filter(action="consent:disclosure:refused", details__reason="no_consent").exists()
