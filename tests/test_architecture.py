"""The house keeps its shape: the rules import-linter cannot state on its own."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "safereport"


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def _apps() -> set[str]:
    return {p.name for p in APPS.iterdir() if (p / "apps.py").exists()}


def test_every_app_has_the_same_rooms():
    # Views, services and selectors each in one module or one package; no
    # second services or selectors module beside the first (issue 10).
    for app in sorted(_apps()):
        folder = APPS / app
        for kind in ("services", "selectors", "views"):
            stray = sorted(p.name for p in folder.glob(f"{kind}_*.py")) + sorted(
                p.name for p in folder.glob(f"*_{kind}.py")
            )
            assert not stray, f"{app}: {stray} should live in {kind}.py or a {kind}/ package"
        if (folder / "templates").exists():
            assert {p.name for p in (folder / "templates").iterdir()} <= {app}, (
                f"{app}: templates belong in templates/{app}/"
            )


def test_only_the_vault_may_touch_cryptography_and_argon2():
    contract = next(c for c in _contracts() if c["name"].startswith("Only the vault"))
    others = {f"safereport.{app}" for app in _apps()} - {"safereport.vault"}
    assert others <= set(contract["source_modules"]), "a new app must join the cryptography contract"
    assert set(contract["forbidden_modules"]) == {"cryptography", "argon2"}


def _view_modules() -> list[Path]:
    found = []
    for app in _apps():
        folder = APPS / app
        found += [folder / "views.py"] if (folder / "views.py").exists() else []
        found += sorted((folder / "views").glob("*.py")) if (folder / "views").is_dir() else []
    return found


def test_views_neither_touch_models_nor_write_audit_events():
    # A view parses a form, calls one service or selector, renders or
    # redirects. Writes and their audit events happen together in a service.
    import ast

    offences = []
    for path in _view_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"objects", "_base_manager", "save", "delete"}:
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module in {"safereport.audit.services", "django.db"}:
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}")
    assert offences == []


def test_each_app_declares_its_routes_in_one_urls_module():
    for app in sorted(_apps()):
        stray = sorted(p.name for p in (APPS / app).glob("urls_*.py"))
        assert not stray, f"{app}: {stray} — declare every route list in {app}/urls.py"
