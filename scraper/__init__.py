"""vnnews core: registry, extraction, dates, text, store. Knows nothing of spiders/ or pipelines/."""

__version__ = "0.1.0"
