"""Every audit action the code can write is declared, and each one the person can see has a sentence.

The person's access history shows every staff event about their case. An
action without its own sentence used to read "made a change" (a refused police
attempt, a safeguarding override) or "shared information" (a staff reply).
Now each action is declared in `<app>/audit_actions.py` with what the person
reads (safereport.audit.actions). This test reads the source: every call that
writes an audit event (`record(…)`, or `action=` passed to the vault's audited
reads) names an action that is declared, and one written about a case by
someone who may be staff has a sentence, translated into every language.
`audit.services.record` refuses the same at run time.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation

from config import locales
from safereport.audit import actions
from safereport.audit.actions import Access, AuditAction, UndeclaredAuditAction

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "safereport"
# Functions that write the audit event for the action they are given.
WRITERS = {"record", "unseal_audited", "open_for_staff"}
ACTION_SHAPE = re.compile(r"[a-z_]+:[a-z_]+:[a-z_]+")


@dataclass(frozen=True)
class Written:
    where: str
    pattern: re.Pattern[str]  # the action, or the shape of an f-string action
    literal: bool
    about_a_case: bool  # passes a case reference
    maybe_staff: bool  # the actor is not plainly the person or the system


def _function_parameters(tree: ast.AST) -> dict[ast.AST, set[str]]:
    """For every node, the parameters of the function it is in (to recognise a pass-through `action`)."""
    inside: dict[ast.AST, set[str]] = {}

    def visit(node: ast.AST, parameters: set[str]) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            parameters = {a.arg for a in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs)}
        inside[node] = parameters
        for child in ast.iter_child_nodes(node):
            visit(child, parameters)

    visit(tree, set())
    return inside


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"`: an action may be named once and used twice."""
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _patterns(
    node: ast.expr, parameters: set[str], constants: dict[str, str], where: str
) -> list[tuple[re.Pattern[str], bool]]:
    if isinstance(node, ast.Name) and node.id in constants and node.id not in parameters:
        node = ast.Constant(constants[node.id])
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(re.compile(re.escape(node.value)), True)]
    if isinstance(node, ast.JoinedStr):
        parts = [
            re.escape(part.value) if isinstance(part, ast.Constant) else r"[a-z_:]+" for part in node.values
        ]
        return [(re.compile("".join(parts)), False)]
    if isinstance(node, ast.IfExp):
        return _patterns(node.body, parameters, constants, where) + _patterns(node.orelse, parameters, constants, where)
    if isinstance(node, ast.Name) and node.id == "action" and "action" in parameters:
        return []  # a function that passes its caller's action on; the caller is checked
    raise AssertionError(f"{where}: cannot tell which audit action this writes; name it, or pass it through as `action`")


def _actor_may_be_staff(call: ast.Call) -> bool:
    actor = next((k.value for k in call.keywords if k.arg == "actor"), None)
    plainly_not_staff = (
        isinstance(actor, ast.Call) and isinstance(actor.func, ast.Attribute) and actor.func.attr in {"victim", "system"}
    )
    return not plainly_not_staff


def _about_a_case(call: ast.Call, name: str) -> bool:
    if name == "open_for_staff":  # cases.sealing: always about the case it opens
        return True
    reference = next((k.value for k in call.keywords if k.arg == "case_ref"), None)
    return reference is not None and not (isinstance(reference, ast.Constant) and reference.value == "")


def written_actions() -> list[Written]:
    found = []
    for path in sorted(CODE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parameters = _function_parameters(tree)
        constants = _constants(tree)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
            action = next((k.value for k in call.keywords if k.arg == "action"), None)
            if name == "record" and call.args:
                action = call.args[0]
            elif name not in WRITERS and not (isinstance(action, ast.Constant) and ACTION_SHAPE.fullmatch(str(action.value))):
                # `action=` of something else (a dataclass field, argparse); a literal
                # shaped like an action still counts, so a new wrapper is not missed.
                continue
            if action is None:
                continue
            where = f"{relative}:{call.lineno}"
            for pattern, literal in _patterns(action, parameters[call], constants, where):
                found.append(Written(where, pattern, literal, _about_a_case(call, name), _actor_may_be_staff(call)))
    return found


def test_the_source_reader_finds_the_writers_it_must():
    found = {w.pattern.pattern for w in written_actions()}
    # One of each shape: a literal, an f-string, both sides of a conditional, the vault's audited read.
    assert re.escape("cases:case:opened") in found
    assert "consent:override:[a-z_:]+" in found
    assert re.escape("consent:own_data:downloaded") in found and re.escape("consent:own_data:viewed") in found
    assert re.escape("cases:encounter:read") in found
    assert re.escape("cases:case:access_refused") in found  # written by the accounts middleware


def test_every_action_the_code_writes_is_declared():
    declared = {a.name for a in actions.declared()}
    undeclared = [
        f"{w.where}: {w.pattern.pattern}"
        for w in written_actions()
        if not any(w.pattern.fullmatch(name) for name in declared)
    ]
    assert not undeclared, f"declare these in <app>/audit_actions.py: {undeclared}"


def test_every_action_staff_write_about_a_case_has_a_sentence_for_the_person():
    by_name = {a.name: a for a in actions.declared()}
    silent = sorted(
        {
            f"{w.where}: {name}"
            for w in written_actions()
            if w.about_a_case and w.maybe_staff
            for name in by_name
            if w.pattern.fullmatch(name) and by_name[name].told is None
        }
    )
    assert not silent, f"the person would see these without a sentence: {silent}"


def test_no_declaration_is_left_over():
    written = written_actions()
    stale = [a.name for a in actions.declared() if not any(w.pattern.fullmatch(a.name) for w in written)]
    assert not stale, f"declared but never written: {stale}"


@pytest.mark.parametrize("language", [code for code in locales.LANGUAGE_CODES if code != locales.DEFAULT_LOCALE])
def test_every_sentence_is_translated_and_keeps_who(language):
    untranslated = []
    for action in actions.declared():
        if action.told is None:
            continue
        with translation.override(locales.DEFAULT_LOCALE):
            english = str(action.told)
        with translation.override(language):
            translated = str(action.told)
        if translated == english or "%(who)s" not in translated:
            untranslated.append(action.name)
    assert not untranslated, f"{language}: {untranslated}"


def test_refusals_read_as_refused():
    assert actions.get("cases:case:access_refused").access is Access.REFUSED
    assert actions.get("consent:disclosure:refused").access is Access.REFUSED
    assert actions.get("consent:package:refused").access is Access.REFUSED
    # Turning down an override request is a decision, not a refused attempt.
    assert actions.get("consent:override:refused").access is Access.CHANGED


def test_a_sentence_must_name_who():
    with pytest.raises(ValueError, match="must name"):
        actions.register(AuditAction("test:sentence:nameless", Access.CHANGED, told="something happened"))


@pytest.mark.django_db
def test_record_refuses_a_staff_event_about_a_case_without_a_sentence(world):
    from safereport.audit.actors import Actor
    from safereport.audit.models import AuditEvent
    from safereport.audit.services import record

    staff = Actor.staff(world.staff["crisis_worker"])
    with pytest.raises(UndeclaredAuditAction):
        record("cases:case:peeked", actor=staff, subject="case:x", case_ref="x")
    with pytest.raises(UndeclaredAuditAction):
        record("accounts:staff:created", actor=staff, subject="case:x", case_ref="x")  # declared, but says nothing
    assert not AuditEvent.objects.filter(case_ref="x").exists()
    # The same action about no case, or by the system, is only a log line nobody's history shows.
    record("cases:case:peeked", actor=staff, subject="staff:x")
    record("cases:case:peeked", actor=Actor.system("test"), subject="case:x", case_ref="x")
