#!/usr/bin/env bash
# Tests the Python binding: builds the `pacer-sdk` wheel (debug) with maturin, checks that it installs
# into a fresh venv, then installs it into the tools venv, runs mypy --strict on the example
# script and the pytest suite (against pacer_sdk.Emulator over real HTTP). Exits non-zero on any
# failure. The venv and the wheels live beside the target dir, outside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

started=$SECONDS
step() { printf '\n== %s\n' "$*"; }

cache="$(dirname "$CARGO_TARGET_DIR")"
venv="${PACER_PY_VENV:-$cache/venv-python}"
wheels="$CARGO_TARGET_DIR/wheels-python"
python="${PYTHON:-python3}"

step "tools venv ($venv)"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
    "maturin>=1.9,<2" pytest mypy pydantic requests

step "build the wheel (maturin, debug)"
rm -rf "$wheels"
"$venv/bin/maturin" build -m bindings-python/Cargo.toml -i "$venv/bin/python" -o "$wheels"
wheel=$(ls "$wheels"/pacer_sdk-*.whl)

step "pip install into a fresh venv"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$python" -m venv "$fresh/venv"
"$fresh/venv/bin/python" -m pip install -q --disable-pip-version-check --no-index "$wheel"
(cd "$fresh" && "$fresh/venv/bin/python" -c '
import decimal, pacer_sdk
with pacer_sdk.Emulator(virtual_clock=True, jobs=20) as emu:
    c = pacer_sdk.Syncore(api_key=emu.api_key, user_agent="t/1", base_url=emu.base_url, clock=emu.clock, ledger="memory")
    types = c.payment_types.list().to_list()
    assert types and isinstance(types[0], pacer_sdk.PaymentType), types
print("pacer-sdk", pacer_sdk.__version__, "imports and runs from a fresh venv")
')

step "install into the tools venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"

export PYTHONDONTWRITEBYTECODE=1 MYPY_CACHE_DIR="$cache/mypy-cache-python"

step "mypy --strict on the example script"
"$venv/bin/mypy" --strict bindings-python/examples/sync_to_accounting.py

step "pytest"
"$venv/bin/python" -m pytest -p no:cacheprovider -q bindings-python/tests

printf '\npython binding: all checks passed in %ss\n' "$((SECONDS - started))"
