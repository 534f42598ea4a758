"""The person's view of their procedure in the portal: which, the next step, the next date, in their language."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.relief import services
from safereport.relief.tests.conftest import named, open_procedure

pytestmark = pytest.mark.django_db(databases="__all__")

CODE = "4821093755126604"


@pytest.fixture
def person(world):
    Case.objects.filter(pk=world.cases["assigned"].pk).update(receipt_lookup=receipts.receipt_lookup_hash(CODE))
    client = Client()
    assert client.post("/en/back/", {"code": CODE}).status_code == 302
    return client


def test_the_record_page_links_to_the_procedure_only_when_there_is_one(world, person):
    assert "/en/mine/steps/" not in person.get("/en/mine/").content.decode()
    named(world, "legal")
    open_procedure(world, "ES-31BIS")
    assert "/en/mine/steps/" in person.get("/en/mine/").content.decode()


def test_the_person_reads_the_next_step_and_the_next_date_in_spanish_with_the_english_marked(world, person):
    named(world, "legal")
    procedure = open_procedure(world, "ES-31BIS")
    applied = timezone.localdate() - dt.timedelta(days=10)
    services.procedure_step_record(
        actor=world.staff["lawyer"], procedure=procedure, step="provisional_permit_applied", done_on=applied
    )
    page = person.get("/es/mine/steps/").content.decode()
    assert "En curso." in page
    assert "Próximo paso" in page and "Autorización de residencia y trabajo del art. 31 bis" in page
    # The data's names in Spanish (drafts by engineering), marked as drafts.
    assert 'lang="es">Resolución en los 3 meses siguientes a la solicitud' in page
    assert "Un traductor profesional todavía no ha revisado esta traducción." in page
    assert "Decision due within 3 months" not in page
    # No agency, no lawyer's name, no legal source on the person's page.
    assert "Disposición adicional" not in page


def test_someone_elses_procedure_is_never_shown(world, person):
    from safereport.relief.models import Procedure

    named(world, "legal")
    procedure = open_procedure(world, "IT-18")
    Procedure.objects.filter(pk=procedure.pk).update(case=world.cases["assigned_to_other"])
    assert "Art. 18" not in person.get("/en/mine/steps/").content.decode()


@pytest.mark.parametrize("language", ["ar", "es", "fa", "fr", "it", "nl", "ti", "uk"])
def test_the_next_step_and_date_are_in_the_persons_language_for_every_described_procedure(world, person, language):
    """Every person-facing name of data/relief/ exists in each language of the portal (drafts, marked)."""
    from django.utils.html import escape

    from safereport.relief import datafiles

    for mechanism in ("US-U", "IT-18", "ES-31BIS"):
        described = datafiles.procedure(mechanism)
        texts = [described.names, *(s.names for s in described.steps), *(c.names for c in described.clocks)]
        assert all(language in t for t in texts), (mechanism, language)
    named(world, "legal")
    open_procedure(world, "IT-18")
    page = person.get(f"/{language}/mine/steps/").content.decode()
    first_step = datafiles.procedure("IT-18").steps[0].names[language]
    assert f'lang="{language}">{escape(first_step)}' in page
    assert "not yet translated" not in page and "Proposal to the Questore" not in page


def test_without_a_procedure_the_page_does_not_say_someone_helps_with_one(person):
    page = person.get("/en/mine/steps/").content.decode()
    assert "No procedure for now." in page
    assert "Someone you chose helps you with this procedure" not in page
