"""A trainee plays scenarios; the trainer sees completion and weak points; certificates print (ADR 0035)."""

import re

import pytest

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.training import selectors
from safereport.training.models import Attempt

pytestmark = pytest.mark.django_db


def play(client, slug, *, honest=True, said="yes"):
    """Start a scenario and answer every step; returns the attempt."""
    home = client.get("/staff/training/").content.decode()
    assert f"/staff/training/scenarios/{slug}/start/" in home
    response = client.post(f"/staff/training/scenarios/{slug}/start/")
    attempt_url = response["Location"]
    while True:
        page = client.get(attempt_url)
        html = page.content.decode()
        if "Completed on" in html:
            return Attempt.objects.get(public_id=attempt_url.rstrip("/").split("/")[-1]), html
        form = {}
        for name in dict.fromkeys(re.findall(r'name="([a-z_]+)" value="', html)):
            if name == "csrfmiddlewaretoken":
                continue
            values = re.findall(rf'name="{name}" value="([a-z_0-9]+)"', html)
            if "honest" in values:
                form[name] = "honest" if honest else next(v for v in values if v.startswith("wrong_"))
            else:
                form[name] = said
        answered = client.post(attempt_url, form)
        assert answered.status_code == 302, answered.content.decode()
        recorded = client.get(answered["Location"]).content.decode()
        assert "Recorded" in recorded and "What the professional in the example said" in recorded


def test_the_start_page_leads_a_trainee_to_training_and_a_trainer_to_their_trainees(client, world):
    sign_in(client, world.staff["trainee"])
    start = client.get("/staff/").content.decode()
    assert "/staff/training/" in start and "/staff/training/trainees/" not in start
    sign_in(client, world.staff["trainer"])
    start = client.get("/staff/").content.decode()
    assert "/staff/training/trainees/" in start and "/staff/training/scenarios/" in start


def test_the_honest_legal_answer_comes_from_the_legal_data_not_from_the_scenario(client, world):
    sign_in(client, world.staff["trainee"])
    attempt, _ = play(client, "will-immigration-know", honest=False)
    honest = selectors.honest_answer("BE")
    assert honest.startswith("Important: here, no law stops the police")
    scenario = selectors.scenario("will-immigration-know")
    assert all(honest not in wrong for check in scenario.checks for wrong in check.wrong_answers)
    results = client.get(f"/staff/training/attempts/{attempt.public_id}/").content.decode()
    assert honest in results and "1 point to practise again" in results
    assert attempt.answers.get(check_key="honest_legal_answer").met is False


def test_a_trainee_completes_two_scenarios_and_the_trainer_sees_completion_and_weak_points(client, world):
    trainee = world.staff["trainee"]
    sign_in(client, trainee)
    first, results = play(client, "first-contact-by-phone", said="not_yet")
    assert "5 points to practise again" in results
    second, results = play(client, "will-immigration-know")
    assert "Every self-check met." in results
    assert first.completed_at and second.completed_at
    assert first.case.care_centre == second.case.care_centre == world.organisations["training"]
    home = client.get("/staff/training/").content.decode()
    assert "You have completed 2 scenarios." in home
    pdf = client.get("/staff/training/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    sign_in(client, world.staff["trainer"])
    trainees = client.get("/staff/training/trainees/").content.decode()
    assert "2 of 5" in trainees
    assert "Was it said?" in trainees and "first-contact" not in trainees  # words, not slugs
    page = client.get(f"/staff/training/trainees/{trainee.public_id}/").content.decode()
    assert page.count("completed on") == 2 and "not started" in page
    assert "Was understanding checked?" in page
    pdf = client.get(f"/staff/training/trainees/{trainee.public_id}/certificate.pdf")
    assert pdf.content.startswith(b"%PDF")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"training:attempt:started", "training:step:answered", "training:attempt:completed", "training:certificate:printed"} <= actions
    # Training events are about nobody: no case reference for a person's access history.
    assert not AuditEvent.objects.filter(action__startswith="training:").exclude(case_ref="").exists()


def test_a_step_without_answers_shows_the_error_summary_and_keeps_what_was_chosen(client, world):
    sign_in(client, world.staff["trainee"])
    attempt_url = client.post("/staff/training/scenarios/first-contact-by-phone/start/")["Location"]
    page = client.get(attempt_url).content.decode()
    assert "checked" not in page  # nothing preselected
    response = client.post(attempt_url, {"no_need_to_tell": "yes"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert re.search(r'value="yes"[^>]*name="no_need_to_tell"[^>]*checked|name="no_need_to_tell" value="yes"[^>]*checked', html)
    assert not Attempt.objects.get().answers.exists()


def test_a_trainee_sees_only_their_own_attempts_and_a_trainer_only_their_own_trainees(client, world):
    from safereport.accounts import services as accounts
    from safereport.audit.actors import Actor

    sign_in(client, world.staff["trainee"])
    attempt_url = client.post("/staff/training/scenarios/needs-assessment/start/")["Location"]
    other = accounts.staff_create_directly(
        organisation=world.organisations["training"], username="trainee2", password="demo-trainee2-pass-long",
        roles=("trainee",), actor=Actor.system("test"),
    )
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=other, name="t", confirmed=True)
    sign_in(client, other)
    assert client.get(attempt_url).status_code == 404
    assert client.get(f"/staff/training/trainees/{world.staff['trainee'].public_id}/").status_code == 403
    sign_in(client, world.staff["trainer"])
    assert client.get(f"/staff/training/trainees/{world.staff['crisis_worker'].public_id}/").status_code == 404


def test_a_real_centre_has_no_scenarios_to_play(world):
    from safereport.training import services

    with pytest.raises(services.TrainingRefused):
        services.attempt_start(trainee=world.staff["crisis_worker"], scenario_slug="first-contact-by-phone")
