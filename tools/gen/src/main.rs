//! `pacer-sdk-gen`: writes every file generated from the surface descriptors
//! (`pacer_sdk::surface::describe()`), or with `--check` fails when a checked-in one differs
//! from what the descriptors give (the test command runs the check). A field added to a model
//! in core therefore reaches the Python stubs, `index.d.ts`, the WIT and the conformance
//! scenario only through here.
//!
//! Each target owns either a whole file or the text between `BEGIN` / `END` marker lines in a
//! file whose other parts are written by hand.

mod node;
mod python;
mod scenario;
mod wit;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

/// One generated file, or one generated section of a file.
pub struct Target {
    /// The file, relative to the workspace root.
    pub path: &'static str,
    /// The marker name of the section it owns (`None`: the whole file).
    pub section: Option<&'static str>,
    /// The generated text.
    pub render: fn(&Value) -> String,
}

fn targets() -> Vec<Target> {
    let mut t = Vec::new();
    t.extend(scenario::targets());
    t.extend(python::targets());
    t.extend(node::targets());
    t.extend(wit::targets());
    t
}

/// The marker lines around a section, in the file's comment syntax.
fn markers(path: &str, section: &str) -> (String, String) {
    let comment = if path.ends_with(".pyi") || path.ends_with(".py") {
        "#"
    } else {
        "//"
    };
    (
        format!("{comment} BEGIN GENERATED {section} (pacer-sdk-gen; do not edit)"),
        format!("{comment} END GENERATED {section}"),
    )
}

/// `current` with `target`'s part replaced by `generated`.
fn splice(target: &Target, current: &str, generated: &str) -> Result<String, String> {
    let Some(section) = target.section else {
        return Ok(generated.to_string());
    };
    let (begin, end) = markers(target.path, section);
    let start = current
        .find(&begin)
        .ok_or_else(|| format!("{}: no line {begin:?}", target.path))?;
    let after = start + begin.len();
    let stop = current[after..]
        .find(&end)
        .map(|i| after + i)
        .ok_or_else(|| format!("{}: no line {end:?} after {begin:?}", target.path))?;
    Ok(format!(
        "{}{begin}\n{}{}",
        &current[..start],
        generated,
        &current[stop..]
    ))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tools/gen sits two levels below the workspace root")
        .to_path_buf()
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let surface = pacer_sdk::surface::describe();
    let root = root();
    let mut stale = Vec::new();
    for target in targets() {
        let path = root.join(target.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = (target.render)(&surface);
        let next = match splice(&target, &current, &generated) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("pacer-sdk-gen: {e}");
                return ExitCode::FAILURE;
            }
        };
        if next == current {
            continue;
        }
        if check {
            stale.push(target.path);
        } else if let Err(e) = std::fs::write(&path, next) {
            eprintln!("pacer-sdk-gen: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        } else {
            println!("wrote {}", target.path);
        }
    }
    if !stale.is_empty() {
        stale.dedup();
        eprintln!(
            "pacer-sdk-gen: generated files differ from the descriptors: {}\nrun `cargo run -p pacer-sdk-gen` and commit the result",
            stale.join(", ")
        );
        return ExitCode::FAILURE;
    }
    if check {
        println!("every generated surface matches the descriptors");
    }
    ExitCode::SUCCESS
}
