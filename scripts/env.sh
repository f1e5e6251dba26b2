# Shared environment for the project's scripts: one persistent target dir outside the clone, so
# a fresh clone (and CI on the same machine) reuses earlier builds.
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pacer/target}
