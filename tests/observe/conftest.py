# SPDX-License-Identifier: EUPL-1.2
"""A real authoritative DNS server (Knot DNS, Debian package ``knot``) on 127.0.0.1, on a free port, serving
fictitious zones under the reserved ``.test`` TLD shaped like Dutch public bodies' records, plus the provider
names their SPF records include. Started once per test session as the user running the tests, stopped at
its end. Tests skip with the exact reason when ``knotd`` is not installed (``.ci/install-dns.sh``)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import dns.message
import dns.query
import dns.rdatatype
import pytest
from observe_names import IDN_ASCII, IDN_DOMAIN

KNOTD_PATHS = ("/usr/sbin/knotd", "/usr/local/sbin/knotd")

SPF_M365 = '"v=spf1 include:spf.protection.outlook.com -all"'
TRANSIP_NS = ("ns0.transip.net.", "ns1.transip.nl.", "ns2.transip.eu.")


def _ns(*hosts: str) -> list[str]:
    return [f"@ NS {host}" for host in hosts]


def _big_txt() -> str:
    """One TXT record of twelve 250-character strings (3,000 bytes): the answer no longer fits in UDP."""
    return "@ TXT " + " ".join(f'"blob{n:02d}-' + "x" * 243 + '"' for n in range(12))


# Each zone: its records (owner relative to the zone; @ is the apex). SOA is added by the fixture.
ZONES: dict[str, list[str]] = {
    "test": ["@ NS ns.test.", "ns A 127.0.0.1"],
    # --- public bodies -----------------------------------------------------------------------
    "gemeente-almstad.test": [
        *_ns(*TRANSIP_NS),
        "@ MX 0 gemeente-almstad-test.mail.protection.outlook.com.",
        f"@ TXT {SPF_M365}",
        '@ TXT "MS=ms41234567"',
        "@ A 192.0.2.20",
        "www CNAME gemeente-almstad.azurewebsites.net.",
        "autodiscover CNAME autodiscover.outlook.com.",
        '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc-rapport@dmarc-ontvanger.test"',
    ],
    "waterschap-veenland.test": [
        *_ns("anna.ns.cloudflare.com.", "bob.ns.cloudflare.com."),
        "@ MX 1 aspmx.l.google.com.",
        "@ MX 5 alt1.aspmx.l.google.com.",
        "@ MX 5 alt2.aspmx.l.google.com.",
        "@ MX 10 alt3.aspmx.l.google.com.",
        "@ MX 10 alt4.aspmx.l.google.com.",
        '@ TXT "v=spf1 include:_spf.google.com ~all"',
        '@ TXT "google-site-verification=Zq3abcdefghijklmnopqrstuvwxyz012345678"',
        "www CNAME waterschap-veenland.test.cdn.cloudflare.net.",
    ],
    "provincie-kustland.test": [
        *_ns(*TRANSIP_NS),
        "@ MX 10 mx.transip.email.",
        '@ TXT "v=spf1 include:_spf.transip.email ~all"',
        "@ A 192.0.2.30",
        "www A 192.0.2.30",
        "_autodiscover._tcp SRV 0 0 443 autodiscover.transip.email.",
    ],
    "rijksinspectie-delta.test": [
        *_ns("ns-1234.awsdns-26.org.", "ns-567.awsdns-06.net.", "ns-89.awsdns-11.com.", "ns-1999.awsdns-54.co.uk."),
        "@ MX 10 mx0a-00123401.pphosted.com.",
        "@ MX 10 mx0b-00123401.pphosted.com.",
        '@ TXT "v=spf1 include:spf.protection.outlook.com include:spf-00123401.pphosted.com -all"',
        "autodiscover CNAME autodiscover.outlook.com.",
    ],
    "ggd-lusland.test": [
        "@ NS ns1.ggd-lusland.test.",
        "ns1 A 192.0.2.40",
        "@ MX 10 mail.ggd-lusland.test.",
        "mail A 192.0.2.41",
        '@ TXT "v=spf1 ip4:192.0.2.0/24 include:spf.ggd-lusland.test -all"',
        'spf TXT "v=spf1 ip4:198.51.100.0/24 include:ggd-lusland.test -all"',
    ],
    "veiligheidsregio-west.test": [
        *_ns("ns1045.ui-dns.com.", "ns1093.ui-dns.de.", "ns1112.ui-dns.biz.", "ns1118.ui-dns.org."),
        "@ MX 10 mx00.ionos.nl.",
        "@ MX 10 mx01.ionos.nl.",
        '@ TXT "v=spf1 include:_spf-eu.ionos.com ~all"',
        "www CNAME web.veiligheidsregio-west.test.",
        "web CNAME edge.veiligheidsregio-west.test.",
        "edge CNAME veiligheidsregio-west.test.cdn.cloudflare.net.",
    ],
    "stichting-zonder-mail.test": [
        *_ns("ns1.hostnet.nl.", "ns2.hostnet.nl."),
        "@ A 192.0.2.50",
        '@ TXT "v=spf1 -all"',
    ],
    "dienst-groot-txt.test": [
        *_ns("ns1-01.azure-dns.com.", "ns2-01.azure-dns.net.", "ns3-01.azure-dns.org.", "ns4-01.azure-dns.info."),
        "@ MX 0 dienst-groot-txt-test.mail.protection.outlook.com.",
        *[f'@ TXT "verificatie-{n:02d}=' + "k" * 60 + '"' for n in range(20)],
        _big_txt(),
        f"@ TXT {SPF_M365}",
    ],
    "hogeschool-zuidrand.test": [
        *_ns(*TRANSIP_NS),
        "@ MX 10 eu-smtp-inbound-1.mimecast.com.",
        "@ MX 20 eu-smtp-inbound-2.mimecast.com.",
        '@ TXT "v=spf1 include:eu._netblocks.mimecast.com include:spf.protection.outlook.com -all"',
    ],
    "omgevingsdienst-noord.test": [
        *_ns("ns1.hostnet.nl.", "ns2.hostnet.nl."),
        "@ MX 10 mx1.hostnet.nl.",
        "@ MX 20 mx2.hostnet.nl.",
        '@ TXT "v=spf1 include:spf.hostnet.nl ~all"',
        "_autodiscover._tcp SRV 0 0 443 autodiscover.hostnet.nl.",
    ],
    IDN_ASCII: [
        *_ns("dns11.ovh.net.", "ns11.ovh.net."),
        "@ MX 1 mx1.mail.ovh.net.",
        "@ MX 5 mx2.mail.ovh.net.",
        "@ MX 100 mx3.mail.ovh.net.",
        '@ TXT "v=spf1 include:mx.ovh.com ~all"',
    ],
    "havenbedrijf-oost.test": [
        *_ns("ns-12.awsdns-01.com.", "ns-700.awsdns-23.net."),
        "@ MX 10 inbound-smtp.eu-west-1.amazonaws.com.",
        '@ TXT "v=spf1 include:amazonses.com ~all"',
        "www CNAME d1234abcd.cloudfront.net.",
    ],
    "zorgkantoor-zuid.test": [
        *_ns("docks07.rzone.de.", "shades12.rzone.de."),
        "@ MX 5 smtpin.rzone.de.",
        '@ TXT "v=spf1 redirect=smtp.rzone.de"',
    ],
    "te-veel-lookups.test": [
        "@ NS ns1.te-veel-lookups.test.",
        "ns1 A 192.0.2.61",
        "@ MX 10 mx.te-veel-lookups.test.",
        "mx A 192.0.2.60",
        '@ TXT "v=spf1 '
        + " ".join(f"include:a{n}.te-veel-lookups.test" for n in range(1, 12))
        + ' include:spf.protection.outlook.com -all"',
        *[f'a{n} TXT "v=spf1 ip4:192.0.2.{n} -all"' for n in range(1, 12)],
    ],
    "eigen-beheer.test": [
        *_ns(*TRANSIP_NS),
        "@ MX 10 mail.eigen-beheer.test.",
        "mail A 192.0.2.70",
        '@ TXT "v=spf1 mx -all"',
    ],
    "geen-mailontvangst.test": [
        "@ NS ns1.geen-mailontvangst.test.",
        "ns1 A 192.0.2.80",
        "@ MX 0 .",
        '@ TXT "v=spf1 -all"',
    ],
    "dode-includes.test": [
        "@ NS ns1.dode-includes.test.",
        "ns1 A 192.0.2.90",
        '@ TXT "v=spf1 include:weg1.dode-includes.test include:weg2.dode-includes.test '
        'include:weg3.dode-includes.test include:_spf.google.com -all"',
    ],
    "twee-aanbieders.test": [
        "@ NS ns1.twee-aanbieders.test.",
        "ns1 A 192.0.2.91",
        "@ MX 10 twee-aanbieders-test.mail.protection.outlook.com.",
        "@ MX 20 aspmx.l.google.com.",
        "relay MX 10 relay.twee-aanbieders.test.",
        "relay A 192.0.2.92",
        '@ TXT "v=spf1 include:spf.protection.outlook.com include:_spf.google.com -all"',
        'relay TXT "v=spf1 include:spf.protection.outlook.com include:_spf.google.com -all"',
    ],
    # --- the provider names the SPF records include (so that includes can be followed) ---------
    "protection.outlook.com": [
        "@ NS ns.test.",
        'spf TXT "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 include:spfd.protection.outlook.com -all"',
        'spfd TXT "v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 -all"',
    ],
    "google.com": [
        "@ NS ns.test.",
        '_spf TXT "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com ~all"',
        '_netblocks TXT "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all"',
        '_netblocks2 TXT "v=spf1 ip6:2001:4860:4000::/36 ~all"',
    ],
    "transip.email": ["@ NS ns.test.", '_spf TXT "v=spf1 ip4:149.210.0.0/16 ~all"'],
    "pphosted.com": ["@ NS ns.test.", 'spf-00123401 TXT "v=spf1 ip4:148.163.128.0/19 -all"'],
    "ionos.com": ["@ NS ns.test.", '_spf-eu TXT "v=spf1 ip4:212.227.126.128/25 ip4:212.227.15.0/25 ~all"'],
    "mimecast.com": ["@ NS ns.test.", 'eu._netblocks TXT "v=spf1 ip4:195.130.217.0/24 ip4:91.220.42.0/24 ~all"'],
    "hostnet.nl": ["@ NS ns.test.", 'spf TXT "v=spf1 ip4:185.47.40.0/22 ~all"'],
    "ovh.com": ["@ NS ns.test.", 'mx TXT "v=spf1 ip4:188.165.0.0/16 ~all"'],
    "amazonses.com": ["@ NS ns.test.", '@ TXT "v=spf1 ip4:199.255.192.0/22 ip4:54.240.0.0/18 ~all"'],
    "rzone.de": ["@ NS ns.test.", 'smtp TXT "v=spf1 ip4:81.169.146.0/23 ip4:85.215.255.0/24 ~all"'],
}

DOMAIN_LIST = f"""organisatie;domein;project
Gemeente Almstad;gemeente-almstad.test;
Waterschap Veenland;https://www.waterschap-veenland.test/contact;
Provincie Kustland;provincie-kustland.test;
Rijksinspectie Delta;rijksinspectie-delta.test;
GGD Lusland;GGD-Lusland.test.;
Veiligheidsregio West;veiligheidsregio-west.test;
Gemeente Opgeheven;opgeheven-gemeente.test;
Stichting Zonder Mail;stichting-zonder-mail.test;
Dienst Groot TXT;dienst-groot-txt.test;
Hogeschool Zuidrand;hogeschool-zuidrand.test;
Omgevingsdienst Noord;omgevingsdienst-noord.test;
Cultuurhuis Eén;{IDN_DOMAIN};
Havenbedrijf Oost;havenbedrijf-oost.test;
Zorgkantoor Zuid;zorgkantoor-zuid.test;
Te Veel Lookups;te-veel-lookups.test;
Eigen Beheer;eigen-beheer.test;
Buiten Zone;buiten-zone.example;
Geen Mailontvangst;geen-mailontvangst.test;
"""
"""The list the tests observe (18 organisations), as a Dutch Excel CSV would give it."""


def knotd() -> str | None:
    found = shutil.which("knotd")
    if found:
        return found
    return next((p for p in KNOTD_PATHS if Path(p).is_file()), None)


def _free_port() -> int:
    """A loopback port free for both UDP and TCP (Knot listens on both). The UDP port the system picks may
    be taken for TCP, by any of the many client connections a test run makes (the PostgreSQL pass
    opens hundreds): then try another."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            try:
                tcp.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no loopback port is free for both UDP and TCP")


def _write_zones(folder: Path) -> None:
    for zone, records in ZONES.items():
        lines = [
            f"$ORIGIN {zone}.",
            "$TTL 3600",
            "@ SOA ns.test. hostmaster.test. 2026120301 3600 900 604800 300",
            *records,
        ]
        (folder / f"{zone}.zone").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _config(folder: Path, port: int) -> str:
    zones = "\n".join(f"  - domain: {zone}." for zone in ZONES)
    return f"""server:
    rundir: "{folder}"
    listen: 127.0.0.1@{port}
    tcp-workers: 2
    udp-workers: 2
    background-workers: 1
log:
  - target: stderr
    any: warning
database:
    storage: "{folder}/db"
control:
    listen: "{folder}/knot.sock"
template:
  - id: default
    storage: "{folder}/zones"
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
zone:
{zones}
"""


def _answers(port: int) -> bool:
    query = dns.message.make_query("gemeente-almstad.test", dns.rdatatype.SOA)
    try:
        response = dns.query.udp(query, "127.0.0.1", port=port, timeout=0.5)
    except (OSError, dns.exception.Timeout):
        return False
    return bool(response.answer)


@pytest.fixture(scope="session")
def dns_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``127.0.0.1:PORT`` of a running Knot DNS serving :data:`ZONES`."""
    binary = knotd()
    if binary is None:
        pytest.skip("knotd (Knot DNS) is not installed: run .ci/install-dns.sh (Debian package knot)")
    folder = tmp_path_factory.mktemp("knot")
    (folder / "zones").mkdir()
    (folder / "db").mkdir()
    _write_zones(folder / "zones")
    port = _free_port()
    config = folder / "knot.conf"
    config.write_text(_config(folder, port), encoding="utf-8")
    log = (folder / "knotd.log").open("wb")
    process = subprocess.Popen([binary, "-c", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            if process.poll() is not None or _answers(port):
                break
            time.sleep(0.1)
        if process.poll() is not None or not _answers(port):
            log.flush()
            raise RuntimeError(
                "knotd did not start: " + (folder / "knotd.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            )
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def domain_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lists") / "organisaties.csv"
    path.write_text(DOMAIN_LIST, encoding="utf-8")
    return path
