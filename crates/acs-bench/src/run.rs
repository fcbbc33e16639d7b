//! The orchestrator: starts the servers, sets up the data, runs every pair interleaved in
//! fresh client processes and prints the table.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};

use acs_chat::options::ChatClientOptions;
use acs_chat::{ChatClient, CommunicationTokenCredential};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::CommunicationTokenScope;
use acs_identity::options::CommunicationIdentityClientOptions;

use crate::{Failure, Setup, cpu, flag, instructions};

/// A server child process; closing its stdin stops it.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    doc: serde_json::Value,
}

impl Server {
    fn start(args: &[&str]) -> Result<Self, Failure> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let doc: serde_json::Value = serde_json::from_str(&line)?;
        Ok(Self { child, stdin, doc })
    }

    fn pid(&self) -> String {
        self.doc["pid"].to_string()
    }

    fn text(&self, field: &str) -> String {
        self.doc[field].as_str().unwrap_or_default().to_owned()
    }

    fn stop(mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// Runs a child `acs-bench` command with `setup` and parses the JSON line it prints.
fn child(args: &[&str], setup: &Setup) -> Result<serde_json::Value, Failure> {
    let output = Command::new(std::env::current_exe()?)
        .args(args)
        .env("ACS_BENCH_SETUP", serde_json::to_string(setup)?)
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        return Err(format!("acs-bench {args:?} failed").into());
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

fn number(doc: &serde_json::Value, field: &str) -> f64 {
    doc[field].as_f64().unwrap_or(0.0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// A user with a chat token and a thread holding `messages` messages, made through the SDK.
async fn prepare(server: &Server, messages: usize) -> Result<Setup, Failure> {
    let mut setup = Setup {
        endpoint: server.text("endpoint"),
        connection_string: server.text("connection_string"),
        access_key: String::new(),
        token: String::new(),
        thread: String::new(),
        ca: server.doc["ca"].as_str().map(str::to_owned),
    };
    setup.access_key = setup
        .connection_string
        .split(';')
        .find_map(|part| {
            let (name, value) = part.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("accesskey")
                .then(|| value.trim().to_owned())
        })
        .ok_or("the connection string has no access key")?;
    let http = setup.http()?;
    let identity = CommunicationIdentityClient::from_connection_string(
        &setup.connection_string,
        Some({
            let mut options = CommunicationIdentityClientOptions::default();
            options.http_client = Some(http.clone());
            options
        }),
    )?;
    let user = identity
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await?;
    setup.token = user.access_token.token.expose_secret().to_owned();
    let chat = ChatClient::new(
        &setup.endpoint,
        CommunicationTokenCredential::from_token(setup.token.clone())?,
        Some({
            let mut options = ChatClientOptions::default();
            options.http_client = Some(http);
            options
        }),
    )?;
    let created = chat.create_chat_thread("bench", None).await?;
    setup.thread = created.thread.id.clone();
    let thread = chat.chat_thread_client(setup.thread.clone())?;
    for index in 0..messages {
        thread
            .send_message(format!("message {index}"), None)
            .await?;
    }
    Ok(setup)
}

struct Row {
    name: &'static str,
    ours: String,
    theirs: String,
    ratio: f64,
    goal: &'static str,
}

fn print_table(title: (&str, &str), rows: &[Row]) {
    println!();
    println!(
        "| {:<48} | {:>14} | {:>14} | {:>7} | {:<8} |",
        "measure", title.0, title.1, "ratio", "goal"
    );
    println!(
        "|{:-<50}|{:->16}|{:->16}|{:->9}|{:-<10}|",
        "", "", "", "", ""
    );
    for row in rows {
        println!(
            "| {:<48} | {:>14} | {:>14} | {:>7.2} | {:<8} |",
            row.name, row.ours, row.theirs, row.ratio, row.goal
        );
    }
}

/// `188.7 k` for 188 700 (instructions).
fn thousands(count: f64) -> String {
    format!("{:.1} k", count / 1_000.0)
}

fn micros(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else {
        format!("{:.2} µs", ns / 1_000.0)
    }
}

/// `bash -c '<cli> identity user create ...; times'`: the whole CLI process's user + sys.
fn cli_cpu(cli: &str, setup: &Setup) -> Result<f64, Failure> {
    let script = r#""$ACS_BENCH_CLI" identity user create --ca-cert "$ACS_BENCH_CA" >/dev/null || exit 1; times"#;
    let output = Command::new("bash")
        .args(["-c", script])
        .env("ACS_BENCH_CLI", cli)
        .env("ACS_BENCH_CA", setup.ca.clone().unwrap_or_default())
        .env("ACS_CONNECTION_STRING", &setup.connection_string)
        .output()?;
    if !output.status.success() {
        return Err(format!("{cli} identity user create failed").into());
    }
    // The second line of `times`: the children's user and system time, e.g. "0m0.004s 0m0.002s".
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().nth(1).ok_or("no `times` output")?;
    let seconds = line
        .split_whitespace()
        .filter_map(|field| {
            let (minutes, rest) = field.split_once('m')?;
            let seconds: f64 = rest.trim_end_matches('s').parse().ok()?;
            Some(minutes.parse::<f64>().ok()? * 60.0 + seconds)
        })
        .sum::<f64>();
    Ok(seconds * 1e9)
}

/// `serve-setup [--messages M]`: the TLS emulator with a user, a token and a thread of `M`
/// messages; prints the [`Setup`] as one JSON line (for `ACS_BENCH_SETUP`) and serves until
/// stdin closes. For profiling one client process by hand (`perf record ... acs-bench client`).
pub fn serve_setup(flags: &HashMap<String, String>) -> Result<(), Failure> {
    let messages: usize = flag(flags, "messages", 0);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let tls = Server::start(&["serve-emulator", "--tls"])?;
    let setup = runtime.block_on(prepare(&tls, messages))?;
    println!("{}", serde_json::to_string(&setup)?);
    let mut line = String::new();
    while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
        line.clear();
    }
    tls.stop();
    Ok(())
}

pub fn run(flags: &HashMap<String, String>) -> Result<(), Failure> {
    let n: u64 = flag(flags, "n", 500);
    let rounds: usize = flag(flags, "rounds", 3);
    let load: u64 = flag(flags, "load", 20_000);
    let list_messages: usize = flag(flags, "messages", 5000);
    let big_thread: u64 = flag(flags, "big", 100_000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;

    // Clients: the TLS emulator.
    eprintln!("acs-bench: setting up the TLS emulator ({list_messages} messages)...");
    let tls = Server::start(&["serve-emulator", "--tls"])?;
    let setup = runtime.block_on(prepare(&tls, list_messages))?;
    let mut per_call: HashMap<(&str, &str), Vec<f64>> = HashMap::new();
    let mut hwm: HashMap<&str, Vec<f64>> = HashMap::new();
    let n_text = n.to_string();
    for round in 0..rounds {
        eprintln!("acs-bench: client round {}/{rounds}", round + 1);
        for op in ["create", "send", "list"] {
            let sides = if round % 2 == 0 {
                ["sdk", "raw", "raw-same"]
            } else {
                ["raw-same", "raw", "sdk"]
            };
            for side in sides {
                let calls = if op == "list" {
                    "3".to_owned()
                } else {
                    n_text.clone()
                };
                let result = child(
                    &["client", "--side", side, "--op", op, "--n", &calls],
                    &setup,
                )?;
                let units = number(&result, "calls") * number(&result, "items").max(1.0);
                per_call
                    .entry((side, op))
                    .or_default()
                    .push(number(&result, "cpu_ns") / units);
                hwm.entry(side)
                    .or_default()
                    .push(number(&result, "hwm_kib"));
            }
        }
    }
    // Instructions per call (callgrind), when valgrind is here and not turned off.
    let mut counted: HashMap<(&str, &str), f64> = HashMap::new();
    if flags.get("instructions").is_none_or(|value| value != "off") && instructions::available() {
        eprintln!("acs-bench: instructions per call (callgrind)...");
        for op in ["create", "send", "list"] {
            for side in ["sdk", "raw", "raw-same"] {
                counted.insert((side, op), instructions::per_call(side, op, &setup)?);
            }
        }
    }
    let mut first: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut first_hwm: HashMap<&str, Vec<f64>> = HashMap::new();
    for _ in 0..5 {
        for side in ["sdk", "raw", "raw-platform", "raw-aws-lc"] {
            let result = child(&["first", "--side", side], &setup)?;
            first
                .entry(side)
                .or_default()
                .push(number(&result, "cpu_ns"));
            first_hwm
                .entry(side)
                .or_default()
                .push(number(&result, "hwm_kib"));
        }
    }
    let mut setup_cpu: HashMap<&str, Vec<f64>> = HashMap::new();
    for _ in 0..5 {
        for side in ["sdk", "platform"] {
            let result = child(&["tls-setup", "--side", side], &setup)?;
            setup_cpu
                .entry(side)
                .or_default()
                .push(number(&result, "cpu_ns"));
        }
    }
    let mut cli_rows = Vec::new();
    let cli = flags.get("cli").cloned();
    let cli_before = flags.get("cli-before").cloned();
    if let Some(cli) = &cli {
        let mut after = Vec::new();
        let mut before = Vec::new();
        for _ in 0..5 {
            after.push(cli_cpu(cli, &setup)?);
            if let Some(old) = &cli_before {
                before.push(cli_cpu(old, &setup)?);
            }
        }
        let after = median(after);
        let before = if before.is_empty() {
            f64::NAN
        } else {
            median(before)
        };
        cli_rows.push(Row {
            name: "`acs identity user create` whole process CPU",
            ours: micros(after),
            theirs: if before.is_nan() {
                "-".into()
            } else {
                micros(before)
            },
            ratio: after / before,
            goal: "≤ 3 ms",
        });
    }
    tls.stop();

    // Servers: the emulator (plain HTTP) against a bare hyper JSON server.
    eprintln!("acs-bench: emulator against bare hyper ({load} requests per run)...");
    let emulator = Server::start(&["serve-emulator"])?;
    let bare = Server::start(&["serve-bare"])?;
    let plain = runtime.block_on(prepare(&emulator, 0))?;
    let load_text = load.to_string();
    type Samples = (Vec<f64>, Vec<f64>);
    let mut server: HashMap<(&str, &str), Samples> = HashMap::new();
    for round in 0..rounds {
        for request in ["GET", "POST"] {
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for which in order {
                let (name, target) = if which == 0 {
                    ("emulator", &emulator)
                } else {
                    ("bare", &bare)
                };
                let base = target.text("endpoint");
                let url = if request == "GET" {
                    format!(
                        "{base}/chat/threads/{}?api-version=2025-03-15",
                        plain.thread
                    )
                } else {
                    format!(
                        "{base}/chat/threads/{}/messages?api-version=2025-03-15",
                        plain.thread
                    )
                };
                let before = cpu::cpu_ns(&target.pid());
                let result = child(
                    &[
                        "load",
                        "--url",
                        &url,
                        "--method",
                        request,
                        "--token",
                        &plain.token,
                        "--n",
                        &load_text,
                        "--conns",
                        "4",
                    ],
                    &plain,
                )?;
                let used = (cpu::cpu_ns(&target.pid()) - before) as f64;
                if number(&result, "failures") > 0.0 {
                    return Err(format!("{name} {request}: failed requests").into());
                }
                let entry = server.entry((name, request)).or_default();
                entry.0.push(used / load as f64);
                entry.1.push(load as f64 * 1e9 / number(&result, "wall_ns"));
            }
        }
    }
    bare.stop();

    // Memory per stored message and the newest page of a 100 000-message thread.
    eprintln!("acs-bench: {big_thread} messages into one thread...");
    let big = runtime.block_on(prepare(&emulator, 0))?;
    let rss_before = cpu::status_kib(&emulator.pid(), "VmRSS");
    let base = emulator.text("endpoint");
    let messages_url = format!(
        "{base}/chat/threads/{}/messages?api-version=2025-03-15",
        big.thread
    );
    child(
        &[
            "load",
            "--url",
            &messages_url,
            "--method",
            "POST",
            "--token",
            &big.token,
            "--n",
            "100000",
            "--conns",
            "4",
        ],
        &big,
    )?;
    let rss_after = cpu::status_kib(&emulator.pid(), "VmRSS");
    let page = child(
        &[
            "load",
            "--url",
            &format!("{messages_url}&maxPageSize=100"),
            "--token",
            &big.token,
            "--n",
            "200",
            "--conns",
            "1",
        ],
        &big,
    )?;
    emulator.stop();

    let ratio_row = |name, ours: f64, theirs: f64, goal| Row {
        name,
        ours: micros(ours),
        theirs: micros(theirs),
        ratio: ours / theirs,
        goal,
    };
    let m = |side, op| median(per_call.get(&(side, op)).cloned().unwrap_or_default());
    let mut rows = vec![
        ratio_row(
            "create_user_and_token, CPU per call",
            m("sdk", "create"),
            m("raw", "create"),
            "≤ 1.10",
        ),
        ratio_row(
            "send_message, CPU per call",
            m("sdk", "send"),
            m("raw", "send"),
            "≤ 1.10",
        ),
        ratio_row(
            "list messages (pages of 100), CPU per message",
            m("sdk", "list"),
            m("raw", "list"),
            "≤ 1.00",
        ),
    ];
    // The same, against a raw loop that sends the SDK's request header for header.
    for (name, op) in [
        ("create_user_and_token, CPU, raw + SDK headers", "create"),
        ("send_message, CPU, raw + SDK headers", "send"),
        ("list messages, CPU per message, raw + SDK h.", "list"),
    ] {
        rows.push(ratio_row(name, m("sdk", op), m("raw-same", op), "(info)"));
    }
    // Instructions per call (when counted), against each raw loop.
    for (baseline, names) in [
        (
            "raw",
            [
                "create_user_and_token, instructions per call",
                "send_message, instructions per call",
                "list messages, instructions per message",
            ],
        ),
        (
            "raw-same",
            [
                "create_user_and_token, instr., raw + SDK headers",
                "send_message, instr., raw + SDK headers",
                "list messages, instr./message, raw + SDK h.",
            ],
        ),
    ] {
        for (op, name) in ["create", "send", "list"].into_iter().zip(names) {
            if let (Some(&ours), Some(&theirs)) =
                (counted.get(&("sdk", op)), counted.get(&(baseline, op)))
            {
                rows.push(Row {
                    name,
                    ours: thousands(ours),
                    theirs: thousands(theirs),
                    ratio: ours / theirs,
                    goal: "(info)",
                });
            }
        }
    }
    rows.push(ratio_row(
        "first call of a process, CPU (ring; TLS)",
        median(first.remove("sdk").unwrap_or_default()),
        median(first.remove("raw").unwrap_or_default()),
        "≤ 3 ms",
    ));
    let platform = median(first.remove("raw-platform").unwrap_or_default());
    rows.push(Row {
        name: "first call, raw reqwest, ring + platform verif.",
        ours: "-".into(),
        theirs: micros(platform),
        ratio: f64::NAN,
        goal: "(before)",
    });
    let (ours, theirs) = (
        median(setup_cpu.remove("sdk").unwrap_or_default()),
        median(setup_cpu.remove("platform").unwrap_or_default()),
    );
    rows.push(Row {
        name: "TLS client set-up (+ a CA) vs platform verif.",
        ours: micros(ours),
        theirs: micros(theirs),
        ratio: ours / theirs,
        goal: "",
    });
    let aws = median(first.remove("raw-aws-lc").unwrap_or_default());
    rows.push(Row {
        name: "first call, raw reqwest with its aws-lc default",
        ours: "-".into(),
        theirs: micros(aws),
        ratio: f64::NAN,
        goal: "(before)",
    });
    let peak = |side| {
        hwm.get(side)
            .map(|values| values.iter().copied().fold(0.0, f64::max))
            .unwrap_or(0.0)
    };
    rows.push(Row {
        name: "peak RSS of the client process (VmHWM)",
        ours: format!("{:.1} MiB", peak("sdk") / 1024.0),
        theirs: format!("{:.1} MiB", peak("raw") / 1024.0),
        ratio: peak("sdk") / peak("raw"),
        goal: "",
    });
    rows.extend(cli_rows);
    print_table(("acs-rs", "raw reqwest"), &rows);

    let s = |name, request| server.get(&(name, request)).cloned().unwrap_or_default();
    let mut server_rows = Vec::new();
    for (request, label_cpu, label_rps) in [
        (
            "GET",
            "GET thread properties, server CPU per request",
            "GET thread properties, requests/s",
        ),
        (
            "POST",
            "send message, server CPU per request",
            "send message, requests/s",
        ),
    ] {
        let (emu_cpu, emu_rps) = s("emulator", request);
        let (bare_cpu, bare_rps) = s("bare", request);
        server_rows.push(ratio_row(
            label_cpu,
            median(emu_cpu),
            median(bare_cpu),
            "≤ 2.00",
        ));
        let (emu_rps, bare_rps) = (median(emu_rps), median(bare_rps));
        server_rows.push(Row {
            name: label_rps,
            ours: format!("{emu_rps:.0}"),
            theirs: format!("{bare_rps:.0}"),
            ratio: emu_rps / bare_rps,
            goal: "≥ 0.50",
        });
    }
    let per_message = (rss_after.saturating_sub(rss_before) * 1024) as f64 / big_thread as f64;
    server_rows.push(Row {
        name: "RSS per stored chat message (--big sent)",
        ours: format!("{per_message:.0} B"),
        theirs: "-".into(),
        ratio: f64::NAN,
        goal: "≤ 200 B",
    });
    let newest = number(&page, "wall_ns") / 200.0;
    server_rows.push(Row {
        name: "newest page (100) of the --big thread",
        ours: micros(newest),
        theirs: "-".into(),
        ratio: f64::NAN,
        goal: "≤ 1 ms",
    });
    print_table(("emulator", "bare hyper"), &server_rows);
    println!();
    println!(
        "client: N={n} calls per process after a warm-up, {rounds} rounds interleaved (median); \
         list: {list_messages} messages x3 per process; first call: 5 fresh processes each (median); \
         servers: {load} requests over 4 keep-alive connections per run, CPU of the server process."
    );
    println!(
        "\"raw + SDK headers\": the raw loop also sending x-ms-client-request-id, \
         x-ms-return-client-request-id and the SDK's User-Agent (the same request on the wire); \
         instructions: callgrind's count of 250 calls minus 50 (list: 3 listings minus 1), \
         user space only, repeatable on a noisy machine (`--instructions off` skips them)."
    );
    Ok(())
}
