#!/usr/bin/env bash
# Create bench/.venv (git-ignored) and install the pinned Python peers into it.
#   bash bench/peers/setup.sh            # idempotent; re-run after editing requirements.txt
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${VENV:-$here/../.venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
find_links=()
if [ -d /opt/wheels ]; then find_links=(--find-links /opt/wheels); fi
# pip 23.x trips on the lxml[html-clean] extra that trafilatura and readability-lxml both ask for
"${pip[@]}" install -q "${find_links[@]}" --upgrade "pip>=24"
"${pip[@]}" install -q "${find_links[@]}" -r "$here/requirements.txt"
"$venv/bin/python" - <<'PY'
from importlib import metadata
for d in ("trafilatura", "readability-lxml", "jusText", "Resiliparse", "lxml"):
    print(f"{d}=={metadata.version(d)}")
import trafilatura, readability, justext, resiliparse.extract.html2text  # noqa: F401  (imports work)
PY
