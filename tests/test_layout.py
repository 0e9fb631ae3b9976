"""The project's own packages: import direction, and no foreign package can shadow ours."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_scraper_never_imports_spiders_or_pipelines():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "scraper").rglob("*.py")
        if _imports(p) & {"spiders", "pipelines"}
    ]
    assert offenders == []


def test_extraction_and_dates_do_not_import_scrapy():
    pure = list((ROOT / "scraper" / "extract").rglob("*.py")) + list((ROOT / "scraper" / "dates").rglob("*.py"))
    assert pure, "extract/ and dates/ packages are missing"
    offenders = [str(p.relative_to(ROOT)) for p in pure if _imports(p) & {"scrapy", "twisted"}]
    assert offenders == []


def test_spiders_never_import_pipelines_and_back():
    for a, b in (("spiders", "pipelines"), ("pipelines", "spiders")):
        offenders = [str(p.relative_to(ROOT)) for p in (ROOT / a).rglob("*.py") if b in _imports(p)]
        assert offenders == [], f"{a} imports {b}"


def test_foreign_packages_named_pipelines_and_spiders_cannot_shadow_ours(tmp_path):
    """An installed package called `pipelines` (there is one on PyPI) placed first on sys.path."""
    for name in ("pipelines", "spiders"):
        pkg = tmp_path / name
        pkg.mkdir()
        (pkg / "__init__.py").write_text("FOREIGN = True\n")
        (pkg / "extract.py").write_text("raise ImportError('foreign package imported')\n")
    probe = textwrap.dedent(
        """
        import pipelines  # the foreign one wins on sys.path here...
        assert getattr(pipelines, "FOREIGN", False)
        from scrapy.utils.project import get_project_settings
        settings = get_project_settings()   # ...until Scrapy loads vnnews's settings
        from scrapy.utils.misc import load_object
        for path in settings.getdict("ITEM_PIPELINES"):
            cls = load_object(path)
            assert cls.__module__.startswith("pipelines."), cls
        import pipelines, spiders
        print(pipelines.__file__)
        print(spiders.__file__)
        """
    )
    # run from the folder holding the foreign packages: they come first on sys.path
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="scraper.settings")
    env.pop("PYTHONPATH", None)
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    files = out.stdout.split()
    assert files == [str(ROOT / "pipelines" / "__init__.py"), str(ROOT / "spiders" / "__init__.py")]
