"""The content report: every rule the data files must keep, checked at once.

Tests assert the report has no problems; `safereport content check` prints it.
Problems fail; warnings are things a human must still do (verify a number,
have a lawyer review a claim) that do not make the published text wrong.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from config.locales import DEFAULT_LOCALE, LANGUAGE_CODES

from . import text as t
from .loader import ANY_JURISDICTION, Jurisdiction, Library, Variant

# A legal claim not re-checked for a year fails the build: laws here move
# (the Dutch criminalisation bill, the Victims' Rights Directive revision).
MAX_CLAIM_AGE = dt.timedelta(days=365)
WEAK_CONFIDENCE = ("low", "recall")
# Messages every configured jurisdiction must have (a person in crisis must
# never get an empty page).
REQUIRED_EVERYWHERE = ("get-help-now", "crisis-numbers")

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class Finding:
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


@dataclass
class LanguageStatus:
    texts: int = 0
    reviewed: int = 0
    draft: int = 0
    needs_professional_review: int = 0
    missing: int = 0


@dataclass
class Report:
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    languages: dict[str, LanguageStatus] = field(default_factory=dict)
    english_grades: dict[str, float] = field(default_factory=dict)  # "slug@variant §n" -> grade
    message_count: int = 0
    variant_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, where: str, detail: str) -> None:
        self.problems.append(Finding(where, detail))

    def warn(self, where: str, detail: str) -> None:
        self.warnings.append(Finding(where, detail))


def _where(variant: Variant, language: str | None = None) -> str:
    base = f"{variant.path.name} ({variant.slug}@{variant.id})"
    return f"{base} [{language}]" if language else base


def _check_registry(lib: Library, report: Report) -> None:
    active, retired = set(lib.registered_slugs), set(lib.retired_slugs)
    for slug in active & retired:
        report.problem("slugs.toml", f"{slug!r} is both active and retired")
    for slug in lib.messages:
        if slug in retired:
            report.problem("slugs.toml", f"{slug!r} is retired but still has a data file")
        elif slug not in active:
            report.problem("slugs.toml", f"{slug!r} has a data file but is not registered as active")
    for slug in active - set(lib.messages):
        report.problem(
            "slugs.toml",
            f"{slug!r} is active but has no data file (case records refer to slugs: retire it, never drop it)",
        )


def _check_claims(lib: Library, variant: Variant, kind: str, report: Report, today: dt.date) -> None:
    where = _where(variant)
    if kind == "law":
        if not variant.legal_claim:
            report.problem(where, "a `law` message makes a legal claim: set legal_claim = true")
        if ANY_JURISDICTION in variant.jurisdictions:
            report.problem(
                where, "a `law` message must name its jurisdictions; '*' would show it where it is not true"
            )
    if not variant.legal_claim:
        return
    if not variant.sources:
        report.problem(where, "legal_claim = true but no [[sources]]")
    if variant.last_checked is None:
        report.problem(where, "legal_claim = true but no last_checked date")
    elif today - variant.last_checked > MAX_CLAIM_AGE:
        report.problem(
            where, f"legal claim last checked {variant.last_checked}, over a year ago: re-check the sources"
        )
    if not variant.checked_against:
        report.problem(where, "legal_claim = true but checked_against does not say what was checked")
    weak = [s.id for s in variant.sources if s.confidence in WEAK_CONFIDENCE]
    if weak:
        report.warn(where, f"sources to verify (confidence low/recall): {', '.join(weak)}")
    if variant.legal_review_status != "reviewed":
        report.warn(where, "legal claim not yet reviewed by a lawyer")
    elif not (variant.legal_reviewer and variant.legal_reviewed_on):
        report.problem(where, "legal_review_status = reviewed needs legal_reviewer and legal_reviewed_on")


def _check_facts(lib: Library, variant: Variant, report: Report) -> None:
    """Figures in the text must agree with jurisdictions.toml, in every language."""
    for key, value in variant.facts.items():
        for code in variant.jurisdictions:
            found = lib.jurisdictions.get(code)
            if found is None:
                continue
            actual = _fact(found, key)
            if actual is _UNKNOWN_FACT:
                report.problem(_where(variant), f"unknown fact {key!r}")
            elif actual != value:
                report.problem(
                    _where(variant), f"{key} = {value!r} but jurisdictions.toml says {actual!r} for {code}"
                )
        if isinstance(value, int) and not isinstance(value, bool):
            pattern = re.compile(rf"(?<!\d){value}(?!\d)")
            for language, text in variant.texts.items():
                if not pattern.search(text.full_text().translate(_DIGITS)):
                    report.problem(_where(variant, language), f"the text does not state {key} = {value}")


_UNKNOWN_FACT = object()


def _fact(jurisdiction: Jurisdiction, key: str) -> object:
    if key == "evidence_retention_months":
        return jurisdiction.evidence_retention.months
    if key == "victims_rights_directive":
        return jurisdiction.victims_rights_directive
    return _UNKNOWN_FACT


def _check_texts(variant: Variant, report: Report) -> None:
    for language in LANGUAGE_CODES:
        status = report.languages[language]
        found = variant.texts.get(language)
        if found is None:
            status.missing += 1
            report.problem(_where(variant), f"no text in {language!r}")
            continue
        status.texts += 1
        where = _where(variant, language)
        if found.is_reviewed:
            status.reviewed += 1
        else:
            status.draft += 1
        if found.needs_professional_review:
            status.needs_professional_review += 1
        if found.status == "reviewed":
            if not (found.reviewer and found.reviewed_on):
                report.problem(where, "status = reviewed needs reviewer and reviewed_on")
            if found.reviewed_digest != found.digest:
                report.problem(
                    where,
                    "the text changed after review (reviewed_digest differs): review again or set draft; "
                    f"current digest {found.digest}",
                )
        elif language != DEFAULT_LOCALE and not found.needs_professional_review:
            report.problem(where, "a draft translation must say needs_professional_review = true")
        for label, piece in [("title", found.title)] + [
            (f"heading {i + 1}", s.heading) for i, s in enumerate(found.sections)
        ]:
            if t.word_count(piece) > t.MAX_SENTENCE_WORDS:
                report.problem(where, f"{label} has more than {t.MAX_SENTENCE_WORDS} words")
        for i, section in enumerate(found.sections, start=1):
            words = t.word_count(section.body)
            if words > t.MAX_SECTION_WORDS:
                report.problem(where, f"section {i} has {words} words (max {t.MAX_SECTION_WORDS})")
            for sentence in t.sentences(section.body):
                count = t.word_count(sentence)
                if count > t.MAX_SENTENCE_WORDS:
                    report.problem(where, f"section {i}: sentence of {count} words: {sentence[:60]}…")
            if language == DEFAULT_LOCALE:
                grade = t.english_grade(section.body)
                report.english_grades[f"{variant.slug}@{variant.id} §{i}"] = grade
                if grade > t.MAX_ENGLISH_GRADE:
                    report.problem(
                        where, f"section {i}: reading grade {grade:.1f} (max {t.MAX_ENGLISH_GRADE:g})"
                    )
    for language in sorted(set(variant.texts) - set(LANGUAGE_CODES)):
        report.problem(_where(variant), f"text in {language!r}, which config/locales.py does not list")


def _check_messages(lib: Library, report: Report, today: dt.date) -> None:
    for message in lib.messages.values():
        report.message_count += 1
        if message.kind == "centre_policy":
            if message.policy not in lib.policies:
                report.problem(message.slug, f"policy {message.policy!r} is not in centre_policies.toml")
        elif message.policy is not None:
            report.problem(message.slug, "only centre_policy messages name a policy")
        covered: Counter[str] = Counter()
        for variant in message.variants:
            report.variant_count += 1
            covered.update(variant.jurisdictions)
            for code in variant.jurisdictions:
                if code != ANY_JURISDICTION and code not in lib.jurisdictions:
                    report.problem(_where(variant), f"unknown jurisdiction {code!r}")
            _check_claims(lib, variant, message.kind, report, today)
            _check_facts(lib, variant, report)
            _check_texts(variant, report)
        for code, n in covered.items():
            if n > 1:
                report.problem(message.slug, f"{n} variants cover {code!r}; exactly one may")
    for slug in REQUIRED_EVERYWHERE:
        required = lib.messages.get(slug)
        for code in lib.jurisdictions:
            if required is None or required.variant_for(code) is None:
                report.problem(slug, f"must apply in every jurisdiction; none for {code}")


def _check_jurisdictions(lib: Library, report: Report) -> None:
    evidence = lib.messages.get("evidence-kept-while-you-decide")
    for code, found in lib.jurisdictions.items():
        where = f"jurisdictions.toml [{code}]"
        if not any(n.verified for n in found.crisis_numbers):
            report.problem(where, "no verified crisis number (at least the emergency number)")
        for number in found.crisis_numbers:
            missing = [lang for lang in LANGUAGE_CODES if lang not in number.labels]
            if missing:
                report.problem(where, f"{number.id}: label missing in {', '.join(missing)}")
            if number.verified and (number.confidence != "high" or not number.sources):
                report.problem(where, f"{number.id}: verified numbers need confidence = high and a source")
            if not number.verified:
                report.warn(
                    where, f"{number.id} ({number.number}) not verified: hidden from victims until reviewed"
                )
            for lang, label_text in number.labels.items():
                for sentence in t.sentences(label_text):
                    if t.word_count(sentence) > t.MAX_SENTENCE_WORDS:
                        report.problem(where, f"{number.id} [{lang}]: label sentence too long")
        for centre in found.centres:
            for part in ("hours", "answers_within"):
                missing = [lang for lang in LANGUAGE_CODES if lang not in getattr(centre, part)]
                if missing:
                    report.problem(where, f"centre {centre.name}: {part} missing in {', '.join(missing)}")
            if centre.verified and centre.demo:
                report.problem(where, f"centre {centre.name}: demo data cannot be verified")
            if centre.verified and (centre.confidence != "high" or not centre.sources):
                report.problem(where, f"centre {centre.name}: verified contacts need confidence = high and a source")
            if not centre.verified and not centre.demo:
                report.warn(where, f"centre {centre.name} not verified: its contact details are hidden from victims")
        retention = found.evidence_retention
        if retention.months is not None:
            if not retention.sources:
                report.problem(where, "evidence_retention.months needs sources")
            specific = evidence and any(code in v.jurisdictions for v in evidence.variants)
            if not specific:
                report.warn(where, "retention period known but no evidence message variant states it")


def _check_labels(lib: Library, report: Report) -> None:
    for key, values in lib.labels.items():
        missing = [lang for lang in LANGUAGE_CODES if lang not in values]
        if missing:
            report.problem(f"labels.toml [{key}]", f"missing {', '.join(missing)}")


def run(lib: Library, *, today: dt.date | None = None) -> Report:
    report = Report(languages={code: LanguageStatus() for code in LANGUAGE_CODES})
    today = today or dt.date.today()
    _check_registry(lib, report)
    _check_messages(lib, report, today)
    _check_jurisdictions(lib, report)
    _check_labels(lib, report)
    return report


def render(report: Report) -> str:
    lines = [
        f"{report.message_count} key messages, {report.variant_count} variants, "
        f"{len(LANGUAGE_CODES)} languages ({' '.join(LANGUAGE_CODES)})",
        "",
        "Translation review status per language:",
        f"  {'lang':<5}{'texts':>6}{'reviewed':>10}{'draft':>7}{'needs professional review':>27}{'missing':>9}",
    ]
    for code, s in report.languages.items():
        lines.append(
            f"  {code:<5}{s.texts:>6}{s.reviewed:>10}{s.draft:>7}{s.needs_professional_review:>27}{s.missing:>9}"
        )
    grades = list(report.english_grades.values())
    if grades:
        worst = max(report.english_grades.items(), key=lambda item: item[1])
        lines += [
            "",
            f"English reading grade (Flesch-Kincaid, textstat): mean {sum(grades) / len(grades):.1f}, "
            f"max {worst[1]:.1f} ({worst[0]}), limit {t.MAX_ENGLISH_GRADE:g}, over {len(grades)} sections",
        ]
    lines += ["", f"Problems ({len(report.problems)}):"]
    lines += [f"  - {p}" for p in report.problems] or ["  none"]
    lines += ["", f"To do by a human ({len(report.warnings)}):"]
    lines += [f"  - {w}" for w in report.warnings] or ["  none"]
    lines += ["", "OK" if report.ok else "FAILED"]
    return "\n".join(lines)
