"""Every file under data/ validates, and every one of them is read by some kind."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safereport import datafiles
from safereport.datafiles.tests.conftest import edit

KINDS = [kind.name for kind in datafiles.kinds()]


def test_every_app_that_reads_data_files_has_registered_its_kinds():
    assert set(KINDS) >= {
        "cases.summary",
        "consent.retention",
        "consent.safeguarding",
        "content.jurisdictions",
        "content.labels",
        "content.messages",
        "content.policies",
        "content.slugs",
        "navigator.crime_types",
        "navigator.jurisdictions",
        "referrals",
    }


@pytest.mark.parametrize("kind", KINDS)
def test_every_shipped_file_of_the_kind_validates(kind):
    assert datafiles.load(kind)


def test_the_check_finds_no_problem_and_no_file_that_nothing_reads():
    reports, stray = datafiles.check()
    assert [str(p) for r in reports for p in r.problems] == []
    assert stray == []
    assert all(r.files for r in reports if r.kind.required)


def test_the_check_counts_an_entry_as_draft_until_its_review_is_recorded(data_root):
    def drafts(kind):
        return {r.kind.name: r for r in datafiles.check(data_root)[0]}[kind]

    before = drafts("navigator.jurisdictions")
    # A mechanism counts as reviewed once its own review is recorded (issue 12:
    # the date and the reviewer's role, never a name).
    nl = data_root / "jurisdictions" / "nl.toml"
    nl.write_text(
        nl.read_text(encoding="utf-8").replace(
            "transcribed_on = 2026-11-24", 'transcribed_on = 2026-11-24\nreviewed_on = 2026-12-01\nreviewed_by = "immigration lawyer"'
        ),
        encoding="utf-8",
    )
    after = drafts("navigator.jurisdictions")
    nl_mechanisms = len(datafiles.load("navigator.jurisdictions", root=data_root)["nl.toml"].mechanisms)
    assert after.entries == before.entries
    assert nl_mechanisms > 0
    assert after.drafts == before.drafts - nl_mechanisms


def test_a_review_without_a_reviewer_is_refused(data_root):
    edit(
        data_root / "jurisdictions" / "nl.toml",
        'legal_review_status = "draft"',
        'legal_review_status = "reviewed"',
    )
    with pytest.raises(datafiles.DataFileError, match="reviewed needs legal_reviewer and legal_reviewed_on"):
        datafiles.load("navigator.jurisdictions", root=data_root)


def test_the_command_prints_each_kind_and_says_ok(capsys):
    call_command("data", "check")
    out = capsys.readouterr().out
    assert "navigator.jurisdictions" in out and "data/jurisdictions/*.toml" in out
    assert out.rstrip().endswith("OK")


def test_the_command_fails_on_a_broken_file_and_on_a_file_nothing_reads(data_root, capsys):
    edit(data_root / "referrals" / "BE.toml", 'jurisdiction = "BE"', "jurisdiction = 32")
    (data_root / "notes.toml").write_text("draft = true\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 data file problem"):
        call_command("data", "check", "--root", str(data_root))
    out = capsys.readouterr().out
    assert "data/referrals/BE.toml: field 'jurisdiction' should be text, not a number" in out
    assert "data/notes.toml: no data-file kind reads this file" in out
