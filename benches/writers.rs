//! Many writers on one database file, as at a CPI on a busy morning: a large citizen import, a
//! few small ones, operators saving interview fields through the store, and a backup, all at
//! once, each in its own process.
//!
//! `cargo bench --bench writers` runs 50 processes with a 200,000-row import and reports the
//! latency of the operators' saves while the import runs. Environment: ORIENTA_BENCH_WRITERS
//! (processes, default 50), ORIENTA_BENCH_IMPORT_ROWS (rows of the large import, default
//! 200000). Under `cargo test` it runs 10 processes and 20,000 rows as a check. Either way it
//! fails if any writer fails or if anything written is not read back.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use orienta::data;
use orienta::demo::Generator;
use orienta::domain::records::{CitizenData, InterviewKind, Sex};
use orienta::store::{CreateMode, Store, TextField};

/// Rows of each small import.
const SMALL_IMPORT: usize = 2_000;
/// Pause between two saves of one operator: someone typing and moving on.
const TYPING: Duration = Duration::from_millis(20);

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One operator: saves a field of its own interview until `stop` exists, printing the latency
/// of each save (microseconds) and, last, the value saved last.
fn saver(db: &Path, interview: i64, stop: &Path) -> Result<(), String> {
    let operator = format!("operatore-{interview}");
    let mut store = Store::open(db, &operator, CreateMode::default()).map_err(|e| e.to_string())?;
    let mut version = store
        .interview(interview)
        .map_err(|e| e.to_string())?
        .version;
    let mut out = std::io::stdout().lock();
    let mut last = String::new();
    let mut n = 0u64;
    while !stop.exists() {
        n += 1;
        last = format!("aspettative, salvataggio {n}");
        let started = Instant::now();
        version = store
            .set_text(interview, version, TextField::Expectations, &last)
            .map_err(|e| format!("save {n}: {e}"))?;
        writeln!(out, "{}", started.elapsed().as_micros()).map_err(|e| e.to_string())?;
        std::thread::sleep(TYPING);
    }
    writeln!(out, "last {last}").map_err(|e| e.to_string())?;
    Ok(())
}

fn write_csv(path: &Path, people: &[CitizenData]) {
    let mut file = std::io::BufWriter::new(fs::File::create(path).expect("csv"));
    writeln!(
        file,
        "codice_fiscale;cognome;nome;sesso;data_nascita;comune_nascita;cittadinanza;telefono;email"
    )
    .expect("csv");
    for p in people {
        let sex = if p.sex == Sex::Female { "F" } else { "M" };
        writeln!(
            file,
            "{};{};{};{};{};{};;{};{}",
            p.codice_fiscale,
            p.surname,
            p.name,
            sex,
            p.birth_date.format("%d/%m/%Y"),
            p.birth_place,
            p.phone,
            p.email
        )
        .expect("csv");
    }
    file.flush().expect("csv");
}

fn orienta(db: &Path, operator: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_orienta"));
    command
        .arg("--db")
        .arg(db)
        .arg("--operator")
        .arg(operator)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

struct Finished {
    role: String,
    ok: bool,
    stdout: String,
    stderr: String,
    wall: Duration,
}

fn finish(role: String, child: Child, started: Instant) -> Finished {
    let out = child.wait_with_output().expect("wait");
    Finished {
        role,
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        wall: started.elapsed(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--saver") {
        let db = PathBuf::from(&args[at + 1]);
        let interview: i64 = args[at + 2].parse().expect("interview id");
        let stop = PathBuf::from(&args[at + 3]);
        if let Err(e) = saver(&db, interview, &stop) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    let benchmarking = args.iter().any(|a| a == "--bench");
    let processes = env_number("ORIENTA_BENCH_WRITERS", if benchmarking { 50 } else { 10 });
    let big_rows = env_number(
        "ORIENTA_BENCH_IMPORT_ROWS",
        if benchmarking { 200_000 } else { 20_000 },
    );
    assert!(processes >= 4, "at least 4 writers");
    // One large import, one small import every ten processes, one backup, the rest operators.
    let small_imports = (processes / 10).max(1);
    let savers = processes - 1 - small_imports - 1;

    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("writers.db");
    let stop = dir.path().join("stop");
    let data = data::load_defaults().expect("shipped data");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let mut generator = Generator::new(&data, 11, today, Vec::new());

    // The operators' people, each with an interview in progress.
    let mut store = Store::open(&db, "preparazione", CreateMode::default()).expect("database");
    let mut interviews = Vec::new();
    for _ in 0..savers {
        let person = store
            .insert_citizen(&generator.person().citizen)
            .expect("citizen");
        let interview = store
            .start_interview(person.id, InterviewKind::Did150)
            .expect("interview");
        interviews.push(interview.id);
    }
    let big_csv = dir.path().join("grande.csv");
    let big: Vec<CitizenData> = (0..big_rows).map(|_| generator.person().citizen).collect();
    write_csv(&big_csv, &big);
    let mut expected: Vec<String> = big.into_iter().map(|c| c.codice_fiscale).collect();
    let mut small_csvs = Vec::new();
    for n in 0..small_imports {
        let path = dir.path().join(format!("piccolo-{n}.csv"));
        let rows: Vec<CitizenData> = (0..SMALL_IMPORT)
            .map(|_| generator.person().citizen)
            .collect();
        write_csv(&path, &rows);
        expected.extend(rows.into_iter().map(|c| c.codice_fiscale));
        small_csvs.push(path);
    }
    let prepared = store.count_citizens().expect("count") as usize;

    // Everyone at once.
    let started = Instant::now();
    let me = std::env::current_exe().expect("bench binary");
    let mut saver_children = Vec::new();
    for id in &interviews {
        let child = Command::new(&me)
            .arg("--saver")
            .arg(&db)
            .arg(id.to_string())
            .arg(&stop)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("saver");
        saver_children.push((*id, child));
    }
    let big_import = orienta(
        &db,
        "import-grande",
        &["import", "citizens", big_csv.to_str().expect("path")],
    )
    .spawn()
    .expect("import");
    let mut small_children = Vec::new();
    for (n, path) in small_csvs.iter().enumerate() {
        let child = orienta(
            &db,
            &format!("import-{n}"),
            &["import", "citizens", path.to_str().expect("path")],
        )
        .spawn()
        .expect("import");
        small_children.push(child);
    }
    // The backup starts while the imports are writing.
    std::thread::sleep(Duration::from_millis(300));
    let copy = dir.path().join("copia.db");
    let backup_started = Instant::now();
    let backup = orienta(&db, "backup", &["backup", copy.to_str().expect("path")])
        .spawn()
        .expect("backup");

    let mut finished = vec![finish("import grande".into(), big_import, started)];
    for (n, child) in small_children.into_iter().enumerate() {
        finished.push(finish(format!("import piccolo {n}"), child, started));
    }
    let import_wall = finished[0].wall;
    fs::write(&stop, b"").expect("stop file");
    finished.push(finish("backup".into(), backup, backup_started));
    let mut latencies = Vec::new();
    let mut last_values = Vec::new();
    for (id, child) in saver_children {
        let done = finish(format!("operatore {id}"), child, started);
        for line in BufReader::new(done.stdout.as_bytes()).lines() {
            let line = line.expect("line");
            match line.strip_prefix("last ") {
                Some(value) => last_values.push((id, value.to_string())),
                None => latencies.push(Duration::from_micros(line.parse().expect("latency"))),
            }
        }
        finished.push(done);
    }

    // Zero failed writers.
    let failed: Vec<&Finished> = finished.iter().filter(|f| !f.ok).collect();
    for f in &failed {
        eprintln!("FAILED {}: {}", f.role, f.stderr.trim());
    }
    assert!(failed.is_empty(), "{} writers failed", failed.len());

    // Everything written is read back.
    let reader = Store::open(&db, "verifica", CreateMode::default()).expect("database");
    let count = reader.count_citizens().expect("count") as usize;
    assert_eq!(
        count,
        prepared + expected.len(),
        "citizens after the imports"
    );
    for cf in &expected {
        assert!(
            reader.citizen_by_cf(cf).expect("lookup").is_some(),
            "{cf} imported"
        );
    }
    assert_eq!(last_values.len(), savers, "every operator reported");
    for (id, value) in &last_values {
        let stored = reader.interview(*id).expect("interview").expectations;
        assert_eq!(&stored, value, "last save of interview {id}");
    }
    let copy_conn = rusqlite::Connection::open(&copy).expect("backup copy");
    let integrity: String = copy_conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok", "the backup is a sound database");
    let integrity: String = reader
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok");

    if !benchmarking {
        println!("writers: {} passed, 0 failed", finished.len());
        return;
    }
    latencies.sort();
    let backup_wall = finished
        .iter()
        .find(|f| f.role == "backup")
        .map_or(Duration::ZERO, |f| f.wall);
    println!(
        "{processes} writers on one file: 1 import of {big_rows} rows, {small_imports} of \
         {SMALL_IMPORT}, {savers} operators saving a field every {} ms, 1 backup",
        TYPING.as_millis()
    );
    println!("  failed writers: 0; rows read back: {}", expected.len());
    println!(
        "  large import: {:.1} s ({:.0} rows/s); backup: {:.1} s",
        import_wall.as_secs_f64(),
        big_rows as f64 / import_wall.as_secs_f64(),
        backup_wall.as_secs_f64()
    );
    println!(
        "  operators' saves during the import: {} saves, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies[latencies.len() - 1])
    );
}
