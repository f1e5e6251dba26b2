#!/usr/bin/env bash
# The Python benchmark: builds a release wheel, installs it with pydantic and requests into the
# tools venv (the one scripts/test-python.sh uses), and prints pacer's figures side by side with
# requests + json and pydantic v2.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

cache="$(dirname "$CARGO_TARGET_DIR")"
venv="${PACER_PY_VENV:-$cache/venv-python}"
wheels="$CARGO_TARGET_DIR/wheels-python-release"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.9,<2" pydantic requests
rm -rf "$wheels"
"$venv/bin/maturin" build --release -q -m bindings-python/Cargo.toml -i "$venv/bin/python" -o "$wheels"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheels"/pacer-*.whl
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" bench/python/bench.py
