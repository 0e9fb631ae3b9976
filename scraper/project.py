"""The Scrapy settings ``vnnews`` runs with, wherever it is started from.

Scrapy finds a project's settings through ``SCRAPY_SETTINGS_MODULE`` or a ``scrapy.cfg`` (in the
current folder or above it, then ``~/.scrapy.cfg`` and ``/etc/scrapy.cfg``). Started anywhere
else (a notebook's folder, a user's home, a cron job without ``cd``) it would fall back to bare
defaults that know no ``news`` spider. ``project_settings`` keeps Scrapy's own order, so an
environment variable or a ``scrapy.cfg`` still override, and falls back to vnnews's
``scraper.settings`` instead of nothing.
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_SETTINGS_MODULE = "scraper.settings"
SPIDER = "news"


class SettingsError(RuntimeError):
    """The Scrapy settings in use cannot run vnnews (one line, names where they came from)."""


def settings_module() -> str:
    """The settings module Scrapy will load: the environment's, a scrapy.cfg's, else ours."""
    from scrapy.utils.conf import init_env

    init_env(os.environ.get("SCRAPY_PROJECT", "default"))  # sets SCRAPY_SETTINGS_MODULE from a scrapy.cfg
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
    return os.environ["SCRAPY_SETTINGS_MODULE"]


def project_settings() -> Any:
    """Scrapy ``Settings`` for a vnnews run; raises SettingsError when a scrapy.cfg or
    ``SCRAPY_SETTINGS_MODULE`` names a module that cannot be imported."""
    from scrapy.utils.project import get_project_settings

    module = settings_module()
    try:
        return get_project_settings()
    except ImportError as exc:
        raise SettingsError(f"cannot load the Scrapy settings {module!r} ({_origin()}): {exc}") from None


def add_override_arguments(parser: Any, example: str) -> None:
    """``--set NAME=VALUE`` and ``-v``, as every crawling command takes them (``apply_overrides``)."""
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help=f"override a Scrapy setting, e.g. --set {example} (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show Scrapy's logs on the screen (no live display); they always go to the log file")


def apply_overrides(settings: Any, items: list[str], verbose: bool = False) -> Any:
    """``--set NAME=VALUE`` items and ``-v`` (Scrapy's logs on the screen) on top of ``settings``;
    raises ValueError for an item without ``=``."""
    settings.set("LOG_INSTALL_ROOT_HANDLER", bool(verbose), priority="cmdline")
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE")
        settings.set(name, value, priority="cmdline")
    return settings


def _origin() -> str:
    from scrapy.utils.conf import closest_scrapy_cfg

    cfg = closest_scrapy_cfg()
    return f"named by {cfg}" if cfg else "from SCRAPY_SETTINGS_MODULE or a user-wide scrapy.cfg"


def create_crawler(process: Any, spider: str = SPIDER) -> Any:
    """``process.create_crawler(spider)``, or SettingsError when the settings in use (another
    Scrapy project's scrapy.cfg in this folder, say) do not include vnnews's spiders."""
    try:
        return process.create_crawler(spider)
    except KeyError:
        module = os.environ.get("SCRAPY_SETTINGS_MODULE", "?")
        raise SettingsError(
            f"the Scrapy settings {module!r} ({_origin()}) have no spider {spider!r}; run vnnews "
            f"from another folder or set SCRAPY_SETTINGS_MODULE={DEFAULT_SETTINGS_MODULE}"
        ) from None
