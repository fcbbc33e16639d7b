//! A bounded loopback load generator: `conns` keep-alive connections, `n` requests in all.

use std::collections::HashMap;
use std::time::Instant;

use crate::{Failure, flag};

pub fn run(flags: &HashMap<String, String>) -> Result<(), Failure> {
    let url = flags.get("url").cloned().ok_or("--url is required")?;
    let post = flags
        .get("method")
        .is_some_and(|m| m.eq_ignore_ascii_case("POST"));
    let token = flags.get("token").cloned().unwrap_or_default();
    let n: usize = flag(flags, "n", 10_000);
    let conns: usize = flag(flags, "conns", 4).max(1);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (elapsed, failures) = runtime.block_on(async {
        let http = reqwest::Client::builder()
            .http1_only()
            .pool_max_idle_per_host(conns)
            .build()?;
        let started = Instant::now();
        let workers = (0..conns).map(|worker| {
            let http = http.clone();
            let url = url.clone();
            let token = token.clone();
            let count = n / conns + usize::from(worker < n % conns);
            async move {
                let mut failures = 0usize;
                for _ in 0..count {
                    let request = if post {
                        http.post(&url)
                            .header("content-type", "application/json")
                            .body(r#"{"content":"hello","type":"text"}"#)
                    } else {
                        http.get(&url)
                    };
                    match request.bearer_auth(&token).send().await {
                        Ok(response) if response.status().is_success() => {
                            let _ = response.bytes().await;
                        }
                        _ => failures += 1,
                    }
                }
                failures
            }
        });
        let failures: usize = futures::future::join_all(workers).await.into_iter().sum();
        Ok::<_, Failure>((started.elapsed(), failures))
    })?;
    println!(
        "{}",
        serde_json::json!({ "wall_ns": elapsed.as_nanos() as u64, "n": n, "failures": failures })
    );
    Ok(())
}
