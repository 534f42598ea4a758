"""Victim-facing pages. Thin: they call other apps' selectors and services.

Every view here is public; the person using it has no account and is never
asked who they are.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config import locales
from safereport.audit.actors import Actor
from safereport.cases import receipts, selectors, services
from safereport.cases.models import Case
from safereport.consent import selectors as consent_selectors
from safereport.content import selectors as content
from safereport.core import once, slots, throttle
from safereport.core.access import public_view
from safereport.core.text import MESSAGE_MAX_CHARS, clean_free_text
from safereport.portal import confirmations, forms, session, throttles
from safereport.portal.session import centre_only, with_return_session


@public_view
@require_GET
def choose_language(request: HttpRequest) -> HttpResponse:
    """The first screen speaks every language: each line in each language, beside its name (issue 13 §2)."""
    lines = []
    for locale in locales.LOCALES:
        with translation.override(locale.code):
            lines.append(
                {
                    "locale": locale,
                    "reassurance": _("You decide what to share. You can stop at any time."),
                    "help": _("Need help right now?"),
                    "leave": _("Leave this page now"),
                }
            )
    return render(request, "portal/choose_language.html", {"lines": lines})


def _jurisdiction() -> str:
    return settings.DEFAULT_JURISDICTION


@public_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    messages = content.reviewed_in_pages(content.key_messages_for(language=get_language(), jurisdiction=_jurisdiction()))
    return render(request, "portal/home.html", {"key_messages": messages})


@public_view
@require_GET
def information(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        message = content.message_get(slug=slug, language=get_language(), jurisdiction=_jurisdiction())
        message = content.reviewed_in_pages([message])[0]
    except (content.UnknownMessage, content.MessageNotApplicable) as error:
        raise Http404 from error
    return render(request, "portal/information.html", {"message": message, **_labels()})


def _labels() -> dict[str, str]:
    language = get_language()
    return {
        f"label_{key}": content.label(key, language=language)
        for key in ("kind_centre_policy", "kind_law", "kind_information", "draft_translation", "english_fallback")
    }


@public_view
@require_GET
def leave(request: HttpRequest) -> HttpResponse:
    """Quick exit: forget this visit and go somewhere unremarkable.

    Works without JavaScript. The session is destroyed server-side, and
    Clear-Site-Data asks the browser to drop our cookies, storage and cache,
    so the back button cannot bring back anything that was typed.
    """
    language = request.GET.get("l", "")
    locale = locales.LOCALES_BY_CODE.get(language) or locales.LOCALES_BY_CODE[get_language() or "en"]
    request.session.flush()
    response = HttpResponseRedirect(locale.neutral_exit_url, status=303)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    # Belt and braces for browsers without Clear-Site-Data.
    response.delete_cookie("csrftoken", samesite="Strict")
    response.delete_cookie("sr_portal", samesite="Strict")
    return response


# The contact form's one-time token (safereport.core.once, ADR 0023).
CONTACT_FORM = "portal:contact"


@public_view
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    token = once.read(request.POST.get("form_token", ""), purpose=CONTACT_FORM) if request.method == "POST" else None
    if token is not None and once.is_spent(token):
        # The same form again (a reload of the receipt page, a second click): it already went.
        return _already_sent(request)
    form = forms.ContactForm(request.POST or None, initial={"preferred_language": get_language()})
    if request.method == "POST" and form.is_valid():
        if token is None:
            # No token, or one too old to tell whether it was used: nothing is sent, nothing is lost.
            form.add_error(None, _("This page was open for a long time. If you already sent this message, you do not need to send it again. If not, press Send."))
        elif not throttle.spend(throttles.NEW_CONTACTS):
            form.add_error(None, throttles.NEW_CONTACTS_BUSY)
        else:
            data = form.cleaned_data
            try:
                opened = services.case_open_from_portal(
                    contact=services.PortalContact(
                        care_centre=data["centre"],
                        message=data["message"],
                        help_kinds=data["help_kinds"],
                        preferred_language=data["preferred_language"],
                        interpreter_language=data["interpreter_language"],
                        interpreter_language_other=data["interpreter_language_other"],
                        companion=data["companion"],
                        may_contact=data["may_contact"],
                        contact_how_and_when=data["contact_how_and_when"],
                        may_leave_message=data["may_leave_message"],
                    ),
                    form_token=token,
                )
            except slots.Busy:
                # Every Argon2 slot stayed taken (ADR 0032 §5): nothing was stored, the token is unspent.
                form.add_error(None, throttles.NEW_CONTACTS_BUSY)
            else:
                if opened is None:  # sent twice at the same moment: the other post opened the case
                    return _already_sent(request)
                case, code = opened
                session.open_return_session(request, case)
                # Rendered, not redirected: the code exists only in this response,
                # which no cache keeps (Cache-Control: no-store).
                return render(request, "portal/receipt.html", {"code": receipts.display(code), "case": case})
    # A refused post keeps its token (it was not spent); a missing or stale one is replaced.
    token = token or once.issue(CONTACT_FORM)
    return render(request, "portal/contact.html", {"form": form, "form_token": token.value})


def _already_sent(request: HttpRequest) -> HttpResponse:
    """The code is not shown again: it is not kept, and whoever reloads may not be the person (ADR 0023)."""
    return render(request, "portal/already_sent.html", {"session_open": session.case_of_session(request) is not None})


@public_view
@require_http_methods(["GET", "POST"])
def come_back(request: HttpRequest) -> HttpResponse:
    form = forms.ReceiptCodeForm(request.POST or None)
    pending = clean_free_text(request.POST.get("pending_message", "")[:MESSAGE_MAX_CHARS], max_chars=MESSAGE_MAX_CHARS)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        # Every check is one Argon2id, right or wrong; the budget is global, so no
        # guesser can spend the holder's share (ADR 0007).
        if not throttle.spend(throttles.CODE_CHECKS):
            form.add_error(None, throttles.CODE_CHECKS_BUSY)
        else:
            try:
                found = services.receipt_find(typed_code=code)
            except slots.Busy:
                # Every Argon2 slot stayed taken (ADR 0032 §5); the code and a typed message are kept.
                found = None
            if found is None:
                form.add_error(None, throttles.CODE_CHECKS_BUSY)
            elif found.erased:
                return session.record_gone_page(request)
            elif found.case is None:
                form.add_error("code", _("We could not find this code. Please check the numbers and try again."))
            else:
                session.open_return_session(request, found.case)
                if pending:
                    services.message_send_from_victim(case=found.case, text=pending)
                    return confirmations.remember(request, "message_sent")
                return redirect("portal:conversation")
    expired = getattr(request, "session_expired", False) or request.GET.get("ended") == "1"
    return render(request, "portal/come_back.html", {"form": form, "pending": pending, "expired": expired})


@public_view
@require_GET
@with_return_session
def conversation(request: HttpRequest, case: Case) -> HttpResponse:
    return render(request, "portal/conversation.html", _conversation_context(case, forms.MessageForm()))


def _conversation_context(case, form: forms.MessageForm) -> dict[str, object]:
    return {
        "case": case,
        # Only what the person said is ticked: "not decided" ticks nothing (issue 13 §5).
        "reporting_form": forms.ReportingChoiceForm(initial=forms.ReportingChoiceForm.initial_for(case.reporting_status)),
        "messages_shown": consent_selectors.conversation_named_for_victim(case),
        "appointments": selectors.appointments_for_victim(case=case),
        "form": form,
    }


@public_view
@require_POST
def send_message(request: HttpRequest) -> HttpResponse:
    case = session.case_of_session(request)
    form = forms.MessageForm(request.POST)
    if case is None:
        if session.record_gone(request):
            session.mark_record_gone(request)
            return session.record_gone_page(request)
        # The session ended while they were typing: keep the text and ask for the code.
        text = clean_free_text(request.POST.get("message", "")[:MESSAGE_MAX_CHARS], max_chars=MESSAGE_MAX_CHARS)
        return render(
            request,
            "portal/come_back.html",
            {"form": forms.ReceiptCodeForm(), "pending": text, "expired": True},
        )
    if form.is_valid():
        if not throttle.spend(throttles.MESSAGES_PER_CASE, str(case.public_id)):
            form.add_error(None, _("You sent many messages in a short time. Your text is still here: please wait ten minutes."))
        else:
            services.message_send_from_victim(case=case, text=form.cleaned_data["message"])
            return confirmations.remember(request, "message_sent")
    return render(request, "portal/conversation.html", _conversation_context(case, form), status=400)


@public_view
@require_http_methods(["GET", "POST"])
@with_return_session
@centre_only
def appointment(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.AppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.appointment_request(
            case=case,
            kind=data["kind"],
            interpreter_language=data["interpreter_language"],
            interpreter_language_other=data["interpreter_language_other"],
            companion=data["companion"],
            access_needs=data["access_needs"],
            safe_times=data["safe_times"],
        )
        return confirmations.remember(request, "visit_requested", visit=data["kind"])
    return render(request, "portal/appointment.html", {"form": form})


@public_view
@require_POST
@with_return_session
@centre_only
def appointment_answer(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.AppointmentAnswerForm(request.POST)
    if form.is_valid():
        found = selectors.appointment_of_case(case=case, appointment_id=form.cleaned_data["appointment"])
        if found is not None:
            accept = form.cleaned_data["answer"] == "accept"
            services.appointment_answer(appointment=found, accept=accept)
            return confirmations.remember(request, "visit_answered", accept=accept)
    return redirect("portal:conversation")


@public_view
@require_POST
def end_session(request: HttpRequest) -> HttpResponse:
    session.end_return_session(request)
    return redirect("portal:home")


@public_view
@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    language = get_language()
    shown = []
    for slug in ("get-help-now", "crisis-numbers"):
        try:
            shown.append(content.message_get(slug=slug, language=language, jurisdiction=_jurisdiction()))
        except (content.UnknownMessage, content.MessageNotApplicable):
            continue
    return render(
        request,
        "portal/help_now.html",
        {
            "key_messages": content.reviewed_in_pages(shown),
            "crisis_lines": content.crisis_numbers_for(jurisdiction=_jurisdiction(), language=language),
            **_labels(),
        },
    )


@public_view
@require_POST
@with_return_session
@centre_only
def reporting_choice(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.ReportingChoiceForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["reporting_status"]
        services.reporting_status_set(case=case, status=status, actor=Actor.victim())
        return confirmations.remember(request, "reporting_choice", status=status)
    # Nothing chosen: the messages page again, with the error summary over the choice (GOV.UK pattern).
    context = _conversation_context(case, forms.MessageForm())
    context["reporting_form"] = form
    return render(request, "portal/conversation.html", context, status=400)
