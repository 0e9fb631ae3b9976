"""``python -m scraper`` is the ``vnnews`` command."""

import sys

from scraper.cli import main

sys.exit(main())
