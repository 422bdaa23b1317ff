"""The layering rule of README's "Layout": the project's apps are ordered as INSTALLED_APPS lists them, lowest
first, and each app's code imports only its own app and those listed before it. No app reads another app's models
through the app registry (`apps.get_model("other_app", ...)`): that is an upward import the import check cannot see.

Every .py of every project app is read with ast, outside its migrations (which take their historical models from
the registry by design): imports at module level and inside functions, `importlib.import_module("...")` with a
literal name, and `get_model` calls with a literal app label.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def project_apps() -> list[str]:
    """The project's own apps, in INSTALLED_APPS order (lowest first): those that are packages of this repository."""
    return [name for name in settings.INSTALLED_APPS if "." not in name and (BASE_DIR / name / "__init__.py").is_file()]


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    if (
        isinstance(node, ast.Call)
        and _called_name(node) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return [node.args[0].value]
    return []


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _model_label(node: ast.AST) -> str | None:
    """The app label of `get_model("label", "Model")` or `get_model("label.Model")`, when it is a literal."""
    if not (isinstance(node, ast.Call) and _called_name(node) == "get_model" and node.args):
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value.split(".")[0]
    return None


def check_source(source: str, *, app: str, path: str, order: list[str], labels: dict[str, str]) -> list[Violation]:
    """What in one module of `app` breaks the rule; `labels` maps each project app's label to its name."""
    rank = {name: n for n, name in enumerate(order)}
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        for module in _imported_modules(node):
            target = module.split(".")[0]
            if target in rank and rank[target] > rank[app]:
                found.append(Violation(path, node.lineno, f"{app} imports {module}: {target} is above {app}"))
        label = _model_label(node)
        if label is not None and label in labels and labels[label] != app:
            found.append(
                Violation(path, node.lineno, f"{app} reads a model of {labels[label]} through get_model({label!r})")
            )
    return found


def _app_modules(app: str):
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        parts = path.relative_to(BASE_DIR).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def project_violations() -> tuple[list[Violation], int]:
    order = project_apps()
    labels = {apps.get_app_config(name.split(".")[-1]).label: name for name in order}
    violations, modules = [], 0
    for app in order:
        for path in _app_modules(app):
            modules += 1
            relative = str(path.relative_to(BASE_DIR))
            violations += check_source(path.read_text(), app=app, path=relative, order=order, labels=labels)
    return violations, modules


def test_the_checker_sees_upward_imports_and_registry_reads():
    order = ["core", "programs", "products", "portal"]
    labels = {name: name for name in order}
    source = "\n".join(
        [
            "from core.text import fold",  # down: allowed
            "import programs.models",  # own app
            "from products.models import Product",  # up
            "import portal.roles as roles",  # up
            "def later():",
            "    from products import services",  # up, inside a function
            "    importlib.import_module('portal.cache')",  # up, by name
            "    apps.get_model('products', 'Product')",  # another app's model through the registry
            "    apps.get_model('programs.Task')",  # own app: allowed
            "    get_model('core.Thing')",  # down, but still across apps
        ]
    )
    found = check_source(source, app="programs", path="programs/x.py", order=order, labels=labels)
    assert [v.line for v in found] == [3, 4, 6, 7, 8, 10], [str(v) for v in found]
    assert str(found[0]) == "programs/x.py:3: programs imports products.models: products is above programs"


def test_the_readme_layout_table_lists_the_apps_in_their_order():
    """README's table names every project app, in INSTALLED_APPS order (beside folders that are not apps)."""
    readme = (BASE_DIR / "README.md").read_text()
    layout = readme[readme.index("## Layout") :]
    rows = [line.split("|")[1].strip() for line in layout.splitlines() if line.startswith("| `")]
    packages = [row.strip("`/") for row in rows if row.count("`") == 2 and row.endswith("/`")]
    assert [name for name in packages if name in settings.INSTALLED_APPS] == project_apps()


def test_no_app_imports_upward_or_reads_another_apps_models_through_the_registry():
    violations, modules = project_violations()
    assert modules > 100, "the check read too few modules to mean anything"
    assert not violations, "Imports against the layering (README, Layout):\n" + "\n".join(map(str, violations))
