"""Schema v2's syndication fields: required in v2 records, absent from v1 lines, which stay valid."""

from __future__ import annotations

import jsonschema
import pytest
from test_schema import sample, v2_sample

from scraper.record import record_id, schema, validation_errors

OTHER = record_id("https://baohai.vn/ban-sao-3.html")


def v2(**fields) -> dict:
    rec = v2_sample() | {"copy_of": None, "cluster": sample()["id"]}
    return rec | fields


@pytest.mark.parametrize(
    ("record", "valid"),
    [
        (sample(), True),  # a v1 line, as older corpora hold them
        (v2(), True),  # the first copy of its story: a cluster of its own
        (v2(copy_of=OTHER, cluster=OTHER), True),  # a copy, in the cluster the earlier copy started
        ({k: v for k, v in v2().items() if k != "copy_of"}, False),  # a v2 record without its copy_of
        ({k: v for k, v in v2().items() if k != "cluster"}, False),
        (sample() | {"copy_of": None, "cluster": sample()["id"]}, False),  # v1 never has them
        (v2(cluster=None), False),  # every v2 record has a cluster
        (v2(copy_of="not-an-id"), False),
        (v2(schema_version=3), False),
    ],
)
def test_v1_and_v2_records(record: dict, valid: bool) -> None:
    """The compiled check (``validation_errors`` is empty iff it passes) and jsonschema agree."""
    assert (validation_errors(record) == []) is valid
    assert jsonschema.validators.validator_for(schema())(schema()).is_valid(record) is valid
