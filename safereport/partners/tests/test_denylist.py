"""The immigration-enforcement denylist: matching names, and the data file it lives in (ADR 0014)."""

import pytest

from safereport import datafiles
from safereport.datafiles.tests.conftest import data_root, edit  # noqa: F401 - the scratch copy fixture
from safereport.partners import selectors
from safereport.partners.policies import Listed, matches, normalise


@pytest.mark.parametrize(
    "name",
    [
        "Immigratiepolitie",
        "IMMIGRATIE-POLITIE Utrecht",
        "Regionale Vreemdelingen Politie",
        "Dienst Vreemdelingenzaken",
        "Stad Gent – dienst vreemdelingenzaken",
        "Office des étrangers",
        "OFFICE DES ETRANGERS",
        "IND Zwolle",
        "Koninklijke Marechaussee Schiphol",
        "Home Office Immigration Enforcement",
        "UK Border Force",
        "U.S. Immigration and Customs Enforcement",
        "ICE field office",
        "Ausländerbehörde Köln",
        "Auslaenderbehoerde Köln",
        "Polizia di Frontiera",
        "Brigada Provincial de Extranjería y Fronteras",
        "Frontex",
        "Garda National Immigration Bureau",
        "ｉｍｍｉｇｒａｔｉｅｐｏｌｉｔｉｅ",  # full-width letters fold to the same name
    ],
)
def test_names_of_immigration_bodies_are_recognised_however_they_are_written(name):
    assert selectors.denylist_match(name) is not None, name


@pytest.mark.parametrize(
    "name",
    [
        "Independent women's support",  # IND only as a whole word
        "Justice for migrant women",  # ICE only as a whole word
        "Medimmigrant",
        "Immigration law clinic Ghent",  # helping people with residence is not enforcement
        "Servicio de Orientación Jurídica de Extranjería",
        "Police vice unit Ghent (demo)",
        "Politie Zone Noord",
    ],
)
def test_partners_who_help_are_not_taken_for_enforcement(name):
    assert selectors.denylist_match(name) is None, selectors.denylist_match(name)


def test_no_demo_organisation_and_no_partner_in_the_referral_directory_is_on_the_list(db):
    from safereport.demo.world import ORGANISATIONS, PARTNERSHIPS

    names = [o.name for o in ORGANISATIONS] + [n for p in PARTNERSHIPS for n in p.public_names.values()]
    for directory in datafiles.load("referrals").values():
        names += [service.name for service in directory.service]
    assert [n for n in names if selectors.denylist_match(n)] == []


def test_normalising_folds_case_accents_and_punctuation():
    assert normalise("Office des Étrangers!") == "office des etrangers"
    assert normalise("DT&V") == "dt v"
    assert matches(Listed("x", "Vreemdelingenpolitie", "NL"), "vreemdelingen-politie")
    assert not matches(Listed("x", "ICE", "US"), "Service")


def test_every_listed_body_names_its_sources_and_the_file_says_it_is_a_draft():
    model = datafiles.load_one("partners.immigration_bodies")
    assert model.legal_review_status == "draft"
    assert {body.jurisdiction for body in model.body} >= {"BE", "NL", "UK", "IE", "IT", "ES", "US", "EU"}
    assert all(body.sources for body in model.body)


def test_a_broken_list_is_refused_with_its_file_and_entry(data_root):  # noqa: F811 - the fixture
    path = data_root / "firewall" / "immigration_bodies.toml"
    edit(path, 'sources = ["https://ind.nl/en"]', "sources = []")
    edit(path, 'aliases = ["DVZ",', 'aliases = ["-", "DVZ",')
    with pytest.raises(datafiles.DataFileError) as raised:
        datafiles.load("partners.immigration_bodies", root=data_root)
    error = str(raised.value)
    assert "data/firewall/immigration_bodies.toml nl-ind: field 'sources' is empty" in error
    assert "data/firewall/immigration_bodies.toml be-dvz:" in error and "would match too much" in error
