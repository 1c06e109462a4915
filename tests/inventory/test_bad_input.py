# SPDX-License-Identifier: EUPL-1.2
"""Bad input gets a clear error or warning, never a crash or a half-import."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest
from inventory_helpers import cyclonedx, library

from dosa.errors import InputError
from dosa.inventory.sbom import SbomFormat, parse_sbom, parse_source, read_bytes
from dosa.inventory.sbom.common import MAX_NESTING


def _parse(data: bytes, name: str = "input") -> object:
    return parse_source(read_bytes(data, name))


def test_truncated_json_is_rejected_with_its_position(samples_dir: Path) -> None:
    data = (samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.json").read_bytes()
    with pytest.raises(InputError, match=r"not well-formed JSON: .* at line \d+, column \d+"):
        _parse(data[: len(data) // 2], "half.json")


def test_truncated_xml_is_rejected(samples_dir: Path) -> None:
    data = (samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.xml").read_bytes()
    with pytest.raises(InputError, match="not well-formed XML"):
        _parse(data[: len(data) // 2], "half.xml")


def test_format_comes_from_content_not_the_file_name(samples_dir: Path, tmp_path: Path) -> None:
    source = samples_dir / "spdxspec-SPDXTagExample-v2.3.spdx"
    misleading = tmp_path / "bom.cdx.json"
    misleading.write_bytes(source.read_bytes())
    assert parse_sbom(misleading).format is SbomFormat.SPDX_TAG_VALUE
    xml = tmp_path / "really-cyclonedx.spdx"
    xml.write_bytes((samples_dir / "cdx-spec-valid-bom-1.6.xml").read_bytes())
    assert parse_sbom(xml).format is SbomFormat.CYCLONEDX_XML


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress], ids=["gzip", "bzip2", "xz"])
def test_compressed_files_are_read(samples_dir: Path, tmp_path: Path, compress: object) -> None:
    original = samples_dir / "guacdata-cdx-syft-nginx.json"
    packed = tmp_path / "sbom.bin"
    packed.write_bytes(compress(original.read_bytes()))  # type: ignore[operator]
    assert len(parse_sbom(packed).components) == len(parse_sbom(original).components) == 144


def test_truncated_compressed_file_is_rejected(samples_dir: Path, tmp_path: Path) -> None:
    packed = gzip.compress((samples_dir / "guacdata-cdx-syft-nginx.json").read_bytes())
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(InputError, match="cannot decompress the gzip data"):
        parse_sbom(broken)


def test_nested_compression_is_refused(tmp_path: Path) -> None:
    nested = tmp_path / "twice.gz"
    nested.write_bytes(gzip.compress(gzip.compress(b"{}")))
    with pytest.raises(InputError, match="holds another compressed file"):
        parse_sbom(nested)


def test_oversized_files_are_refused_with_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(cyclonedx([library(f"p{i}", "1.0") for i in range(2000)]))
    with pytest.raises(InputError, match=r"larger than the limit of 0 MiB") as caught:
        parse_sbom(big, max_bytes=10_000)
    assert caught.value.hint
    assert "--max-size" in caught.value.hint
    bomb = tmp_path / "bomb.gz"
    bomb.write_bytes(gzip.compress(b" " * 5_000_000))
    with pytest.raises(InputError, match="decompressed content is larger"):
        parse_sbom(bomb, max_bytes=1_000_000)


def test_xml_with_an_unknown_encoding_is_an_input_error() -> None:
    """Regression: the fuzz test changed 'UTF-8' to 'U-F-8' in a real SPDX XML declaration, and the
    parser's LookupError escaped as an unexpected error."""
    document = b"<?xml version='1.0' encoding='U-F-8'?>\n<Document><SPDXID>SPDXRef-DOCUMENT</SPDXID></Document>\n"
    with pytest.raises(InputError, match="input: XML that declares an unknown character encoding"):
        _parse(document)


def test_xml_entity_bomb_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library">
<name>&lol2;</name></component></components></bom>"""
    with pytest.raises(InputError, match="refused XML that declares entities"):
        _parse(bomb)


def test_xml_external_entity_is_refused() -> None:
    xxe = b"""<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library">
<name>&x;</name></component></components></bom>"""
    with pytest.raises(InputError, match="refused XML"):
        _parse(xxe)


def test_deeply_nested_components_are_refused_clearly() -> None:
    component: dict[str, object] = {"type": "library", "name": "leaf"}
    for level in range(MAX_NESTING + 5):
        component = {"type": "library", "name": f"level{level}", "components": [component]}
    data = json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [component]}).encode()
    with pytest.raises(InputError, match="nested"):
        _parse(data)


def test_absurdly_deep_json_is_an_error_not_a_crash() -> None:
    data = b'{"bomFormat": "CycloneDX", "components": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(InputError, match="nested too deeply"):
        _parse(data)


def test_moderate_nesting_is_read_in_document_order() -> None:
    inner = {"type": "library", "name": "c"}
    middle = {"type": "library", "name": "b", "components": [inner]}
    data = json.dumps(
        {
            "bomFormat": "CycloneDX",
            "specVersion": "1.5",
            "components": [{"type": "library", "name": "a", "components": [middle]}, {"type": "library", "name": "d"}],
        }
    ).encode()
    sbom = _parse(data)
    assert [c.name for c in sbom.components] == ["a", "b", "c", "d"]  # type: ignore[attr-defined]
    assert [c.parent for c in sbom.components] == [-1, 0, 1, -1]  # type: ignore[attr-defined]


def test_duplicate_bom_refs_invalid_purls_and_unknown_versions_are_warnings() -> None:
    components = [library("a", "1.0"), library("a", "1.0"), {"type": "library", "name": "b", "purl": "not-a-purl"}]
    sbom = _parse(cyclonedx(components, spec="1.9", dependencies=[{"ref": "a@1.0", "dependsOn": ["ghost"]}]).encode())
    messages = "\n".join(sbom.warnings.messages())  # type: ignore[attr-defined]
    assert "duplicate component ref" in messages
    assert "invalid purl" in messages
    assert "unknown CycloneDX spec version '1.9'" in messages
    assert "dependency names a ref that no component has: 'ghost'" in messages
    assert len(sbom.components) == 3  # type: ignore[attr-defined]


def test_warnings_are_grouped_so_thousands_make_one_line() -> None:
    components = [{"type": "library", "name": f"n{i}", "purl": f"bad purl {i}"} for i in range(5000)]
    sbom = _parse(cyclonedx(components).encode())
    lines = sbom.warnings.messages()  # type: ignore[attr-defined]
    assert len(lines) == 1
    assert "(5000 times)" in lines[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "an empty file"),
        (b"\x00\x01\x02binary\xff\xfe", "binary content"),
        (b'{"name": "not an sbom", "version": 1}', "JSON object without CycloneDX or SPDX fields"),
        (b"[1, 2, 3]", "a JSON list"),
        (b"<html><body>hello</body></html>", "root element 'html'"),
        (b"just some text\nover two lines\n", "not SPDX tag-value"),
    ],
    ids=["empty", "binary", "json-object", "json-list", "html", "text"],
)
def test_what_is_no_sbom_is_rejected_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match="not an SBOM") as caught:
        _parse(data, "thing")
    assert reason in caught.value.message


def test_utf16_json_is_read() -> None:
    data = cyclonedx([library("a", "1.0")]).encode("utf-16")
    assert len(_parse(data).components) == 1  # type: ignore[attr-defined]


def test_strict_validation_is_an_option(samples_dir: Path) -> None:
    valid = samples_dir / "cdx-spec-valid-bom-1.6.json"
    assert len(parse_sbom(valid, strict=True).components) == 3
    invalid = samples_dir / "cdx-spec-invalid-hash-sha256-1.5.json"
    assert len(parse_sbom(invalid).components) == 1
    with pytest.raises(InputError, match=r"fails strict cyclonedx-json 1\.5 validation") as caught:
        parse_sbom(invalid, strict=True)
    assert "does not match" in caught.value.message
    spdx = samples_dir / "guac-alpine-small-spdx.json"
    assert len(parse_sbom(spdx).components) == 3
    with pytest.raises(InputError, match=r"fails strict spdx-json 2\.2 validation"):
        parse_sbom(spdx, strict=True)
