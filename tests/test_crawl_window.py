"""The final date-window filter (pipelines/window.py): published_at decides, in Vietnam time."""

from __future__ import annotations

import pytest

from pipelines.window import window_outcome
from scraper.discovery.window import DateWindow

MARCH = DateWindow.from_args("2024-03-01", "2024-03-31")


@pytest.mark.parametrize(
    ("published_at", "outcome"),
    [
        ("2024-03-01T00:00:00+07:00", None),  # first minute of since
        ("2024-03-31T23:59:59+07:00", None),  # last second of until
        ("2024-02-29T23:59:59+07:00", "outside_window"),
        ("2024-04-01T00:00:00+07:00", "outside_window"),
        ("2024-02-29T17:30:00+00:00", None),  # 00:30 on 1 March in Vietnam
        ("2024-03-31T17:30:00+00:00", "outside_window"),  # 00:30 on 1 April in Vietnam
        (None, "no_date_in_window"),  # cannot be shown to belong to the window
    ],
)
def test_window_outcome(published_at: str | None, outcome: str | None) -> None:
    assert window_outcome({"published_at": published_at}, MARCH) == outcome


def test_no_window_keeps_everything() -> None:
    assert window_outcome({"published_at": None}, DateWindow()) is None
    assert window_outcome({"published_at": "1999-01-01T00:00:00+07:00"}, DateWindow()) is None


def test_open_ended_windows() -> None:
    since_only = DateWindow.from_args("2024-03-01", None)
    assert window_outcome({"published_at": "2030-01-01T00:00:00+07:00"}, since_only) is None
    assert window_outcome({"published_at": "2024-02-01T00:00:00+07:00"}, since_only) == "outside_window"
