# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of the organisation inventory: parsing, full import, where-used, memory.

Prints figures; asserts nothing (see docs/performance.md for recorded results and targets).

    PYTHONPATH=src python benchmarks/bench_inventory.py                     # corpus + 1,000 x 1,000 portfolio
    PYTHONPATH=src python benchmarks/bench_inventory.py --sboms 10000       # 10 million component rows

Sections, all on the same files in the same run:

1. the real sample corpus (``../shared/sbom-samples``): per format, components per CPU-second for a
   bare JSON/XML/text parse (the floor), dosa's parse, and the ecosystem libraries' load path
   (cyclonedx-python-lib ``Bom.from_json``/``from_xml``, spdx-tools ``parse_file``), each with and
   without their strict validation;
2. full import of the corpus into a fresh database;
3. a synthetic portfolio of N CycloneDX JSON SBOMs of M components (package names drawn with a
   skewed popularity from a universe of packages, hashes, licences, suppliers and a dependency
   graph), imported file by file; peak memory is sampled along the way;
4. where-used latency on that portfolio (by purl, by name, with version ranges);
5. peak memory for one large SBOM, to show memory follows the largest file, not the portfolio.

Times are CPU seconds of this process (``time.process_time``), best of ``--repeat`` runs, so that
other work on a shared machine disturbs them less; wall-clock time is shown for the long phases.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from defusedxml.ElementTree import fromstring as safe_xml  # noqa: E402

from dosa.inventory.identity import parse_purl  # noqa: E402
from dosa.inventory.importer import Importer  # noqa: E402
from dosa.inventory.sbom import parse_source, read_source  # noqa: E402
from dosa.inventory.sbom.model import SbomFormat  # noqa: E402
from dosa.inventory.where_used import parse_query, where_used  # noqa: E402
from dosa.store import open_store  # noqa: E402

SAMPLES = REPO.parent / "shared" / "sbom-samples"
LOG4J_VERSIONS = ("2.14.1", "2.15.0", "2.16.0", "2.17.1", "2.20.0")


def rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    Linux: ``VmHWM`` of /proc/self/status (``ru_maxrss`` would include the parent's peak, which a
    child inherits at fork); elsewhere ``ru_maxrss``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / divisor


def cold_parse(source: Any) -> Callable[[], Any]:
    """dosa's parse with an empty purl cache, as for a document never seen before."""

    def run() -> Any:
        parse_purl.cache_clear()
        return parse_source(source)

    return run


def best(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:>11,.0f}" if seconds > 0 else f"{'-':>11}"


# --- 1. corpus ------------------------------------------------------------------------------


def bare_parse(fmt: SbomFormat, data: bytes) -> Callable[[], Any]:
    """The floor: the plain parser every reader needs anyway."""
    if fmt in (SbomFormat.CYCLONEDX_JSON, SbomFormat.SPDX_JSON, SbomFormat.SPDX3_JSONLD):
        return lambda: json.loads(data)
    if fmt in (SbomFormat.CYCLONEDX_XML, SbomFormat.SPDX_XML, SbomFormat.SPDX_RDF):
        return lambda: safe_xml(data)
    if fmt is SbomFormat.SPDX_YAML:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return lambda: yaml.load(data, Loader=loader)
    text = data.decode("utf-8", errors="replace")
    return lambda: [line.partition(":") for line in text.splitlines()]


def library_load(fmt: SbomFormat, path: Path, data: bytes, validate: bool) -> Callable[[], Any] | None:
    """The ecosystem library's own load path for this format, or None when it has none."""
    if fmt in (SbomFormat.CYCLONEDX_JSON, SbomFormat.CYCLONEDX_XML):
        from xml.etree import ElementTree

        from cyclonedx.model.bom import Bom
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
        from cyclonedx.validation.xml import XmlValidator

        text = data.decode("utf-8-sig", errors="replace")

        def load() -> Any:
            if validate:
                version = parse_source(read_source(path)).spec_version
                schema = SchemaVersion.from_version(version)
                validator: Any = (
                    JsonStrictValidator(schema) if fmt is SbomFormat.CYCLONEDX_JSON else XmlValidator(schema)
                )
                validator.validate_str(text, all_errors=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if fmt is SbomFormat.CYCLONEDX_JSON:
                    return Bom.from_json(json.loads(text))  # type: ignore[attr-defined]
                return Bom.from_xml(ElementTree.fromstring(text))  # type: ignore[attr-defined]

        return load
    if fmt in (
        SbomFormat.SPDX_JSON,
        SbomFormat.SPDX_YAML,
        SbomFormat.SPDX_XML,
        SbomFormat.SPDX_RDF,
        SbomFormat.SPDX_TAG_VALUE,
    ):
        from spdx_tools.spdx.parser.parse_anything import parse_file
        from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

        suffix = {
            SbomFormat.SPDX_JSON: ".spdx.json",
            SbomFormat.SPDX_YAML: ".spdx.yaml",
            SbomFormat.SPDX_XML: ".spdx.xml",
            SbomFormat.SPDX_RDF: ".spdx.rdf.xml",
            SbomFormat.SPDX_TAG_VALUE: ".spdx",
        }[fmt]
        folder = Path(tempfile.mkdtemp())
        copy = folder / f"document{suffix}"
        copy.write_bytes(data)

        def load_spdx() -> Any:
            document = parse_file(str(copy))
            if validate:
                validate_full_spdx_document(document)
            return document

        return load_spdx
    return None


def corpus_section(samples: Path, repeat: int, skip_libraries: bool) -> None:
    print("\n## 1. Parsing the sample corpus (components per CPU-second; best of", repeat, "runs)\n")
    groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for path in sorted(samples.iterdir()):
        if path.suffix in (".tsv", ".md"):
            continue
        source = read_source(path)
        try:
            sbom = parse_source(source)
        except Exception:
            continue
        fmt = sbom.format
        group = groups[fmt.value]
        count = len(sbom.components)
        group["files"] += 1
        group["components"] += count
        group["bare"] += best(bare_parse(fmt, source.data), repeat)
        group["dosa"] += best(cold_parse(source), repeat)
        if skip_libraries:
            continue
        for validate in (False, True):
            key = "lib+validation" if validate else "lib"
            load = library_load(fmt, path, source.data, validate)
            if load is None:
                group[f"{key} n/a"] += 1
                continue
            try:
                group[key] += best(load, 1 if validate else max(1, repeat // 2))
                group[f"{key} components"] += count
            except Exception:
                group[f"{key} failed"] += 1
    header = (
        f"{'format':<15}{'files':>6}{'components':>11}{'bare /s':>11}{'dosa /s':>11}{'dosa/bare':>10}"
        f"{'library /s':>11}{'lib fails':>10}{'lib+valid /s':>13}{'fails':>6}"
    )
    print(header)
    print("-" * len(header))
    totals: dict[str, float] = defaultdict(float)
    for name, g in sorted(groups.items()):
        for key, value in g.items():
            totals[key] += value
        _corpus_row(name, g)
    _corpus_row("all", totals)
    print("\nlibrary = cyclonedx-python-lib Bom.from_json/from_xml, or spdx-tools parse_file; +valid adds the")
    print("library's strict validation. Rates of the libraries count only the files they loaded.")


def _corpus_row(name: str, g: dict[str, float]) -> None:
    comps = g["components"]
    ratio = g["dosa"] / g["bare"] if g["bare"] else float("nan")
    print(
        f"{name:<15}{g['files']:>6.0f}{comps:>11,.0f}{rate(comps, g['bare'])}{rate(comps, g['dosa'])}"
        f"{ratio:>10.1f}{rate(g['lib components'], g['lib'])}{g['lib failed']:>10.0f}"
        f"{rate(g['lib+validation components'], g['lib+validation'])}{g['lib+validation failed']:>6.0f}"
    )


def corpus_import_section(samples: Path, folder: Path) -> None:
    print("\n## 2. Full import of the sample corpus into a fresh database\n")
    store = open_store(folder / "corpus.db")
    cpu, wall = time.process_time(), time.perf_counter()
    summary = Importer(store, "corpus").import_paths([samples])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    comps = sum(o.component_count for o in summary.outcomes if o.kind == "sbom")
    print(
        f"{len(summary.outcomes)} files ({summary.count(*_kept())} imported or updated), {comps:,} components: "
        f"{cpu:.2f} s CPU, {wall:.2f} s wall, {comps / cpu:,.0f} components per CPU-second"
    )
    store.dispose()


def _kept() -> tuple[Any, ...]:
    from dosa.inventory.importer import Status

    return (Status.IMPORTED, Status.UPDATED)


# --- 3. synthetic portfolio -----------------------------------------------------------------


class Portfolio:
    """Deterministic synthetic SBOMs shaped like real CycloneDX JSON from npm/maven/pypi/go tools."""

    ECOSYSTEMS = ("npm", "maven", "pypi", "golang", "nuget")

    def __init__(self, components: int, universe: int, pool: int, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.components = components
        self.packages = []
        for i in range(universe):
            kind = self.ECOSYSTEMS[i % len(self.ECOSYSTEMS)]
            namespace = {
                "npm": f"%40scope{i % 300}" if i % 3 == 0 else "",
                "maven": f"org.example{i % 800}",
                "pypi": "",
                "golang": f"github.com/org{i % 900}",
                "nuget": "",
            }[kind]
            versions = [f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}" for _ in range(4)]
            supplier = f"Vendor {i % 2000}" if i % 4 == 0 else ""
            self.packages.append((kind, namespace, f"package-{i}", versions, supplier))
        weights = [1 / (rank + 1) ** 0.9 for rank in range(universe)]
        self.templates = [self._document(rng, weights, n) for n in range(pool)]

    def _document(self, rng: random.Random, weights: list[float], n: int) -> bytes:
        chosen = rng.choices(range(len(self.packages)), weights=weights, k=self.components)
        components, refs = [], []
        for index in chosen:
            kind, namespace, name, versions, supplier = self.packages[index]
            version = rng.choice(versions)
            path = f"{namespace}/{name}" if namespace else name
            purl = f"pkg:{kind}/{path}@{version}"
            component: dict[str, Any] = {
                "type": "library",
                "bom-ref": f"{purl}#{len(refs)}",
                "name": name,
                "version": version,
                "purl": purl,
                "licenses": [{"license": {"id": rng.choice(("MIT", "Apache-2.0", "BSD-3-Clause", "ISC"))}}],
                "hashes": [{"alg": "SHA-256", "content": f"{rng.getrandbits(256):064x}"}],
            }
            if namespace and kind == "maven":
                component["group"] = namespace
            if supplier:
                component["supplier"] = {"name": supplier}
            refs.append(component["bom-ref"])
            components.append(component)
        if n % 20 == 0:  # one in twenty applications ships log4j-core
            version = LOG4J_VERSIONS[(n // 20) % len(LOG4J_VERSIONS)]
            purl = f"pkg:maven/org.apache.logging.log4j/log4j-core@{version}"
            components[0] = {
                "type": "library",
                "bom-ref": purl,
                "group": "org.apache.logging.log4j",
                "name": "log4j-core",
                "version": version,
                "purl": purl,
            }
            refs[0] = purl
        dependencies = [{"ref": "app", "dependsOn": refs[:10]}]
        dependencies += [
            {"ref": refs[i], "dependsOn": [refs[j] for j in (2 * i + 1, 2 * i + 2) if j < len(refs)]}
            for i in range(len(refs))
        ]
        document = {
            "bomFormat": "CycloneDX",
            "specVersion": "1.5",
            "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-SERIALNUMBER",
            "version": 1,
            "metadata": {
                "timestamp": "2025-01-01T00:00:00Z",
                "component": {"bom-ref": "app", "type": "application", "name": "APP-NAME", "version": "1.0"},
                "tools": {"components": [{"type": "application", "name": "synthetic", "version": "1"}]},
            },
            "components": components,
            "dependencies": dependencies,
        }
        return json.dumps(document, indent=1).encode()

    def write_pool(self, folder: Path) -> None:
        """The distinct documents, written once; the import phase reads one at a time."""
        folder.mkdir(parents=True, exist_ok=True)
        for n, template in enumerate(self.templates):
            (folder / f"template-{n:04d}.json").write_bytes(template)

    def query_targets(self) -> tuple[str, str, str]:
        """Purl of the most popular package, group:name of the second, name of the third."""
        kind, namespace, name, _, _ = self.packages[0]
        purl = f"pkg:{kind}/{namespace}/{name}" if namespace else f"pkg:{kind}/{name}"
        _, namespace1, name1, _, _ = self.packages[1]
        return purl, f"{namespace1}:{name1}" if namespace1 else name1, self.packages[2][2]


def pool_files(pool: Path, folder: Path, count: int, timer: list[float]) -> Iterator[Path]:
    """Write each SBOM just before it is imported and remove the previous one (disk stays small)."""
    templates = sorted(pool.glob("template-*.json"))
    previous: Path | None = None
    for n in range(count):
        start = time.process_time()
        if previous is not None:
            previous.unlink()
        path = folder / f"sbom-{n:06d}.json"
        data = templates[n % len(templates)].read_bytes().replace(b"APP-NAME", f"application-{n:06d}".encode())
        path.write_bytes(data.replace(b"SERIALNUMBER", f"{n:012d}".encode()))
        previous = path
        timer[0] += time.process_time() - start
        yield path
    if previous is not None:
        previous.unlink()


def parse_phase(args: argparse.Namespace) -> dict[str, Any]:
    """One synthetic SBOM parsed by each reader (own process: the libraries' imports cost memory)."""
    sample = Path(args.workdir) / "pool" / "template-0001.json"
    source = read_source(sample)
    source = type(source)(source.name, source.data.replace(b"SERIALNUMBER", b"000000000001"), "")
    fixed = Path(args.workdir) / "sample.json"
    fixed.write_bytes(source.data)
    import orjson

    parse = {
        "bare (json)": best(lambda: json.loads(source.data), args.repeat),
        "bare (orjson)": best(lambda: orjson.loads(source.data), args.repeat),
        "dosa": best(cold_parse(source), args.repeat),
    }
    if not args.skip_libraries:
        for key, validate in (("library", False), ("library+validation", True)):
            load = library_load(SbomFormat.CYCLONEDX_JSON, fixed, source.data, validate)
            assert load is not None
            parse[key] = best(load, 1)
    return parse


def portfolio_phase(args: argparse.Namespace) -> dict[str, Any]:
    """Runs in its own process so that its peak memory is the importer's own."""
    folder = Path(args.workdir)
    start_rss = rss_mib()
    store = open_store(Path(args.db))
    importer = Importer(store, "portfolio")
    generation = [0.0]
    samples: list[tuple[int, float]] = []
    done = [0]
    marks = {max(1, args.sboms // 100), max(1, args.sboms // 10), args.sboms // 2, args.sboms}

    def progress(_outcome: Any) -> None:
        done[0] += 1
        if done[0] in marks:
            samples.append((done[0], rss_mib()))

    cpu, wall = time.process_time(), time.perf_counter()
    summary = importer.import_paths(pool_files(folder / "pool", folder, args.sboms, generation), on_file=progress)
    cpu, wall = time.process_time() - cpu - generation[0], time.perf_counter() - wall
    store.dispose()
    return {
        "components": sum(o.component_count for o in summary.outcomes),
        "kept": summary.count(*_kept()),
        "cpu": cpu,
        "wall": wall,
        "generation_cpu": generation[0],
        "rss_start": start_rss,
        "rss": samples,
        "db_mib": sum(p.stat().st_size for p in Path(args.db).parent.glob(Path(args.db).name + "*")) / 2**20,
    }


def where_used_section(db: Path, repeat: int, targets: tuple[str, str, str]) -> None:
    print("\n## 4. Where-used latency on the portfolio (ms, warm; median and max of", repeat, "runs)\n")
    store = open_store(db)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT count(*) FROM inventory_components").scalar()
    print(f"component rows: {rows:,}\n")
    popular, grouped, named = targets
    queries = [
        ("pkg:maven/org.apache.logging.log4j/log4j-core", None),
        ("pkg:maven/org.apache.logging.log4j/log4j-core", "<2.17.1"),
        ("log4j-core", "<2.17.1"),
        ("org.apache.logging.log4j:log4j-core", ">=2.0.0|<2.17.1"),
        (popular, None),
        (grouped, "<5.0.0"),
        (named, "<5.0.0"),
        ("no-such-package", None),
    ]
    print(f"{'query':<52}{'range':<18}{'hits':>9}{'median':>9}{'max':>9}")
    for text, version_range in queries:
        query = parse_query(text, version_range)
        times, hits = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            hits = len(where_used(store, query).hits)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{text:<52}{version_range or '':<18}{hits:>9,}{statistics.median(times):>9.1f}{max(times):>9.1f}")
    store.dispose()


def large_file_phase(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(args.workdir)
    path = folder / "large.json"
    before = rss_mib()
    store = open_store(folder / "large.db")
    cpu = time.process_time()
    summary = Importer(store, "large").import_paths([path])
    cpu = time.process_time() - cpu
    return {
        "components": summary.outcomes[0].component_count,
        "file_mib": path.stat().st_size / 2**20,
        "rss_before": before,
        "rss_peak": rss_mib(),
        "cpu": cpu,
    }


def child(phase: str, args: argparse.Namespace) -> Any:
    command = [
        sys.executable,
        __file__,
        "--phase",
        phase,
        "--workdir",
        args.workdir,
        "--db",
        args.db,
        "--sboms",
        str(args.sboms),
        "--components",
        str(args.components),
        "--repeat",
        str(args.repeat),
    ]
    if args.skip_libraries:
        command.append("--skip-libraries")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--sboms", type=int, default=1000, help="SBOMs in the synthetic portfolio")
    parser.add_argument("--components", type=int, default=1000, help="components per synthetic SBOM")
    parser.add_argument("--universe", type=int, default=100_000, help="distinct packages to draw from")
    parser.add_argument("--pool", type=int, default=200, help="distinct synthetic documents (cycled)")
    parser.add_argument("--large", type=int, default=100_000, help="components of the single large SBOM")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-libraries", action="store_true", help="skip cyclonedx-python-lib and spdx-tools")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--workdir", default="")
    parser.add_argument("--db", default="")
    parser.add_argument("--phase", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    phases = {"parse": parse_phase, "portfolio": portfolio_phase, "large": large_file_phase}
    if args.phase:
        print(json.dumps(phases[args.phase](args)))
        return
    args.workdir = args.workdir or tempfile.mkdtemp(prefix="dosa-bench-")
    args.db = args.db or str(Path(args.workdir) / "portfolio.db")
    load = os.getloadavg()
    print("# dosa inventory benchmark")
    print(
        f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
        f"load average {load[0]:.1f} at start, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    if not args.skip_corpus:
        corpus_section(args.samples, args.repeat, args.skip_libraries)
        corpus_import_section(args.samples, Path(args.workdir))
    total = args.sboms * args.components
    print(
        f"\n## 3. Synthetic portfolio: {args.sboms:,} CycloneDX JSON SBOMs x {args.components:,} components "
        f"= {total:,} rows\n"
    )
    portfolio = Portfolio(args.components, args.universe, args.pool)
    portfolio.write_pool(Path(args.workdir) / "pool")
    targets = portfolio.query_targets()
    large = Portfolio(args.large, args.universe, 1, seed=11)
    (Path(args.workdir) / "large.json").write_bytes(large.templates[0].replace(b"SERIALNUMBER", b"000000000001"))
    del portfolio, large
    parse = child("parse", args)
    print("one synthetic SBOM (components per CPU-second):")
    floor = parse["bare (json)"]
    for key, seconds in parse.items():
        ratio = seconds / floor
        print(f"  {key:<20}{args.components / seconds:>12,.0f}   ({seconds * 1000:.1f} ms, {ratio:.1f}x json.loads)")
    result = child("portfolio", args)
    print(
        f"\nfull import: {result['components']:,} components in {result['kept']:,} SBOMs, "
        f"{result['cpu']:.1f} s CPU ({result['components'] / result['cpu']:,.0f} components per CPU-second), "
        f"{result['wall']:.1f} s wall; writing the files took {result['generation_cpu']:.1f} s CPU (excluded)"
    )
    print(f"database size: {result['db_mib']:,.0f} MiB")
    print(
        f"peak memory: {result['rss_start']:,.0f} MiB before importing; "
        + ", ".join(f"{rss:,.0f} MiB after {n:,} SBOMs" for n, rss in result["rss"])
    )
    where_used_section(Path(args.db), max(args.repeat, 5), targets)
    print(f"\n## 5. Memory for one large SBOM ({args.large:,} components)\n")
    big = child("large", args)
    print(
        f"file {big['file_mib']:.0f} MiB, {big['components']:,} components: peak memory "
        f"{big['rss_peak']:,.0f} MiB (process before import {big['rss_before']:,.0f} MiB), "
        f"{big['components'] / big['cpu']:,.0f} components per CPU-second"
    )
    print(f"\nwork folder: {args.workdir}")


if __name__ == "__main__":
    main()
