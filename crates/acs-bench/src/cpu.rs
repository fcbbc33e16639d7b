//! CPU time and peak memory of a process, from `/proc` (no unsafe code, no libc).

use std::fs;

/// CPU time (user + system, nanoseconds) of all live threads of process `pid` ("self" for this
/// one), from `/proc/<pid>/task/*/schedstat`, whose first field is the time on CPU in ns.
pub fn cpu_ns(pid: &str) -> u64 {
    let Ok(tasks) = fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .filter_map(|task| task.ok())
        .filter_map(|task| fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// A line of `/proc/<pid>/status` in KiB (`VmHWM`: peak RSS, `VmRSS`: current RSS).
pub fn status_kib(pid: &str, field: &str) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix(field)?
                    .trim_start_matches(':')
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0)
}
