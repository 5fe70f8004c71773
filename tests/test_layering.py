"""Layers run one way: core/ is the ground floor, route modules do not import each other, and nothing in the
application imports the sample-data package."""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FEATURES = (
    "accounts",
    "apply",
    "volunteers",
    "schemes",
    "scheduling",
    "dashboard",
    "api",
    "privacy",
    "history",
    "upkeep",
)
APP_PACKAGES = ("core", *FEATURES)


def _runtime_imports(path: pathlib.Path) -> set[str]:
    """Modules a file imports when it runs (imports under ``if TYPE_CHECKING:`` are left out)."""
    tree = ast.parse(path.read_text())
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(package: str) -> list[pathlib.Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_core_imports_no_feature_package():
    """core/ (the app factory aside, which wires the features together) imports no feature package."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules("core")
        if path.name != "factory.py"
        for module in _runtime_imports(path)
        if module.split(".")[0] in FEATURES or module.split(".")[0] == "sampledata"
    ]
    assert offenders == []


def test_the_app_never_imports_sample_data():
    """The demo seed and the generator are loaded only by their commands (lazily) and by tests."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for package in APP_PACKAGES
        for path in _modules(package)
        for module in _runtime_imports(path)
        if module.split(".")[0] == "sampledata"
    ]
    assert offenders == []


def _route_modules() -> dict[str, pathlib.Path]:
    found = {}
    for package in APP_PACKAGES:
        for path in _modules(package):
            if path.stem.endswith("routes"):
                found[".".join(path.relative_to(ROOT).with_suffix("").parts)] = path
    return found


def test_route_modules_do_not_import_each_other():
    """A route module takes nothing from another route module (shared helpers live in services or a web
    module), and no two route modules import each other. A package's routes module may import its
    sub-packages' route modules whole, to register them."""
    routes = _route_modules()
    assert len(routes) > 20  # the walk found the route modules
    imports = {name: _runtime_imports(path) for name, path in routes.items()}
    names_taken = [
        f"{name} takes {module} from a route module"
        for name, found in imports.items()
        for module in found
        if module.rsplit(".", 1)[0] in routes and module not in routes and module.rsplit(".", 1)[0] != name
    ]
    mutual = [f"{a} <-> {b}" for a in routes for b in routes if a < b and b in imports[a] and a in imports[b]]
    assert names_taken == []
    assert mutual == []


@pytest.mark.parametrize("package", ["core"])
def test_the_layering_check_sees_a_violation(tmp_path, package):
    """The check itself: a module importing a feature package is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from volunteers.models import Volunteer\nif TYPE_CHECKING:\n    import schemes.models\n")
    assert _runtime_imports(bad) >= {"volunteers.models"}
    assert "schemes.models" not in _runtime_imports(bad)
