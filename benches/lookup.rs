//! Citizen lookup by codice fiscale prefix and by surname prefix on a large database.
//!
//! `cargo bench --bench lookup` builds (once) a database of 1,000,000 synthetic citizens with
//! their interviews and measures the search the home screen runs while the operator types.
//! Environment: ORIENTA_BENCH_CITIZENS (default 1000000), ORIENTA_BENCH_DB (database file to
//! reuse or create; default in the target directory). Under `cargo test` it runs on 2,000
//! citizens as a quick check that it works.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use orienta::data;
use orienta::demo::{Generator, Rng};
use orienta::store::{CreateMode, Store};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let citizens: usize = std::env::var("ORIENTA_BENCH_CITIZENS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benchmarking { 1_000_000 } else { 2_000 });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = std::env::var_os("ORIENTA_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            if benchmarking {
                PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("lookup-{citizens}.db"))
            } else {
                dir.path().join("lookup.db")
            }
        });
    let data = data::load_defaults().expect("shipped data");
    let mut store = Store::open(&path, "bench", CreateMode::default()).expect("database");
    let present = store.count_citizens().expect("count") as usize;
    if present < citizens {
        let started = Instant::now();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let taken = store.all_codici_fiscali().expect("codes");
        let mut generator = Generator::new(&data, 42, today, taken);
        let mut done = present;
        while done < citizens {
            let batch: Vec<_> = (0..10_000.min(citizens - done))
                .map(|_| generator.person())
                .collect();
            store.insert_synthetic(&batch).expect("insert");
            done += batch.len();
            if benchmarking {
                eprint!("\rpreparing {done}/{citizens}");
            }
        }
        if benchmarking {
            eprintln!(
                "\rprepared {citizens} citizens in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    store
        .connection()
        .execute_batch("ANALYZE")
        .expect("analyze");

    let codes = store.all_codici_fiscali().expect("codes");
    let mut rng = Rng::new(7);
    let rounds = if benchmarking { 2_000 } else { 50 };
    let mut report = Vec::new();
    for (label, prefix_of) in [
        ("codice fiscale, 3 caratteri", 3usize),
        ("codice fiscale, 6 caratteri", 6),
        ("codice fiscale, 11 caratteri", 11),
        ("codice fiscale completo", 16),
    ] {
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let code = &codes[rng.below(codes.len())];
            let query = &code[..prefix_of];
            let started = Instant::now();
            let found = store.search_citizens(query, 50).expect("search");
            times.push(started.elapsed());
            assert!(!found.is_empty(), "{query} must find {code}");
        }
        report.push((label, times));
    }
    let surnames = [
        "R",
        "Ro",
        "Ross",
        "Rossi",
        "Dang",
        "Mar",
        "Bartolini",
        "Pie",
        "Zz",
    ];
    let mut times = Vec::with_capacity(rounds);
    for n in 0..rounds {
        let query = surnames[n % surnames.len()];
        let started = Instant::now();
        let found = store.search_citizens(query, 50).expect("search");
        times.push(started.elapsed());
        assert!(query == "Zz" || !found.is_empty(), "{query}");
    }
    report.push(("cognome, 1-9 caratteri", times));

    // Any part of the names, several words in either order, e-mail: the trigram index.
    let parts = [
        "ssi",
        "ini",
        "mario rossi",
        "rossi mario",
        "ange",
        "example",
        "lucia bar",
        "tti",
    ];
    let mut times = Vec::with_capacity(rounds);
    for n in 0..rounds {
        let query = parts[n % parts.len()];
        let started = Instant::now();
        store.search_citizens(query, 50).expect("search");
        times.push(started.elapsed());
    }
    report.push(("parte del nome o e-mail", times));

    // The count shown above the results, up to 1000.
    let mut times = Vec::with_capacity(rounds);
    for n in 0..rounds {
        let query = surnames
            .iter()
            .chain(parts.iter())
            .nth(n % (surnames.len() + parts.len()))
            .copied()
            .unwrap_or("R");
        let started = Instant::now();
        store.count_matches(query, 1000).expect("count");
        times.push(started.elapsed());
    }
    report.push(("conteggio dei risultati", times));

    if !benchmarking {
        // Under `cargo test`: every kind of search found what it had to (asserted above).
        println!("lookup: {} passed, 0 failed", report.len());
        return;
    }
    println!("lookup on {citizens} citizens ({rounds} searches each, first 50 results):");
    for (label, mut times) in report {
        times.sort();
        println!(
            "  {label:<30} median {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
}
