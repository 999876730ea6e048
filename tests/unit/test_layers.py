"""Imports point inward: web/ and api/ are siblings that call use cases, services/ keeps its
building blocks to itself, domain/ stays plain Python. Checked on the source, the way the engine
fence is."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, as dotted names (`from app import engine` -> app.engine)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def sources(package: str, pattern: str = "*.py") -> list[Path]:
    files = sorted((APP / package).rglob(pattern))
    assert files, f"no sources under app/{package}"
    return files


def offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(APP.parent)} imports {name}"
        for path in files
        for name in sorted(imports_of(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        (
            "web",
            ("app.api", "app.engine", "app.services.internal", "sqlalchemy", "app.extensions.db"),
        ),
        ("api", ("app.web", "app.engine", "app.services.internal", "sqlalchemy")),
        ("services", ("app.web", "app.api", "flask_login", "flask_smorest", "flask_wtf")),
        (
            "domain",
            ("flask", "sqlalchemy", "SpiffWorkflow", "app.models", "app.services", "app.engine"),
        ),
        ("models", ("app.services", "app.web", "app.api", "app.engine")),
    ],
)
def test_each_layer_imports_only_what_lies_inward(package, forbidden):
    assert offenders(sources(package), forbidden) == []


def test_web_pages_run_no_queries():
    queries = [
        f"{path.relative_to(APP.parent)}:{node.lineno}"
        for path in sources("web")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute)
        and node.attr in {"session", "execute", "scalars", "scalar"}
    ]
    assert queries == []


def test_api_serializers_call_no_services():
    assert offenders(sources("api", "*schemas.py"), ("app.services",)) == []


def test_role_sets_live_in_the_domain():
    role_sets = [
        f"{path.relative_to(APP.parent)}:{node.lineno}"
        for path in APP.rglob("*.py")
        if path.parent.name != "domain"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id.endswith("ROLES") for t in node.targets)
    ]
    assert role_sets == []


def test_only_services_and_the_app_factory_use_service_building_blocks():
    outside = [
        p for p in APP.rglob("*.py") if "services" not in p.parts and p != APP / "__init__.py"
    ]
    assert offenders(outside, ("app.services.internal",)) == []
