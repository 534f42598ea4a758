"""What the person may read from the lawyers' data files exists in their language."""

from django.utils import translation

from config import locales
from safereport.consent import rules


def test_every_ground_and_retention_explanation_exists_in_every_language():
    texts = [g.labels for g in rules.grounds().values()]
    for jurisdiction in ("BE", "NL"):
        texts += [r.explanations for r in rules.retention_rules(jurisdiction)]
    assert texts
    for entry in texts:
        assert set(locales.LANGUAGE_CODES) <= set(entry), sorted(set(locales.LANGUAGE_CODES) - set(entry))
        assert all(value.strip() for value in entry.values())


def test_the_text_follows_the_active_language_with_english_as_fallback():
    ground = rules.grounds()["immediate_risk_to_life"]
    with translation.override("ar"):
        assert ground.label == ground.labels["ar"]
    with translation.override("de"):
        assert ground.label == ground.labels["en"]
