"""A believable small world for trying SafeReport and for the test personas.

Two care centres in different jurisdictions (Ghent, Belgium and Utrecht, the
Netherlands), a police unit, an NGO, a municipal desk, a legal service, a
research body, an oversight body and a training centre with synthetic cases only (its trainer
and trainee), with one staff member per role. The Ghent centre has recorded
partnerships with the police unit, the NGO, the desk and the legal service
(proposed by its DPO, approved by its case manager), so those four can
receive what a person agrees to share; nobody else can (ADR 0014). Used by
`safereport demo_data` and by the test suite, so the people in the README are
the people in the tests.
"""

import datetime as dt
from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from safereport.accounts import services
from safereport.accounts.models import Organisation, ReviewScope, StaffUser
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.actors import Actor
from safereport.cases.models import Case
from safereport.core.purposes import Purpose
from safereport.partners import services as partners


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    jurisdiction: str
    # The language its staff see unless they choose another (ADR 0036).
    language: str = "en"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    organisation_key: str
    roles: tuple[str, ...]
    reaches: str  # what this persona may reach, said once here


ORGANISATIONS = (
    DemoOrganisation("ghent", "Care centre Ghent (demo)", OrganisationKind.CARE_CENTRE, "BE", "nl"),
    DemoOrganisation("utrecht", "Care centre Utrecht (demo)", OrganisationKind.CARE_CENTRE, "NL", "nl"),
    DemoOrganisation("police", "Police vice unit Ghent (demo)", OrganisationKind.POLICE_UNIT, "BE", "nl"),
    DemoOrganisation("ngo", "Migrant women's support Ghent (demo)", OrganisationKind.NGO, "BE", "nl"),
    DemoOrganisation("desk", "City welcome desk Ghent (demo)", OrganisationKind.MUNICIPAL_DESK, "BE", "nl"),
    DemoOrganisation("legal", "Legal aid office Ghent (demo)", OrganisationKind.LEGAL_SERVICE, "BE", "nl"),
    DemoOrganisation("research", "University research group (demo)", OrganisationKind.RESEARCH_BODY, "BE"),
    # Synthetic cases only: the database keeps them from every real organisation (ADR 0035).
    DemoOrganisation("training", "Training centre Ghent (synthetic cases)", OrganisationKind.TRAINING_CENTRE, "BE"),
    DemoOrganisation("oversight", "Police oversight committee (demo)", OrganisationKind.OVERSIGHT_BODY, "BE"),
)

# A French-speaking centre, only in the demo that `safereport demo_data` builds
# (its staff see French); the test personas' world has the seven above.
FRENCH_SPEAKING = DemoOrganisation("liege", "Care centre Liège (demo)", OrganisationKind.CARE_CENTRE, "BE", "fr")

STAFF = (
    DemoStaff("crisis_worker", "ghent", (Role.CRISIS_WORKER,), "cases assigned to them and new contacts in Ghent"),
    DemoStaff("other_worker", "ghent", (Role.CRISIS_WORKER,), "new contacts in Ghent, not others' assigned cases"),
    DemoStaff("doctor", "ghent", (Role.CLINICIAN,), "like a crisis worker, for clinical work"),
    DemoStaff("case_manager", "ghent", (Role.CASE_MANAGER,), "every case of the Ghent centre; assigns work"),
    DemoStaff("dpo", "ghent", (Role.DPO_ADMIN,), "staff, invitations, audit verification; no case content"),
    DemoStaff("trainer", "training", (Role.TRAINER,), "training scenarios; the progress and certificates of the training centre's trainees"),
    DemoStaff("trainee", "training", (Role.TRAINEE,), "practice scenarios on synthetic cases of the training centre; never a real case"),
    DemoStaff("utrecht_worker", "utrecht", (Role.CRISIS_WORKER,), "Utrecht cases only, never Ghent's"),
    DemoStaff("police_liaison", "police", (Role.POLICE_LIAISON,), "consultations, reports and packages addressed to the police unit; never a case"),
    DemoStaff("ngo_advocate", "ngo", (Role.NGO_ADVOCATE,), "referrals and packages sent to the NGO; reports it files for a person"),
    DemoStaff("desk_officer", "desk", (Role.NGO_ADVOCATE,), "what is sent to the municipal desk; reports it files for a person"),
    # The desk's own three roles (desk mode, ADR 0027 §12): none of them reaches a case.
    DemoStaff("desk_coordinator", "desk", (Role.DESK_COORDINATOR,), "the desk's inbox, referrals and packages; files reports with the police for a person"),
    DemoStaff("desk_caseworker", "desk", (Role.DESK_CASEWORKER,), "the desk's inbox, referrals and packages sent to the desk; files nothing with the police"),
    DemoStaff("desk_legal_adviser", "desk", (Role.DESK_LEGAL_ADVISER,), "packages sent to the desk and the rights navigator; changes nothing"),
    DemoStaff("lawyer", "legal", (Role.LAWYER,), "only what is sent to the legal service"),
    DemoStaff("analyst", "research", (Role.ANALYST,), "anonymised statistics only"),
    DemoStaff("translator", "ghent", (Role.TRANSLATION_REVIEWER,), "drafts of translations in Arabic and Persian; no case"),
    DemoStaff("oversight", "oversight", (Role.OVERSIGHT_MEMBER,), "published tables and the comparison of police units and jurisdictions; never a case"),
)
# The languages each translation reviewer reviews (ADR 0036).
REVIEW_LANGUAGES = {"translator": ["ar", "fa"]}


@dataclass(frozen=True)
class DemoPartnership:
    organisation_key: str
    purposes: tuple[str, ...]
    # How the person is told who receives their information (drafts, like the catalogues).
    public_names: dict[str, str]


PARTNERSHIPS = (
    DemoPartnership(
        "police",
        (Purpose.INVESTIGATION,),
        {
            "en": "The police vice unit of Ghent (demo)",
            "fr": "La brigade des mœurs de la police de Gand (démo)",
            "nl": "De zedenpolitie van Gent (demo)",
            "es": "La unidad de delitos sexuales de la policía de Gante (demo)",
            "it": "L'unità della polizia di Gand per i reati sessuali (demo)",
            "ar": "وحدة الشرطة المختصة بالجرائم الجنسية في غنت (تجريبي)",
            "fa": "واحد پلیس جرائم جنسی در گنت (نمایشی)",
            "ti": "ናይ ጾታዊ ገበናት ክፍሊ ፖሊስ ጌንት (ንፈተነ)",
            "uk": "Відділ поліції Гента з сексуальних злочинів (демо)",
        },
    ),
    DemoPartnership(
        "ngo",
        (Purpose.REFERRAL, Purpose.RELIEF_APPLICATION, Purpose.LEGAL_ADVICE),
        {
            "en": "Migrant women's support Ghent (demo)",
            "fr": "Soutien aux femmes migrantes de Gand (démo)",
            "nl": "Steunpunt migrantenvrouwen Gent (demo)",
            "es": "Apoyo a mujeres migrantes de Gante (demo)",
            "it": "Sostegno alle donne migranti di Gand (demo)",
            "ar": "دعم النساء المهاجرات في غنت (تجريبي)",
            "fa": "حمایت از زنان مهاجر در گنت (نمایشی)",
            "ti": "ደገፍ ስደተኛታት ደቂ ኣንስትዮ ጌንት (ንፈተነ)",
            "uk": "Підтримка жінок-мігранток у Генті (демо)",
        },
    ),
    DemoPartnership(
        "desk",
        (Purpose.REFERRAL, Purpose.RELIEF_APPLICATION),
        {
            "en": "The city welcome desk of Ghent (demo)",
            "fr": "Le guichet d'accueil de la ville de Gand (démo)",
            "nl": "Het stedelijk onthaalloket van Gent (demo)",
            "es": "La oficina de acogida de la ciudad de Gante (demo)",
            "it": "Lo sportello di accoglienza della città di Gand (demo)",
            "ar": "مكتب الاستقبال في مدينة غنت (تجريبي)",
            "fa": "میز پذیرش شهر گنت (نمایشی)",
            "ti": "ቤት ጽሕፈት ኣቀባብላ ከተማ ጌንት (ንፈተነ)",
            "uk": "Міська приймальня Гента (демо)",
        },
    ),
    DemoPartnership(
        "legal",
        (Purpose.REFERRAL, Purpose.RELIEF_APPLICATION, Purpose.LEGAL_ADVICE),
        {
            "en": "The legal aid office of Ghent (demo)",
            "fr": "Le bureau d'aide juridique de Gand (démo)",
            "nl": "Het bureau voor rechtsbijstand van Gent (demo)",
            "es": "La oficina de asistencia jurídica de Gante (demo)",
            "it": "L'ufficio di assistenza legale di Gand (demo)",
            "ar": "مكتب المساعدة القانونية في غنت (تجريبي)",
            "fa": "دفتر کمک حقوقی گنت (نمایشی)",
            "ti": "ቤት ጽሕፈት ሕጋዊ ሓገዝ ጌንት (ንፈተነ)",
            "uk": "Бюро правової допомоги Гента (демо)",
        },
    ),
)


def demo_password(username: str) -> str:
    return f"demo-{username}-pass"


@dataclass
class DemoWorld:
    organisations: dict[str, Organisation]
    staff: dict[str, StaffUser]
    totp_secrets: dict[str, str]
    cases: dict[str, Case]


FRENCH_SPEAKING_STAFF = DemoStaff(
    "liege_worker", "liege", (Role.CRISIS_WORKER,), "Liège cases only; sees every page in French"
)


def build_demo_world(*, staff_languages: bool = True) -> DemoWorld:
    """The demo. `staff_languages=False` (the tests' world) keeps every organisation's
    staff pages in English, the language the tests' expectations are written in, and
    leaves the French-speaking centre out; tests of the staff languages set their own."""
    system = Actor.system("demo_data")
    wanted = (*ORGANISATIONS, FRENCH_SPEAKING) if staff_languages else ORGANISATIONS
    organisations = {
        o.key: services.organisation_create(
            name=o.name, kind=o.kind, jurisdiction=o.jurisdiction, actor=system,
            language=o.language if staff_languages else "en",
        )
        for o in wanted
    }
    staff: dict[str, StaffUser] = {}
    totp_secrets: dict[str, str] = {}
    for person in (*STAFF, FRENCH_SPEAKING_STAFF) if staff_languages else STAFF:
        user = services.staff_create_directly(
            organisation=organisations[person.organisation_key],
            username=person.username,
            password=demo_password(person.username),
            roles=person.roles,
            actor=system,
        )
        if person.username in REVIEW_LANGUAGES:
            StaffUser.objects.filter(pk=user.pk).update(review_languages=REVIEW_LANGUAGES[person.username])
            user.review_languages = REVIEW_LANGUAGES[person.username]
            # Ghent's translator reviews the service's own texts for every centre (ADR 0036).
            StaffUser.objects.filter(pk=user.pk).update(review_scope=ReviewScope.DEPLOYMENT)
            user.review_scope = ReviewScope.DEPLOYMENT
        device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
        staff[person.username] = user
        totp_secrets[person.username] = device.key
    for partnership in PARTNERSHIPS:
        proposed = partners.partnership_propose(
            actor=staff["dpo"],
            organisation=organisations[partnership.organisation_key],
            agreement_reference=f"DEMO-{partnership.organisation_key.upper()}-2026",
            agreement_date=dt.date(2026, 1, 15),
            purposes=partnership.purposes,
            public_names=partnership.public_names,
        )
        partners.partnership_approve(actor=staff["case_manager"], partnership=proposed)
    ghent = organisations["ghent"]
    cases = {
        "assigned": Case.objects.create(care_centre=ghent),
        "unassigned": Case.objects.create(care_centre=ghent),
        "assigned_to_other": Case.objects.create(care_centre=ghent),
        "utrecht": Case.objects.create(care_centre=organisations["utrecht"]),
    }
    cases["assigned"].assigned_staff.add(staff["crisis_worker"], staff["doctor"])
    cases["assigned_to_other"].assigned_staff.add(staff["other_worker"])
    cases["utrecht"].assigned_staff.add(staff["utrecht_worker"])
    return DemoWorld(organisations, staff, totp_secrets, cases)


def add_relief_procedure(world: DemoWorld, *, today: dt.date) -> None:
    """A U-visa procedure the legal service carries for the Ghent 'assigned' person (ADR 0033).

    The person named the legal service in a consent for a residence
    application; its lawyer opened the procedure, took its first step, sent
    an Illinois certification request and knows of a child's age-out: the
    age-out, 12 days away, is the reminder on the lawyer's start page. Only
    in `safereport demo_data`: the tests' world stays without one, and the
    tests that need one make their own.
    """
    from safereport.consent import services as consent
    from safereport.relief import services as relief

    lawyer = world.staff["lawyer"]
    case = world.cases["assigned"]
    consent.consent_record(
        case=case, categories=["contact_details"], purpose=Purpose.RELIEF_APPLICATION, decision="given",
        understanding="understood", channel="staff", recipient_organisation=world.organisations["legal"],
        explained_by=world.staff["crisis_worker"], language="en",
    )
    procedure = relief.procedure_open(actor=lawyer, case=case, mechanism="US-U", opened_on=today - dt.timedelta(days=40))
    relief.procedure_step_record(
        actor=lawyer, procedure=procedure, step="representation_agreed", done_on=today - dt.timedelta(days=40)
    )
    agency = relief.agency_add(
        actor=lawyer, name="Chicago Police Department (demo)", kind="police", jurisdiction="US", region="Illinois"
    )
    request = relief.certification_create(
        actor=lawyer, procedure=procedure, agency=agency, form="I-918B", official_role="designee",
        requested_by="attorney", law="US-IL-VOICES", family_loss_on=None,
    )
    relief.certification_submit(actor=lawyer, request=request, submitted_on=today - dt.timedelta(days=30))
    relief.clock_add(actor=lawyer, procedure=procedure, kind="age_out", due_on=today + dt.timedelta(days=12), today=today)
