//! The real binary in a pseudo-terminal (80x24), read through a vt100 parser: keys, pastes,
//! signals, a terminal that goes away, and what the process costs while nobody types.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub const TAB: &str = "\t";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const CTRL_N: &str = "\x0e";
pub const CTRL_S: &str = "\x13";
pub const CTRL_F: &str = "\x06";
pub const CTRL_Q: &str = "\x11";
pub const CTRL_RIGHT: &str = "\x1b[1;5C";
pub const PAGE_DOWN: &str = "\x1b[6~";
pub const RIGHT: &str = "\x1b[C";
pub const DOWN: &str = "\x1b[B";

pub const OPERATOR: &str = "Anna Bianchi";

/// The binary under test: `ORIENTA_E2E_BIN` if set (to run the suite against another build),
/// otherwise the one cargo built with these tests.
pub fn bin() -> PathBuf {
    std::env::var_os("ORIENTA_E2E_BIN")
        .filter(|v| !v.is_empty())
        .map_or_else(
            || PathBuf::from(env!("CARGO_BIN_EXE_orienta")),
            PathBuf::from,
        )
}

pub struct Terminal {
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    output: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Terminal {
    /// Starts orienta on `db` as the default operator.
    pub fn start(db: &Path, home: &Path) -> Terminal {
        Terminal::start_as(db, home, OPERATOR)
    }

    pub fn start_as(db: &Path, home: &Path, operator: &str) -> Terminal {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut command = CommandBuilder::new(bin());
        command.arg("--db");
        command.arg(db);
        command.arg("--operator");
        command.arg(operator);
        command.env("TERM", "xterm-256color");
        command.env("HOME", home);
        command.env("XDG_CONFIG_HOME", home);
        command.env_remove("ORIENTA_DATA");
        command.env_remove("ORIENTA_DB");
        let child = pty.slave.spawn_command(command).expect("spawn");
        drop(pty.slave);
        let writer = pty.master.take_writer().expect("writer");
        // The reader polls the master with a timeout, so that it can stop and let the master
        // be closed (a blocking read would keep the terminal open).
        let fd = pty.master.as_raw_fd().expect("master fd");
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, output) = mpsc::channel();
        let reader_stop = Arc::clone(&stop);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while !reader_stop.load(Ordering::Relaxed) {
                let mut pfd = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd; the master outlives this thread (joined first).
                if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 || pfd.revents & libc::POLLIN == 0 {
                    continue;
                }
                // SAFETY: reading into a buffer of the given length.
                let n = unsafe { libc::read(fd, buffer.as_mut_ptr().cast(), buffer.len()) };
                if n <= 0 || tx.send(buffer[..n as usize].to_vec()).is_err() {
                    break;
                }
            }
        });
        Terminal {
            master: Some(pty.master),
            writer: Some(writer),
            stop,
            reader: Some(reader),
            output,
            parser: vt100::Parser::new(24, 80, 0),
            child,
        }
    }

    fn pump(&mut self) {
        while let Ok(bytes) = self.output.try_recv() {
            self.parser.process(&bytes);
        }
    }

    pub fn screen(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    /// The screen as one line: words separated by single spaces, frame characters dropped, so
    /// that a message wrapped over several rows still reads as one sentence.
    pub fn screen_text(&mut self) -> String {
        let screen = self.screen();
        screen
            .split(|c: char| c.is_whitespace() || "│─┌┐└┘├┤".contains(c))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Waits until `text` shows (compared as by `screen_text`), failing after 15 s.
    pub fn wait_for(&mut self, text: &str) {
        let wanted = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.screen_text().contains(&wanted) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "«{text}» never appeared; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until one of `texts` shows, and returns which (its index), failing after 15 s.
    pub fn wait_for_any(&mut self, texts: &[&str]) -> usize {
        let wanted: Vec<String> = texts
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen_text();
            if let Some(found) = wanted.iter().position(|w| screen.contains(w.as_str())) {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "none of {texts:?} appeared; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `text` is no longer on screen, failing after 15 s.
    pub fn wait_gone(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.screen_text().contains(text) {
            assert!(
                Instant::now() < deadline,
                "«{text}» stayed; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Writes bytes to the terminal as they are.
    pub fn write(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("terminal open");
        writer.write_all(bytes).expect("write");
        writer.flush().expect("flush");
    }

    /// Types keys, then leaves the program a moment to read them.
    pub fn send(&mut self, keys: &str) {
        self.write(keys.as_bytes());
        std::thread::sleep(Duration::from_millis(60));
    }

    /// A paste as a terminal with bracketed paste sends it.
    pub fn paste(&mut self, text: &str) {
        self.write(format!("\x1b[200~{text}\x1b[201~").as_bytes());
    }

    pub fn pid(&self) -> libc::pid_t {
        let pid = self.child.process_id().expect("pid");
        libc::pid_t::try_from(pid).expect("pid fits")
    }

    /// Sends a signal to the program.
    pub fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill has no memory effects; the child is ours and not yet waited for.
        let result = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(result, 0, "kill: {}", std::io::Error::last_os_error());
    }

    /// CPU time the program has used so far (user + system), in clock ticks.
    pub fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).expect("stat");
        // The fields after the command name, which is in parentheses and may hold spaces:
        // state is the first of them, utime the 12th and stime the 13th.
        let after = &stat[stat.rfind(')').expect("command name") + 1..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let tick = |i: usize| fields[i].parse::<u64>().expect("tick count");
        tick(11) + tick(12)
    }

    /// The terminal goes away, as when an SSH connection drops.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        self.writer = None;
        self.master = None;
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        self.wait_exit_within(Duration::from_secs(10))
    }

    pub fn wait_exit_within(&mut self, limit: Duration) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "orienta did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Searches a person by codice fiscale on the first screen and opens the card.
    pub fn open_card(&mut self, codice_fiscale: &str) {
        self.wait_for("Cerca (codice fiscale, nome o e-mail)");
        self.send(codice_fiscale);
        self.wait_for(codice_fiscale);
        self.send(ENTER);
        self.wait_for("Patti firmati");
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // Stop the reader before its file descriptor is closed, then end the program if a
        // failed test left it running.
        self.hang_up();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `orienta export citizen CF` on `db`, with the binary built with these tests, as JSON.
pub fn export(db: &Path, codice_fiscale: &str) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orienta"))
        .arg("--db")
        .arg(db)
        .args(["export", "citizen", codice_fiscale])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("export JSON")
}

/// Registers people (codice fiscale, surname, name) on `db` through the binary under test
/// (`import citizens`), so that the database has the schema that binary knows.
pub fn import_citizens(db: &Path, people: &[(&str, &str, &str)]) {
    let csv = db.with_extension("csv");
    let mut text = String::from(
        "codice_fiscale;cognome;nome;sesso;data_nascita;comune_nascita;cittadinanza;telefono;email\n",
    );
    for (codice_fiscale, surname, name) in people {
        text.push_str(&format!("{codice_fiscale};{surname};{name};;;;;;\n"));
    }
    std::fs::write(&csv, text).expect("csv");
    let out = std::process::Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(["import", "citizens"])
        .arg(&csv)
        .output()
        .expect("import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The import file has no DID date; the people here come for a "150" interview.
    let mut store =
        orienta::store::Store::open(db, "import", orienta::store::CreateMode::default())
            .expect("database");
    for (codice_fiscale, _, _) in people {
        let c = store
            .citizen_by_cf(codice_fiscale)
            .expect("read")
            .expect("imported");
        let mut data = c.data.clone();
        data.did_date = chrono::NaiveDate::from_ymd_opt(2024, 10, 1);
        store
            .update_citizen(c.id, c.version, &data)
            .expect("DID date");
    }
}
