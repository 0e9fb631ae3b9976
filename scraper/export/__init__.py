"""Analysts' exports: filters over the stored corpus, written as JSONL, CSV or Parquet."""
