"""Changes to organisations and staff accounts. Each writes its audit event."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import locales
from safereport.accounts.models import Invitation, Organisation, ReviewScope, StaffUser
from safereport.accounts.permissions import ROLES_BY_ORGANISATION_KIND, OrganisationKind, Role
from safereport.accounts.selectors import totp_device_confirmed
from safereport.audit.actors import Actor
from safereport.audit.services import record


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def validate_roles_for(organisation: Organisation, roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles))
    if not roles:
        raise ValidationError(_("Choose at least one role."))
    allowed = ROLES_BY_ORGANISATION_KIND.get(organisation.kind, frozenset())
    for role in roles:
        if role not in Role.values:
            raise ValidationError(_("Unknown role."))
        if role not in allowed:
            raise ValidationError(
                _("The role “%(role)s” is not available in this kind of organisation.")
                % {"role": Role(role).label}
            )
    return roles


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, jurisdiction: str, actor: Actor, time_zone: str = "", language: str = "en"
) -> Organisation:
    if kind not in OrganisationKind.values:
        raise ValidationError(_("Unknown organisation kind."))
    organisation = Organisation(
        name=name, kind=kind, jurisdiction=jurisdiction.upper(), time_zone=time_zone, language=language
    )
    organisation.full_clean()
    organisation.save()
    record(
        "accounts:organisation:created",
        actor=actor,
        subject=f"organisation:{organisation.public_id}",
        details={"kind": kind, "jurisdiction": organisation.jurisdiction, "language": organisation.language},
    )
    return organisation


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, roles: Iterable[str], invited_by: StaffUser | None, note: str = ""
) -> tuple[Invitation, str]:
    """Returns the invitation and its token; the token is shown once and never stored."""
    checked_roles = validate_roles_for(organisation, roles)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        roles=checked_roles,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        note=note,
        expires_at=timezone.now() + settings.INVITATION_VALID_FOR,
    )
    record(
        "accounts:invitation:created",
        actor=Actor.staff(invited_by) if invited_by else Actor.system("bootstrap"),
        subject=f"invitation:{invitation.public_id}",
        details={"roles": ",".join(checked_roles)},
    )
    return invitation, token


def invitation_find(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str) -> StaffUser:
    invitation = Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    if invitation is None or not invitation.is_usable():
        raise ValidationError(_("This invitation link has expired or was already used. Ask your administrator for a new one."))
    if StaffUser.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("That username is taken. Choose another."))
    user = StaffUser(username=username, organisation=invitation.organisation, roles=list(invitation.roles))
    user.set_password(password)
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    record(
        "accounts:invitation:accepted",
        actor=Actor.staff(user),
        subject=f"invitation:{invitation.public_id}",
    )
    return user


@transaction.atomic
def staff_create_directly(
    *, organisation: Organisation, username: str, password: str, roles: Iterable[str], actor: Actor
) -> StaffUser:
    """For demo data and bootstrapping only; people are otherwise invited."""
    user = StaffUser(username=username, organisation=organisation, roles=validate_roles_for(organisation, roles))
    user.set_password(password)
    user.save()
    record("accounts:staff:created", actor=actor, subject=f"staff:{user.public_id}")
    return user


@transaction.atomic
def staff_logout_everywhere(*, user: StaffUser) -> None:
    StaffUser.objects.filter(pk=user.pk).update(session_generation=user.session_generation + 1)
    record("accounts:sessions:ended", actor=Actor.staff(user), subject=f"staff:{user.public_id}")


@transaction.atomic
def staff_deactivate(*, user: StaffUser, actor_user: StaffUser) -> None:
    if user.pk == actor_user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = False
    user.session_generation += 1
    user.save(update_fields=["is_active", "session_generation"])
    record("accounts:staff:deactivated", actor=Actor.staff(actor_user), subject=f"staff:{user.public_id}")


@transaction.atomic
def staff_language_set(*, user: StaffUser, language: str) -> StaffUser:
    """The staff member's own language for their pages; empty: their organisation's (ADR 0036)."""
    if language and language not in locales.STAFF_LANGUAGE_CODES:
        raise ValidationError(_("Choose one of the languages in the list."))
    user.language = language
    user.save(update_fields=["language"])
    record(
        "accounts:staff:language_set",
        actor=Actor.staff(user),
        subject=f"staff:{user.public_id}",
        details={"language": language or "organisation"},
    )
    return user


@transaction.atomic
def organisation_language_set(*, organisation: Organisation, language: str, actor: Actor) -> Organisation:
    """The language an organisation's staff see unless they choose another."""
    if language not in locales.STAFF_LANGUAGE_CODES:
        raise ValidationError(_("Choose one of the languages in the list."))
    organisation.language = language
    organisation.save(update_fields=["language"])
    record(
        "accounts:organisation:language_set",
        actor=actor,
        subject=f"organisation:{organisation.public_id}",
        details={"language": language},
    )
    return organisation


def review_language_codes() -> tuple[str, ...]:
    """The languages a reviewer can review: every translation (English is the source)."""
    return tuple(code for code in locales.LANGUAGE_CODES if code != locales.DEFAULT_LOCALE)


@transaction.atomic
def reviewer_scope_set(*, user: StaffUser, languages: list[str], scope: str, actor_user: StaffUser) -> StaffUser:
    """A DPO sets which languages a colleague reviews and whether the whole service's
    texts or only their organisation's (ADR 0036, issue 20)."""
    if Role.TRANSLATION_REVIEWER not in user.roles or user.organisation_id != actor_user.organisation_id:
        raise ValidationError(_("Only a translation reviewer of your organisation has review languages."))
    if not set(languages) <= set(review_language_codes()):
        raise ValidationError(_("Choose one of the languages in the list."))
    if scope not in ReviewScope.values:
        raise ValidationError(_("Choose one of the scopes in the list."))
    user.review_languages = [code for code in review_language_codes() if code in languages]
    user.review_scope = scope
    user.save(update_fields=["review_languages", "review_scope"])
    record(
        "accounts:staff:review_scope_set",
        actor=Actor.staff(actor_user),
        subject=f"staff:{user.public_id}",
        details={"languages": " ".join(user.review_languages), "scope": scope},
    )
    return user


def record_sign_in(*, user: StaffUser, step: str) -> None:
    record(f"accounts:signin:{step}", actor=Actor.staff(user), subject=f"staff:{user.public_id}")


def totp_device_for_enrolment(*, user: StaffUser) -> TOTPDevice:
    """The one unconfirmed authenticator being set up (made on first visit, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, device: TOTPDevice) -> None:
    """The first code matched: the device becomes the person's second factor."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_sign_in(user=device.user, step="totp_enrolled")


@dataclass(frozen=True)
class WitnessCheck:
    """Whether the witness proved, at the same desk, that they are who the form names.

    `reason` is a word for the page: "witness_not_confirmed" (a wrong password
    or code: the page does not say which) or "witness_locked_out" (too many
    wrong tries on the witness's account, or on their authenticator).
    """

    confirmed: bool
    reason: str = ""


def witness_confirm(*, request: HttpRequest, witness: StaffUser, password: str, token: str) -> WitnessCheck:
    """The witness re-enters their own password and authenticator code (staff sign-in needs both).

    The password goes through `authenticate` with the witness's username, so
    django-axes counts a wrong one against the witness's account and refuses
    a locked one, exactly as at sign-in; the code goes through django-otp's
    own throttle. Nothing is signed in: no session changes hands. A lockout
    found here is the witness's, not the signed-in staff member's: the flag
    axes leaves on the request is cleared so its middleware does not answer
    the whole page with the sign-in lockout page; the form says it in words.
    """
    if not password or not token:
        return WitnessCheck(False, "witness_not_confirmed")
    user = authenticate(request, username=witness.username, password=password)
    if getattr(request, "axes_locked_out", False):
        request.axes_locked_out = False  # type: ignore[attr-defined]  # axes' own flag on the request
        return WitnessCheck(False, "witness_locked_out")
    if user is None or user.pk != witness.pk:
        return WitnessCheck(False, "witness_not_confirmed")
    device = totp_device_confirmed(user=witness)
    if device is None:
        return WitnessCheck(False, "witness_not_confirmed")
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return WitnessCheck(False, "witness_locked_out")
    if not device.verify_token(token):
        return WitnessCheck(False, "witness_not_confirmed")
    return WitnessCheck(True)
