#!/usr/bin/env bash
# Runs the Rust test suite, and the Python and Node quota tests, with the machine's date moved
# (libfaketime, from Debian's `faketime` package) to dates where calendar code breaks:
#   - the day of a US DST change (2027-03-14, 06:58 UTC: the run straddles 02:00 EST -> 03:00 EDT),
#   - 31 December 23:30 in New York (the UTC year has turned, New York's has not),
#   - 29 February 2028,
#   - a year after the day this was written (2027-12-02).
# A test that only passes on the day it was written fails here.
#
# The clock is moved by a constant offset (FAKETIME="+Ns"), not pinned: every process of a run
# (cargo's test binaries, the emulator and CLI subprocesses, Python, Node) sees the same moved
# time, and it keeps running. Monotonic clocks are left alone (timers, Instant).
#
# Programs linked with jemalloc deadlock under libfaketime (wolfcw/libfaketime#130): rustc,
# rustdoc and redis-server. So everything is built on the real clock first, the doc-tests (all
# compile-only) are not rerun here, and the tests start redis-server without libfaketime
# (tests/client/tests/common; only `time=server` reads Redis's clock, and its expiries are relative).
#
# Usage: scripts/test-dates.sh [--rust] [--python] [--node] [DATE...]   (default: all three,
# every date above). The wheel and the addon must already be built (scripts/test-python.sh and
# scripts/test-node.sh do that); scripts/test.sh runs this after them.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

suites=()
dates=()
for arg in "$@"; do
  case $arg in
    --rust | --python | --node) suites+=("${arg#--}") ;;
    -*) echo "usage: $0 [--rust] [--python] [--node] [DATE...]" >&2; exit 2 ;;
    *) dates+=("$arg") ;;
  esac
done
[ ${#suites[@]} -gt 0 ] || suites=(rust python node)
[ ${#dates[@]} -gt 0 ] || dates=(
  "2027-03-14T06:58:00Z"
  "2027-01-01T04:30:00Z"
  "2028-02-29T12:00:00Z"
  "2027-12-02T15:00:00Z"
)

started=$SECONDS
step() { printf '\n== %s (at %ds)\n' "$*" $((SECONDS - started)); }

if ! command -v faketime >/dev/null 2>&1; then
  echo "installing faketime (libfaketime)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
fi

cache="$(dirname "$CARGO_TARGET_DIR")"
venv="${PACER_PY_VENV:-$cache/venv-python}"

# Build first, on the real clock, so that only the tests run with the date moved (and rustc
# never runs under libfaketime).
# The test binaries are then run directly (each from its package's folder, as cargo does), so
# neither cargo nor rustc ever runs under libfaketime, not even to re-read its version when
# another build has touched the target directory's cache.
rust_targets=(--lib --bins --tests)
rust_tests=()
for suite in "${suites[@]}"; do
  if [ "$suite" = rust ]; then
    artifacts=$(mktemp)
    cargo test --no-run -q --message-format=json "${rust_targets[@]}" >"$artifacts"
    mapfile -t rust_tests < <(python3 -c '
import json, os, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(os.path.dirname(m["manifest_path"]) + "\t" + m["executable"])
' <"$artifacts")
    rm -f "$artifacts"
    [ ${#rust_tests[@]} -gt 0 ] || { echo "no Rust test binaries were built" >&2; exit 1; }
  fi
done

run_rust_tests() {
  local entry dir exe
  for entry in "${rust_tests[@]}"; do
    dir=${entry%%$'\t'*}
    exe=${entry#*$'\t'}
    (cd "$dir" && faketime -f "$FAKETIME" "$exe" -q) || { echo "failed under the moved date: $exe" >&2; return 1; }
  done
}

for date in "${dates[@]}"; do
  target=$(date -u -d "$date" +%s)
  offset=$((target - $(date -u +%s)))
  printf -v FAKETIME '%+d' "$offset"
  export FAKETIME FAKETIME_DONT_FAKE_MONOTONIC=1
  shown=$(faketime -f "$FAKETIME" date -u +%Y-%m-%dT%H:%M:%SZ)
  shown_ny=$(TZ=America/New_York faketime -f "$FAKETIME" date '+%Y-%m-%d %H:%M %Z')
  for suite in "${suites[@]}"; do
    step "$suite tests on $shown ($shown_ny)"
    case $suite in
      rust) run_rust_tests ;;
      python)
        [ -x "$venv/bin/python" ] || { echo "the Python venv is missing: run scripts/test-python.sh first" >&2; exit 1; }
        PYTHONDONTWRITEBYTECODE=1 faketime -f "$FAKETIME" "$venv/bin/python" -m pytest -p no:cacheprovider -q \
          bindings-python/tests/test_quota.py ;;
      node)
        (cd bindings-node && faketime -f "$FAKETIME" node --test test/quota.test.js) ;;
    esac
  done
done

printf '\ndate matrix: every suite passed on every date in %ss\n' "$((SECONDS - started))"
