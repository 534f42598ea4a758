"""The heart of the navigator's tests: situations and the verdicts the law gives.

Each row was written from shared/research/legal-facts.md (the block named in
the comment), NOT from the engine's output. A row lists only the mechanisms it
is about; `why` must appear in the reasons where the row says so, so a right
verdict for a wrong reason still fails.

A = applies, M = may_apply, N = does_not_apply.
"""

import pytest

from safereport.navigator import engine
from safereport.navigator.knowledge import default

A, M, N = engine.APPLIES, engine.MAY_APPLY, engine.DOES_NOT_APPLY


def S(j, role="victim", crimes=(), perpetrator="unknown", status="unknown", gender="unknown"):
    return engine.Situation(j, role, tuple(crimes), perpetrator, status, gender)


# (name, situation, {mechanism: verdict}, {mechanism: text that must be in a reason})
CASES = [
    # --- United States (§1) ---
    ("us_rape_stranger_undocumented_u_visa_applies",  # US-U lists rape; status irrelevant
     S("US", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="female"),
     {"US-U": A, "US-T": N, "US-VAWA": N, "US-CP": N, "US-LOCAL": M, "US-1367": M}, {}),
    ("us_stalking_is_a_u_crime_seed_d4",  # D4: S2's list omits stalking; VAWA 2013 added it
     S("US", crimes=["stalking"], perpetrator="stranger", status="undocumented"),
     {"US-U": A}, {}),
    ("us_labour_trafficking_by_employer_t_visa_without_certification_seed_d5",  # D5: T needs no LE certification
     S("US", crimes=["trafficking"], perpetrator="employer", status="undocumented", gender="male"),
     {"US-T": A, "US-U": A, "US-CP": A}, {}),
    ("us_witness_gets_no_u_visa",  # US-U: victims (and some family members), not witnesses
     S("US", role="witness", crimes=["rape"], perpetrator="stranger", status="undocumented"),
     {"US-U": N, "US-T": N, "US-LOCAL": M}, {"US-U": "not for witnesses"}),
    ("us_partner_abuse_vawa_only_if_abuser_citizen_or_lpr",  # US-VAWA: USC/LPR abuser only
     S("US", crimes=["domestic_violence"], perpetrator="partner", status="undocumented", gender="female"),
     {"US-VAWA": M, "US-U": A}, {"US-VAWA": "US citizen or permanent resident"}),
    ("us_sexual_abuse_by_partner_counts_as_domestic_violence",  # rape by partner is DV for VAWA
     S("US", crimes=["rape"], perpetrator="partner", status="undocumented"),
     {"US-VAWA": M, "US-U": A}, {}),
    ("us_theft_is_not_a_qualifying_crime",  # property crime, not on the 28-crime list
     S("US", crimes=["theft"], perpetrator="stranger", status="undocumented"),
     {"US-U": N, "US-1367": N, "US-LOCAL": M}, {}),
    ("us_robbery_only_as_similar_activity",  # "any similar activity" (felonious assault)
     S("US", crimes=["robbery"], perpetrator="stranger", status="undocumented"),
     {"US-U": M}, {"US-U": "similar activity"}),
    ("us_unknown_crime_never_silently_excludes",  # unknown answers become "may apply - if"
     S("US"),
     {"US-U": M, "US-T": M, "US-VAWA": M, "US-CP": M}, {"US-U": "if the crime is one of"}),
    # --- Netherlands (§2) ---
    ("nl_undocumented_rape_victim_free_in_free_out",  # NL-VEVE: any crime, undocumented; no SV-specific permit
     S("NL", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="female"),
     {"NL-VEVE": A, "NL-B83": N, "NL-DV": N, "EU-VRD": A, "EU-0481": N, "CoE-IC59": N}, {}),
    ("nl_undocumented_witness_also_covered_by_veve",  # NL-VEVE: victims and witnesses
     S("NL", role="witness", crimes=["robbery"], perpetrator="stranger", status="undocumented"),
     {"NL-VEVE": A, "EU-VRD": N}, {}),
    ("nl_permit_holder_not_covered_by_veve",  # NL-VEVE: for people without lawful residence
     S("NL", crimes=["theft"], perpetrator="stranger", status="other"),
     {"NL-VEVE": N}, {"NL-VEVE": "without lawful residence"}),
    ("nl_trafficking_witness_b83",  # NL-B83 covers witnesses who report (getuige-aangevers)
     S("NL", role="witness", crimes=["trafficking"], perpetrator="organisation", status="undocumented"),
     {"NL-B83": A, "NL-VEVE": A, "EU-0481": N}, {}),
    ("nl_dv_by_partner_undocumented",  # NL-DV: undocumented victims may apply; partner/family
     S("NL", crimes=["domestic_violence"], perpetrator="partner", status="undocumented", gender="female"),
     {"NL-DV": A, "NL-VEVE": A, "CoE-IC59": N}, {}),
    ("nl_dv_dependent_permit_istanbul_layer_unverified",  # CoE-IC59 for NL: ratification not re-checked
     S("NL", crimes=["domestic_violence"], perpetrator="partner", status="dependent_on_perpetrator"),
     {"NL-DV": A, "CoE-IC59": M, "NL-VEVE": N}, {"CoE-IC59": "not verified"}),
    ("nl_other_dependent_permit_dv_only_if_no_other_permit",  # NL-DV: "no other permit applies"
     S("NL", crimes=["domestic_violence"], perpetrator="family", status="dependent_other"),
     {"NL-DV": M}, {"NL-DV": "no other residence permit"}),
    ("nl_asylum_applicant_not_the_veve_group",  # NL-VEVE: for people without lawful residence
     S("NL", crimes=["assault"], perpetrator="stranger", status="asylum_applicant"),
     {"NL-VEVE": N, "EU-VRD": A}, {}),
    # --- Spain (§3) ---
    ("es_woman_raped_by_stranger_31bis",  # ES-31BIS: sexual violence, any perpetrator, women
     S("ES", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="female"),
     {"ES-31BIS": A, "ES-59": N, "ES-59BIS": N, "EU-VRD": A}, {}),
    ("es_man_raped_not_covered_by_31bis_seed_d8",  # D8: men are not covered
     S("ES", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="male"),
     {"ES-31BIS": N}, {"ES-31BIS": "women only"}),
    ("es_gender_unknown_may_apply",  # unknown gender never excludes
     S("ES", crimes=["rape"], perpetrator="stranger", status="undocumented"),
     {"ES-31BIS": M}, {"ES-31BIS": "gender"}),
    ("es_self_described_gender_may_apply",  # "foreign women": a lawyer checks how Spanish law reads it
     S("ES", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="other"),
     {"ES-31BIS": M}, {"ES-31BIS": "woman under Spanish law"}),
    ("es_asylum_applicant_outside_irregular_stay_mechanisms",  # ES-59 / 59 bis: irregular situation
     S("ES", crimes=["trafficking"], perpetrator="organisation", status="asylum_applicant"),
     {"ES-59": N, "ES-59BIS": N, "EU-0481": A}, {"ES-59BIS": "irregular"}),
    ("es_non_sexual_violence_by_brother_not_covered_seed_d8",  # D8: DV by other family members not covered
     S("ES", crimes=["assault"], perpetrator="family", status="undocumented", gender="female"),
     {"ES-31BIS": N}, {"ES-31BIS": "partner"}),
    ("es_partner_violence_woman_31bis",  # gender violence by current or former partner
     S("ES", crimes=["domestic_violence"], perpetrator="partner", status="dependent_on_perpetrator", gender="female"),
     {"ES-31BIS": A, "ES-59": N, "CoE-IC59": M}, {}),
    ("es_sexual_violence_by_family_member_covered",  # sexual violence: any perpetrator
     S("ES", crimes=["sexual_assault"], perpetrator="family", status="undocumented", gender="female"),
     {"ES-31BIS": A}, {}),
    ("es_trafficking_is_reflection_after_identification_seed_d8",  # D8: 59 bis tied to police identification
     S("ES", crimes=["trafficking"], perpetrator="organisation", status="undocumented", gender="female"),
     # ES-31BIS: trafficking for sexual exploitation is sexual violence (LO 10/2022 art. 3.1; issue 12)
     {"ES-59BIS": A, "ES-59": A, "ES-31BIS": M, "EU-0481": A}, {"ES-31BIS": "sexual exploitation"}),
    ("es_labour_exploitation_by_employer_witness_art59",  # ES-59: victims, injured parties and witnesses
     S("ES", role="witness", crimes=["labour_exploitation"], perpetrator="employer", status="undocumented"),
     {"ES-59": A, "ES-59BIS": N, "ES-HUM": N, "EU-0952": N}, {}),
    ("es_hate_crime_humanitarian_after_final_decision",  # ES-HUM: RLOEX art. 126.1 needs a final court decision
     S("ES", crimes=["hate_crime"], perpetrator="stranger", status="undocumented"),
     {"ES-HUM": M}, {"ES-HUM": "final decision"}),
    ("es_exploited_worker_employer_sanctions_optional_seed_d2",  # D2: 2009/52 Art. 13(4), "may grant"
     S("ES", crimes=["labour_exploitation"], perpetrator="employer", status="undocumented"),
     {"EU-0952": M, "ES-59": A}, {"EU-0952": "may grant"}),
    # --- Italy (§4) ---
    ("it_rape_by_stranger_art18_not_excluded_seed_d7",  # D7: individual perpetrators not excluded outright
     S("IT", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="female"),
     {"IT-18": M, "IT-18BIS": N, "IT-18TER": N, "IT-35": A, "EU-VRD": A}, {}),
    ("it_sexual_exploitation_by_organisation_art18",  # Merlin-law crimes + association
     S("IT", crimes=["sexual_exploitation"], perpetrator="organisation", status="undocumented"),
     {"IT-18": A, "IT-35": A}, {}),
    ("it_rape_by_partner_art18bis",  # 609-bis in a DV context; partner
     S("IT", crimes=["rape"], perpetrator="partner", status="dependent_on_perpetrator", gender="female"),
     {"IT-18BIS": A, "IT-35": N, "CoE-IC59": M}, {}),
    ("it_caporalato_art18ter_not_22_12quater_seed_d12",  # D12: 18-ter replaces 22 c.12-quater
     S("IT", crimes=["labour_exploitation"], perpetrator="employer", status="undocumented", gender="male"),
     {"IT-18TER": A, "EU-0952": M}, {}),
    ("it_permit_holder_has_no_need_of_health_firewall",  # IT-35 protects irregular foreigners
     S("IT", crimes=["assault"], perpetrator="stranger", status="other"),
     {"IT-35": N}, {}),
    # --- Belgium (§5) ---
    ("be_undocumented_rape_victim_has_no_residence_mechanism",  # BE: only trafficking/smuggling, DV-FR
     S("BE", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="female"),
     {"BE-TEH": N, "BE-DVFR": N, "EU-VRD": A}, {}),
    ("be_aggravated_smuggling_only_conditional",  # BE-TEH: aggravated smuggling only
     S("BE", crimes=["smuggling"], perpetrator="organisation", status="undocumented"),
     {"BE-TEH": M}, {"BE-TEH": "aggravated"}),
    ("be_family_reunification_dv",  # BE-DVFR: family-reunification holders only
     S("BE", crimes=["domestic_violence"], perpetrator="partner", status="dependent_on_perpetrator", gender="female"),
     {"BE-DVFR": A, "CoE-IC59": M}, {}),
    ("be_undocumented_dv_victim_not_covered",  # BE-DVFR: undocumented victims are not covered
     S("BE", crimes=["domestic_violence"], perpetrator="partner", status="undocumented"),
     {"BE-DVFR": N}, {"BE-DVFR": "undocumented victims are not covered"}),
    ("be_other_dependent_permit_family_reunification_conditional",  # BE-DVFR: family reunification
     S("BE", crimes=["domestic_violence"], perpetrator="family", status="dependent_other"),
     {"BE-DVFR": M}, {"BE-DVFR": "family reunification"}),
    ("be_trafficking_victim_status",  # BE-TEH
     S("BE", crimes=["trafficking"], perpetrator="employer", status="undocumented"),
     {"BE-TEH": A, "EU-0481": A}, {}),
    # --- Ireland (§6) ---
    ("ie_dependent_spouse_abused_dv_guidelines",  # IE-DV: dependent on abuser
     S("IE", crimes=["domestic_violence"], perpetrator="partner", status="dependent_on_perpetrator"),
     {"IE-DV": A, "IE-GARDA": N}, {}),
    ("ie_undocumented_dv_only_if_lapsed_permission",  # IE-DV incl. lapsed; never-dependent excluded
     S("IE", crimes=["domestic_violence"], perpetrator="partner", status="undocumented"),
     {"IE-DV": M, "IE-GARDA": M}, {"IE-DV": "lapsed"}),
    ("ie_garda_practice_is_never_a_guarantee",  # IE-GARDA: unwritten practice
     S("IE", role="witness", crimes=["robbery"], perpetrator="stranger", status="undocumented"),
     {"IE-GARDA": M}, {"IE-GARDA": "not guaranteed"}),
    ("ie_asylum_applicant_may_meet_garda_discretion",  # IE-GARDA; 2025 Doras/IHREC research on IP applicants
     S("IE", crimes=["assault"], perpetrator="stranger", status="asylum_applicant"),
     {"IE-GARDA": M, "IE-DV": N}, {}),
    ("ie_trafficking_not_bound_by_directive_2004_81",  # Ireland did not opt in to 2004/81 (issue 12)
     S("IE", crimes=["trafficking"], perpetrator="organisation", status="undocumented"),
     {"IE-THB": A, "EU-0481": N}, {"EU-0481": "not bound"}),
    # --- Council of Europe Art. 59(3) (§8 CoE-IC; issue 12) ---
    ("nl_woman_raped_art_59_3_permit_if_stay_necessary",  # CETS 210 Art. 59(3): renewable permit where necessary
     S("NL", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="female"),
     {"CoE-IC59-3": M, "CoE-IC59": N}, {"CoE-IC59-3": "necessary"}),
    # --- United Kingdom (§7) ---
    ("uk_undocumented_rape_victim_no_firewall_seed_d11",  # D11: no firewall; no SV-specific mechanism
     S("UK", crimes=["rape"], perpetrator="stranger", status="undocumented", gender="female"),
     {"UK-DATA": N, "UK-MVDAC": N, "UK-VDA": N, "UK-NRM": N, "CoE-IC59": N}, {"UK-DATA": "no firewall"}),
    ("uk_partner_visa_abuse_mvdac_and_article59_reserved_seed_d9",  # D9: UK reserved Art. 59
     S("UK", crimes=["domestic_violence"], perpetrator="partner", status="dependent_on_perpetrator", gender="female"),
     {"UK-MVDAC": A, "UK-VDA": M, "UK-DATA": M, "CoE-IC59": N}, {"CoE-IC59": "reservation"}),
    ("uk_abuse_by_family_member_not_mvdac",  # UK-MVDAC: partner sponsor only
     S("UK", crimes=["domestic_violence"], perpetrator="family", status="dependent_on_perpetrator"),
     {"UK-MVDAC": N}, {}),
    ("uk_forced_labour_nrm",  # UK-NRM
     S("UK", crimes=["trafficking"], perpetrator="employer", status="undocumented", gender="male"),
     {"UK-NRM": A, "UK-DATA": N}, {}),
    ("uk_undocumented_dv_concession_if_last_leave_was_as_partner",  # UK-MVDAC: "has or last had" (issue 12)
     S("UK", crimes=["domestic_violence"], perpetrator="partner", status="undocumented"),
     {"UK-MVDAC": M, "UK-VDA": N}, {"UK-MVDAC": "last permission"}),
]


@pytest.mark.parametrize(("name", "situation", "expected", "why"), CASES, ids=[c[0] for c in CASES])
def test_situation(name, situation, expected, why):
    explanation = engine.explain(default().rules, situation)
    got = {mechanism: explanation.verdict_of(mechanism) for mechanism in expected}
    assert got == expected
    for mechanism, text in why.items():
        reasons = " | ".join(reason.text for reason in explanation.result_of(mechanism).reasons)
        assert text.lower() in reasons.lower(), reasons


def test_the_table_has_at_least_thirty_situations():
    assert len(CASES) >= 30


def test_every_mechanism_appears_in_the_table():
    named = {mechanism for _, _, expected, _ in CASES for mechanism in expected}
    assert set(default().mechanisms) <= named


def test_every_branch_of_each_axis_appears_in_the_table():
    situations = [situation for _, situation, _, _ in CASES]
    assert {s.role for s in situations} >= set(engine.ROLES)
    assert {s.perpetrator for s in situations} >= set(engine.PERPETRATORS) | {"unknown"}
    assert {s.status for s in situations} >= set(engine.STATUSES) | {"unknown"}
    assert {s.gender for s in situations} >= set(engine.GENDERS) | {"unknown"}


def test_every_seed_discrepancy_is_covered_by_a_test():
    covered = {"D2", "D4", "D5", "D7", "D8", "D9", "D11", "D12"}  # in the table names above
    covered |= {"D1", "D3", "D6", "D10", "D13", "D14", "D15", "D16"}  # test_seed_discrepancies.py
    assert covered == set(default().discrepancies)


def test_every_jurisdiction_honestly_says_where_there_is_no_firewall():
    kb = default()
    for country in ("ES", "IT", "BE", "IE", "UK", "US"):
        statements = " ".join(kb.baseline(b)["statement"] for b in engine.explain(kb.rules, S(country)).baseline_ids)
        assert "firewall" in statements.lower(), country


def test_only_the_netherlands_has_a_police_firewall_that_applies():
    kb = default()
    for country in ("US", "NL", "ES", "IT", "BE", "IE", "UK"):
        explanation = engine.explain(kb.rules, S(country, crimes=["rape"], perpetrator="stranger", status="undocumented"))
        police_firewalls = [
            r.mechanism_id for r in explanation.results
            if r.verdict == A and kb.mechanisms[r.mechanism_id]["kind"] == "firewall" and r.mechanism_id != "IT-35"
        ]
        assert police_firewalls == (["NL-VEVE"] if country == "NL" else []), country
