"""Item pipelines, one short module per step: extract → normalise → validate → dedupe → store."""
