#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Set up and run dosa with nothing but Python 3.11+ and pip.

    python3 tasks.py run [ARGS]    set up .venv from the lock file, then run dosa's main job (the report)
    python3 tasks.py test [ARGS]   set up .venv with the dev tools (and the sign-in tests' OpenID provider
                                   where npm is present), then ruff, mypy and pytest (in parallel:
                                   -n auto, one worker per core; pass -n 0 to run in one process)
    python3 tasks.py docs          regenerate docs/cli.md from the code
    python3 tasks.py lock          regenerate the lock files from pyproject.toml (needs the registry)

Uses only the standard library, so it runs before anything is installed. Set-up is skipped when the
lock file and pyproject.toml have not changed since the last run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("DOSA_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCKS = {"run": ROOT / "requirements.lock", "test": ROOT / "requirements-dev.lock"}
MAIN_JOB = ["report"]


def _say(message: str) -> None:
    print(f"[tasks] {message}", file=sys.stderr, flush=True)


def _run(*command: str | Path) -> int:
    return subprocess.call([str(part) for part in command], cwd=ROOT)


def _check(*command: str | Path) -> None:
    code = _run(*command)
    if code != 0:
        _say(f"failed ({code}): {' '.join(map(str, command))}")
        sys.exit(code)


def setup(kind: str) -> None:
    """Create .venv and install the locked dependencies and dosa itself, unless already current."""
    lock = LOCKS[kind]
    digest = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".dosa-{kind}.sha256"
    if stamp.exists() and stamp.read_text() == digest and (BIN / "dosa").exists():
        return
    if not (BIN / "python").exists():
        _say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    _say(f"installing dependencies from {lock.name}")
    pip = [BIN / "python", "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    _check(*pip, "-r", lock)
    _check(*pip, "--no-deps", "-e", ROOT)
    stamp.write_text(digest)


def run(args: list[str]) -> int:
    setup("run")
    return _run(BIN / "dosa", *(args or MAIN_JOB))


def _oidc_provider() -> None:
    """The sign-in tests' real OpenID provider (the npm package oidc-provider, locked in tests/oidc),
    installed where Node.js and npm are present; without it those tests skip and name the fix."""
    folder = ROOT / "tests" / "oidc"
    if (folder / "node_modules" / "oidc-provider" / "package.json").is_file():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        _say("no Node.js/npm: the sign-in tests will be skipped (bash .ci/install-oidc.sh installs both)")
        return
    _say("installing the OpenID provider for the sign-in tests (npm ci in tests/oidc)")
    if subprocess.call([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=folder) != 0:
        _say("npm ci failed: the sign-in tests will be skipped")


def test(args: list[str]) -> int:
    setup("test")
    _oidc_provider()
    _check(BIN / "ruff", "check", "src", "tests", "tasks.py")
    _check(BIN / "ruff", "format", "--check", "src", "tests", "tasks.py")
    _check(BIN / "mypy")
    parallel = [] if any(a in ("-n", "--numprocesses") or a.startswith("-n") for a in args) else ["-n", "auto"]
    code = _run(BIN / "python", "-m", "pytest", *parallel, *args)
    if code == 5:
        _say("pytest collected no tests: that is a failure")
        return 1
    return code


def docs(_: list[str]) -> int:
    """Regenerate the CLI reference (docs/cli.md) from the code."""
    setup("test")
    return _run(
        BIN / "python", "-m", "typer", "dosa.cli.app", "utils", "docs", "--name", "dosa", "--output", "docs/cli.md"
    )


def lock(_: list[str]) -> int:
    setup("test")
    _check(BIN / "python", "-m", "pip", "install", "--quiet", "uv")
    common = ["pip", "compile", "--quiet", "--universal", "--python-version", "3.11", "pyproject.toml"]
    _check(BIN / "uv", *common, "-o", LOCKS["run"])
    return _run(BIN / "uv", *common, "--extra", "dev", "-o", LOCKS["test"])


def main() -> None:
    commands = {"run": run, "test": test, "docs": docs, "lock": lock}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    main()
