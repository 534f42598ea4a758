from collections.abc import Callable
from typing import Any, ClassVar, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from config import locales
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.accounts.policies import roles_grant
from safereport.core.models import PublicModel

# The usual time zone of each jurisdiction we serve: an organisation's own
# `time_zone` wins where a country has several (Spain's Canary Islands).
JURISDICTION_TIME_ZONES = {
    "BE": "Europe/Brussels",
    "ES": "Europe/Madrid",
    "IE": "Europe/Dublin",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "UK": "Europe/London",
    "GB": "Europe/London",
}


def staff_language_choices() -> list[tuple[str, str]]:
    """The staff side's languages by their own names (config/locales.py holds the list)."""
    return [(code, locales.LOCALES_BY_CODE[code].endonym) for code in locales.STAFF_LANGUAGE_CODES]


def staff_language_constraint(field: str, *, name: str, blank: bool) -> models.CheckConstraint:
    # Adding a staff language to config/locales.py changes this, so makemigrations asks for a migration.
    allowed = [*([""] if blank else []), *locales.STAFF_LANGUAGE_CODES]
    return models.CheckConstraint(condition=Q(**{f"{field}__in": allowed}), name=name)


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("%(value)s is not a time zone name (e.g. Europe/Brussels).", params={"value": value}) from None


class Organisation(PublicModel):
    name = models.CharField(max_length=200)
    # The database itself refuses any kind outside the vocabulary, so not even
    # a raw INSERT can create an immigration-enforcement organisation.
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    # ISO 3166-1 alpha-2 of the legal system the organisation works under.
    jurisdiction = models.CharField(max_length=2)
    is_active = models.BooleanField(default=True)
    # IANA name. Empty: the jurisdiction's usual zone. Times the organisation
    # sends to others (disclosure packages) are in this zone, and say so.
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    # The language its staff see unless they choose another (ADR 0036).
    language = models.CharField(max_length=12, choices=staff_language_choices, default=locales.DEFAULT_LOCALE)
    # A municipal desk a person may choose on the portal's contact form (ADR 0037, amended):
    # the DPO opens or closes it on a page, audited. Care centres are always open;
    # no other kind may be, and the database refuses it.
    portal_contact_open = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_in_vocabulary"
            ),
            models.CheckConstraint(
                condition=Q(portal_contact_open=False) | Q(kind=OrganisationKind.MUNICIPAL_DESK),
                name="organisation_only_a_desk_is_opened_to_the_portal",
            ),
            staff_language_constraint("language", name="organisation_language_is_a_staff_language", blank=False),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(
            self.time_zone or JURISDICTION_TIME_ZONES.get(self.jurisdiction.upper(), "") or settings.TIME_ZONE
        )


class ReviewScope(models.TextChoices):
    ORGANISATION = "organisation", _("Texts of their own organisation")
    DEPLOYMENT = "deployment", _("Texts of the whole service (interface and key messages)")


class StaffManager(UserManager["StaffUser"]):
    def create_superuser(self, *args: Any, **kwargs: Any) -> NoReturn:
        # Nobody holds every permission; admins are organisation DPOs, invited.
        raise NotImplementedError("SafeReport has no superusers. Use `safereport bootstrap_organisation`.")


class StaffUser(AbstractUser):
    """A professional who works in SafeReport. Victims never have accounts."""

    public_id = models.UUIDField(unique=True, editable=False, default=None, null=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff", null=True)
    # A list of Role values; validated by the services that set it.
    roles = models.JSONField(default=list)
    # Bumping this ends every session of the account ("log out everywhere").
    session_generation = models.PositiveIntegerField(default=0)
    # The staff member's own language; empty: their organisation's (ADR 0036).
    language = models.CharField(max_length=12, choices=staff_language_choices, blank=True, default="")
    # For a translation reviewer: the languages whose drafts they review (codes of config/locales.py).
    review_languages = models.JSONField(default=list, blank=True)
    # Which texts a translation reviewer may approve (ADR 0036, issue 20): the
    # deployment's own texts (interface strings, key messages: every centre's
    # people read them) only with DEPLOYMENT, set by a DPO; ORGANISATION
    # reviews only texts that belong to the reviewer's organisation.
    review_scope = models.CharField(max_length=12, choices=ReviewScope.choices, default=ReviewScope.ORGANISATION)

    objects: ClassVar[StaffManager] = StaffManager()

    # Set on request.user by django_otp's OTPMiddleware; a user loaded any other way lacks it.
    is_verified: Callable[[], bool]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.public_id is None:
            import uuid

            self.public_id = uuid.uuid4()
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django ends a session when this hash changes; folding the generation
        # in gives us "log out everywhere" through Django's own mechanism.
        return salted_hmac(
            "safereport.accounts.StaffUser.session",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def has_perm(self, perm: str, obj: object = None) -> bool:
        # The role map is the only source of permissions, as for the views
        # (accounts.middleware): no superuser short cut, no per-user grants.
        # django-fsm-2 asks this for every transition (core.workflow).
        organisation = self.organisation
        return bool(
            self.is_active and organisation is not None and organisation.is_active and roles_grant(self.roles, perm)
        )

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles if role in Role.values]

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # the stubs do not declare the abstract model's Meta
        constraints = [
            staff_language_constraint("language", name="staffuser_language_is_a_staff_language", blank=True),
        ]

    @property
    def staff_language(self) -> str:
        """The language their pages are in: their choice, else their organisation's, else English."""
        organisation = self.organisation
        for code in (self.language, organisation.language if organisation is not None else ""):
            if code in locales.STAFF_LANGUAGE_CODES:
                return code
        return locales.DEFAULT_LOCALE

    def __str__(self) -> str:
        return self.username


class Invitation(PublicModel):
    """A one-time link an organisation admin sends to a new colleague."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    roles = models.JSONField(default=list)
    # Only the hash is stored: a database reader cannot use a pending invitation.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+", null=True)
    note = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(StaffUser, on_delete=models.SET_NULL, null=True, related_name="+")

    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
