"""A translation reviewer's pages: drafts beside their English source, approve (ADR 0036)."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.sessions import StaffRequest
from safereport.content import review, selectors
from safereport.core.access import requires
from safereport.core.languages import language_label


@requires(Permission.CONTENT_TRANSLATION_REVIEW)
@require_GET
def review_list(request: StaffRequest) -> HttpResponse:
    languages = list(request.user.review_languages)
    pairs = selectors.drafts_for_review(languages)
    return render(
        request,
        "content/review_list.html",
        {"pairs": pairs, "languages": [language_label(code) for code in languages]},
    )


@requires(Permission.CONTENT_TRANSLATION_REVIEW)
@require_POST
def review_approve(request: StaffRequest, slug: str, variant: str, language: str) -> HttpResponse:
    try:
        review.key_message_review_record(slug=slug, variant=variant, language=language, reviewer=request.user)
    except ValidationError as error:
        raise Http404 from error
    return render(
        request,
        "content/review_done.html",
        {"slug": slug, "language": language, "language_name": language_label(language)},
    )
