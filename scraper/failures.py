"""Why requests to a site failed for good, in words a person reads: DNS, refused, TLS, timeout.

``pipelines.runstats.DownloadErrors`` calls ``count_failure`` for every request that ended with
no response after its retries: ``vnnews/<site>/failures/<kind>`` counts them and
``vnnews/<site>/failures/<kind>/host`` keeps the host. When every request to a site failed the
same way, the end-of-run summary says so in one line instead of a count of drops::

    baoquangninh: unreachable: DNS lookup failed for baoquangninh.vn, 12 of 12 requests
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

KINDS = ("dns", "refused", "tls", "timeout", "other")
DESCRIPTIONS = {
    "dns": "DNS lookup failed for {host}",
    "refused": "connection refused by {host}",
    "tls": "TLS handshake with {host} failed",
    "timeout": "no answer from {host} in time",
    "other": "every request to {host} failed",
}


def _causes(exc: BaseException, depth: int = 0) -> Iterator[BaseException]:
    """The exception, what it wraps (Scrapy's ``DownloadFailedError`` from Twisted's
    ``ResponseNeverReceived``), and the reasons Twisted lists (a pyOpenSSL ``SSL.Error``)."""
    yield exc
    if depth > 4:
        return
    inner = [exc.__cause__] + [getattr(r, "value", None) for r in getattr(exc, "reasons", None) or ()]
    for cause in inner:
        if isinstance(cause, BaseException):
            yield from _causes(cause, depth + 1)


def failure_kind(exc: BaseException) -> str:
    """``dns``, ``refused``, ``tls``, ``timeout`` or ``other``, from the class names of the
    exception and its causes (Scrapy's ``CannotResolveHostError``, Twisted's ``DNSLookupError``,
    pyOpenSSL's ``SSL.Error``…); the first cause that names a kind wins."""
    for cause in _causes(exc):
        kind = type(cause)
        names = {c.__name__ for c in kind.__mro__}
        if names & {"DNSLookupError", "CannotResolveHostError"}:
            return "dns"
        if names & {"ConnectionRefusedError", "DownloadConnectionRefusedError"}:
            return "refused"
        if kind.__module__.startswith("OpenSSL") or any("SSL" in n or "TLS" in n for n in names):
            return "tls"
        if any("Timeout" in n or "TimedOut" in n for n in names):
            return "timeout"
    return "other"


def count_failure(stats: Any, site: str, url: str, exc: BaseException) -> str:
    """Count one request that failed for good under the site's failure kinds; returns the kind."""
    kind = failure_kind(exc)
    stats.inc_value(f"vnnews/{site}/failures/{kind}")
    stats.set_value(f"vnnews/{site}/failures/{kind}/host", urlsplit(url).netloc)
    return kind


def site_failures(stats: dict[str, Any], site: str) -> dict[str, dict[str, Any]]:
    """``{"dns": {"count": 12, "host": "baoquangninh.vn"}}`` for the manifest."""
    prefix = f"vnnews/{site}/failures/"
    out: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        count = int(stats.get(prefix + kind, 0) or 0)
        if count:
            out[kind] = {"count": count, "host": str(stats.get(f"{prefix}{kind}/host", ""))}
    return out


def unreachable(site_entry: dict[str, Any]) -> str | None:
    """``unreachable: DNS lookup failed for baoquangninh.vn, 12 of 12 requests`` when the site
    answered nothing and all its requests failed one way; None otherwise."""
    responses = sum(int(n) for n in (site_entry.get("responses") or {}).values())
    failures = (site_entry.get("health") or {}).get("failures") or {}
    if responses or len(failures) != 1:
        return None
    kind, failure = next(iter(failures.items()))
    count = int(failure.get("count", 0))
    description = describe(kind, failure.get("host") or "the site")
    return f"unreachable: {description}, {count} of {count} requests"


def describe(kind: str, host: str) -> str:
    """One failure kind in words: ``DNS lookup failed for baoquangninh.vn``."""
    return DESCRIPTIONS.get(kind, DESCRIPTIONS["other"]).format(host=host)
