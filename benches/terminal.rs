//! The interface as the operator's terminal receives it: the real `orienta` in a pseudo-terminal
//! at 80x24, keys written one at a time and the output read back. For each key: the bytes the
//! program wrote and the time until the screen settled. Also: start to the first full screen, a
//! resize (steady, in the first 200 ms, after a burst), peak memory, and what it does at rest.
//! Two floors measured in the same run: a raw echo loop (this binary with `echo-loop`) and
//! `dialog --inputbox` (skipped, saying so, when `dialog` is not installed).
//!
//! `cargo bench --bench terminal` works on 1,000,000 citizens, made once with `orienta demo` and
//! kept in the target directory. Environment: ORIENTA_BENCH_CITIZENS (default 1000000),
//! ORIENTA_BENCH_DB (database file to reuse or create), ORIENTA_BENCH_BIN (another build of
//! orienta to measure, for a before and after). Under `cargo test` it runs on 2,000
//! citizens with few keys and without dialog, as a check that every scenario works; timings
//! never fail it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// The argument that makes this binary the echo loop.
const ECHO_ROLE: &str = "echo-loop";
const SMALL: (u16, u16) = (24, 80);
const LARGE: (u16, u16) = (30, 100);
/// A frame is over when nothing more arrives for this long.
const QUIET: Duration = Duration::from_millis(25);
/// Longer than this is a broken scenario, not a slow one.
const LIMIT: Duration = Duration::from_secs(60);
/// A resize not drawn within this is reported as not drawn.
const RESIZE_LIMIT: Duration = Duration::from_secs(2);
/// Characters typed in each text field to count bytes: one line in all of them.
const FIELD_CHARS: usize = 30;
const TEXT: &str = "cerca lavoro vicino a casa come magazziniere o addetto alle vendite, \
    disponibile a turni e a corsi di formazione; ha la patente B e un'auto propria, preferisce \
    il tempo pieno ma accetta anche il part-time se vicino; ";
/// Typed into the search field: finds nobody, so that only the field changes.
const NOBODY: &str = "Zqxjwzqxjwzqxjwzqxjwzqxjwzqxjwzqxjw";
const KEY_ESC: &str = "\x1b";
const KEY_ENTER: &str = "\r";
const KEY_TAB: &str = "\t";
const KEY_SHIFT_TAB: &str = "\x1b[Z";
const KEY_UP: &str = "\x1b[A";
const KEY_BACKSPACE: &str = "\x7f";
const KEY_CTRL_RIGHT: &str = "\x1b[1;5C";
const KEY_CTRL_Q: &str = "\x11";

/// How much of everything a run does.
struct Scale {
    benchmarking: bool,
    note_chars: usize,
    search_codes: usize,
    questionnaire_rounds: usize,
    resizes: usize,
    starts: usize,
    early_delays_ms: &'static [u64],
    idle: Duration,
}

impl Scale {
    fn new(benchmarking: bool) -> Scale {
        if benchmarking {
            Scale {
                benchmarking,
                note_chars: 200,
                search_codes: 40,
                questionnaire_rounds: 20,
                resizes: 40,
                starts: 10,
                early_delays_ms: &[0, 5, 10, 20, 30, 50, 75, 100, 125, 150, 175, 200],
                idle: Duration::from_secs(2),
            }
        } else {
            Scale {
                benchmarking,
                note_chars: FIELD_CHARS,
                search_codes: 1,
                questionnaire_rounds: 1,
                resizes: 2,
                starts: 1,
                early_delays_ms: &[0, 50],
                idle: Duration::from_millis(500),
            }
        }
    }
}

/// A program in a pseudo-terminal, its output timed as it arrives and read through vt100.
struct Pty {
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: mpsc::Receiver<(Instant, Vec<u8>)>,
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    parser: vt100::Parser,
    spawned: Instant,
}

/// What one key, a resize or the start made the program write, and when it was done.
#[derive(Clone, Copy)]
struct Output {
    bytes: usize,
    took: Duration,
}

impl Pty {
    fn spawn(mut command: CommandBuilder) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: SMALL.0,
                cols: SMALL.1,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        let spawned = Instant::now();
        let child = pty.slave.spawn_command(command).expect("spawn");
        drop(pty.slave);
        let writer = pty.master.take_writer().expect("writer");
        let fd = pty.master.as_raw_fd().expect("master fd");
        let stop = Arc::new(AtomicBool::new(false));
        let reader_stop = Arc::clone(&stop);
        let (tx, output) = mpsc::channel();
        // Polls with a timeout so that it can stop before the master is closed.
        let reader = std::thread::spawn(move || {
            let mut buffer = vec![0u8; 65536];
            while !reader_stop.load(Ordering::Relaxed) {
                let mut pfd = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd; the master outlives this thread (joined first).
                if unsafe { libc::poll(&mut pfd, 1, 20) } <= 0 {
                    continue;
                }
                // SAFETY: reading into a buffer of the given length.
                let n = unsafe { libc::read(fd, buffer.as_mut_ptr().cast(), buffer.len()) };
                let at = Instant::now();
                if n <= 0 || tx.send((at, buffer[..n as usize].to_vec())).is_err() {
                    break;
                }
            }
        });
        Pty {
            master: pty.master,
            writer,
            child,
            output,
            stop,
            reader: Some(reader),
            parser: vt100::Parser::new(SMALL.0, SMALL.1, 0),
            spawned,
        }
    }

    fn orienta(db: &Path, home: &Path) -> Pty {
        let mut command = CommandBuilder::new(orienta_bin());
        command.arg("--db");
        command.arg(db);
        command.args(["--operator", "Banco di prova"]);
        command.env("HOME", home);
        command.env("XDG_CONFIG_HOME", home);
        command.env_remove("ORIENTA_DATA");
        command.env_remove("ORIENTA_DB");
        Pty::spawn(command)
    }

    /// Writes a key and returns when it was written.
    fn send(&mut self, key: &str) -> Instant {
        self.writer.write_all(key.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        Instant::now()
    }

    /// Waits from `from` until `done` holds on the screen, something was written and then
    /// nothing more for a while; `None` if that takes longer than `limit`.
    fn output_within(
        &mut self,
        from: Instant,
        limit: Duration,
        done: &dyn Fn(&vt100::Screen) -> bool,
    ) -> Option<Output> {
        let mut bytes = 0;
        let mut last = from;
        loop {
            let settled = bytes > 0 && done(self.parser.screen());
            let wait = if settled {
                QUIET.saturating_sub(last.elapsed())
            } else {
                Duration::from_millis(10)
            };
            match self.output.recv_timeout(wait) {
                Ok((at, chunk)) => {
                    bytes += chunk.len();
                    last = at;
                    self.parser.process(&chunk);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if settled && last.elapsed() >= QUIET {
                        return Some(Output {
                            bytes,
                            took: last.saturating_duration_since(from),
                        });
                    }
                    if from.elapsed() > limit {
                        return None;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("the program ended; screen:\n{}", self.screen())
                }
            }
        }
    }

    fn output(&mut self, from: Instant, done: &dyn Fn(&vt100::Screen) -> bool) -> Output {
        self.output_within(from, LIMIT, done).unwrap_or_else(|| {
            panic!(
                "the screen never became what was expected; screen:\n{}",
                self.screen()
            )
        })
    }

    /// A key, and what it made the program write.
    fn key(&mut self, key: &str, done: &dyn Fn(&vt100::Screen) -> bool) -> Output {
        let from = self.send(key);
        self.output(from, done)
    }

    /// A key that may change nothing on screen (an answer given again): what it wrote, if
    /// anything within a second.
    fn key_maybe(&mut self, key: &str) -> Option<Output> {
        let from = self.send(key);
        self.output_within(from, Duration::from_secs(1), &anything)
    }

    /// Bytes written over `period` (or until the program ends), reading everything as it comes.
    fn rest(&mut self, period: Duration) -> usize {
        let until = Instant::now() + period;
        let mut bytes = 0;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.output.recv_timeout(left) {
                Ok((_, chunk)) => {
                    bytes += chunk.len();
                    self.parser.process(&chunk);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(left.min(Duration::from_millis(20)));
                    break;
                }
            }
        }
        bytes
    }

    fn resize(&mut self, (rows, cols): (u16, u16)) -> Instant {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        let at = Instant::now();
        self.parser.screen_mut().set_size(rows, cols);
        at
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// User and system CPU time so far, in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).expect("stat");
        let after = &stat[stat.rfind(')').expect("command name") + 1..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let tick = |i: usize| fields[i].parse::<u64>().expect("tick count");
        tick(11) + tick(12)
    }

    /// Peak resident memory so far, in kB.
    fn peak_rss_kb(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM")
    }

    /// Sends `key` (a way out) and waits for the program to end; its exit status.
    fn quit(mut self, key: &str) -> portable_pty::ExitStatus {
        self.send(key);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.rest(Duration::from_millis(20));
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the program did not end; screen:\n{}",
                self.screen()
            );
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The program measured: `ORIENTA_BENCH_BIN` if set (another build, to compare), otherwise the
/// one cargo built with this bench.
fn orienta_bin() -> PathBuf {
    std::env::var_os("ORIENTA_BENCH_BIN")
        .filter(|v| !v.is_empty())
        .map_or_else(
            || PathBuf::from(env!("CARGO_BIN_EXE_orienta")),
            PathBuf::from,
        )
}

fn quit_orienta(pty: Pty) {
    let status = pty.quit(KEY_CTRL_Q);
    assert!(status.success(), "orienta: {status:?}");
}

fn row(screen: &vt100::Screen, n: u16) -> String {
    let (_, cols) = screen.size();
    screen.rows(0, cols).nth(usize::from(n)).unwrap_or_default()
}

fn last_row(screen: &vt100::Screen) -> String {
    row(screen, screen.size().0 - 1)
}

/// The whole screen drawn at its current size: the key bar is on its last row.
fn drawn(screen: &vt100::Screen) -> bool {
    last_row(screen).contains("esci")
        && screen.contents().contains("orienta")
        && !screen.contents().contains("troppo piccol")
}

fn home_drawn(screen: &vt100::Screen) -> bool {
    drawn(screen) && row(screen, 1).starts_with("Cerca (")
}

fn anything(_: &vt100::Screen) -> bool {
    true
}

/// The echo loop: raw mode, every byte read written back, Ctrl+Q ends it.
fn echo_loop() {
    // SAFETY: termios calls on standard input with a struct that tcgetattr fills.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    unsafe {
        libc::tcgetattr(libc::STDIN_FILENO, &mut saved);
        let mut raw = saved;
        libc::cfmakeraw(&mut raw);
        libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw);
    }
    let mut out = std::io::stdout().lock();
    let mut input = std::io::stdin().lock();
    let _ = out.write_all(b"ready\r\n");
    let _ = out.flush();
    let mut buffer = [0u8; 256];
    while let Ok(n) = input.read(&mut buffer) {
        let got = &buffer[..n];
        if n == 0 || got.contains(&0x11) {
            break;
        }
        if out.write_all(got).and_then(|()| out.flush()).is_err() {
            break;
        }
    }
    // SAFETY: as above, restoring what was read.
    unsafe {
        libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved);
    }
}

fn percentile<T: Copy + Ord>(values: &[T], p: f64) -> T {
    let mut sorted = values.to_vec();
    sorted.sort();
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Typing figures of one text field.
struct Typing {
    /// Bytes per character over the first FIELD_CHARS characters.
    bytes_per_char: f64,
    latencies: Vec<Duration>,
}

fn typing(pty: &mut Pty, text: &str) -> Typing {
    let mut bytes = 0;
    let mut latencies = Vec::new();
    for (n, c) in text.chars().enumerate() {
        let out = pty.key(&c.to_string(), &anything);
        if n < FIELD_CHARS {
            bytes += out.bytes;
        }
        latencies.push(out.took);
    }
    Typing {
        bytes_per_char: bytes as f64 / FIELD_CHARS.min(text.chars().count()) as f64,
        latencies,
    }
}

fn typed(pty: &Pty, text: &str) {
    let shown: String = pty.screen().split_whitespace().collect();
    let wanted: String = text.split_whitespace().collect();
    assert!(
        shown.contains(&wanted),
        "«{text}» is not on screen:\n{}",
        pty.screen()
    );
}

fn echo_floor() -> Typing {
    let mut command = CommandBuilder::new(std::env::current_exe().expect("this binary"));
    command.arg(ECHO_ROLE);
    let mut pty = Pty::spawn(command);
    pty.output(pty.spawned, &|s| s.contents().contains("ready"));
    let text: String = TEXT.chars().take(FIELD_CHARS).collect();
    let result = typing(&mut pty, &text);
    typed(&pty, &text);
    let status = pty.quit(KEY_CTRL_Q);
    assert!(status.success(), "echo loop: {status:?}");
    result
}

fn dialog_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("dialog"))
        .find(|p| p.is_file())
}

fn dialog_floor(dialog: &Path) -> Typing {
    let mut command = CommandBuilder::new(dialog);
    command.args(["--inputbox", "Aspettative e motivazioni", "8", "70"]);
    let mut pty = Pty::spawn(command);
    pty.output(pty.spawned, &|s| s.contents().contains("Aspettative"));
    let text: String = TEXT.chars().take(FIELD_CHARS).collect();
    let result = typing(&mut pty, &text);
    typed(&pty, &text);
    // Esc is dialog's cancel: it ends with status 255.
    pty.quit(KEY_ESC);
    result
}

/// What the bench needs from the database: the citizen whose interview it types (without a
/// draft or recovery left by an earlier run), codes and surnames to search for.
struct Facts {
    codice_fiscale: String,
    codes: Vec<String>,
    surnames: Vec<String>,
    first_area: String,
    areas_before_d: usize,
    /// Characters of the expectations a new interview takes from the last signed pact.
    carried_chars: usize,
}

fn prepare(db: &Path, citizens: usize, benchmarking: bool) {
    let present = if db.exists() {
        let store = orienta::store::Store::open(db, "bench", orienta::store::CreateMode::default())
            .expect("database");
        store.count_citizens().expect("count") as usize
    } else {
        0
    };
    if present >= citizens {
        return;
    }
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_orienta"));
    command
        .arg("--db")
        .arg(db)
        .args(["--operator", "bench", "demo", "--citizens"])
        .arg((citizens - present).to_string());
    if !benchmarking {
        command.stderr(std::process::Stdio::null());
    }
    let status = command.status().expect("orienta demo");
    assert!(status.success(), "orienta demo: {status:?}");
    if benchmarking {
        eprintln!(
            "prepared {citizens} citizens in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
}

fn facts(db: &Path, codes: usize) -> Facts {
    let mut store = orienta::store::Store::open(db, "bench", orienta::store::CreateMode::default())
        .expect("database");
    let count = store.count_citizens().expect("count");
    let sample = |column: &str, n: usize| -> Vec<String> {
        let step = (count / n.max(1) as i64).max(1);
        let sql = format!("SELECT {column} FROM citizens WHERE id % ?1 = 0 ORDER BY id LIMIT ?2");
        let mut statement = store.connection().prepare(&sql).expect("query");
        statement
            .query_map((step, n as i64), |r| r.get::<_, String>(0))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect()
    };
    let codes_found = sample("codice_fiscale", codes + 1);
    let surnames = sample("surname", codes.div_ceil(4).max(1));
    let codice_fiscale = codes_found.first().cloned().expect("a citizen");
    let citizen = store
        .citizen_by_cf(&codice_fiscale)
        .expect("citizen")
        .expect("citizen");
    if let Some(draft) = store.draft_of(citizen.id).expect("draft") {
        store
            .discard_draft(draft.id, draft.version)
            .expect("discard the draft of an earlier run");
    }
    let leftovers: Vec<i64> = store
        .recoveries_of_citizen(citizen.id)
        .expect("recoveries")
        .iter()
        .map(|r| r.id)
        .collect();
    store.remove_recoveries(&leftovers).expect("recoveries");
    let data = orienta::data::load_defaults().expect("shipped data");
    let sections = &data.instrument.sections;
    let carried_chars = store
        .pact_versions_of(citizen.id)
        .expect("pacts")
        .last()
        .map_or(0, |p| {
            store
                .interview(p.interview_id)
                .expect("interview")
                .expectations
                .chars()
                .count()
        });
    Facts {
        carried_chars,
        codice_fiscale,
        codes: codes_found[1..].to_vec(),
        surnames,
        first_area: sections[0].areas[0].id.clone(),
        areas_before_d: sections
            .iter()
            .filter(|s| s.enabled_by.is_none())
            .map(|s| s.areas.len())
            .sum(),
    }
}

/// Figures of one session of orienta, from start to quit.
struct Session {
    start: Duration,
    idle_bytes: usize,
    idle_ticks: u64,
    search_field: Typing,
    search: Vec<Duration>,
    note: Typing,
    answers: Vec<Output>,
    resizes: Vec<Option<Duration>>,
    bursts: Vec<Option<Duration>>,
    peak_rss_kb: u64,
}

/// Types `query` into the (empty) search field, each key until the field shows it.
fn type_query(pty: &mut Pty, query: &str, latencies: &mut Vec<Duration>) {
    let mut shown = String::new();
    for c in query.chars() {
        shown.push(c);
        let wanted = shown.trim_end().to_string();
        let out = pty.key(&c.to_string(), &move |s| {
            home_drawn(s) && row(s, 1).trim_end().ends_with(&wanted)
        });
        latencies.push(out.took);
    }
}

fn clear_query(pty: &mut Pty) {
    pty.key(KEY_ESC, &|s| row(s, 1).trim_end().ends_with(':'));
}

fn session(db: &Path, home: &Path, facts: &Facts, scale: &Scale) -> Session {
    let mut pty = Pty::orienta(db, home);
    let start = pty.output(pty.spawned, &home_drawn).took;

    // At rest: after a moment, nothing written and (almost) no CPU.
    pty.rest(Duration::from_millis(300));
    let ticks = pty.cpu_ticks();
    let idle_bytes = pty.rest(scale.idle);
    let idle_ticks = pty.cpu_ticks() - ticks;

    // The search field alone: the first keys already find nobody; then only the field changes.
    for c in NOBODY.chars().take(2) {
        pty.key(&c.to_string(), &anything);
    }
    assert!(
        pty.screen().contains("Nessun cittadino trovato"),
        "«{}» found someone:\n{}",
        &NOBODY[..2],
        pty.screen()
    );
    let rest: String = NOBODY.chars().skip(2).take(FIELD_CHARS).collect();
    let search_field = typing(&mut pty, &rest);
    typed(&pty, &rest);
    clear_query(&mut pty);

    // Searching while typing: codes and surnames, key by key.
    let mut search = Vec::new();
    for query in facts.codes.iter().chain(&facts.surnames) {
        type_query(&mut pty, query, &mut search);
        clear_query(&mut pty);
    }

    // A new interview for the citizen of the bench: the expectations note.
    type_query(&mut pty, &facts.codice_fiscale, &mut Vec::new());
    pty.key(KEY_ENTER, &|s| s.contents().contains("Patti firmati"));
    pty.key("n", &|s| s.contents().contains("Argomenti e aspettative"));
    pty.key(KEY_SHIFT_TAB, &anything);
    // The interview starts from the last signed pact: its expectations are cleared first.
    for _ in 0..facts.carried_chars {
        pty.key(KEY_BACKSPACE, &anything);
    }
    let text: String = TEXT.chars().cycle().take(scale.note_chars).collect();
    let note = typing(&mut pty, &text);
    let words: Vec<&str> = text.split_whitespace().collect();
    typed(&pty, &words[words.len().saturating_sub(2)..].join(" "));
    pty.key(KEY_TAB, &anything);

    // The questionnaire: every area of A, B and C answered, then back to the first, again with
    // another digit so that every answer changes something.
    pty.key(KEY_CTRL_RIGHT, &|s| s.contents().contains("[Questionario]"));
    // A new interview may start from earlier answers, with the cursor further on.
    let first = format!("›{}", facts.first_area);
    let mut answers = Vec::new();
    for round in 0..scale.questionnaire_rounds {
        while !pty.screen().contains(&first) {
            pty.key(KEY_UP, &anything);
        }
        let digit = if round % 2 == 0 { "1" } else { "2" };
        for _ in 0..facts.areas_before_d {
            answers.extend(pty.key_maybe(digit));
        }
    }

    // Resizes on the questionnaire: one at a time, then bursts.
    let mut resizes = Vec::new();
    for n in 0..scale.resizes {
        let size = if n % 2 == 0 { LARGE } else { SMALL };
        let from = pty.resize(size);
        resizes.push(
            pty.output_within(from, RESIZE_LIMIT, &drawn)
                .map(|o| o.took),
        );
        pty.rest(Duration::from_millis(50));
    }
    let mut bursts = Vec::new();
    for n in 0..scale.resizes.div_ceil(4) {
        let mut from = Instant::now();
        for k in 0..10 {
            let size = if (k + n) % 2 == 0 { LARGE } else { SMALL };
            from = pty.resize(size);
            std::thread::sleep(Duration::from_millis(3));
        }
        bursts.push(
            pty.output_within(from, RESIZE_LIMIT, &drawn)
                .map(|o| o.took),
        );
        pty.rest(Duration::from_millis(50));
    }

    let peak_rss_kb = pty.peak_rss_kb();
    quit_orienta(pty);
    Session {
        start,
        idle_bytes,
        idle_ticks,
        search_field,
        search,
        note,
        answers,
        resizes,
        bursts,
        peak_rss_kb,
    }
}

/// Time to the first full screen of fresh starts.
fn starts(db: &Path, home: &Path, count: usize) -> Vec<Duration> {
    (0..count)
        .map(|_| {
            let mut pty = Pty::orienta(db, home);
            let took = pty.output(pty.spawned, &home_drawn).took;
            quit_orienta(pty);
            took
        })
        .collect()
}

/// A resize soon after the start: `delay` after the program was started, or (`None`) as soon
/// as it writes anything, between its first frame and reading the terminal's events.
fn early_resize(db: &Path, home: &Path, delay: Option<Duration>) -> Option<Duration> {
    let mut pty = Pty::orienta(db, home);
    match delay {
        Some(delay) => {
            if let Some(wait) = (pty.spawned + delay).checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        None => {
            let (_, chunk) = pty.output.recv_timeout(LIMIT).expect("first output");
            pty.parser.process(&chunk);
        }
    }
    let from = pty.resize(LARGE);
    let drawn_in = pty
        .output_within(from, RESIZE_LIMIT, &|s| home_drawn(s) && s.size() == LARGE)
        .map(|o| o.took);
    quit_orienta(pty);
    drawn_in
}

fn early_resizes(db: &Path, home: &Path, delays_ms: &[u64]) -> Vec<(String, Option<Duration>)> {
    let mut drawn: Vec<(String, Option<Duration>)> = delays_ms
        .iter()
        .map(|&ms| {
            let delay = Some(Duration::from_millis(ms));
            (
                format!("{ms:>3} ms after the start"),
                early_resize(db, home, delay),
            )
        })
        .collect();
    drawn.push((
        "at the first bytes written".to_string(),
        early_resize(db, home, None),
    ));
    drawn
}

fn latency_line(label: &str, values: &[Duration], budget: &str) {
    if values.is_empty() {
        return;
    }
    println!(
        "  {label:<44} p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  ({} keys){budget}",
        ms(percentile(values, 0.5)),
        ms(percentile(values, 0.95)),
        ms(percentile(values, 0.99)),
        ms(percentile(values, 1.0)),
        values.len(),
    );
}

fn worst(values: &[Option<Duration>]) -> String {
    if values.iter().any(Option::is_none) {
        return format!("not drawn within {} ms", RESIZE_LIMIT.as_millis());
    }
    let values: Vec<Duration> = values.iter().flatten().copied().collect();
    format!(
        "p50 {:.2} ms  max {:.2} ms  ({})",
        ms(percentile(&values, 0.5)),
        ms(percentile(&values, 1.0)),
        values.len()
    )
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some(ECHO_ROLE) {
        echo_loop();
        return;
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let scale = Scale::new(benchmarking);
    let citizens: usize = std::env::var("ORIENTA_BENCH_CITIZENS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benchmarking { 1_000_000 } else { 2_000 });
    let dir = tempfile::tempdir().expect("temp dir");
    let db = std::env::var_os("ORIENTA_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            if benchmarking {
                PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("terminal-{citizens}.db"))
            } else {
                dir.path().join("terminal.db")
            }
        });
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    prepare(&db, citizens, benchmarking);
    let facts = facts(&db, scale.search_codes);

    let echo = echo_floor();
    let dialog = match (benchmarking, dialog_path()) {
        (false, _) => None,
        (true, None) => {
            println!("dialog is not installed: its column is skipped (apt-get install dialog)");
            None
        }
        (true, Some(path)) => Some(dialog_floor(&path)),
    };
    let session = session(&db, &home, &facts, &scale);
    let mut start_times = starts(&db, &home, scale.starts);
    start_times.push(session.start);
    let early = early_resizes(&db, &home, scale.early_delays_ms);

    if !scale.benchmarking {
        // Under `cargo test`: every scenario reached its expected screen (asserted on the way).
        let scenarios = [
            "echo loop",
            "start and rest",
            "search field",
            "search",
            "note",
            "questionnaire",
            "resizes",
            "starts",
            "resizes after the start",
        ];
        println!("terminal: {} passed, 0 failed", scenarios.len());
        return;
    }
    let answer_bytes: Vec<usize> = session.answers.iter().map(|o| o.bytes).collect();
    let answer_times: Vec<Duration> = session.answers.iter().map(|o| o.took).collect();
    let dialog_bytes = dialog.as_ref().map(|d| d.bytes_per_char);
    let versus = |value: f64| match dialog_bytes {
        Some(d) if value <= d => "  (budget: at most dialog's: met)".to_string(),
        Some(_) => "  (budget: at most dialog's: NOT met)".to_string(),
        None => "  (budget: at most dialog's: dialog not measured)".to_string(),
    };
    println!(
        "terminal at 80x24, {citizens} citizens, {}",
        orienta_bin().display()
    );
    println!("bytes written per typed character (first {FIELD_CHARS} characters):");
    println!(
        "  {:<44} {:>6.1} B",
        "echo loop (floor)", echo.bytes_per_char
    );
    match &dialog {
        Some(d) => println!("  {:<44} {:>6.1} B", "dialog --inputbox", d.bytes_per_char),
        None => println!("  {:<44} {:>6}", "dialog --inputbox", "-"),
    }
    println!(
        "  {:<44} {:>6.1} B{}",
        "orienta, expectations note",
        session.note.bytes_per_char,
        versus(session.note.bytes_per_char)
    );
    println!(
        "  {:<44} {:>6.1} B{}",
        "orienta, search field",
        session.search_field.bytes_per_char,
        versus(session.search_field.bytes_per_char)
    );
    let p50 = percentile(&answer_bytes, 0.5);
    println!(
        "bytes per questionnaire answer: p50 {p50} B  mean {:.0} B  p95 {} B  max {} B  ({} answers)  (budget 400 B: {})",
        answer_bytes.iter().sum::<usize>() as f64 / answer_bytes.len().max(1) as f64,
        percentile(&answer_bytes, 0.95),
        percentile(&answer_bytes, 1.0),
        answer_bytes.len(),
        if p50 <= 400 { "met" } else { "NOT met" }
    );
    println!("latency per key, key written to screen settled:");
    latency_line("echo loop (floor)", &echo.latencies, "");
    if let Some(d) = &dialog {
        latency_line("dialog --inputbox", &d.latencies, "");
    }
    latency_line("orienta, typing a note", &session.note.latencies, "");
    latency_line("orienta, questionnaire answer", &answer_times, "");
    let search_p95 = percentile(&session.search, 0.95);
    latency_line(
        &format!("orienta, search on {citizens} citizens"),
        &session.search,
        &format!(
            "  (budget p95 10 ms: {})",
            if search_p95 <= Duration::from_millis(10) {
                "met"
            } else {
                "NOT met"
            }
        ),
    );
    println!("resize drawn (budget 50 ms):");
    println!("  {:<44} {}", "one at a time", worst(&session.resizes));
    println!("  {:<44} {}", "after a burst of 10", worst(&session.bursts));
    let early_times: Vec<Option<Duration>> = early.iter().map(|(_, t)| *t).collect();
    println!(
        "  {:<44} {}",
        "within 200 ms of the start",
        worst(&early_times)
    );
    for (when, took) in &early {
        match took {
            Some(t) => println!("    resized {when}: drawn in {:.2} ms", ms(*t)),
            None => println!("    resized {when}: not drawn"),
        }
    }
    println!(
        "start to the first full screen (budget 50 ms): p50 {:.2} ms  max {:.2} ms  ({} starts)",
        ms(percentile(&start_times, 0.5)),
        ms(percentile(&start_times, 1.0)),
        start_times.len()
    );
    println!(
        "peak resident memory (budget 40 MB): {:.1} MB",
        session.peak_rss_kb as f64 / 1024.0
    );
    println!(
        "at rest for {} s: {} bytes written, {} CPU ticks",
        scale.idle.as_secs_f64(),
        session.idle_bytes,
        session.idle_ticks
    );
}
