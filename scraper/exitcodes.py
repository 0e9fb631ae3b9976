"""Exit codes of ``vnnews``, documented in the README; cron jobs branch on them."""

OK = 0
FAILED = 1  # a command failed outright (bad file, nothing could be done)
USAGE = 2  # argparse's own code for bad arguments
CONFIG = 3  # configuration error: unknown site, unreadable sites file, bad date
PARTIAL = 4  # the run finished but some work failed (pages dropped as errors, sites unreachable)
LOCKED = 5  # another run holds the corpus lock: nothing was done
