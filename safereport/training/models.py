"""Practice on synthetic cases: who played which scenario, and what they answered (ADR 0035).

An attempt is one trainee playing one scenario on one synthetic case of their
training organisation (training/guards.py keeps that case in training). Each
answer is the trainee's self-check on one check of the scenario file, and
whether it meets the check; a trainer reads them as completion and weak points.
"""

from django.db import models
from django.db.models import Q

from safereport.accounts.models import StaffUser
from safereport.cases.models import Case
from safereport.core.models import PublicModel


class Attempt(PublicModel):
    trainee = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="training_attempts")
    # The scenario's slug in data/training/ (training.scenarios).
    scenario = models.SlugField(max_length=80)
    # The synthetic case it is played on; a guard refuses any case of a real organisation.
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="training_attempt")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["trainee", "scenario"])]

    def __str__(self) -> str:
        return f"{self.scenario} by {self.trainee_id}"


class AnswerKind(models.TextChoices):
    YES = "yes", "yes"
    NOT_YET = "not_yet", "not yet"
    HONEST = "honest", "honest"
    WRONG = "wrong", "wrong"


class Answer(PublicModel):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    step = models.CharField(max_length=80)
    check_key = models.CharField(max_length=80)
    # The key message the check is about, copied so that weak points survive a file's edit.
    key_message = models.CharField(max_length=80)
    check_kind = models.CharField(max_length=20)
    answer = models.CharField(max_length=10, choices=AnswerKind.choices)
    met = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "check_key"], name="training_one_answer_per_check"),
            models.CheckConstraint(condition=Q(answer__in=AnswerKind.values), name="training_answer_in_vocabulary"),
            # "Met" is what the answer says, never set apart from it.
            models.CheckConstraint(
                condition=Q(met=True, answer__in=["yes", "honest"]) | Q(met=False, answer__in=["not_yet", "wrong"]),
                name="training_met_follows_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.check_key}: {self.answer}"
