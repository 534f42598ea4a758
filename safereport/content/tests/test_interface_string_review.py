"""A reviewer approves or corrects interface strings in SafeReport's pages (issue 20, ADR 0036).

The pages store the review; `safereport translations apply-reviews` writes it into
the catalogues for the next release (the deployment's code directory is read-only).
"""

import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from conftest import sign_in
from safereport.accounts.models import ReviewScope
from safereport.audit.models import AuditEvent
from safereport.content import review, selectors
from safereport.content.models import InterfaceStringReview
from safereport.core import catalogues
from safereport.ops import translations

pytestmark = pytest.mark.django_db(databases="__all__")

CORRECTED_SOURCE = "Help after something happened to you"
APPROVED_SOURCE = "I have a code: read answers"
WITH_PLACEHOLDER = "Draft translation, not yet checked by a professional translator: %(texts)s."


def arabic(msgid: str) -> selectors.InterfaceString:
    return next(s for s in selectors.interface_strings("ar") if s.entry.msgid == msgid)


def test_the_translator_corrects_one_arabic_portal_string_and_approves_another(client, world):
    sign_in(client, world.staff["translator"])
    assert "/staff/translations/strings/" in client.get("/staff/").content.decode()
    listing = client.get("/staff/translations/strings/?language=ar&area=portal&status=draft&q=Help+after")
    page = listing.content.decode()
    assert listing.status_code == 200 and CORRECTED_SOURCE in page and "مساعدة بعد شيء حدث لكم" in page
    found = arabic(CORRECTED_SOURCE)
    entry_url = f"/staff/translations/strings/ar/{found.key}/"
    assert entry_url in page

    shown = client.get(entry_url).content.decode()
    assert 'href="/ar/"' in shown  # where it appears: the portal's start page, in Arabic
    assert "home.html" in shown and "English source" in shown

    answer = client.post(entry_url, {"decision": "correct", "form_0": "مساعدة بعد ما حدث لكم"})
    assert answer.status_code == 302 and answer["Location"].endswith("/check/")
    check = client.get(answer["Location"]).content.decode()
    assert "مساعدة بعد ما حدث لكم" in check and "after the next update" in check
    assert not InterfaceStringReview.objects.exists()  # nothing until the check page's button
    done = client.post(answer["Location"]).content.decode()
    assert "Correction saved" in done and "People will see it after the next update" in done

    approve_url = f"/staff/translations/strings/ar/{arabic(APPROVED_SOURCE).key}/"
    check_url = client.post(approve_url, {"decision": "approve", "form_0": "ignored"})["Location"]
    assert "Approval saved" in client.post(check_url).content.decode()

    assert arabic(CORRECTED_SOURCE).status == selectors.CORRECTION_WAITING
    assert arabic(CORRECTED_SOURCE).correction == ("مساعدة بعد ما حدث لكم",)
    assert arabic(APPROVED_SOURCE).status == catalogues.REVIEWED
    saved = InterfaceStringReview.objects.get(msgid=CORRECTED_SOURCE)
    assert saved.reviewer_role == "translation reviewer, Care centre Ghent (demo)" and saved.corrected
    assert set(AuditEvent.objects.filter(action__startswith="content:interface_string:").values_list("action", flat=True)) == {
        "content:interface_string:approved", "content:interface_string:corrected",
    }
    # The reviewed list hides neither: each can be found under its status.
    reviewed = client.get("/staff/translations/strings/?language=ar&status=reviewed&q=read+answers").content.decode()
    assert APPROVED_SOURCE in reviewed


@pytest.mark.parametrize(
    ("words", "problem"),
    [
        ("", "is empty"),
        ("ترجمة أولية لم يراجعها مترجم بعد.", "same placeholders"),
        ("ترجمة %(texts)s %(name)s.", "same placeholders"),
        ("ترجمة طويلة جدا %(texts)s " * 40, "much longer"),
    ],
)
def test_a_correction_that_would_break_the_page_is_refused_and_the_words_are_kept(client, world, words, problem):
    sign_in(client, world.staff["translator"])
    url = f"/staff/translations/strings/ar/{arabic(WITH_PLACEHOLDER).key}/"
    answer = client.post(url, {"decision": "correct", "form_0": words})
    page = answer.content.decode()
    assert answer.status_code == 400 and problem in page
    assert not InterfaceStringReview.objects.exists()
    if words:
        assert words.strip()[:20] in page  # nothing typed is lost


def test_a_correction_gives_one_text_per_plural_form(world):
    found = next(s for s in selectors.interface_strings("ar") if s.entry.msgid_plural and s.entry.translated)
    assert len(found.forms) == 6  # Arabic has six plural forms
    with pytest.raises(ValidationError):
        review.interface_string_review_record(
            language="ar", key=found.key, reviewer=world.staff["translator"], corrected=["واحد", "اثنان"]
        )


def test_only_a_reviewer_with_the_deployment_scope_reviews_the_services_texts(client, world):
    translator = world.staff["translator"]
    type(translator).objects.filter(pk=translator.pk).update(review_scope=ReviewScope.ORGANISATION)
    translator.refresh_from_db()
    key = arabic(APPROVED_SOURCE).key
    with pytest.raises(ValidationError):
        review.interface_string_review_record(language="ar", key=key, reviewer=translator)
    with pytest.raises(ValidationError):
        review.key_message_review_record(slug="get-help-now", variant="eu", language="ar", reviewer=translator)
    sign_in(client, translator)
    assert client.get(f"/staff/translations/strings/ar/{key}/").status_code == 404
    assert "You review no language of the whole service" in client.get("/staff/translations/strings/").content.decode()


def test_a_language_the_reviewer_does_not_hold_is_not_shown(client, world):
    sign_in(client, world.staff["translator"])
    key = next(s.key for s in selectors.interface_strings("uk"))
    assert client.get(f"/staff/translations/strings/uk/{key}/").status_code == 404
    assert client.get("/staff/translations/strings/?language=uk").status_code == 400


def test_apply_reviews_writes_approvals_and_corrections_into_a_checkout_for_the_next_release(world, tmp_path):
    translator = world.staff["translator"]
    review.interface_string_review_record(language="ar", key=arabic(APPROVED_SOURCE).key, reviewer=translator)
    review.interface_string_review_record(
        language="ar", key=arabic(CORRECTED_SOURCE).key, reviewer=translator, corrected=["مساعدة بعد ما حدث لكم"]
    )
    checkout = tmp_path / "locale"
    shutil.copytree(catalogues.catalogue_path("ar").parent.parent, checkout / "ar")

    call_command("translations", "apply-reviews", "--locale-dir", str(checkout))

    path = checkout / "ar" / "LC_MESSAGES" / "django.po"
    written = {e.msgid: e for e in catalogues.entries("ar", path=path)}
    assert written[CORRECTED_SOURCE].translations == ("مساعدة بعد ما حدث لكم",)
    assert catalogues.status_of(written[CORRECTED_SOURCE]) == catalogues.REVIEWED
    assert catalogues.status_of(written[APPROVED_SOURCE]) == catalogues.REVIEWED
    assert catalogues.review_of(written[APPROVED_SOURCE]).role == "translation reviewer Care centre Ghent demo"
    # Nothing else moved: every other entry reads as before.
    before = {e.msgid: e.translations for e in catalogues.entries("ar")}
    assert {m: e.translations for m, e in written.items() if m != CORRECTED_SOURCE} == {
        m: t for m, t in before.items() if m != CORRECTED_SOURCE
    }
    # The installation's own catalogue (read-only in a deployment) is untouched.
    assert catalogues.status_of(next(e for e in catalogues.entries("ar") if e.msgid == APPROVED_SOURCE)) == catalogues.DRAFT


def test_a_review_of_words_the_catalogue_no_longer_holds_is_skipped(world, tmp_path):
    review.interface_string_review_record(language="ar", key=arabic(APPROVED_SOURCE).key, reviewer=world.staff["translator"])
    checkout = tmp_path / "locale"
    shutil.copytree(catalogues.catalogue_path("ar").parent.parent, checkout / "ar")
    path = checkout / "ar" / "LC_MESSAGES" / "django.po"
    path.write_text(path.read_text(encoding="utf-8").replace("لدي رمز: قراءة الردود", "عندي رمز: اقرأ الردود"), encoding="utf-8")

    approved, corrected, skipped = review.apply_reviews(locale_dir=checkout)

    assert (approved, corrected, len(skipped)) == (0, 0, 1)
    entry = next(e for e in catalogues.entries("ar", path=path) if e.msgid == APPROVED_SOURCE)
    assert catalogues.status_of(entry) == catalogues.DRAFT


def test_translations_status_counts_approvals_made_in_the_pages(world):
    def portal_reviewed() -> int:
        return next(r for r in translations.status() if r.language == "ar" and r.area == catalogues.PORTAL).reviewed

    before = portal_reviewed()
    review.interface_string_review_record(language="ar", key=arabic(APPROVED_SOURCE).key, reviewer=world.staff["translator"])
    review.interface_string_review_record(
        language="ar", key=arabic(CORRECTED_SOURCE).key, reviewer=world.staff["translator"], corrected=["مساعدة بعد ما حدث لكم"]
    )
    assert portal_reviewed() == before + 1  # the correction waits for a release: still a draft
