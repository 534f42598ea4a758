"""A reviewer approves a translation; the portal stops calling it a draft (issue 20, ADR 0036)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.content import review, selectors

pytestmark = pytest.mark.django_db(databases="__all__")

DRAFT_NOTE = "لم يراجع مترجم محترف هذه الترجمة بعد."


def test_a_reviewer_approves_an_arabic_key_message_and_the_portal_stops_marking_it_as_a_draft(client, data_copy, use_data):
    use_data(data_copy)
    assert DRAFT_NOTE in client.get("/ar/about/get-help-now/").content.decode()

    reference = review.key_message_review(
        slug="get-help-now", language="ar", jurisdiction="BE", role="professional translator",
        actor=Actor.system("test"), on=dt.date(2026, 12, 2),
    )

    page = client.get("/ar/about/get-help-now/").content.decode()
    assert DRAFT_NOTE not in page
    message = selectors.message_get(slug="get-help-now", language="ar", jurisdiction="BE")
    assert message.review_status == "reviewed" and not message.needs_professional_review
    assert reference == message.reference
    saved = (data_copy / "messages" / "get-help-now.toml").read_text(encoding="utf-8")
    assert 'reviewer = "professional translator"' in saved and "reviewed_on = 2026-12-02" in saved
    assert AuditEvent.objects.filter(action="content:translation:reviewed").exists()
    # Other languages are still drafts.
    assert selectors.message_get(slug="get-help-now", language="fa", jurisdiction="BE").needs_professional_review


def test_an_edit_after_the_review_makes_the_text_a_draft_again(client, data_copy, use_data):
    use_data(data_copy)
    review.key_message_review(slug="get-help-now", language="ar", jurisdiction="BE", role="professional translator",
                              actor=Actor.system("test"))
    path = data_copy / "messages" / "get-help-now.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("احصلوا على المساعدة الآن", "احصلوا على المساعدة فوراً", 1), encoding="utf-8")
    selectors.reload()
    assert DRAFT_NOTE in client.get("/ar/about/get-help-now/").content.decode()


def test_english_is_the_source_and_is_not_reviewed_as_a_translation(data_copy, use_data):
    use_data(data_copy)
    with pytest.raises(ValidationError):
        review.key_message_review(slug="get-help-now", language="en", jurisdiction="BE", role="translator",
                                  actor=Actor.system("test"))


def test_a_translation_reviewer_approves_an_arabic_key_message_in_the_staff_pages(client, world):
    from django.test import Client

    from conftest import sign_in

    person = Client()
    assert DRAFT_NOTE in person.get("/ar/about/get-help-now/").content.decode()
    sign_in(client, world.staff["translator"])
    start = client.get("/staff/").content.decode()
    assert "/staff/translations/" in start
    listing = client.get("/staff/translations/").content.decode()
    assert "English source" in listing and "احصلوا على المساعدة الآن" in listing and "Get help now" in listing
    assert 'href="/ar/about/get-help-now/"' in listing  # the context: where it appears

    done = client.post("/staff/translations/get-help-now/eu/ar/approve/")

    assert done.status_code == 200 and "Translation approved" in done.content.decode()
    assert DRAFT_NOTE not in person.get("/ar/about/get-help-now/").content.decode()
    assert "/staff/translations/get-help-now/eu/ar/approve/" not in client.get("/staff/translations/").content.decode()
    from safereport.content.models import TranslationReview

    review = TranslationReview.objects.get()
    assert review.reviewer_role == "translation reviewer, Care centre Ghent (demo)"


def test_a_reviewer_cannot_approve_a_language_they_do_not_review(client, world):
    from conftest import sign_in

    sign_in(client, world.staff["translator"])
    assert client.post("/staff/translations/get-help-now/eu/uk/approve/").status_code == 404


def test_when_the_database_does_not_answer_the_page_still_answers_and_calls_the_text_a_draft(client, world, monkeypatch):
    """Help pages must answer in an outage (the static mirror renders them too);
    without the reviews from the staff pages a text is shown as the draft it may be."""
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    from safereport.content.models import TranslationReview

    TranslationReview.objects.create(
        slug="get-help-now", variant="eu", language="ar",
        digest=selectors.message_get(slug="get-help-now", language="ar", jurisdiction="BE").digest,
        reviewer_role="professional translator", organisation=world.organisations["ghent"],
    )
    assert DRAFT_NOTE not in client.get("/ar/about/get-help-now/").content.decode()

    def database_down(self, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(QuerySet, "values_list", database_down)
    page = client.get("/ar/about/get-help-now/")
    assert page.status_code == 200 and DRAFT_NOTE in page.content.decode()
