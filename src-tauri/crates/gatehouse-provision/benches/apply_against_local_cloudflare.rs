//! Full setup against the local Cloudflare: wall time and API calls, per run and per operation.
//!
//! `cargo bench -p gatehouse-provision --bench apply_against_local_cloudflare` (or `make bench`).
//! Runs a clean apply, a no-op re-run and a teardown, `RUNS` times (default 3); counts the API calls
//! of the first clean apply and the first re-run.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use common::{engine, input, LocalCloudflare};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let cf = LocalCloudflare::with_pin_login();
    let e = engine(&cf).await;
    let setup = input(&cf, "bench-mcp", &["alice@example.com"]);
    let mut applies = Vec::new();
    let mut reruns = Vec::new();
    let mut teardowns = Vec::new();
    let mut calls_per_apply = 0;
    let mut calls_per_rerun = 0;
    let mut per_operation: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_operation_rerun: BTreeMap<String, usize> = BTreeMap::new();
    for run in 0..runs {
        let before = cf.calls().await.len();
        let started = Instant::now();
        e.provisioner.apply(&setup).await.expect("apply");
        applies.push(started.elapsed().as_secs_f64());
        let calls = cf.calls().await;
        calls_per_apply = calls.len() - before;
        if run == 0 {
            for c in &calls[before..] {
                *per_operation
                    .entry(c["operationId"].as_str().unwrap_or("?").to_string())
                    .or_default() += 1;
            }
        }
        let before = cf.calls().await.len();
        let started = Instant::now();
        e.provisioner.apply(&setup).await.expect("re-run");
        reruns.push(started.elapsed().as_secs_f64());
        let calls = cf.calls().await;
        calls_per_rerun = calls.len() - before;
        if run == 0 {
            for c in &calls[before..] {
                *per_operation_rerun
                    .entry(c["operationId"].as_str().unwrap_or("?").to_string())
                    .or_default() += 1;
            }
        }
        let started = Instant::now();
        e.provisioner.teardown("bench-mcp").await.expect("teardown");
        teardowns.push(started.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("setup against the local Cloudflare, {runs} runs (median wall time)");
    println!(
        "  apply (clean)   {:>6.2} s   {calls_per_apply} API calls",
        median(&mut applies)
    );
    println!(
        "  apply (re-run)  {:>6.2} s   {calls_per_rerun} API calls",
        median(&mut reruns)
    );
    println!("  teardown        {:>6.2} s", median(&mut teardowns));
    println!("  API calls of a clean apply, by operation:");
    for (op, n) in per_operation {
        println!("    {n:>2}  {op}");
    }
    println!("  API calls of a no-op re-run, by operation:");
    for (op, n) in per_operation_rerun {
        println!("    {n:>2}  {op}");
    }
}
