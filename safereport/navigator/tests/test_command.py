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
    assert veve["sources"] and veve["last_reviewed"] == "2026-11-24"
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
    assert out.startswith("OK: 9 jurisdictions, 30 mechanisms") and err == ""


def test_check_flags_reviews_older_than_twelve_months():
    out, err = run("check", "--today", "2028-01-01")
    assert "30 review(s) older than 12 months" in out and "review due: US-U" in err
    with pytest.raises(CommandError):
        run("check", "--today", "2028-01-01", "--strict")
