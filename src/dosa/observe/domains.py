# SPDX-License-Identifier: EUPL-1.2
"""The list of domains to observe: a text file (one domain a line) or a CSV with a ``domain`` column and,
optionally, ``organisation`` and ``project`` columns.

The file is someone else's export and may be anything: its size and number of domains are bounded,
every invalid name is reported with its line, and internationalised names (``cultuurhuis-één.nl``) are
converted to their ASCII form (IDNA 2008 with UTS #46 mapping) before any query is made.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import idna

from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError, RecordsError
from dosa.textfiles import decode_text, sniff_delimiter

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_DOMAINS = 50_000
DOMAIN_COLUMNS = ("domain", "domein", "domeinnaam", "domain_name", "website", "url")
ORGANISATION_COLUMNS = ("organisation", "organization", "organisatie", "org", "name", "naam")
PROJECT_COLUMNS = ("project",)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class DomainEntry:
    """One domain to observe, as the list gives it (``given``) and in ASCII (``domain``)."""

    domain: str
    given: str
    line: int
    organisation: str = ""
    project: str = ""


def normalise_domain(value: str) -> str:
    """The ASCII (A-label) form of a domain name, lower case, without a final dot; a URL gives its host
    without a leading ``www.``, an e-mail address its domain. Raises ``ValueError`` saying what is wrong."""
    text = value.strip()
    if "://" in text:
        host = urlsplit(text).hostname or ""
        text = host[4:] if host.startswith("www.") else host
    elif "@" in text:  # an e-mail address gives its domain
        text = text.rsplit("@", 1)[1]
    text = text.rstrip(".")
    if not text:
        raise ValueError("empty domain name")
    if any(ch.isspace() for ch in text):
        raise ValueError("a domain name has no spaces")
    if len(text) > 1024:
        raise ValueError("longer than any domain name can be (253 characters)")
    try:
        ascii_name = text.lower() if text.isascii() else idna.encode(text, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(f"not a valid internationalised domain name ({exc})") from None
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise ValueError("a domain name has at least two labels, e.g. example.nl")
    if len(ascii_name) > 253:
        raise ValueError("longer than 253 characters")
    for label in labels:
        if not _LABEL.match(label):
            raise ValueError(
                f"label '{label}' is not a host name label (letters, digits and hyphens, 1 to 63, "
                "not starting or ending with a hyphen)"
            )
    if labels[-1].isdigit():
        raise ValueError("an IP address is not a domain name")
    return ascii_name


def _pick(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def read_domain_list(data: bytes, label: str, *, max_domains: int = DEFAULT_MAX_DOMAINS) -> list[DomainEntry]:
    """The domains of a list's bytes, each once (per organisation), in file order.

    Raises :class:`RecordsError` with every invalid line, or :class:`InputError` for a file that is not text.
    """
    decoded = decode_text(data)
    if decoded is None:
        raise InputError(f"{label}: not a text file", hint="give a text or CSV file with one domain a line")
    lines = decoded[0].splitlines()
    first = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    delimiter = sniff_delimiter(first)
    header = [cell.strip().lower().replace(" ", "_") for cell in next(csv.reader([first], delimiter=delimiter), [])]
    domain_at = _pick(header, DOMAIN_COLUMNS)
    has_header = domain_at is not None
    organisation_at = _pick(header, ORGANISATION_COLUMNS) if has_header else None
    project_at = _pick(header, PROJECT_COLUMNS) if has_header else None
    report = ValidationReport()
    entries: list[DomainEntry] = []
    seen: set[tuple[str, str]] = set()
    header_done = not has_header
    reader = csv.reader(io.StringIO(decoded[0]), delimiter=delimiter, strict=True)
    try:
        for cells in reader:
            number = reader.line_num
            if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
                continue
            if not header_done:
                header_done = True
                continue
            cell = cells[domain_at or 0] if len(cells) > (domain_at or 0) else ""
            try:
                domain = normalise_domain(cell)
            except ValueError as exc:
                report.add(
                    label,
                    number,
                    "domain",
                    f"'{cell.strip()[:80]}' is not a valid domain name: {exc}",
                    "write a domain such as gemeente.nl; a CSV names its column domain (or domein, website)",
                )
                continue
            organisation = (
                cells[organisation_at].strip() if organisation_at is not None and len(cells) > organisation_at else ""
            )
            project = cells[project_at].strip() if project_at is not None and len(cells) > project_at else ""
            if (domain, organisation) in seen:
                continue
            seen.add((domain, organisation))
            entries.append(DomainEntry(domain, cell.strip(), number, organisation[:200], project[:200]))
            if len(entries) > max_domains:
                raise InputError(
                    f"{label}: more than {max_domains} domains",
                    hint="split the list, or raise the bound with --max-domains",
                )
    except csv.Error as exc:
        report.add(label, reader.line_num, None, f"malformed CSV: {exc}", "check quotes and separators")
    if not report.ok:
        raise RecordsError(label, report)
    if not entries:
        raise InputError(f"{label}: no domains in the file", hint="write one domain a line, e.g. gemeente.nl")
    return entries


def read_domain_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, max_domains: int = DEFAULT_MAX_DOMAINS
) -> list[DomainEntry]:
    """Read a domain list from disk, refusing files larger than ``max_bytes`` before reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path.name}: {size // 1024} KiB is more than the {max_bytes // 1024} KiB a domain list may be",
                hint="split the list, or raise the bound with --max-size",
            )
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror}", hint="check the file name") from exc
    if len(data) > max_bytes:
        raise InputError(f"{path.name}: larger than {max_bytes // 1024} KiB", hint="split the list")
    return read_domain_list(data, path.name, max_domains=max_domains)
