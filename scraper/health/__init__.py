"""Cron health: per-site figures of each run, compared with the site's own recent runs.

A site changes its template and the crawl goes on "successfully" while records lose their
authors or fill with menus. Each run's manifest keeps, per site, the figures that show it
(``figures``); at the end of a run they are compared with the same site's last runs
(``drift``, ``history``) and every sharp fall raises an alarm: in the summary, the log, the
manifest, ``vnnews stats --health``, the report's "Site health" section, and exit code 4.
"""

from scraper.health.drift import Alarm, Thresholds, compare
from scraper.health.figures import LengthHistogram, site_figures
from scraper.health.history import assess, site_history

__all__ = ["Alarm", "LengthHistogram", "Thresholds", "assess", "compare", "site_figures", "site_history"]
