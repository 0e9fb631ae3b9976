"""The probe's findings: one verdict per item, the sampled articles, the entry it proposes.

Exit code: 1 when the site cannot be reached at all (no answer from robots.txt nor the home
page), 4 when something the registry says is broken (or no way in, or no article, was found), 0
when the entry works as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper import exitcodes
from scraper.probe.sample import ArticleSample, tally
from scraper.registry import Site

WORKS, BROKEN, FOUND, NOTE = "works", "BROKEN", "FOUND", "note"


@dataclass(frozen=True)
class Verdict:
    status: str  # works, BROKEN, FOUND (not in the registry, found), note
    item: str  # robots.txt, home page, domain, feed, sitemap, listing, article URLs, articles
    subject: str  # a URL, or what is judged
    detail: str

    def line(self) -> str:
        subject = f"{self.subject}  " if self.subject else ""
        return f"  {self.status:<7} {self.item:<13} {subject}{self.detail}"


@dataclass
class ProbeReport:
    target: str
    key: str
    home: str
    verdicts: list[Verdict] = field(default_factory=list)
    samples: list[ArticleSample] = field(default_factory=list)
    entry: Site | None = None
    changes: list[str] = field(default_factory=list)  # what the written entry changes, in words
    requests: int = 0
    budget: int = 0
    unreachable: str | None = None

    def add(self, status: str, item: str, subject: str, detail: str) -> None:
        self.verdicts.append(Verdict(status, item, subject, detail))

    @property
    def broken(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.status == BROKEN]

    @property
    def exit_code(self) -> int:
        if self.unreachable:
            return exitcodes.FAILED
        return exitcodes.PARTIAL if self.broken else exitcodes.OK

    def text(self) -> str:
        given = f" ({self.target})" if self.target != self.key else ""
        lines = [f"probe {self.key}{given}: {self.home}"]
        if self.unreachable:
            lines.append(f"  UNREACHABLE  {self.unreachable}")
        lines += [v.line() for v in self.verdicts]
        if self.samples:
            lines.append(f"  articles fetched and extracted ({len(self.samples)}):")
            lines += [f"    {s.line()}" for s in self.samples]
            lines.append(f"    fields: {tally([s for s in self.samples if s.ok]).line()}")
        if self.changes:
            lines.append("  the entry it proposes (--write): " + "; ".join(self.changes))
        verdict = ("unreachable" if self.unreachable else
                   f"{len(self.broken)} broken" if self.broken else "nothing broken")
        found = sum(v.status == FOUND for v in self.verdicts)
        lines.append(f"  verdict: {verdict}, {found} found; {self.requests} of at most {self.budget} requests; "
                     f"exit {self.exit_code}")
        return "\n".join(lines) + "\n"
