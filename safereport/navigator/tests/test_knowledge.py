"""The data files validate, and the validator catches what a reviewer could break."""

import copy
import datetime as dt

import pytest

from safereport.navigator import knowledge
from safereport.navigator.strings import CRIME_LABELS

INDEX_IDS = {  # legal-facts.md §0, the navigator index
    "US-U", "US-T", "US-VAWA", "US-1367", "US-CP", "US-LOCAL", "NL-VEVE", "NL-B83", "NL-DV",
    "ES-31BIS", "ES-59", "ES-59BIS", "ES-HUM", "IT-18", "IT-18BIS", "IT-18TER", "IT-35",
    "BE-TEH", "BE-DVFR", "IE-GARDA", "IE-DV", "IE-THB", "UK-DATA", "UK-MVDAC", "UK-VDA", "UK-NRM",
    "EU-VRD", "EU-0481", "EU-0952", "CoE-IC59",
    "CoE-IC59-3",  # Art. 59(3), added by the issue 12 legal review
}


@pytest.fixture(scope="module")
def raw():
    return knowledge.read_files()


def test_the_shipped_data_is_valid(raw):
    assert knowledge.validate(*raw) == []


def test_every_mechanism_of_the_legal_facts_index_is_in_the_data():
    assert set(knowledge.default().mechanisms) == INDEX_IDS


def test_one_file_per_jurisdiction(raw):
    _, files = raw
    assert sorted(doc["id"] for doc in files.values()) == sorted(["US", "NL", "ES", "IT", "BE", "IE", "UK", "EU", "CoE"])


def test_every_mechanism_has_sources_confidence_and_review_date():
    for mechanism in knowledge.default().mechanisms.values():
        assert mechanism["sources"] and all(s.startswith("http") for s in mechanism["sources"])
        assert mechanism["confidence"] in knowledge.CONFIDENCE
        assert isinstance(mechanism["transcribed_on"], dt.date)


def test_every_jurisdiction_has_an_honest_baseline(raw):
    _, files = raw
    for doc in files.values():
        assert doc["baseline"], doc["id"]


def mutated(raw, change):
    crimes, files = copy.deepcopy(raw)
    change(crimes, files)
    return knowledge.validate(crimes, files)


def test_a_missing_source_list_is_refused(raw):
    errors = mutated(raw, lambda c, f: f["nl.toml"]["mechanisms"][0].update(sources=[]))
    assert any("NL-VEVE: field 'sources' is empty" in e for e in errors)


def test_a_source_that_is_not_an_address_is_refused(raw):
    errors = mutated(raw, lambda c, f: f["nl.toml"]["mechanisms"][0].update(sources=["Timmerman 2020"]))
    assert any("not a web address" in e for e in errors)


def test_an_unknown_crime_id_is_refused(raw):
    errors = mutated(raw, lambda c, f: f["es.toml"]["mechanisms"][0]["scope"][1].update(crimes=["rapee"]))
    assert any("unknown value 'rapee'" in e for e in errors)


def test_a_missing_field_is_refused(raw):
    errors = mutated(raw, lambda c, f: f["us.toml"]["mechanisms"][0].pop("who_activates"))
    assert any("US-U: missing field 'who_activates'" in e for e in errors)


def test_a_wrong_confidence_word_is_refused(raw):
    errors = mutated(raw, lambda c, f: f["us.toml"]["mechanisms"][0].update(confidence="sure"))
    assert any("confidence must be one of" in e for e in errors)


def test_a_reference_to_an_unknown_mechanism_is_refused(raw):
    errors = mutated(raw, lambda c, f: f["us.toml"]["mechanisms"][3].update(follows=["US-X"]))
    assert any("unknown mechanism 'US-X'" in e for e in errors)


def test_missing_plain_language_is_refused(raw):
    errors = mutated(raw, lambda c, f: f["it.toml"]["mechanisms"][0]["plain"]["en"].pop("who_helps"))
    assert any("plain.en.who_helps is missing" in e for e in errors)


def test_reviews_older_than_twelve_months_are_flagged(raw):
    _, files = raw
    # Nothing is reviewed yet: a transcription date is not a review (issue 12 §1).
    assert knowledge.stale_reviews(files, today=dt.date(2028, 1, 1)) == []
    reviewed = copy.deepcopy(files)
    reviewed["us.toml"]["mechanisms"][0].update(reviewed_on=dt.date(2026, 12, 1), reviewed_by="immigration lawyer")
    assert knowledge.stale_reviews(reviewed, today=dt.date(2027, 6, 1)) == []
    stale = knowledge.stale_reviews(reviewed, today=dt.date(2028, 1, 1))
    assert stale == ["US-U: reviewed 2026-12-01, more than 12 months ago"]


def test_crime_labels_are_offered_to_translators(raw):
    crimes, _ = raw
    assert {c["id"]: c["label"] for c in crimes["crimes"]} == dict(CRIME_LABELS)


# --- issue 12: review state and the practical blocks are validated ------------------


def _us_u(files):
    return next(m for m in files["us.toml"]["mechanisms"] if m["id"] == "US-U")


def test_a_reviewer_is_a_role_never_a_name(raw):
    errors = mutated(raw, lambda c, f: _us_u(f).update(reviewed_on=dt.date(2026, 12, 1), reviewed_by="Maria Rossi"))
    assert any("reviewed_by" in e and "must be one of" in e for e in errors)
    assert mutated(raw, lambda c, f: _us_u(f).update(reviewed_on=dt.date(2026, 12, 1), reviewed_by="immigration lawyer")) == []


def test_a_review_needs_both_date_and_role_and_cannot_precede_the_transcription(raw):
    errors = mutated(raw, lambda c, f: _us_u(f).update(reviewed_on=dt.date(2026, 12, 1)))
    assert any("reviewed_on and reviewed_by go together" in e for e in errors)
    errors = mutated(raw, lambda c, f: _us_u(f).update(reviewed_on=dt.date(2026, 1, 1), reviewed_by="criminal lawyer"))
    assert any("before transcribed_on" in e for e in errors)


def test_a_deadline_needs_a_length_a_known_starting_point_and_sources(raw):
    errors = mutated(raw, lambda c, f: _us_u(f)["deadlines"][0].update(months=0))
    assert any("positive length" in e for e in errors)
    errors = mutated(raw, lambda c, f: _us_u(f)["deadlines"][0].update(counted_from="tomorrow"))
    assert any("counted_from" in e for e in errors)
    errors = mutated(raw, lambda c, f: _us_u(f)["deadlines"][0].update(sources=[]))
    assert any("sources" in e for e in errors)


def test_every_practical_block_carries_sources(raw):
    for block in ("exposure", "evidence", "next_steps"):
        errors = mutated(raw, lambda c, f, block=block: _us_u(f)[block].pop("sources"))
        assert any(f"{block}.sources" in e for e in errors), block


def test_a_country_must_say_what_reporting_can_expose(raw):
    errors = mutated(raw, lambda c, f: f["es.toml"].pop("reporting_risk"))
    assert any("reporting_risk" in e for e in errors)
