"""Shared fixtures: the repository, the `unchrome` binary, WARC files written from the fixtures."""

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"
sys.path.insert(0, str(REPO / "bench"))

import make_warc  # noqa: E402  (bench/make_warc.py: the WARC writer the benchmarks use too)

# Every HTML fixture page of the Rust tests.
PAGES = sorted(p for p in FIXTURES.rglob("*.html"))


def cli_binary():
    """The CLI built by `cargo build --release` (UNCHROME_BIN overrides)."""
    b = os.environ.get("UNCHROME_BIN") or str(REPO / "target" / "release" / "unchrome")
    if not Path(b).exists():
        pytest.fail(f"{b}: no unchrome binary; run `cargo build --release` first")
    return b


def run_cli(*args):
    r = subprocess.run([cli_binary(), *map(str, args)], capture_output=True, text=True)
    return r


def cli_jsonl(*args):
    r = run_cli("classify", "-f", "jsonl", *args)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def write_fixture_warc(path, pages=PAGES, extra=()):
    """A WARC of the fixture pages (one response each; `extra` record bytes appended)."""
    records = [
        make_warc.record(f"https://example.test/{p.relative_to(FIXTURES)}", p.read_bytes(), n)
        for n, p in enumerate(pages)
    ]
    make_warc.write(path, [*records, *extra])
    return path


@pytest.fixture(scope="session")
def fixture_warc(tmp_path_factory):
    return write_fixture_warc(tmp_path_factory.mktemp("warc") / "fixtures.warc.gz")


def require(module):
    """Imports `module`, or skips — unless UNCHROME_REQUIRE_ALL=1 (CI), where it fails."""
    if os.environ.get("UNCHROME_REQUIRE_ALL") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module)


def spark_submit():
    exe = Path(sys.executable).with_name("spark-submit")
    return str(exe) if exe.exists() else shutil.which("spark-submit")
