# SPDX-License-Identifier: EUPL-1.2
"""Reading a domain list: hostile input gets a clear error with its line; IDNA; bounds. No DNS needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dosa.errors import InputError, RecordsError
from dosa.observe import RateLimiter, normalise_domain, parse_nameserver, read_domain_file, read_domain_list


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Gemeente.NL", "gemeente.nl"),
        ("gemeente.nl.", "gemeente.nl"),
        ("https://www.rijksoverheid.nl/onderwerpen?x=1", "rijksoverheid.nl"),
        ("info@Waterschap.nl", "waterschap.nl"),
        ("cultuurhuis-één.nl", "xn--cultuurhuis-n-mhba.nl"),  # Python's IDNA codec agrees
        ("MÜNCHEN.de", "xn--mnchen-3ya.de"),  # UTS #46 maps upper case first
    ],
)
def test_domains_are_normalised(given: str, expected: str) -> None:
    assert normalise_domain(given) == expected


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("localhost", "at least two labels"),
        ("gemeente..nl", "label ''"),
        ("-gemeente.nl", "label '-gemeente'"),
        ("gemeente_x.nl", "label 'gemeente_x'"),
        ("192.0.2.1", "IP address"),
        ("ge meente.nl", "no spaces"),
        ("a" * 64 + ".nl", "label"),
        (".".join(["abcdefghi"] * 26) + ".nl", "253"),
    ],
)
def test_invalid_domains_say_why(given: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        normalise_domain(given)


def test_errors_name_the_file_and_every_bad_line() -> None:
    data = b"domain\ngemeente.nl\nnot a domain\n\n# comment\nx..nl\nprovincie.nl\n"
    with pytest.raises(RecordsError) as caught:
        read_domain_list(data, "lijst.csv")
    problems = caught.value.report.sorted()
    assert [(p.file, p.line) for p in problems] == [("lijst.csv", 3), ("lijst.csv", 6)]
    assert "not a valid domain name" in problems[0].message


def test_plain_list_dutch_csv_columns_and_duplicates() -> None:
    plain = read_domain_list(b"gemeente.nl\n\nprovincie.nl\ngemeente.nl\n", "lijst.txt")
    assert [(e.domain, e.line) for e in plain] == [("gemeente.nl", 1), ("provincie.nl", 3)]
    csv = read_domain_list(
        "organisatie;domein;project\nGemeente A;a.nl;gemeenten\nWaterschap B;b.nl;\n".encode("cp1252"), "lijst.csv"
    )
    assert [(e.organisation, e.domain, e.project) for e in csv] == [
        ("Gemeente A", "a.nl", "gemeenten"),
        ("Waterschap B", "b.nl", ""),
    ]


def test_bounds_on_size_and_count(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="more than 2 domains"):
        read_domain_list(b"a.nl\nb.nl\nc.nl\n", "lijst.txt", max_domains=2)
    big = tmp_path / "groot.txt"
    big.write_bytes(b"a.nl\n" * 1000)
    with pytest.raises(InputError, match="KiB"):
        read_domain_file(big, max_bytes=1024)
    with pytest.raises(InputError, match="not a text file"):
        read_domain_list(b"\x00\x01binary", "x.bin")
    with pytest.raises(InputError, match="no domains"):
        read_domain_list(b"# only a comment\n", "leeg.txt")


def test_unbalanced_quotes_are_reported_not_crashed() -> None:
    with pytest.raises((RecordsError, InputError)):
        read_domain_list(b'domain\n"gemeente.nl\n', "kapot.csv")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("127.0.0.1", ("127.0.0.1", 53)), ("127.0.0.1:5353", ("127.0.0.1", 5353)), ("[::1]:53", ("::1", 53))],
)
def test_nameserver_option(given: str, expected: tuple[str, int]) -> None:
    assert parse_nameserver(given) == expected


@pytest.mark.parametrize("given", ["ns.example.nl", "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:x"])
def test_bad_nameserver_is_an_input_error(given: str) -> None:
    with pytest.raises(InputError):
        parse_nameserver(given)


def test_rate_limiter_spaces_queries_by_its_interval() -> None:
    """With a fake clock: five queries at once at 2 per second wait 0, 0.5, 1.0, 1.5 and 2.0 seconds."""
    now = [100.0]
    waits: list[float] = []
    limiter = RateLimiter(2, clock=lambda: now[0], sleep=waits.append)
    delays = [limiter.wait() for _ in range(5)]
    assert delays == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert waits == [0.5, 1.0, 1.5, 2.0]
    now[0] = 110.0  # after a quiet spell there is no debt
    assert limiter.wait() == 0.0
    with pytest.raises(InputError):
        RateLimiter(0)
