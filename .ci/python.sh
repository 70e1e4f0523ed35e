#!/usr/bin/env bash
# The Python package (bindings/python): a fresh venv with pinned tools, the wheel built and
# installed the way docs/python.md says (`pip install ./bindings/python`), then pytest: the API
# against the CLI, WARC input, a Spark local-mode job and a datatrove pipeline.
# Needs the CLI (target/release/unchrome, built by `cargo test --release`) and Java 17 for Spark.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
# maturin's build hook and spark-submit look for their tools on PATH.
export PATH="$work/venv/bin:$PATH"
"$py" -m pip install -q --disable-pip-version-check \
    maturin==1.16.0 pytest==9.2.0 pyspark==4.3.0 datatrove==0.10.1 pyarrow==26.0.1 orjson==3.13.0
echo "python.sh: tools installed in $((SECONDS - start)) s"
cargo build --release --quiet
cargo clippy --quiet -p unchrome-python -- -D warnings
# --no-build-isolation: build with the pinned maturin above instead of the newest one.
"$py" -m pip install -q --disable-pip-version-check --no-build-isolation ./bindings/python
echo "python.sh: wheel built and installed at $((SECONDS - start)) s"
# Every test must run here: a missing pyspark or datatrove fails instead of skipping.
UNCHROME_REQUIRE_ALL=1 "$py" -m pytest -q -p no:cacheprovider bindings/python/tests
echo "python.sh: $((SECONDS - start)) s"
