"""Syndicated stories: the same story carried by several outlets, found and linked, never dropped.

    text       what is compared: a record's body as words, normalised for comparison only
    signature  MinHash over word shingles (datasketch) and the LSH band keys kept on disk
    order      which copy of a story comes first (earliest published)
    tally      clusters counted from the corpus files (stats, report), on disk: flat memory

The clustering state itself (which record is in which cluster) is store state, committed with
the corpus batch: ``scraper.store.clusters``.
"""
