//! Instructions per request of each driver layer, counted by callgrind (repeatable whatever
//! else the machine does), against an emulator in another process: bare reqwest + serde_json
//! versus the pacer client with the memory and the SQLite ledger. Needs valgrind.

use std::process::{Command, Stdio};

fn instructions(layers: &str, variant: &str, n: usize, url: &str, key: &str) -> f64 {
    let out = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            layers,
            variant,
            &n.to_string(),
        ])
        .env("EMU_URL", url)
        .env("EMU_KEY", key)
        .output()
        .expect("valgrind runs");
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .find(|l| l.contains("I   refs:"))
        .unwrap_or_else(|| panic!("no instruction count: {text}"));
    line.rsplit(':')
        .next()
        .unwrap()
        .trim()
        .replace(',', "")
        .parse()
        .unwrap()
}

fn main() {
    if Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        println!("instructions per request: skipped (valgrind is not installed)");
        return;
    }
    let dir = std::env::current_exe().unwrap();
    let mut emulator = Command::new(dir.with_file_name("pacer-emulator"))
        .args(["--no-quota", "--jobs", "400"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the release emulator is built (scripts/bench.sh builds it)");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(emulator.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let info: serde_json::Value = serde_json::from_str(&line).unwrap();
    let (url, key) = (
        info["base_url"].as_str().unwrap(),
        info["api_key"].as_str().unwrap(),
    );
    let layers = dir.with_file_name("layers");
    let layers = layers.to_str().unwrap();
    // The difference between 1,200 and 200 requests cancels start-up work.
    let per_request = |variant: &str| {
        (instructions(layers, variant, 1_200, url, key)
            - instructions(layers, variant, 200, url, key))
            / 1_000.0
    };
    println!("instructions per request (callgrind), GET one job, emulator in another process");
    let bare = per_request("bare");
    let memory = per_request("memory");
    let sqlite = per_request("sqlite");
    println!("  bare reqwest + serde_json      {:>9.0}", bare);
    println!("  pacer, memory ledger           {:>9.0}", memory);
    println!("  pacer, SQLite ledger           {:>9.0}", sqlite);
    println!(
        "ratio pacer (memory ledger) / bare: {:.2}x instructions   (target ≤ 1.10x)",
        memory / bare
    );
    println!(
        "ratio pacer (SQLite ledger) / bare: {:.2}x instructions",
        sqlite / bare
    );
    let _ = emulator.kill();
    let _ = emulator.wait();
}
