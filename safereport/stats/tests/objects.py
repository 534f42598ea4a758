"""Objects the statistics page tests share."""

from django.utils import timezone

from safereport.stats.models import PrivacyBudget, ResearchRelease


def a_release_for(world) -> ResearchRelease:
    budget, _ = PrivacyBudget.objects.get_or_create(
        dataset="cases", year=timezone.now().year, defaults={"epsilon": 1, "set_by": world.staff["dpo"]}
    )
    return ResearchRelease.objects.create(
        budget=budget, table="new-contacts", epsilon="0.5", scale="2", spent_by=world.staff["analyst"],
        published={"rows": ["Care centre Ghent (demo)"], "columns": ["All"], "cells": [[12]], "row_totals": [12],
                   "grand_total": 12, "metrics": {"scale": 2, "standard_deviation": 2.8, "margin_95": 6}, "threshold": 10},
    )
