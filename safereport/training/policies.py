"""Whether a self-check is met, and what the honest legal answer is (ADR 0035)."""

from safereport.training.models import AnswerKind

# The answers a check of each kind takes; the first meets it.
ANSWERS_BY_KIND: dict[str, tuple[str, str]] = {
    "said": (AnswerKind.YES, AnswerKind.NOT_YET),
    "understood": (AnswerKind.YES, AnswerKind.NOT_YET),
    "legal": (AnswerKind.HONEST, AnswerKind.WRONG),
}


def is_met(*, check_kind: str, answer: str) -> bool:
    met, missed = ANSWERS_BY_KIND[check_kind]
    if answer not in (met, missed):
        raise ValueError(f"{answer!r} does not answer a {check_kind} check")
    return answer == met
