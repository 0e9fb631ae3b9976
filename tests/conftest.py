"""Shared test settings: where the real saved pages live (read in place, never copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_PAGES = Path(os.environ.get("VNNEWS_REAL_PAGES", ROOT.parent / "shared" / "fixtures")).resolve()


@pytest.fixture(scope="session")
def real_pages() -> Path:
    """The folder of real pages (``../shared/fixtures`` by default, env ``VNNEWS_REAL_PAGES``).

    Missing means a broken checkout, not a reason to skip: the test fails, and `.ci/run` refuses
    to start without it.
    """
    if not (REAL_PAGES / "pages").is_dir():
        pytest.fail(f"real pages not found at {REAL_PAGES} (set VNNEWS_REAL_PAGES)")
    return REAL_PAGES
