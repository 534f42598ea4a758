"""Every sealed field in every model declares its data category (consent works per category)."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from safereport.cases import services
from safereport.cases.models import Encounter
from safereport.cases.sealing import open_sealed
from safereport.core.categories import DataCategory


def test_every_sealed_field_declares_a_category():
    seen = set()
    for model in apps.get_models():
        sealed = {f.name for f in model._meta.get_fields() if isinstance(f, models.BinaryField) and f.name.endswith("_sealed")}
        declared = getattr(model, "sensitive_fields", {})
        # Equal, not just covered: every sensitive field is sealed (DESIGN.md §3.6),
        # and a declared name that is no sealed field is a typo that leaves the
        # real field without a category.
        assert set(declared) == sealed, f"{model.__name__}: undeclared {sealed - set(declared)}, unknown {set(declared) - sealed}"
        seen |= {f"{model.__name__}.{name}" for name in sealed}
        for field, category in declared.items():
            assert category in DataCategory.values, (model.__name__, field)
    # The walk saw the models it exists for (a renamed suffix would make it see none).
    assert {"Encounter.account_sealed", "PortalMessage.body_sealed", "MigrationCompartment.content_sealed"} <= seen


def test_no_care_record_has_a_field_for_papers_or_origin():
    forbidden = ("nationality", "passport", "visa", "residence", "permit", "birth", "document", "country_of_origin", "alien")
    for model in apps.get_models():
        if model._meta.app_label in {"navigator"}:
            continue
        for field in model._meta.get_fields():
            assert not any(word in field.name for word in forbidden), f"{model.__name__}.{field.name}"


@pytest.mark.django_db(databases="__all__")
def test_an_encounter_seals_each_category_separately(world):
    case = world.cases["assigned"]
    encounter = services.encounter_record(
        case=case,
        professional=world.staff["doctor"],
        kind="visit",
        occurred_at=timezone.now(),
        texts={"account_sealed": "He grabbed me at the station.", "injuries_sealed": "Bruise on the left wrist."},
    )
    assert open_sealed(case=case, record=encounter, field="injuries_sealed") == "Bruise on the left wrist."
    assert encounter.sexual_health_sealed is None
    assert b"Bruise" not in bytes(Encounter.objects.get(pk=encounter.pk).injuries_sealed)
