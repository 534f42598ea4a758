"""One state-machine mechanism for every workflow, on django-fsm-2 (ADR 0013).

Case status uses it now; evidence kits, police consultations, reports,
certification requests and relief procedures declare theirs the same way:

    # evidence/models.py
    from safereport.accounts.permissions import Permission as P
    from safereport.core.workflow import StateField, StateMachineModel, StateMachineQuerySet, transition

    class KitStatus(models.TextChoices):
        COLLECTED = "collected", _("Collected")
        STORED = "stored", _("In storage")
        DESTROYED = "destroyed", _("Destroyed")

    class EvidenceKit(StateMachineModel, PublicModel):
        status = StateField(max_length=20, choices=KitStatus.choices, default=KitStatus.COLLECTED)
        status_changed_at = models.DateTimeField(null=True, blank=True)
        objects = StateMachineQuerySet.as_manager()

        @transition(status, source=KitStatus.COLLECTED, target=KitStatus.STORED,
                    label=_("Put in storage"), permission=P.EVIDENCE_KIT_STORE)
        def store(self) -> None:
            "Sealed and in the locked store; the custody log says who has the key."

    # evidence/services.py
    KIT = Workflow(EvidenceKit, entity="evidence:kit", record=record, changed_at="status_changed_at",
                   subject=lambda kit: f"kit:{kit.public_id}", case_ref=lambda kit: str(kit.case.public_id))

    def kit_transition(*, kit: EvidenceKit, name: str, actor: StaffUser) -> EvidenceKit:
        return KIT.apply(kit, name, user=actor, actor=Actor.staff(actor))

What each part guarantees:

- `StateField` is django-fsm-2's protected `FSMField`: `obj.status = x`
  raises `ProtectedStateError`. `StateMachineModel` lets Django itself load
  and refresh the field (construction, `refresh_from_db`, deferred loading),
  and makes a plain `save()` of an existing row leave the state column alone,
  so a stale copy saved later cannot undo a transition.
  `StateMachineQuerySet.update(status=…)` raises too.
- `@transition` is django-fsm-2's decorator with two things added: a label
  for the page (translatable) and a `Permission` value, which the library
  checks with `user.has_perm()` (answered from the role map by
  `accounts.models.StaffUser.has_perm`). A transition method called
  directly, outside `Workflow.apply`, raises: its only way in is the one
  that locks, checks and audits.
- `Workflow.apply` checks the permission (a refusal is audited as
  `<entity>_transition:refused`), locks the row (SELECT … FOR UPDATE; on
  SQLite the IMMEDIATE transaction does it), re-reads the state, runs the
  library's transition, saves and writes `<entity>:transition` with
  transition/from/to in the same transaction. Two people pressing buttons at
  once: one wins, the other gets `TransitionNotAllowed`.

Layering: core imports no app. The audit writer (`audit.services.record`)
and the audit actor are handed in by the domain service that declares the
workflow, so this module stays below audit and every domain app.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import django_fsm
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise, cached_property

# Set in an instance's __dict__ while Django or Workflow.apply may write its
# state: per instance, so no other object (or thread) is ever unlocked by it.
_UNLOCKED = "_workflow_state_unlocked"

# Declaration order, so pages list transitions as the model declares them.
_declared = itertools.count()


class ProtectedStateError(AttributeError):
    """A state field was assigned, saved or bulk-updated outside a declared transition."""


class TransitionNotAllowed(django_fsm.TransitionNotAllowed, ValueError):
    """No transition of that name, or not from the state the row is in now."""


class TransitionNotPermitted(TransitionNotAllowed):
    """The person's roles do not grant the transition's permission (the refusal is audited)."""


@contextmanager
def _unlocked(instance: models.Model) -> Iterator[None]:
    if _is_unlocked(instance):
        yield
        return
    instance.__dict__[_UNLOCKED] = True
    try:
        yield
    finally:
        del instance.__dict__[_UNLOCKED]


def _is_unlocked(instance: models.Model) -> bool:
    return bool(instance.__dict__.get(_UNLOCKED, False))


class _StateDescriptor(django_fsm.FSMFieldDescriptor):
    # The library's own guard raises a bare AttributeError and is lifted for
    # refresh_from_db by switching `field.protected` off for the whole process
    # (FSMModelMixin); ours is lifted per instance only.
    def __set__(self, instance: Any, value: Any) -> None:
        if self.field.name in instance.__dict__ and not _is_unlocked(instance):
            raise ProtectedStateError(
                f"{type(instance).__name__}.{self.field.name} changes only through a declared transition."
            )
        self.field.set_proxy(instance, value)
        self.field.set_state(instance, value)


class StateField(django_fsm.FSMField):
    """A protected django-fsm-2 field. Always protected, so the option is not offered."""

    descriptor_class = _StateDescriptor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("protected", None)
        super().__init__(*args, protected=True, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("protected", None)
        return name, path, args, kwargs


def _state_fields(model: type[models.Model]) -> list[StateField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, StateField)]


class StateMachineModel(models.Model):
    """Base for models with a StateField: Django may load it; only transitions change it."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding and not _is_unlocked(self):
            kwargs["update_fields"] = self._update_fields_without_state(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        with _unlocked(self):
            super().refresh_from_db(*args, **kwargs)

    def _update_fields_without_state(self, update_fields: Iterable[str] | None) -> list[str]:
        state = {name for f in _state_fields(type(self)) for name in (f.name, f.attname)}
        if update_fields is not None:
            named = set(update_fields)
            if named & state:
                raise ProtectedStateError(
                    f"{sorted(named & state)} change only through a declared transition."
                )
            return list(named)
        # What Django's own save() would write (every loaded field), less the state.
        deferred = self.get_deferred_fields()
        return [
            f.attname
            for f in self._meta.concrete_fields
            if not f.primary_key and f.attname not in deferred and f.attname not in state
        ]


_Row = TypeVar("_Row", bound=models.Model)


class StateMachineQuerySet(models.QuerySet[_Row]):
    """`.update(status=…)` and `.bulk_update(…, ["status"])` raise: no transition, no change."""

    def update(self, **kwargs: Any) -> int:
        self._refuse_state(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None) -> int:
        # Checked before bulk_update opens its transaction, which a refusal
        # inside would leave unusable for the caller.
        fields = list(fields)
        self._refuse_state(fields)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def _refuse_state(self, names: Iterable[str]) -> None:
        state = {name for f in _state_fields(self.model) for name in (f.name, f.attname)}
        if state & set(names):
            raise ProtectedStateError(
                f"{self.model.__name__}.{sorted(state & set(names))} change only through a declared transition."
            )


class _RequiresPermission:
    """django-fsm-2's permission hook, answered by the user model's has_perm (the role map)."""

    def __init__(self, permission: str) -> None:
        self.permission = str(permission)

    def __call__(self, instance: models.Model, user: Any) -> bool:
        return user is not None and bool(user.has_perm(self.permission))

    def __repr__(self) -> str:
        return f"requires {self.permission}"


def transition(
    field: StateField | str,
    *,
    source: str | Sequence[str],
    target: str,
    label: str | Promise,
    permission: str,
    saves: Sequence[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare one named transition: a method of a StateMachineModel.

    `source` is one state or several; `label` is what the button says
    (gettext_lazy); `permission` a Permission value; `saves` names other
    fields the method body changes, so that Workflow.apply saves them too.
    """
    sources = [source] if isinstance(source, str) else list(source)
    custom = {"label": label, "permission": str(permission), "saves": tuple(saves), "order": next(_declared)}

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        changes_state = django_fsm.transition(
            field=field,
            source=sources,
            target=target,
            permission=_RequiresPermission(permission),
            custom=custom,
        )(func)

        # wraps() copies the library's _django_fsm metadata, so can_proceed,
        # has_transition_perm and get_available_*_transitions keep working.
        @functools.wraps(changes_state)
        def only_through_workflow(self: models.Model, *args: Any, **kwargs: Any) -> Any:
            if not _is_unlocked(self):
                raise ProtectedStateError(
                    f"{type(self).__name__}.{func.__name__}() runs only through Workflow.apply "
                    "(locked, permitted, audited)."
                )
            return changes_state(self, *args, **kwargs)

        return only_through_workflow

    return decorate


@dataclass(frozen=True)
class Transition:
    """One declared transition, as pages and tests read it."""

    name: str
    sources: frozenset[str]
    target: str
    label: str | Promise
    permission: str
    saves: tuple[str, ...] = ()


M = TypeVar("M", bound=StateMachineModel)


class Workflow(Generic[M]):
    """Applies the transitions declared on `model`'s `field`: permitted, locked, audited.

    `entity` names the audit events ("cases:case" → "cases:case:transition",
    "cases:case_transition:refused"); `record` is `audit.services.record`;
    `subject` and `case_ref` say what the events are about; `changed_at`,
    if given, is a DateTimeField stamped on every transition.
    """

    def __init__(
        self,
        model: type[M],
        *,
        entity: str,
        record: Callable[..., Any],
        subject: Callable[[M], str],
        case_ref: Callable[[M], str] = lambda instance: "",
        field: str = "status",
        changed_at: str | None = None,
    ) -> None:
        self.model = model
        self.entity = entity
        self.record = record
        self.subject = subject
        self.case_ref = case_ref
        state_field = model._meta.get_field(field)
        if not isinstance(state_field, StateField):
            raise TypeError(f"{model.__name__}.{field} is not a StateField")
        self.field: StateField = state_field
        self.changed_at = changed_at

    @cached_property
    def transitions(self) -> Mapping[str, Transition]:
        """Every declared transition by name, in declaration order."""
        by_name: dict[str, list[django_fsm.Transition]] = {}
        for declared in self.field.get_all_transitions(self.model):
            by_name.setdefault(declared.name, []).append(declared)
        ordered = sorted(by_name.items(), key=lambda item: item[1][0].custom["order"])
        return {
            name: Transition(
                name=name,
                sources=frozenset(str(d.source) for d in declared),
                target=str(declared[0].target),
                label=declared[0].custom["label"],
                permission=declared[0].custom["permission"],
                saves=declared[0].custom["saves"],
            )
            for name, declared in ordered
        }

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]

    def apply(self, instance: M, name: str, *, user: Any, actor: Any, details: dict[str, Any] | None = None) -> M:
        """Run transition `name` on the row of `instance`, as `user`, recorded as `actor`.

        `details` join the transition's audit event (a reason chosen from a list,
        never free text).

        Call it outside your own transaction, or catch TransitionNotPermitted
        inside it: the refusal's audit event is written on its own, and an
        outer rollback would drop it.
        """
        declared = self.transitions.get(name)
        if declared is None:
            raise TransitionNotAllowed(f"no transition named {name[:40]!r}")
        if not _RequiresPermission(declared.permission)(instance, user):
            self.record(
                f"{self.entity}_transition:refused",
                actor=actor,
                subject=self.subject(instance),
                case_ref=self.case_ref(instance),
                details={"transition": name, "reason": "not_permitted", "permission": declared.permission},
            )
            raise TransitionNotPermitted(f"{name!r} needs {declared.permission}")
        written = [self.field.attname, *declared.saves, *([self.changed_at] if self.changed_at else [])]
        with transaction.atomic():
            # Decide on the row as it is now, not on the caller's copy.
            locked = self.model._base_manager.select_for_update().get(pk=instance.pk)
            source = str(self.field.get_state(locked))
            if not django_fsm.can_proceed(getattr(locked, name)):
                raise TransitionNotAllowed(f"{name!r} is not possible from {source!r}")
            with _unlocked(locked):
                getattr(locked, name)()
                if self.changed_at:
                    setattr(locked, self.changed_at, timezone.now())
                locked.save(update_fields=written)
            target = str(self.field.get_state(locked))
            self.record(
                f"{self.entity}:transition",
                actor=actor,
                subject=self.subject(locked),
                case_ref=self.case_ref(locked),
                details={**(details or {}), "transition": name, "from": source, "to": target},
            )
        with _unlocked(instance):
            for attname in written:
                setattr(instance, attname, getattr(locked, attname))
        return instance

    def apply_many(
        self,
        pks: Sequence[Any],
        name: str,
        *,
        user: Any,
        actor: Any,
        record_many: Callable[[list[tuple[str, Any, str, str, dict[str, Any]]]], Any],
        case_refs: Callable[[list[M]], Mapping[Any, str]] | None = None,
    ) -> list[M]:
        """Run transition `name` on every row of `pks` that can take it, all in one transaction.

        For a batch job (a clock): one permission check, one locking read of
        all the rows, one UPDATE for the state (and the fields the transition
        saves), and their audit events handed to `record_many` as
        (action, actor, subject, case_ref, details) tuples to append in one
        go. A row whose state no longer allows the transition is left as it
        is (someone changed it meanwhile). Returns the rows changed.
        `case_refs`, if given, answers the case reference of many rows at
        once (else `case_ref` is asked per row).
        """
        declared = self.transitions.get(name)
        if declared is None:
            raise TransitionNotAllowed(f"no transition named {name[:40]!r}")
        if not pks:
            return []
        if not _RequiresPermission(declared.permission)(self.model(), user):
            self.record(
                f"{self.entity}_transition:refused",
                actor=actor,
                subject=f"{self.entity}:batch",
                details={"transition": name, "reason": "not_permitted", "permission": declared.permission, "rows": len(pks)},
            )
            raise TransitionNotPermitted(f"{name!r} needs {declared.permission}")
        written = [self.field.attname, *declared.saves, *([self.changed_at] if self.changed_at else [])]
        changed: list[tuple[M, str]] = []
        with transaction.atomic():
            rows = list(
                self.model._base_manager.select_for_update()
                .filter(pk__in=list(pks), **{f"{self.field.attname}__in": sorted(declared.sources)})
                .order_by("pk")
            )
            now = timezone.now()
            for locked in rows:
                source = str(self.field.get_state(locked))
                if not django_fsm.can_proceed(getattr(locked, name)):
                    continue
                with _unlocked(locked):
                    getattr(locked, name)()
                    if self.changed_at:
                        setattr(locked, self.changed_at, now)
                changed.append((locked, source))
            if not changed:
                return []
            objs = [locked for locked, _source in changed]
            # The plain base manager: the state may be written here, after the checks above.
            if declared.saves:
                self.model._base_manager.bulk_update(objs, written)
            else:
                self.model._base_manager.filter(pk__in=[o.pk for o in objs]).update(
                    **{attname: getattr(objs[0], attname) for attname in written}
                )
            refs = case_refs(objs) if case_refs is not None else {o.pk: self.case_ref(o) for o in objs}
            record_many(
                [
                    (
                        f"{self.entity}:transition",
                        actor,
                        self.subject(locked),
                        refs.get(locked.pk, ""),
                        {"transition": name, "from": source, "to": str(self.field.get_state(locked))},
                    )
                    for locked, source in changed
                ]
            )
        return objs
