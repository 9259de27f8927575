"""The floors of the README's "How the apps fit together", checked on every import
(an AST scan, function-local imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = {"activities", "policies", "partnerships"}
# What a domain may never use of another domain (its models it may, where it links them).
PRIVATE = {"views", "services", "forms"}
# Above the domains: nothing below may import them.
UPPER = {"reminders", "reports"}
# Below the domains: they import no domain and nothing above.
GROUND = {"core", "accounts", "municipalities"}


def _imports(app: str) -> list[tuple[str, int, str]]:
    """(file, line, imported module) for every import in ``app``'s Python files."""
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from policies import views" imports policies.views.
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            found += [(str(path.relative_to(ROOT)), node.lineno, module) for module in modules]
    return found


def _violations(app: str) -> list[str]:
    bad = []
    for path, line, module in _imports(app):
        parts = module.split(".")
        top = parts[0]
        if top == app:
            continue
        if app in DOMAINS:
            wrong = top in UPPER or (top in DOMAINS and len(parts) > 1 and parts[1] in PRIVATE)
        else:
            wrong = top in DOMAINS or top in UPPER
        if wrong:
            bad.append(f"{path}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("app", sorted(DOMAINS | GROUND))
def test_no_app_imports_across_or_above_its_floor(app):
    assert _violations(app) == []


def test_the_scan_sees_imports_inside_functions(tmp_path, monkeypatch):
    app = tmp_path / "policies"
    app.mkdir()
    (app / "sample.py").write_text(
        "def f():\n    from partnerships.services import x\n    import reports.views\n"
        "from partnerships.models import Obligation\n"
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)

    assert _violations("policies") == [
        "policies/sample.py:2 imports partnerships.services",
        "policies/sample.py:2 imports partnerships.services.x",
        "policies/sample.py:3 imports reports.views",
    ]
