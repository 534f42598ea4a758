"""Scenario files: self-checks tied to key messages that exist; a legal check only where there is no firewall."""

import pytest

from safereport.datafiles import load
from safereport.datafiles.errors import DataFileError
from safereport.training.datafiles import Scenario, _check
from safereport.training.selectors import honest_answer, scenarios

pytestmark = pytest.mark.django_db


def related():
    return {"content.messages": load("content.messages"), "police.options": load("police.options")}


def a_scenario(**changes):
    base = scenarios()[-1].model_dump(by_alias=True)
    base.update(changes)
    return Scenario.model_validate(base)


def test_the_five_scenarios_of_the_seeds_are_there_and_pass_the_check():
    assert [s.slug for s in scenarios()] == [
        "first-contact-by-phone", "forensic-examination-data", "needs-assessment", "informal-police-consultation",
        "will-immigration-know",
    ]
    assert list(_check({s.slug: s for s in scenarios()}, related())) == []


def test_a_legal_check_is_refused_where_the_legal_data_says_there_is_a_firewall():
    netherlands = a_scenario(slug="nl-copy", jurisdictions=["NL"])
    problems = list(_check({"nl-copy.toml": netherlands}, related()))
    assert [p.entry for p in problems] == ["NL"]


def test_a_check_must_name_a_key_message_of_the_library():
    steps = scenarios()[0].model_dump(by_alias=True)["step"]
    steps[0]["check"][0]["key_message"] = "you-will-never-be-deported"
    problems = list(_check({"x.toml": a_scenario(slug="x", step=steps)}, related()))
    assert any("you-will-never-be-deported" in p.message for p in problems)


def test_a_legal_check_cannot_carry_its_own_honest_answer_only_wrong_ones():
    steps = scenarios()[-1].model_dump(by_alias=True)["step"]
    steps[-1]["check"][0]["wrong_answers"] = ["only one"]
    with pytest.raises((ValueError, DataFileError)):
        a_scenario(step=steps)
    for jurisdiction in scenarios()[-1].jurisdictions:
        assert "no law" in honest_answer(jurisdiction) or "No law" in honest_answer(jurisdiction)
