"""A translation reviewer's pages: drafts beside their English source, approve (ADR 0036)."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.sessions import StaffRequest
from safereport.content import forms, review, selectors
from safereport.core.access import requires
from safereport.core.languages import language_label


@requires(Permission.CONTENT_TRANSLATION_REVIEW)
@require_GET
def review_list(request: StaffRequest) -> HttpResponse:
    languages = [code for code in request.user.review_languages if review.may_review_deployment_texts(request.user, code)]
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


# --- interface strings (.po) -------------------------------------------------------


def _string_languages(request: StaffRequest) -> list[str]:
    return [code for code in request.user.review_languages if review.may_review_deployment_texts(request.user, code)]


def _string_or_404(request: StaffRequest, language: str, key: str) -> selectors.InterfaceString:
    if language not in _string_languages(request):
        raise Http404
    found = selectors.interface_string_get(language, key)
    if found is None:
        raise Http404
    return found


def _session_key(language: str, key: str) -> str:
    return f"content:string_review:{language}:{key}"


@requires(Permission.CONTENT_TRANSLATION_REVIEW)
@require_GET
def string_list(request: StaffRequest) -> HttpResponse:
    """The interface strings of one language the reviewer holds, filtered and paged."""
    languages = _string_languages(request)
    choices = [(code, language_label(code)) for code in languages]
    data = request.GET.copy()
    if languages and "language" not in data:
        data["language"] = languages[0]
    form = forms.StringFilterForm(data, languages=choices)
    page = None
    if languages and form.is_valid():
        found = selectors.interface_strings(form.cleaned_data["language"])
        area, status, words = form.cleaned_data["area"], form.cleaned_data["status"], form.cleaned_data["q"].casefold()
        found = [
            s for s in found
            if (not area or s.area == area) and (not status or s.status == status)
            and (not words or words in s.entry.msgid.casefold() or any(words in t.casefold() for t in s.entry.translations))
        ]
        page = Paginator(found, forms.PAGE_SIZE).get_page(request.GET.get("page"))
    query = {key: value for key, value in form.data.items() if key != "page" and value}
    return render(
        request,
        "content/string_list.html",
        {
            "form": form, "page": page, "languages": languages, "query": urlencode(query),
            "area_labels": forms.AREA_LABELS, "status_labels": forms.STATUS_LABELS,
        },
        status=400 if languages and form.errors else 200,
    )


@requires(Permission.CONTENT_TRANSLATION_REVIEW)
@require_http_methods(["GET", "POST"])
def string_review(request: StaffRequest, language: str, key: str) -> HttpResponse:
    """One string beside its English source and where it appears: approve or correct."""
    found = _string_or_404(request, language, key)
    form = forms.StringReviewForm(request.POST or None, found=found)
    if request.method == "POST" and form.is_valid():
        request.session[_session_key(language, key)] = {
            "decision": form.cleaned_data["decision"], "words": form.words(),
        }
        return redirect("content:string_check", language=language, key=key)
    return render(
        request, "content/string_review.html", _string_context(found, form=form),
        status=400 if form.errors else 200,
    )


def _string_context(found: selectors.InterfaceString, **extra: object) -> dict[str, object]:
    return {
        "found": found, "language_name": language_label(found.language),
        "area_label": forms.AREA_LABELS.get(found.area, found.area),
        "status_label": forms.STATUS_LABELS[found.status], **extra,
    }


@requires(Permission.CONTENT_TRANSLATION_REVIEW)
@require_http_methods(["GET", "POST"])
def string_check(request: StaffRequest, language: str, key: str) -> HttpResponse:
    """Check the review before it is recorded; the only POST that records one. The
    answers come from the session and are validated again against the catalogue."""
    found = _string_or_404(request, language, key)
    draft = request.session.get(_session_key(language, key))
    if not draft:
        return redirect("content:string_review", language=language, key=key)
    form = forms.StringReviewForm(
        {"decision": draft["decision"], **{f"form_{i}": w for i, w in enumerate(draft["words"])}}, found=found
    )
    if not form.is_valid():
        request.session.pop(_session_key(language, key), None)
        return render(request, "content/string_review.html", _string_context(found, form=form), status=400)
    correcting = form.cleaned_data["decision"] == forms.CORRECT
    context = _string_context(found, correcting=correcting, words=list(zip(found.forms, form.words(), strict=True)))
    if request.method == "POST":
        try:
            review.interface_string_review_record(
                language=language, key=key, reviewer=request.user, corrected=form.words() if correcting else None
            )
        except ValidationError as error:
            context["problem"] = " ".join(error.messages)
            return render(request, "content/string_check.html", context, status=400)
        request.session.pop(_session_key(language, key), None)
        return render(request, "content/string_done.html", context)
    return render(request, "content/string_check.html", context)
