"""Rows from before languages were a choice: typed names become codes, or sealed names; nothing stays in the open.

Runs the real migrations (cases 0007, consent 0004) back and forth on the
test database, with rows written through the historical models as the old
forms wrote them.
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safereport.cases.models import Appointment, Case, Encounter
from safereport.cases.sealing import open_sealed
from safereport.consent.models import ClinicalConsent, ConsentEvent

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "keystore"])

BEFORE = [("cases", "0006_referrals_move_to_their_own_app"), ("consent", "0003_appendonly_triggers")]
RLO = "\u202e"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def plain_text_of(model, pk) -> str:
    row = model.objects.filter(pk=pk).values().get()
    return " ".join(str(value) for name, value in row.items() if not name.endswith("_sealed"))


def test_typed_languages_become_codes_or_sealed_names(world):
    centre, doctor = world.organisations["ghent"], world.staff["doctor"]
    try:
        old = migrate(BEFORE)
        OldCase, OldAppointment, OldEncounter = (old.get_model("cases", n) for n in ("Case", "Appointment", "Encounter"))
        OldConsentEvent, OldClinicalConsent = (old.get_model("consent", n) for n in ("ConsentEvent", "ClinicalConsent"))
        case = OldCase.objects.create(care_centre_id=centre.pk, code="LEGACY01", interpreter_language="Arabic")
        said_tigrinya = OldAppointment.objects.create(case=case, kind="talk", interpreter_language=f"{RLO}Tigrinya")
        said_kurmanji = OldAppointment.objects.create(case=case, kind="talk", interpreter_language=" Kurmanji ")
        encounter = OldEncounter.objects.create(
            case=case, kind="visit", occurred_at=timezone.now(), professional_id=doctor.pk, interpreter_language="arabe"
        )
        consent = OldConsentEvent.objects.create(
            case=case,
            category="incident_account",
            purpose="investigation",
            recipient_kind="police_unit",
            decision="given",
            channel="staff",
            explained_by_id=doctor.pk,
            understanding="understood",
            language="NL",
            interpreter_language="Persian",
        )
        clinical = OldClinicalConsent.objects.create(
            case=case,
            examination="medical_examination",
            decision="given",
            explained_by_id=doctor.pk,
            understanding="understood",
            language="fr-BE",
            interpreter_language="Kurmanji",
        )
    finally:
        migrate(latest())

    case_now = Case.objects.get(pk=case.pk)
    assert (case_now.interpreter_language, case_now.interpreter_language_other_sealed) == ("ar", None)
    assert Appointment.objects.get(pk=said_tigrinya.pk).interpreter_language == "ti"
    assert Encounter.objects.get(pk=encounter.pk).interpreter_language == "ar"
    event = ConsentEvent.objects.get(pk=consent.pk)
    assert (event.language, event.interpreter_language) == ("nl", "fa")

    kurmanji = Appointment.objects.get(pk=said_kurmanji.pk)
    assert kurmanji.interpreter_language == "other"
    assert open_sealed(case=case_now, record=kurmanji, field="interpreter_language_other_sealed") == "Kurmanji"
    examined = ClinicalConsent.objects.get(pk=clinical.pk)
    assert (examined.language, examined.interpreter_language) == ("fr", "other")
    assert open_sealed(case=case_now, record=examined, field="interpreter_language_other_sealed") == "Kurmanji"
    for model, pk in ((Appointment, kurmanji.pk), (ClinicalConsent, examined.pk)):
        assert "Kurmanji" not in plain_text_of(model, pk)

    # The ledger is append-only again once the migration is done.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ConsentEvent._base_manager.filter(pk=event.pk).update(interpreter_language="en")
