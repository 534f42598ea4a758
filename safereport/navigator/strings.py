"""Victim-facing labels for the navigator's questions, marked for translation.

The crime labels repeat data/crime_types.toml so that makemessages finds them
(a test keeps both in step); the other axes belong to the engine, not to the
data, so they live only here.
"""

from django.utils.translation import gettext_noop

CRIME_LABELS: tuple[tuple[str, str], ...] = (
    ("rape", gettext_noop("Rape")),
    ("sexual_assault", gettext_noop("Sexual assault or unwanted sexual touching")),
    ("sexual_exploitation", gettext_noop("Sexual exploitation or forced prostitution")),
    ("trafficking", gettext_noop("Human trafficking (for sex, work or anything else)")),
    ("domestic_violence", gettext_noop("Violence or abuse by a partner, ex-partner or family member")),
    ("honour_related_violence", gettext_noop("Honour-related violence")),
    ("forced_marriage", gettext_noop("Forced marriage")),
    ("fgm", gettext_noop("Female genital mutilation (cutting)")),
    ("stalking", gettext_noop("Stalking")),
    ("assault", gettext_noop("Physical assault or injury")),
    ("kidnapping", gettext_noop("Kidnapping or being held against your will")),
    ("blackmail_extortion", gettext_noop("Blackmail or extortion")),
    ("murder_manslaughter", gettext_noop("Killing of a family member (murder or manslaughter)")),
    ("labour_exploitation", gettext_noop("Labour exploitation, forced work or unpaid work under threat")),
    ("smuggling", gettext_noop("Smuggling across borders with violence, threats or danger")),
    ("hate_crime", gettext_noop("Hate crime (racist or discriminatory attack)")),
    ("robbery", gettext_noop("Robbery (theft with force or threats)")),
    ("theft", gettext_noop("Theft")),
    ("fraud", gettext_noop("Fraud or scam")),
)

ROLE_LABELS: tuple[tuple[str, str], ...] = (
    ("victim", gettext_noop("It happened to me")),
    ("witness", gettext_noop("I saw it happen to someone else")),
)

PERPETRATOR_LABELS: tuple[tuple[str, str], ...] = (
    ("stranger", gettext_noop("Someone I did not know, or hardly knew")),
    ("partner", gettext_noop("My partner or ex-partner (husband, wife, boyfriend, girlfriend)")),
    ("family", gettext_noop("Someone in my family")),
    ("employer", gettext_noop("My employer, or someone who found or managed my work")),
    ("organisation", gettext_noop("A criminal group or network")),
)

STATUS_LABELS: tuple[tuple[str, str], ...] = (
    ("undocumented", gettext_noop("I have no residence permit, or it has run out")),
    ("dependent_on_perpetrator", gettext_noop("My permit depends on the person who hurt me")),
    ("dependent_other", gettext_noop("My permit depends on someone else")),
    ("asylum_applicant", gettext_noop("I have asked for asylum")),
    ("other", gettext_noop("I have another residence permit")),
)

GENDER_LABELS: tuple[tuple[str, str], ...] = (
    ("female", gettext_noop("Woman")),
    ("male", gettext_noop("Man")),
    ("other", gettext_noop("I describe myself another way")),
)

# The questions again, by the engine's axis names, for "it depends on your
# answer to …" (the same words as the form's labels, so one translation each).
QUESTION_LABELS: dict[str, str] = {
    "roles": gettext_noop("Did this happen to you, or did you see it?"),
    "crimes": gettext_noop("What happened? Choose any that fit, or none."),
    "perpetrators": gettext_noop("Who did it?"),
    "statuses": gettext_noop("Your residence situation"),
    "genders": gettext_noop("Your gender (it matters only in some countries)"),
}

ANSWER_LABELS: dict[str, dict[str, str]] = {
    "roles": dict(ROLE_LABELS),
    "crimes": dict(CRIME_LABELS),
    "perpetrators": dict(PERPETRATOR_LABELS),
    "statuses": dict(STATUS_LABELS),
    "genders": dict(GENDER_LABELS),
}

# What a deadline in the data is counted from (navigator/datafiles.py COUNTED_FROM).
COUNTED_FROM_LABELS: dict[str, str] = {
    "certification_signed": gettext_noop("the day the police or prosecutor signed the form"),
    "marriage_ended": gettext_noop("the day the marriage ended"),
    "period_started": gettext_noop("the day the period started"),
    "leave_granted": gettext_noop("the day the permit or permission was given"),
    "decision": gettext_noop("the day of the decision"),
    "crime": gettext_noop("the day of the crime"),
}

# Country names in the person's language (issue 12 §2.6); the data's `name` stays English.
COUNTRY_NAMES: dict[str, str] = {
    "BE": gettext_noop("Belgium"),
    "NL": gettext_noop("Netherlands"),
    "ES": gettext_noop("Spain"),
    "IT": gettext_noop("Italy"),
    "IE": gettext_noop("Ireland"),
    "UK": gettext_noop("United Kingdom"),
    "US": gettext_noop("United States"),
}
