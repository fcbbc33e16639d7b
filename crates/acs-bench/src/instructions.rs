//! Instructions per call, counted by callgrind (valgrind): the same count for the same binary
//! and inputs whatever else the machine is doing, so the ratio of two sides does not move with
//! the noise of a shared machine as CPU time does. It counts user-space instructions only (no
//! kernel time, no cache misses), so it complements the CPU rows rather than replacing them.

use std::process::Command;

use crate::{Failure, Setup};

/// Whether `valgrind` can be run here.
pub fn available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Instructions per call of `side` doing `op`: the count for `high` calls minus the count for
/// `low` calls (which takes out start-up, the TLS handshake and the warm-up), over the
/// difference; for `list`, per listed message (`items` per call).
pub fn per_call(side: &str, op: &str, setup: &Setup) -> Result<f64, Failure> {
    let (low, high) = if op == "list" { (1, 3) } else { (50, 250) };
    let (low_count, items) = count(side, op, low, setup)?;
    let (high_count, _) = count(side, op, high, setup)?;
    let calls = f64::from(high - low) * items.max(1.0);
    Ok((high_count - low_count) / calls)
}

/// The instructions one client process of `n` calls executes, and the items of its last call.
fn count(side: &str, op: &str, n: u32, setup: &Setup) -> Result<(f64, f64), Failure> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(std::env::current_exe()?)
        .args(["client", "--side", side, "--op", op, "--n", &n.to_string()])
        .env("ACS_BENCH_SETUP", serde_json::to_string(setup)?)
        .output()?;
    if !output.status.success() {
        return Err(format!("valgrind acs-bench client --side {side} --op {op} failed").into());
    }
    let report = String::from_utf8_lossy(&output.stderr);
    let collected = collected(&report)
        .ok_or_else(|| format!("no `Collected :` line in callgrind's report:\n{report}"))?;
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    Ok((collected, doc["items"].as_f64().unwrap_or(1.0)))
}

/// The count in callgrind's `==pid== Collected : 12345` line.
fn collected(report: &str) -> Option<f64> {
    report.lines().find_map(|line| {
        let (_, count) = line.split_once("Collected :")?;
        count.trim().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_collected_line() {
        let report = "==12== Events    : Ir\n==12== Collected : 945113\n==12==\n==12== I   refs:      945,113\n";
        assert_eq!(collected(report), Some(945_113.0));
        assert_eq!(collected("==12== nothing here\n"), None);
    }
}
