# SPDX-License-Identifier: EUPL-1.2
"""Read advisory files: OSV, CSAF 2.0 (advisories and the VEX profile), CISA KEV, EPSS,
CycloneDX VEX and OpenVEX. The format is recognised from the content, never the file name.

Hostile input is bounded: a file (or zip member) larger than the limit is refused before it is
parsed, JSON nested deeper than :data:`MAX_DEPTH` is refused, and a zip archive is checked
member by member (count, declared and real uncompressed size, compression ratio) while it is read.
Errors name the file (and the archive member) and the field.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dosa.errors import InputError
from dosa.exposure.records import Advisory, Affected, EpssScore, KevEntry, Parsed, VexStatement
from dosa.exposure.versions import OSV_ECOSYSTEMS, scheme_for
from dosa.inventory.identity import parse_purl

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""Largest accepted file or zip member (64 MiB; the whole KEV catalogue is about 1.5 MiB)."""
MAX_ZIP_MEMBERS = 2_000_000
MAX_ZIP_TOTAL = 8 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_DEPTH = 64

LICENCES = {
    "osv": "as stated by the record's database (GitHub Advisory Database: CC-BY-4.0; OSV.dev data: see osv.dev)",
    "kev": "CC0-1.0 (CISA Known Exploited Vulnerabilities catalogue)",
    "epss": "FIRST EPSS: free to use with attribution to FIRST (first.org/epss)",
}


class ReadError(InputError):
    """A file that cannot be read as any advisory format; the message names the file and field."""


@dataclass(frozen=True)
class Source:
    name: str
    """File name (and ``!member`` for a zip member); never a full path."""
    data: bytes


def _depth_ok(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def load_json(source: Source) -> Any:
    try:
        document = json.loads(source.data)
    except RecursionError as exc:
        raise ReadError(f"{source.name}: JSON nested too deeply", hint=f"at most {MAX_DEPTH} levels") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReadError(f"{source.name}: not valid JSON: {exc}", hint="check that the file is complete") from exc
    if not _depth_ok(document):
        raise ReadError(f"{source.name}: JSON nested too deeply", hint=f"at most {MAX_DEPTH} levels")
    return document


def read_sources(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source]:
    """The file itself, or each member of a zip archive (the OSV ``all.zip`` export layout)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError as exc:
        raise ReadError(f"{path.name}: cannot read: {exc.strerror}", hint="check the path and permissions") from exc
    if head == b"PK\x03\x04":
        yield from _zip_members(path, max_bytes)
        return
    if size > max_bytes:
        raise ReadError(
            f"{path.name}: {size} bytes is larger than the limit of {max_bytes} bytes",
            hint="raise --max-size if the file is genuine",
        )
    yield Source(path.name, path.read_bytes())


def _zip_members(path: Path, max_bytes: int) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(f"{path.name}: damaged zip archive: {exc}", hint="download the archive again") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise ReadError(f"{path.name}: {len(members)} members is more than {MAX_ZIP_MEMBERS}", hint="split it")
        total = 0
        for member in members:
            label = f"{path.name}!{member.filename}"
            if member.file_size > max_bytes:
                raise ReadError(f"{label}: {member.file_size} bytes uncompressed is over the limit", hint="--max-size")
            if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
                raise ReadError(f"{label}: compression ratio over {MAX_RATIO}:1 (a zip bomb?)", hint="not imported")
            try:
                with archive.open(member) as stream:
                    data = stream.read(max_bytes + 1)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                raise ReadError(f"{label}: cannot decompress: {exc}", hint="download the archive again") from exc
            if len(data) > max_bytes:  # the header lied about the size
                raise ReadError(f"{label}: larger than the limit when decompressed", hint="not imported")
            total += len(data)
            if total > MAX_ZIP_TOTAL:
                raise ReadError(f"{path.name}: more than {MAX_ZIP_TOTAL} bytes uncompressed in all", hint="split it")
            yield Source(label, data)


# --- helpers ---------------------------------------------------------------------------------


def _text(value: Any, field: str, source: Source, limit: int = 10_000) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ReadError(f"{source.name}: field '{field}' must be text", hint="check the record against its schema")
    return str(value)[:limit]


def _list(value: Any, field: str, source: Source) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ReadError(f"{source.name}: field '{field}' must be a list", hint="check the record against its schema")
    return value


def _dict(value: Any, field: str, source: Source) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ReadError(f"{source.name}: field '{field}' must be an object", hint="check the record against its schema")
    return value


def cvss_score(vector: str) -> float | None:
    """The CVSS base score of a CVSS 3.x or 4.0 vector (FIRST's formulas, via the ``cvss`` library)."""
    try:
        if vector.startswith("CVSS:3"):
            from cvss import CVSS3  # type: ignore[import-not-found,import-untyped,unused-ignore]

            return float(CVSS3(vector).base_score)
        if vector.startswith("CVSS:4"):
            from cvss import CVSS4  # type: ignore[import-not-found,import-untyped,unused-ignore]

            return float(CVSS4(vector).base_score)
    except Exception:  # the library raises its own errors for malformed vectors
        return None
    return None


_CPE22 = re.compile(r"^cpe:/[aho]:([^:]*):([^:]*)(?::([^:]*))?", re.IGNORECASE)
_CPE23 = re.compile(r"^cpe:2\.3:[aho\*\-]:([^:]*):([^:]*):([^:]*)", re.IGNORECASE)


def cpe_parts(cpe: str) -> tuple[str, str] | None:
    """``(key, version)`` of a CPE 2.2 URI or 2.3 string: key ``cpe:vendor:product`` (lower case)."""
    match = _CPE23.match(cpe) or _CPE22.match(cpe)
    if match is None:
        return None
    vendor, product, version = match.group(1), match.group(2), match.group(3) or ""
    if not vendor or not product:
        return None
    version = "" if version in ("*", "-") else version.replace("\\", "")
    return f"cpe:{vendor.lower()}:{product.lower()}", version


def osv_package_key(package: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(package_key, scheme)`` of an OSV ``affected[].package``; the key is the inventory's
    package key (purl without version, normalised as the inventory does)."""
    purl = package.get("purl")
    ecosystem_full = str(package.get("ecosystem") or "")
    name = str(package.get("name") or "")
    ecosystem = ecosystem_full.split(":", 1)[0].strip().lower()
    purl_type = OSV_ECOSYSTEMS.get(ecosystem)
    if isinstance(purl, str) and purl.startswith("pkg:"):
        info = parse_purl(purl)
        if info is not None:
            return info.base, scheme_for(info.type)
    if purl_type is None or not name:
        return None
    if purl_type == "maven" and ":" in name:
        group, artifact = name.split(":", 1)
        text = f"pkg:maven/{group}/{artifact}"
    elif purl_type == "npm" and name.startswith("@") and "/" in name:
        scope, bare = name.split("/", 1)
        text = f"pkg:npm/%40{scope[1:]}/{bare}"
    elif purl_type == "deb":
        text = f"pkg:deb/{ecosystem}/{name}"
    elif purl_type == "apk":
        text = f"pkg:apk/alpine/{name}"
    elif purl_type == "rpm":
        text = f"pkg:rpm/{ecosystem.replace(' ', '')}/{name}"
    else:
        text = f"pkg:{purl_type}/{name}"
    info = parse_purl(text)
    return (info.base, scheme_for(info.type)) if info is not None else None


# --- OSV ------------------------------------------------------------------------------------


def _osv_fixed(ranges: list[Any]) -> list[str]:
    return [str(e["fixed"]) for r in ranges for e in r.get("events", []) if isinstance(e, dict) and "fixed" in e]


def parse_osv(document: Mapping[str, Any], source: Source) -> Advisory:
    advisory_id = _text(document.get("id"), "id", source, 300)
    if not advisory_id:
        raise ReadError(f"{source.name}: OSV record without 'id'", hint="every OSV record has an id")
    severity_vector, score = "", None
    for item in _list(document.get("severity"), "severity", source):
        item = _dict(item, "severity[]", source)
        vector = _text(item.get("score"), "severity[].score", source, 300)
        if vector.startswith("CVSS:"):
            severity_vector, score = vector, cvss_score(vector)
            if str(item.get("type")) == "CVSS_V3":
                break
    database = document.get("database_specific")
    label = str(database.get("severity", ""))[:40] if isinstance(database, dict) else ""
    advisory = Advisory(
        advisory_id=advisory_id,
        source="osv",
        aliases=[_text(a, "aliases[]", source, 300) for a in _list(document.get("aliases"), "aliases", source)],
        summary=_text(document.get("summary") or document.get("details", "")[:300], "summary", source, 2000),
        severity_vector=severity_vector,
        cvss_score=score,
        severity_label=label.upper(),
        published=_text(document.get("published"), "published", source, 64),
        modified=_text(document.get("modified"), "modified", source, 64),
        withdrawn=_text(document.get("withdrawn"), "withdrawn", source, 64),
        publisher="OSV",
        licence=LICENCES["osv"],
    )
    for index, item in enumerate(_list(document.get("affected"), "affected", source)):
        item = _dict(item, f"affected[{index}]", source)
        package = _dict(item.get("package"), f"affected[{index}].package", source)
        keyed = osv_package_key(package)
        if keyed is None:
            continue
        ranges = []
        for r_index, raw in enumerate(_list(item.get("ranges"), f"affected[{index}].ranges", source)):
            raw = _dict(raw, f"affected[{index}].ranges[{r_index}]", source)
            kind = _text(raw.get("type"), f"affected[{index}].ranges[{r_index}].type", source, 20)
            if kind not in ("SEMVER", "ECOSYSTEM", "GIT"):
                raise ReadError(
                    f"{source.name}: field 'affected[{index}].ranges[{r_index}].type' is '{kind}'",
                    hint="OSV range types are SEMVER, ECOSYSTEM and GIT",
                )
            events = []
            for event in _list(raw.get("events"), f"affected[{index}].ranges[{r_index}].events", source):
                event = _dict(event, f"affected[{index}].ranges[{r_index}].events[]", source)
                events.append({str(k): _text(v, f"events[].{k}", source, 200) for k, v in event.items()})
            ranges.append({"type": kind, "events": events})
        versions = [
            _text(v, f"affected[{index}].versions[]", source, 200)
            for v in _list(item.get("versions"), f"affected[{index}].versions", source)
        ]
        spec = {"ranges": ranges, "versions": versions, "fixed": _osv_fixed(ranges)}
        advisory.affected.append(Affected(keyed[0], keyed[1], spec))
    return advisory


# --- CSAF -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Product:
    product_id: str
    name: str
    purl: str = ""
    cpe: str = ""
    version: str = ""
    vers: str = ""


def _walk_branches(branches: list[Any], source: Source, found: dict[str, _Product], version: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ReadError(f"{source.name}: product_tree branches nested too deeply", hint=f"at most {MAX_DEPTH}")
    for branch in branches:
        branch = _dict(branch, "product_tree.branches[]", source)
        category = str(branch.get("category", ""))
        name = _text(branch.get("name"), "product_tree.branches[].name", source, 500)
        here_version = name if category == "product_version" else version
        vers = name if category == "product_version_range" and name.startswith("vers:") else ""
        product = branch.get("product")
        if isinstance(product, dict):
            _add_product(product, source, found, here_version, vers)
        _walk_branches(_list(branch.get("branches"), "branches", source), source, found, here_version, depth + 1)


def _add_product(
    product: Mapping[str, Any], source: Source, found: dict[str, _Product], version: str, vers: str
) -> None:
    product_id = _text(product.get("product_id"), "product.product_id", source, 300)
    helper = _dict(product.get("product_identification_helper"), "product_identification_helper", source)
    purl = _text(helper.get("purl"), "product_identification_helper.purl", source, 1200)
    purls = _list(helper.get("purls"), "product_identification_helper.purls", source)
    if not purl and purls:
        purl = _text(purls[0], "product_identification_helper.purls[]", source, 1200)
    cpe = _text(helper.get("cpe"), "product_identification_helper.cpe", source, 500)
    name = _text(product.get("name"), "product.name", source, 500)
    found[product_id] = _Product(product_id, name, purl, cpe, version, vers)


def _csaf_products(document: Mapping[str, Any], source: Source) -> dict[str, _Product]:
    tree = _dict(document.get("product_tree"), "product_tree", source)
    found: dict[str, _Product] = {}
    _walk_branches(_list(tree.get("branches"), "product_tree.branches", source), source, found, "", 1)
    for product in _list(tree.get("full_product_names"), "product_tree.full_product_names", source):
        _add_product(_dict(product, "full_product_names[]", source), source, found, "", "")
    for relation in _list(tree.get("relationships"), "product_tree.relationships", source):
        relation = _dict(relation, "relationships[]", source)
        full = _dict(relation.get("full_product_name"), "relationships[].full_product_name", source)
        reference = found.get(str(relation.get("product_reference", "")))
        if full and reference is not None:
            pid = _text(full.get("product_id"), "full_product_name.product_id", source, 300)
            found[pid] = _Product(
                pid, str(full.get("name", ""))[:500], reference.purl, reference.cpe, reference.version
            )
    return found


def _identity(product: _Product) -> tuple[str, str, str] | None:
    """``(package_key, scheme, version)`` of a CSAF product (purl first, else CPE)."""
    if product.purl:
        info = parse_purl(product.purl)
        if info is not None:
            return info.base, scheme_for(info.type), info.version or product.version
    if product.cpe:
        parts = cpe_parts(product.cpe)
        if parts is not None:
            return parts[0], "generic", parts[1] or product.version
    return None


def _csaf_score(vulnerability: Mapping[str, Any]) -> tuple[str, float | None, str]:
    for score in vulnerability.get("scores") or []:
        if not isinstance(score, dict):
            continue
        for key in ("cvss_v3", "cvss_v4"):
            data = score.get(key)
            if isinstance(data, dict):
                base = data.get("baseScore")
                return (
                    str(data.get("vectorString", ""))[:300],
                    float(base) if isinstance(base, int | float) else None,
                    str(data.get("baseSeverity", ""))[:40],
                )
    return "", None, ""


def parse_csaf(document: Mapping[str, Any], source: Source) -> Parsed:
    meta = _dict(document.get("document"), "document", source)
    category = _text(meta.get("category"), "document.category", source, 60)
    tracking = _dict(meta.get("tracking"), "document.tracking", source)
    tracking_id = _text(tracking.get("id"), "document.tracking.id", source, 200)
    if not tracking_id:
        raise ReadError(f"{source.name}: field 'document.tracking.id' is missing", hint="a CSAF document has one")
    publisher = _text(_dict(meta.get("publisher"), "document.publisher", source).get("name"), "publisher", source, 300)
    licence = next(
        (
            str(note.get("text", ""))[:200]
            for note in meta.get("notes") or []
            if isinstance(note, dict) and note.get("category") == "legal_disclaimer"
        ),
        "",
    ) or ("TLP:" + str(_dict(meta.get("distribution"), "distribution", source).get("tlp", {}).get("label", "")))
    products = _csaf_products(document, source)
    parsed = Parsed("csaf_vex" if category == "csaf_vex" else "csaf", licence=licence)
    for index, vulnerability in enumerate(_list(document.get("vulnerabilities"), "vulnerabilities", source)):
        vulnerability = _dict(vulnerability, f"vulnerabilities[{index}]", source)
        cve = _text(vulnerability.get("cve"), f"vulnerabilities[{index}].cve", source, 40)
        ids = [
            _text(_dict(i, "ids[]", source).get("text"), "ids[].text", source, 300)
            for i in _list(vulnerability.get("ids"), f"vulnerabilities[{index}].ids", source)
        ]
        vuln_id = cve or next((i for i in ids if i), "")
        if not vuln_id:
            parsed.warnings.append(f"vulnerabilities[{index}] has neither 'cve' nor 'ids'; skipped")
            continue
        status = _dict(vulnerability.get("product_status"), f"vulnerabilities[{index}].product_status", source)
        _csaf_vex_statements(vulnerability, vuln_id, status, products, publisher, parsed, source)
        if parsed.kind == "csaf_vex":
            continue
        vector, score, label = _csaf_score(vulnerability)
        title = _text(vulnerability.get("title"), "title", source, 2000) or _text(meta.get("title"), "title", source)
        advisory = Advisory(
            advisory_id=f"{tracking_id}/{vuln_id}",
            source="csaf",
            aliases=[vuln_id, *[i for i in ids if i and i.startswith(("CVE-", "GHSA-"))]],
            summary=title,
            severity_vector=vector,
            cvss_score=score if score is not None else cvss_score(vector),
            severity_label=label.upper(),
            published=_text(tracking.get("initial_release_date"), "tracking.initial_release_date", source, 64),
            modified=_text(tracking.get("current_release_date"), "tracking.current_release_date", source, 64),
            publisher=publisher,
            licence=licence,
        )
        fixes = [
            _text(_dict(r, "remediations[]", source).get("details"), "remediations[].details", source, 500)
            for r in _list(vulnerability.get("remediations"), "remediations", source)
            if isinstance(r, dict) and r.get("category") in ("vendor_fix", "mitigation", "workaround")
        ]
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        for field in (
            "known_affected",
            "first_affected",
            "last_affected",
            "fixed",
            "first_fixed",
            "known_not_affected",
        ):
            for pid in _list(status.get(field), f"product_status.{field}", source):
                product = products.get(str(pid))
                if product is None:
                    continue
                identity = _identity(product)
                if identity is None:
                    continue
                key, scheme, version = identity
                spec = grouped.setdefault(
                    (key, scheme), {"versions": [], "vers": [], "fixed": [], "not_affected": [], "remediation": fixes}
                )
                if field in ("known_affected", "first_affected", "last_affected"):
                    if product.vers:
                        spec["vers"].append(product.vers)
                    elif version:
                        spec["versions"].append(version)
                elif field in ("fixed", "first_fixed"):
                    if version and version not in spec["fixed"]:
                        spec["fixed"].append(version)
                    if version:
                        spec["not_affected"].append(version)
                elif version:
                    spec["not_affected"].append(version)
        advisory.affected = [
            Affected(k, s, spec) for (k, s), spec in grouped.items() if spec["versions"] or spec["vers"]
        ]
        parsed.advisories.append(advisory)
    return parsed


def _csaf_vex_statements(
    vulnerability: Mapping[str, Any],
    vuln_id: str,
    status: Mapping[str, Any],
    products: Mapping[str, _Product],
    publisher: str,
    parsed: Parsed,
    source: Source,
) -> None:
    justification: dict[str, str] = {}
    for flag in vulnerability.get("flags") or []:
        if isinstance(flag, dict):
            for pid in flag.get("product_ids") or []:
                justification[str(pid)] = str(flag.get("label", ""))[:200]
    detail: dict[str, str] = {}
    for threat in vulnerability.get("threats") or []:
        if isinstance(threat, dict) and threat.get("category") == "impact":
            for pid in threat.get("product_ids") or []:
                detail[str(pid)] = str(threat.get("details", ""))[:2000]
    for field, vex_status in (("known_not_affected", "not_affected"), ("fixed", "fixed")):
        for pid in _list(status.get(field), f"product_status.{field}", source):
            product = products.get(str(pid))
            if product is None:
                continue
            identity = product.purl or product.cpe or product.name
            if not identity:
                continue
            if parsed.kind != "csaf_vex" and not (product.purl or product.cpe):
                continue  # an advisory's own 'fixed' list is not the organisation's VEX statement
            parsed.vex.append(
                VexStatement(
                    vuln_id,
                    identity[:1000],
                    vex_status,
                    justification.get(str(pid), ""),
                    detail.get(str(pid), ""),
                    "csaf_vex",
                    publisher,
                )
            )


# --- KEV and EPSS ---------------------------------------------------------------------------


def parse_kev_json(document: Mapping[str, Any], source: Source) -> Parsed:
    parsed = Parsed("kev", licence=LICENCES["kev"])
    version = _text(document.get("catalogVersion"), "catalogVersion", source, 40)
    for index, item in enumerate(_list(document.get("vulnerabilities"), "vulnerabilities", source)):
        parsed.kev.append(_kev_entry(_dict(item, f"vulnerabilities[{index}]", source), version, source, index))
    return parsed


def _kev_entry(item: Mapping[str, Any], version: str, source: Source, index: int) -> KevEntry:
    cve = _text(item.get("cveID"), f"vulnerabilities[{index}].cveID", source, 40).strip().upper()
    if not re.fullmatch(r"CVE-\d{4}-\d{4,}", cve):
        raise ReadError(f"{source.name}: field 'cveID' of entry {index + 1} is '{cve[:40]}'", hint="a CVE id")
    return KevEntry(
        cve,
        _text(item.get("dateAdded"), "dateAdded", source, 20),
        _text(item.get("dueDate"), "dueDate", source, 20),
        _text(item.get("vendorProject"), "vendorProject", source, 300),
        _text(item.get("product"), "product", source, 300),
        _text(item.get("vulnerabilityName"), "vulnerabilityName", source, 1000),
        _text(item.get("knownRansomwareCampaignUse"), "knownRansomwareCampaignUse", source, 20),
        version,
    )


def _parse_csv_text(source: Source) -> tuple[list[str], list[list[str]], str]:
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{source.name}: not UTF-8 text", hint="save it as UTF-8") from exc
    comment = ""
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):
        comment += lines.pop(0)
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines))))
    except csv.Error as exc:
        raise ReadError(f"{source.name}: malformed CSV: {exc}", hint="check quoting") from exc
    if not rows:
        raise ReadError(f"{source.name}: empty CSV", hint="expected a header line")
    return [h.strip() for h in rows[0]], rows[1:], comment


def parse_csv(source: Source) -> Parsed:
    header, rows, comment = _parse_csv_text(source)
    if header[:3] == ["cve", "epss", "percentile"]:
        meta = dict(part.split(":", 1) for part in comment.lstrip("#").split(",") if ":" in part)
        parsed = Parsed("epss", licence=LICENCES["epss"])
        for line, row in enumerate(rows, start=2 + bool(comment)):
            if not row:
                continue
            try:
                score, percentile = float(row[1]), float(row[2])
            except (IndexError, ValueError) as exc:
                raise ReadError(
                    f"{source.name}: line {line}: 'epss' and 'percentile' must be numbers", hint=""
                ) from exc
            if not (0 <= score <= 1 and 0 <= percentile <= 1):
                raise ReadError(f"{source.name}: line {line}: 'epss' or 'percentile' outside 0-1", hint="")
            parsed.epss.append(
                EpssScore(
                    row[0].strip().upper()[:40],
                    score,
                    percentile,
                    meta.get("score_date", "")[:40],
                    meta.get("model_version", "")[:40],
                )
            )
        return parsed
    if "cveID" in header and "dateAdded" in header:
        parsed = Parsed("kev", licence=LICENCES["kev"])
        for index, row in enumerate(rows):
            if row:
                parsed.kev.append(_kev_entry(dict(zip(header, row, strict=False)), "", source, index))
        return parsed
    raise ReadError(
        f"{source.name}: not JSON, and not a CSV with an EPSS (cve,epss,percentile) or KEV (cveID,…) header",
        hint="dosa reads OSV, CSAF 2.0, CISA KEV, EPSS CSV, CycloneDX VEX and OpenVEX",
    )


# --- VEX ------------------------------------------------------------------------------------

CDX_STATES = {
    "not_affected": "not_affected",
    "false_positive": "not_affected",
    "resolved": "fixed",
    "resolved_with_pedigree": "fixed",
    "exploitable": "affected",
    "in_triage": "under_investigation",
}


def parse_cyclonedx_vex(document: Mapping[str, Any], source: Source) -> Parsed:
    parsed = Parsed("cyclonedx_vex", licence="as stated by the VEX author")
    refs: dict[str, str] = {}
    stack = list(_list(document.get("components"), "components", source))
    metadata = document.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("component"), dict):
        stack.append(metadata["component"])
    while stack:
        component = stack.pop()
        if isinstance(component, dict):
            ref = str(component.get("bom-ref", ""))
            identity = str(component.get("purl") or component.get("cpe") or component.get("name") or "")
            if ref and identity:
                refs[ref] = identity
            stack.extend(component.get("components") or [])
    for index, vulnerability in enumerate(_list(document.get("vulnerabilities"), "vulnerabilities", source)):
        vulnerability = _dict(vulnerability, f"vulnerabilities[{index}]", source)
        vuln_id = _text(vulnerability.get("id"), f"vulnerabilities[{index}].id", source, 300)
        analysis = _dict(vulnerability.get("analysis"), f"vulnerabilities[{index}].analysis", source)
        state = CDX_STATES.get(str(analysis.get("state", "")))
        if not vuln_id or state is None:
            continue
        justification = _text(analysis.get("justification"), "analysis.justification", source, 200)
        if analysis.get("state") == "false_positive" and not justification:
            justification = "false_positive"
        detail = _text(analysis.get("detail"), "analysis.detail", source, 4000)
        for affect in _list(vulnerability.get("affects"), f"vulnerabilities[{index}].affects", source):
            ref = str(_dict(affect, "affects[]", source).get("ref", ""))[:1000]
            if ref in refs:
                product = refs[ref]
            elif ref.startswith("urn:cdx:"):
                product = refs.get(ref.split("#", 1)[-1], ref.split("#", 1)[-1])
            else:
                product = ref
            if product:
                parsed.vex.append(VexStatement(vuln_id, product, state, justification, detail, "cyclonedx_vex"))
    return parsed


def parse_openvex(document: Mapping[str, Any], source: Source) -> Parsed:
    parsed = Parsed("openvex", licence="as stated by the VEX author")
    author = _text(document.get("author"), "author", source, 300)
    for index, statement in enumerate(_list(document.get("statements"), "statements", source)):
        statement = _dict(statement, f"statements[{index}]", source)
        vulnerability = statement.get("vulnerability")
        if isinstance(vulnerability, dict):
            vuln_id = _text(vulnerability.get("name") or vulnerability.get("@id"), "vulnerability.name", source, 300)
        else:
            vuln_id = _text(vulnerability, f"statements[{index}].vulnerability", source, 300)
        status = _text(statement.get("status"), f"statements[{index}].status", source, 40)
        if status not in ("not_affected", "affected", "fixed", "under_investigation"):
            raise ReadError(
                f"{source.name}: field 'statements[{index}].status' is '{status[:40]}'",
                hint="OpenVEX statuses: not_affected, affected, fixed, under_investigation",
            )
        detail = _text(statement.get("impact_statement") or statement.get("action_statement"), "impact", source, 4000)
        for product in _list(statement.get("products"), f"statements[{index}].products", source):
            if isinstance(product, dict):
                raw_ids = product.get("identifiers")
                identifiers: dict[str, Any] = raw_ids if isinstance(raw_ids, dict) else {}
                name = str(product.get("@id") or identifiers.get("purl") or identifiers.get("cpe23") or "")
            else:
                name = str(product)
            if name and vuln_id:
                parsed.vex.append(
                    VexStatement(
                        vuln_id,
                        name[:1000],
                        status,
                        _text(statement.get("justification"), "justification", source, 200),
                        detail,
                        "openvex",
                        author,
                    )
                )
    return parsed


# --- dispatch ---------------------------------------------------------------------------------


def parse_source(source: Source) -> Parsed:
    """Recognise the format of one file (or zip member) by its content and read it."""
    start = source.data.lstrip()[:1]
    if start not in (b"{", b"["):
        return parse_csv(source)
    document = load_json(source)
    if isinstance(document, list):
        parsed = Parsed("osv", licence=LICENCES["osv"])
        for index, item in enumerate(document):
            parsed.advisories.append(parse_osv(_dict(item, f"[{index}]", source), source))
        return parsed
    readers: list[tuple[Callable[[Mapping[str, Any]], bool], Callable[[Mapping[str, Any], Source], Parsed]]] = [
        (lambda d: isinstance(d.get("document"), dict) and "csaf_version" in d["document"], parse_csaf),
        (lambda d: "catalogVersion" in d or ("vulnerabilities" in d and "title" in d and "count" in d), parse_kev_json),
        (lambda d: str(d.get("@context", "")).startswith("https://openvex.dev"), parse_openvex),
        (
            lambda d: isinstance(d.get("vulnerabilities"), list) and ("bomFormat" in d or "specVersion" in d),
            parse_cyclonedx_vex,
        ),
    ]
    for recognise, read in readers:
        if recognise(document):
            return read(document, source)
    if "id" in document and ("affected" in document or "modified" in document):
        return Parsed("osv", advisories=[parse_osv(document, source)], licence=LICENCES["osv"])
    keys = ", ".join(sorted(str(k) for k in document)[:8])
    raise ReadError(
        f"{source.name}: not an advisory, KEV, EPSS or VEX file (keys: {keys})",
        hint="dosa reads OSV, CSAF 2.0, CISA KEV, EPSS CSV, CycloneDX VEX and OpenVEX",
    )
