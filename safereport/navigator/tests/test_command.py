"""`safereport navigator explain` and `check`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("navigator", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_explain_prints_the_json_shape_of_the_issue():
    out, _ = run("explain", "--jurisdiction", "NL", "--role", "victim", "--crime", "rape",
                 "--perpetrator", "stranger", "--situation", "undocumented", "--gender", "female", "--format", "json")
    data = json.loads(out)
    assert data["jurisdiction"] == "NL"
    veve = next(m for m in data["mechanisms"] if m["id"] == "NL-VEVE")
    assert veve["verdict"] == "applies"
    assert veve["sources"] and veve["transcribed_on"] == "2026-11-24"
    assert data["reporting_risk"]["police_firewall"] is True  # NL: 'vrij erin, vrij eruit' (a policy)
    # Transcription is not a review (issue 12 §1): no reviewer, no review date yet.
    assert veve["reviewed_on"] is None and veve["reviewed_by"] is None
    assert all({"field", "text"} <= set(r) for r in veve["reasons"])
    assert {m["verdict"] for m in data["mechanisms"]} <= {"applies", "may_apply", "does_not_apply"}
    assert any("residence status" in b["statement"] for b in data["baseline"])


def test_explain_as_text_for_people():
    out, _ = run("explain", "--jurisdiction", "UK", "--crime", "rape", "--situation", "undocumented")
    assert "UK-DATA [DOES NOT APPLY]" in out and "Not legal advice" in out


def test_explain_refuses_unknown_values_clearly():
    with pytest.raises(CommandError, match="Unknown crime type"):
        run("explain", "--jurisdiction", "NL", "--crime", "burglary")
    with pytest.raises(CommandError, match="Unknown jurisdiction"):
        run("explain", "--jurisdiction", "XX")


def test_check_passes_on_the_shipped_data():
    out, err = run("check", "--today", "2026-11-24")
    assert out.startswith("OK: 9 jurisdictions, 31 mechanisms") and err == ""
    assert "31 not yet reviewed by a lawyer" in out


def test_strict_check_passes_outside_production_although_nothing_is_reviewed():
    """CI, tests and the demo keep the drafts (issue 12 §1: strict fails only in production)."""
    out, _ = run("check", "--today", "2028-01-01", "--strict")
    assert out.startswith("OK:") and "0 review(s) older than 12 months" in out


def test_strict_check_fails_on_unreviewed_data_in_production(settings):
    """Issue 12 §1: `navigator check --strict` fails on unreviewed data in production mode."""
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="not reviewed by a lawyer"):
        run("check", "--today", "2026-12-02", "--strict")
    # Without --strict production only reports.
    out, _ = run("check", "--today", "2026-12-02")
    assert "31 not yet reviewed by a lawyer" in out
