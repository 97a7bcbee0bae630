//! `cargo bench`: times the whole pipeline on the shipped chapter (load → compute → check →
//! templates → render → write) and the analysis alone, as medians over repeated runs.
//! A plain harness; `-- --test` (what CI runs) does each once, to show it still runs.
//! The stages one by one are `benches/stages.rs`; other tools beside esep, BENCHMARKS.md.

use esep::Diagnostics;
use esep::OutputFormat;
use esep::{BuildOptions, Inputs, analyse, build};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let runs = |n: usize| if quick { 1 } else { n };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = Inputs {
        data: root.join("data"),
        templates: root.join("templates"),
    };
    let analysis = time(runs(20), || {
        let mut d = Diagnostics::default();
        assert!(analyse(&inputs, &mut d).is_some());
    });
    println!(
        "analyse (load, model, compute, check): median {:.2} ms",
        analysis.as_secs_f64() * 1e3
    );
    let out = std::env::temp_dir().join(format!("esep-bench-{}", std::process::id()));
    for formats in [
        vec![OutputFormat::Md, OutputFormat::Html],
        OutputFormat::ALL.to_vec(),
    ] {
        let opts = BuildOptions {
            draft: false,
            inputs: inputs.clone(),
            out: out.clone(),
            langs: Vec::new(),
            formats: formats.clone(),
        };
        let full = time(runs(10), || {
            build(&opts, &|_| {}).unwrap_or_else(|_| panic!("the shipped data builds"));
        });
        let names: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
        println!(
            "build ({}, kk+ru): median {:.2} ms",
            names.join(","),
            full.as_secs_f64() * 1e3
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
