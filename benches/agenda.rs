//! The agenda on a large database: `cargo bench --bench agenda` builds (once) a database of
//! 100,000 synthetic citizens (the generator of `orienta demo`, dated 26/11/2026) and times
//! `Store::agenda` for that day, for everyone and for one operator. Environment:
//! ORIENTA_BENCH_CITIZENS (default 100000), ORIENTA_BENCH_DB (database file to reuse or create).
//! Under `cargo test` it runs on 2,000 citizens as a quick check that it works.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use orienta::data;
use orienta::demo::Generator;
use orienta::store::{AgendaKind, CreateMode, Store};

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let citizens: usize = std::env::var("ORIENTA_BENCH_CITIZENS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benchmarking { 100_000 } else { 2_000 });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = std::env::var_os("ORIENTA_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            if benchmarking {
                PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("agenda-{citizens}.db"))
            } else {
                dir.path().join("agenda.db")
            }
        });
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let data = data::load_defaults().expect("shipped data");
    let mut store = Store::open(&path, "bench", CreateMode::default()).expect("database");
    let present = store.count_citizens().expect("count") as usize;
    if present < citizens {
        let taken = store.all_codici_fiscali().expect("codes");
        let mut generator = Generator::new(&data, 42, today, taken);
        let mut done = present;
        while done < citizens {
            let batch: Vec<_> = (0..10_000.min(citizens - done))
                .map(|_| generator.person())
                .collect();
            store.insert_synthetic(&batch).expect("insert");
            done += batch.len();
        }
    }
    let runs = if benchmarking { 10 } else { 2 };
    for operator in [None, Some("bench"), Some("nessuno")] {
        let mut times: Vec<Duration> = Vec::new();
        let mut rows = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            rows = store.agenda(today, operator).expect("agenda");
            times.push(started.elapsed());
        }
        times.sort();
        let counts: Vec<usize> = AgendaKind::ALL
            .iter()
            .map(|k| rows.iter().filter(|r| r.kind == *k).count())
            .collect();
        println!(
            "agenda on {citizens} citizens, operator {operator:?}: {} rows {counts:?}, \
             median {:.1} ms, max {:.1} ms",
            rows.len(),
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0
        );
    }
}
