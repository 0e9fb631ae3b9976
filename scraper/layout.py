"""Keep ``spiders`` and ``pipelines`` bound to this project's folders, whatever else is installed.

Scrapy imports both by name (``SPIDER_MODULES``, ``ITEM_PIPELINES``). ``pipelines`` and
``spiders`` are common names on PyPI; if another installed package of that name came first on
``sys.path`` it would be imported instead. Binding the names here, from exact file locations,
makes every later ``import pipelines.x`` resolve inside this project.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OWN_PACKAGES = ("spiders", "pipelines")


def _is_ours(name: str) -> bool:
    module = sys.modules.get(name)
    origin = getattr(module, "__file__", None)
    return origin is not None and Path(origin).resolve().parent == PROJECT_ROOT / name


def bind_project_packages() -> None:
    """Load ``spiders``/``pipelines`` from the folders beside ``scraper/`` under their own names."""
    for name in OWN_PACKAGES:
        if _is_ours(name):
            continue
        init = PROJECT_ROOT / name / "__init__.py"
        if not init.is_file():
            raise ImportError(f"vnnews: {init} is missing; the project folder is incomplete")
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]  # a foreign package of the same name imported earlier
        spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
