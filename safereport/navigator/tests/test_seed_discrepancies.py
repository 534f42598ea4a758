"""Where the seeds are wrong (legal-facts.md §9), the knowledge base says what is right.

The situation table covers D2, D4, D5, D7, D8, D9, D11 and D12 through
verdicts; these tests cover the rest through the data a professional reads.
"""

from safereport.navigator import engine
from safereport.navigator.knowledge import default


def text_of(mechanism_id):
    return " ".join(str(v) for v in default().mechanisms[mechanism_id].values())


def test_d1_individual_assessment_is_article_22_not_25():
    basis = " ".join(default().mechanisms["EU-VRD"]["legal_basis"])
    assert "Art. 22 individual assessment" in basis
    assert "Art. 25 training of practitioners" in basis


def test_d2_labour_exploitation_permits_come_from_2009_52_not_the_return_directive():
    basis = " ".join(default().mechanisms["EU-0952"]["legal_basis"])
    assert basis.startswith("Directive 2009/52/EC")
    assert "Not Directive 2008/115/EC" in basis


def test_d3_the_eu_strategy_runs_to_2025():
    assert "2020-2025" in default().baseline("EU-STRAT")["statement"]


def test_d5_t_visa_declaration_is_optional_but_u_certification_is_mandatory():
    assert "optional" in " ".join(default().mechanisms["US-T"]["who_activates"])
    assert "mandatory" in " ".join(default().mechanisms["US-U"]["who_activates"])


def test_d6_italian_social_path_lets_social_services_and_registered_ngos_propose():
    activators = " ".join(default().mechanisms["IT-18"]["who_activates"])
    assert "social services" in activators and "registered associations" in activators
    assert default().mechanisms["IT-18"]["victim_can_start"] is True


def test_d10_every_eu_country_is_told_reporting_creates_no_residence_right():
    kb = default()
    for country in ("NL", "ES", "IT", "BE", "IE"):
        statements = [kb.baseline(b)["statement"] for b in engine.explain(kb.rules, engine.Situation(country)).baseline_ids]
        assert any("do not create any rights regarding residence status" in s or "do not create any rights regarding the residence status" in s for s in statements), country


def test_d11_no_victim_facing_text_promises_that_police_cannot_share():
    forbidden = ("cannot share your information", "you will be protected against deportation", "there are laws to protect you")
    for mechanism in default().mechanisms.values():
        plain = " ".join(mechanism["plain"]["en"].values()).lower()
        assert not any(phrase in plain for phrase in forbidden), mechanism["id"]


def test_d12_italian_permits_are_casi_speciali_and_18ter_replaces_12quater():
    assert "casi speciali" in default().mechanisms["IT-18"]["name"]
    assert "formerly art. 22 c.12-quater" in default().mechanisms["IT-18TER"]["name"]


def test_d13_trafficking_directive_is_cooperation_conditional_and_smuggling_optional():
    mechanism = default().mechanisms["EU-0481"]
    assert any("cooperate" in c for c in mechanism["conditions"])
    result = engine.explain(default().rules, engine.Situation("NL", "victim", ("smuggling",), "organisation", "undocumented"))
    assert result.verdict_of("EU-0481") == engine.MAY_APPLY


def test_d14_the_85000_figure_is_marked_unverified():
    limits = " ".join(default().mechanisms["US-U"]["limits"])
    assert "85,000" in limits and "not verified" in limits


def test_d15_t_visa_regulations_are_214_200_to_216():
    basis = " ".join(default().mechanisms["US-T"]["legal_basis"])
    assert "214.200-214.216" in basis and "formerly 8 CFR 214.11" in basis


def test_d16_free_in_free_out_is_a_policy_not_a_law():
    mechanism = default().mechanisms["NL-VEVE"]
    assert mechanism["legal_force"] == "policy"
    assert "not law" in mechanism["plain"]["en"]["does_not_give"]


def test_every_discrepancy_is_shown_with_its_mechanisms():
    kb = default()
    assert {d["id"] for d in kb.discrepancies_for("IT-18")} == {"D6", "D7", "D12"}
    assert {d["id"] for d in kb.discrepancies_for("US-T")} == {"D5", "D15"}
