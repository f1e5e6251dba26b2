#!/usr/bin/env bash
# The release check: builds every distributable the way its ecosystem publishes it, installs each
# into a fresh place (nothing of the repository on any path), and makes one call against a local
# emulator from each.
#   Rust    cargo publish --dry-run of pacer-sdk-core, pacer-sdk-emulator, pacer-sdk and
#           pacer-sdk-cli (packaged and verified against each other as crates.io would serve
#           them); a fresh Cargo project that depends on the packaged crates (so they resolve
#           as a user's would) makes a call through pacer-sdk and runs the packaged CLI.
#   Python  maturin sdist and maturin build --release; twine check; auditwheel show (manylinux);
#           the wheel, the sdist and `pip install ./bindings-python` each in a fresh venv.
#   Node    napi build --platform --release; pacer-sdk and its per-platform package packed and
#           installed into a fresh folder (CommonJS and ES module).
# scripts/test.sh runs it; it also runs on its own. Options: --rust, --python, --node (default all).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
root=$PWD

parts=()
for arg in "$@"; do
  case $arg in
    --rust | --python | --node) parts+=("${arg#--}") ;;
    *) echo "usage: $0 [--rust] [--python] [--node]" >&2; exit 2 ;;
  esac
done
[ ${#parts[@]} -gt 0 ] || parts=(rust python node)
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }

started=$SECONDS
step() { printf '\n== %s (at %ds)\n' "$*" $((SECONDS - started)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
cache="$(dirname "$CARGO_TARGET_DIR")"

if wants rust; then
  step "Rust: cargo publish --dry-run (pacer-sdk-core, pacer-sdk-emulator, pacer-sdk, pacer-sdk-cli)"
  # Cargo treats registry sources as immutable: it keeps its unpacked copies and the builds made
  # from them by name and version, so a second run of one version would verify stale code. The
  # verification builds in its own target dir (its dependencies stay cached there) and the
  # pacer-sdk copies and builds are dropped first (no real crate has these names).
  verify="$CARGO_TARGET_DIR/publish-verify"
  rm -rf "$verify/package" "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/pacer-sdk-* \
    "$verify"/debug/.fingerprint/pacer-sdk* "$verify"/debug/deps/*pacer_sdk*
  # --allow-dirty only matters in a working tree; CI runs this on a clean clone.
  cargo publish --dry-run --allow-dirty --quiet --target-dir "$verify" \
    -p pacer-sdk-core -p pacer-sdk-emulator -p pacer-sdk -p pacer-sdk-cli
  packaged="$verify/package"
  patch=()
  for crate in pacer-sdk-core pacer-sdk-emulator pacer-sdk pacer-sdk-cli; do
    [ -f "$packaged/$crate-$version/Cargo.toml" ] || { echo "no packaged $crate-$version" >&2; exit 1; }
    patch+=(--config "patch.crates-io.$crate.path=\"$packaged/$crate-$version\"")
  done

  step "Rust: a fresh project using the packaged crates (the library, and the CLI's main)"
  mkdir -p "$work/rust-app/src/bin"
  cat > "$work/rust-app/Cargo.toml" <<EOF
[package]
name = "release-check-app"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
pacer-sdk = "$version"
pacer-sdk-emulator = "$version"
pacer-sdk-cli = "$version"
EOF
  # The workspace's lock, so the registry dependencies resolve to the versions tested here
  # (cargo drops what the app does not use).
  cp Cargo.lock "$work/rust-app/"
  cat > "$work/rust-app/src/main.rs" <<'EOF'
use pacer_sdk::Syncore;
use pacer_sdk_emulator::{Emulator, EmulatorConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emu = Emulator::start_blocking(EmulatorConfig { virtual_clock: true, jobs: 50, ..Default::default() })?;
    let client = Syncore::builder()
        .api_key(emu.api_key())
        .user_agent("AcmeSync/1.0")
        .base_url(emu.base_url())
        .clock(emu.clock())
        .ledger("memory")
        .build_syncore()?;
    let groups = client.client_groups().list()?.collect::<Result<Vec<_>, _>>()?;
    assert!(!groups.is_empty(), "no client groups");
    println!("Rust: the packaged pacer-sdk works ({} client groups)", groups.len());
    Ok(())
}
EOF
  # The packaged CLI's own main (src/main.rs of pacer-sdk-cli) is this one line.
  echo 'fn main() -> std::process::ExitCode { pacer_sdk_cli::run() }' > "$work/rust-app/src/bin/pacer.rs"
  (cd "$work/rust-app" && cargo build --quiet --bins "${patch[@]}")
  app_bin="$CARGO_TARGET_DIR/debug"
  "$app_bin/release-check-app"

  step "Rust: the packaged CLI (pacer) against its own emulator"
  "$app_bin/pacer" --version
  "$app_bin/pacer" emulator syncore --virtual-clock --jobs 50 > "$work/emulator.out" &
  emulator_pid=$!
  trap 'kill $emulator_pid 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 100); do grep -q 'api key' "$work/emulator.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^Syncore emulator at //p' "$work/emulator.out")
  key=$(sed -n 's/^  api key: *//p' "$work/emulator.out")
  SYNCORE_API_KEY=$key PACER_USER_AGENT=AcmeSync/1.0 "$app_bin/pacer" --ledger memory \
    --base-url "$url" --clock "emulator:$url" syncore payment_types list --format json > "$work/types.json"
  kill $emulator_pid
  count=$(grep -o '"id"' "$work/types.json" | wc -l)
  [ "$count" -gt 0 ] || { echo "pacer listed no payment types" >&2; exit 1; }
  echo "CLI: the packaged pacer works ($count payment types)"
fi

if wants python; then
  venv="${PACER_PY_VENV:-$cache/venv-python}"
  python="${PYTHON:-python3}"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.9,<2" twine auditwheel
  dist="$work/python-dist"

  step "Python: maturin sdist, maturin build --release"
  "$venv/bin/maturin" sdist -m bindings-python/Cargo.toml -o "$dist"
  "$venv/bin/maturin" build --release -m bindings-python/Cargo.toml -i "$venv/bin/python" -o "$dist"
  wheel=$(ls "$dist"/pacer_sdk-*.whl)
  sdist=$(ls "$dist"/pacer_sdk-*.tar.gz)

  step "Python: twine check, auditwheel show"
  "$venv/bin/twine" check --strict "$wheel" "$sdist"
  "$venv/bin/auditwheel" show "$wheel" | tee "$work/auditwheel.txt"
  grep -q 'consistent with the following platform tag: *"manylinux' <(tr -s ' \n' ' ' < "$work/auditwheel.txt") \
    || { echo "the wheel is not a manylinux wheel" >&2; exit 1; }

  one_call='
import pacer_sdk
with pacer_sdk.Emulator(virtual_clock=True, jobs=20) as emu:
    c = pacer_sdk.Syncore(api_key=emu.api_key, user_agent="AcmeSync/1.0", base_url=emu.base_url,
                          clock=emu.clock, ledger="memory")
    types = c.payment_types.list().to_list()
    assert types and isinstance(types[0], pacer_sdk.PaymentType), types
print("Python (%s): pacer-sdk %s works (%d payment types)" % (__import__("sys").argv[1], pacer_sdk.__version__, len(types)))
'
  for how in wheel sdist directory; do
    step "Python: pip install ($how) into a fresh venv"
    "$python" -m venv "$work/venv-$how"
    case $how in
      wheel) "$work/venv-$how/bin/pip" install -q --disable-pip-version-check "$wheel" ;;
      sdist) "$work/venv-$how/bin/pip" install -q --disable-pip-version-check --no-cache-dir "$sdist" ;;
      directory) "$work/venv-$how/bin/pip" install -q --disable-pip-version-check --no-cache-dir ./bindings-python ;;
    esac
    (cd "$work" && "$work/venv-$how/bin/python" -c "$one_call" "$how")
  done
fi

if wants node; then
  cd "$root/bindings-node"
  step "Node: npm ci, napi build --platform --release"
  npm ci --no-audit --no-fund --loglevel=error
  npx --no-install napi build --platform --release --js native.js --dts native.d.ts
  step "Node: npm pack (pacer-sdk, per-platform package), installed into a fresh folder"
  mkdir -p "$work/node-packs"
  scripts/pack.sh "$work/node-packs"
  scripts/install-check.sh "$work/node-packs"
  # The tests use a debug addon; leave the tree as scripts/test-node.sh left it.
  npx --no-install napi build --platform --js native.js --dts native.d.ts >/dev/null 2>&1
  cd "$root"
fi

printf '\nrelease check: every package builds, installs and works (%ss)\n' "$((SECONDS - started))"
