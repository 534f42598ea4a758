"""Relief's names on the staff pages follow the reader's staff language (issue 20, ADR 0036).

Procedure, step, document and actor names are drafts in nl, fr, es, it; legal
sources stay as cited and are marked with the language of the authority whose
law they cite.
"""

import pytest

from conftest import sign_in
from safereport.accounts import services as accounts
from safereport.relief.tests.conftest import named, open_procedure

pytestmark = pytest.mark.django_db(databases="__all__")

# The Spanish art. 31 bis procedure, as a staff member reads it in each staff language.
WORDS = {
    "nl": ("Kopie van de aangifte (denuncia)", "de persoon", "Verblijfs- en werkvergunning art. 31 bis"),
    "fr": ("Copie de la plainte (denuncia)", "la personne", "Autorisation de séjour et de travail art. 31 bis"),
    "es": ("Copia de la denuncia", "la persona", "Autorización de residencia y trabajo del art. 31 bis"),
    "it": ("Copia della denuncia (denuncia)", "la persona", "Autorizzazione di soggiorno e lavoro art. 31 bis"),
}


@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_lawyer_reads_step_document_and_actor_names_in_their_language(language, client, world):
    named(world, "legal")
    procedure = open_procedure(world, "ES-31BIS")
    lawyer = accounts.staff_language_set(user=world.staff["lawyer"], language=language)
    sign_in(client, lawyer)
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode().replace("&#x27;", "'")
    document, actor, title = WORDS[language]
    assert f"<td>{document}" in page and f"— {actor} (" in page and title in page
    assert "Copy of the report (denuncia)" not in page and "— the person (" not in page
    # The citation stays as the law writes it, marked with the Spanish authority's language.
    assert '<span lang="es">LO 4/2000 (LOEX) art. 31 bis(2)</span>' in page


def test_a_us_citation_stays_english_and_is_marked_so_beside_dutch_names(client, world):
    lawyer = accounts.staff_language_set(user=world.staff["lawyer"], language="nl")
    named(world, "legal")
    procedure = open_procedure(world, "US-U")
    sign_in(client, lawyer)
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode()
    assert "Formulier I-918 Supplement B, ondertekend door een certificerende functionaris" in page
    assert '(<span lang="en">8 CFR 214.14(c)</span>)' in page


def test_a_deadline_cites_its_law_in_the_law_s_language_and_a_lawyer_s_note_in_english(client, world):
    import datetime as dt

    from safereport.relief import services

    named(world, "legal")
    procedure = open_procedure(world, "IT-18")
    lawyer = accounts.staff_language_set(user=world.staff["lawyer"], language="fr")
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="proposal", done_on=dt.date(2026, 1, 6))
    services.clock_add(actor=lawyer, procedure=procedure, kind="age_out", due_on=dt.date(2026, 2, 1), today=dt.date(2026, 1, 6))
    sign_in(client, lawyer)
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode().replace("&#x27;", "'")
    assert '<td lang="it">D.Lgs. 286/1998 (TUI) art. 5(9)</td>' in page
    assert "<td lang=\"en\">The child's 21st birthday" in page


def test_translations_status_counts_relief_names_by_who_reads_them():
    """The person reads a procedure's, steps' and clocks' names; staff also read actors, documents and expiry notes."""
    from safereport.ops import translations

    rows = {(r.language, r.area): r for r in translations.status()}
    arabic, dutch = rows[("ar", translations.RELIEF)], rows[("nl", translations.RELIEF)]
    assert arabic.required and dutch.required
    assert arabic.missing == dutch.missing == 0
    assert arabic.reviewed == dutch.reviewed == 0  # no lawyer or translator has reviewed a relief file yet
    assert 0 < arabic.total < dutch.total  # staff-only names are not counted against the person's languages


def test_a_relief_name_missing_in_a_person_s_language_fails_the_translation_check(monkeypatch):
    from safereport import datafiles
    from safereport.ops import translations

    real_load = datafiles.load

    def without_arabic_name(kind):
        files = real_load(kind)
        if kind != "relief.procedures":
            return files
        name, first = next(iter(files.items()))
        procedure = first.procedures[0]
        names = {language: text for language, text in procedure.names.items() if language != "ar"}
        changed = first.model_copy(update={"procedures": (procedure.model_copy(update={"names": names}), *first.procedures[1:])})
        return {**files, name: changed}

    monkeypatch.setattr(translations.datafiles, "load", without_arabic_name)
    rows = translations.status()
    missing = [(r.language, r.area, r.missing) for r in translations.missing_required(rows)]
    assert missing == [("ar", translations.RELIEF, 1)]
