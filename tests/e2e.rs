//! The real binary in a pseudo-terminal (80x24), typed at like an operator: create a citizen,
//! go through a whole interview, sign the pact, then read the pact back with `export`.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Terminal {
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    output: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

const TAB: &str = "\t";
const ENTER: &str = "\r";
const CTRL_N: &str = "\x0e";
const CTRL_S: &str = "\x13";
const CTRL_F: &str = "\x06";
const CTRL_Q: &str = "\x11";
const CTRL_RIGHT: &str = "\x1b[1;5C";
const PAGE_DOWN: &str = "\x1b[6~";
const RIGHT: &str = "\x1b[C";

impl Terminal {
    fn start(db: &std::path::Path, home: &std::path::Path) -> Terminal {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_orienta"));
        command.arg("--db");
        command.arg(db);
        command.arg("--operator");
        command.arg("Anna Bianchi");
        command.env("TERM", "xterm-256color");
        command.env("HOME", home);
        command.env("XDG_CONFIG_HOME", home);
        command.env_remove("ORIENTA_DATA");
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

    fn screen(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.screen().contains(text) {
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

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("terminal open");
        writer.write_all(keys.as_bytes()).expect("write");
        writer.flush().expect("flush");
        // The program reads keys one event at a time; give it a moment between groups.
        std::thread::sleep(Duration::from_millis(60));
    }
}

impl Terminal {
    /// The terminal goes away, as when an SSH connection drops.
    fn hang_up(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        self.writer = None;
        self.master = None;
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "orienta did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // Stop the reader before its file descriptor is closed, then end the program if a
        // failed test left it running.
        self.hang_up();
        let _ = self.child.kill();
    }
}

fn export(db: &std::path::Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orienta"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "export",
            "citizen",
            "RSSMRA85T10A562S",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Registers Mario Rossi, opens an interview and types expectations without confirming them.
fn draft_being_typed(t: &mut Terminal) {
    t.wait_for("Cerca (codice fiscale o cognome)");
    t.send(CTRL_N);
    t.send("RSSMRA85T10A562S");
    t.send(TAB);
    t.send("Rossi");
    t.send(TAB);
    t.send("Mario");
    t.send(CTRL_S);
    t.wait_for("Anagrafica salvata");
    t.send("n");
    t.wait_for("Argomenti e aspettative");
    for _ in 0..7 {
        t.send(TAB);
    }
    t.send("Testo non ancora confermato");
    t.wait_for("Testo non ancora confermato");
}

#[test]
fn a_closed_terminal_saves_the_draft_and_ends_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orienta.db");
    let mut t = Terminal::start(&db, dir.path());
    draft_being_typed(&mut t);
    t.hang_up();
    t.wait_exit();
    let v = export(&db);
    assert_eq!(
        v["colloqui"][0]["fase_informativa"]["aspettative_e_motivazioni"],
        "Testo non ancora confermato"
    );
}

#[test]
fn a_whole_interview_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orienta.db");
    let mut t = Terminal::start(&db, dir.path());
    t.wait_for("Cerca (codice fiscale o cognome)");

    // New citizen.
    t.send(CTRL_N);
    t.wait_for("Nuovo cittadino");
    t.send("RSSMRA85T10A562S");
    t.send(TAB);
    t.send("Rossi");
    t.send(TAB);
    t.send("Mario");
    t.send(TAB);
    t.wait_for("10/12/1985");
    t.send(CTRL_S);
    t.wait_for("Anagrafica salvata");

    // New interview; fase informativa.
    t.send("n");
    t.wait_for("Argomenti e aspettative");
    t.send(" ");
    t.send(TAB);
    t.send(" ");
    for _ in 0..6 {
        t.send(TAB);
    }
    t.send("Lavoro come magazziniere");
    t.send(CTRL_RIGHT);
    t.wait_for("[Questionario]");

    // Questionnaire: A=6, B=4, C=6 so D opens, D=6: C+D = 12 -> Percorso 4.
    for d in "111111"
        .chars()
        .chain("11110".chars())
        .chain("21111".chars())
    {
        t.send(&d.to_string());
    }
    t.wait_for("aperta");
    for d in "21111".chars() {
        t.send(&d.to_string());
    }
    t.wait_for("Percorso proposto 4");

    // One propensione.
    t.send(PAGE_DOWN);
    t.send(PAGE_DOWN);
    t.send(PAGE_DOWN);
    t.wait_for("[Propensioni]");
    t.send("a");
    t.wait_for("Codice CP2021");
    t.send("7.4.4.2.0");
    t.send(TAB);
    t.send("Magazziniere");
    t.send(TAB);
    t.send(" ");
    t.send(CTRL_S);
    t.wait_for("Propensione salvata");

    // Patto: an action and the art. 20 terms.
    t.send(CTRL_RIGHT);
    t.wait_for("[Percorso]");
    t.send(PAGE_DOWN);
    t.wait_for("[Piano d'azione]");
    t.send("a");
    t.wait_for("Chi la svolge");
    t.send(RIGHT);
    t.send(TAB);
    t.send(TAB);
    t.send("Laboratorio di ricerca attiva");
    t.send(CTRL_S);
    t.wait_for("Azione salvata");
    t.send(PAGE_DOWN);
    t.wait_for("[Patto]");
    t.send(TAB);
    t.send("mensile");
    t.send(TAB);
    t.send("diario delle candidature");
    t.send(TAB);
    t.send("s");
    t.send(TAB);
    t.send("s");
    t.send(TAB);
    t.send("s");
    t.send(TAB);
    t.wait_for("Patto ✔ (completa)");

    // Sign: Enter, s and y do not sign; f does.
    t.send(CTRL_F);
    t.wait_for("Tutto compilato.");
    t.send(ENTER);
    t.send("s");
    t.send("y");
    std::thread::sleep(Duration::from_millis(300));
    assert!(t.screen().contains("f firma il patto"), "{}", t.screen());
    t.send("f");
    t.wait_for("Patto firmato: PSP-");
    let screen = t.screen();
    assert!(
        screen.contains("percorso 4 Lavoro e inclusione"),
        "{screen}"
    );
    assert!(screen.contains("firmato il"), "{screen}");

    t.send(CTRL_Q);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = t.child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "orienta did not quit");
        std::thread::sleep(Duration::from_millis(20));
    }

    // The stored pact, through the export command.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orienta"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "export",
            "citizen",
            "RSSMRA85T10A562S",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pact = &v["patti"][0];
    assert_eq!(pact["versione"], 1);
    assert_eq!(pact["operatore"], "Anna Bianchi");
    let content = &pact["contenuto"];
    assert_eq!(content["profilo_di_occupabilita"]["percorso"], 4);
    assert_eq!(content["frequenza_contatti"], "mensile");
    assert_eq!(
        content["atti_di_ricerca_attiva"][0]["descrizione"],
        "Laboratorio di ricerca attiva"
    );
    // → on the first field moved from the first action of the catalogue (150) to the next.
    assert_eq!(content["atti_di_ricerca_attiva"][0]["codice"], "A05");
    assert_eq!(content["atti_di_ricerca_attiva"][0]["tipo"], "cpi");
    assert_eq!(
        v["colloqui"][0]["fase_informativa"]["aspettative_e_motivazioni"],
        "Lavoro come magazziniere"
    );
    assert_eq!(v["colloqui"][0]["risposte"]["D1"], 2);
    assert_eq!(v["propensioni"][0]["titolo"], "Magazziniere");
}

#[test]
fn sighup_saves_the_draft_being_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orienta.db");
    let mut t = Terminal::start(&db, dir.path());
    draft_being_typed(&mut t);
    let pid = t.child.process_id().expect("pid");
    let status = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    t.wait_exit();
    let v = export(&db);
    assert_eq!(
        v["colloqui"][0]["fase_informativa"]["aspettative_e_motivazioni"],
        "Testo non ancora confermato"
    );
    assert_eq!(v["colloqui"][0]["stato"], "bozza");
}

#[test]
fn a_broken_keymap_is_refused_at_start_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let keymap = dir.path().join("keymap.toml");
    std::fs::write(&keymap, "[global]\nsave = \"f2\"\nquit = \"ctrl-\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orienta"))
        .arg("--db")
        .arg(dir.path().join("o.db"))
        .arg("--keymap")
        .arg(&keymap)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("keymap.toml, riga 3"), "{stderr}");
    assert!(stderr.contains("«ctrl-»"), "{stderr}");
}

#[test]
fn the_keymap_in_the_config_directory_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("orienta")).unwrap();
    std::fs::write(
        dir.path().join("orienta/keymap.toml"),
        "[home]\nopen = \"x\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orienta"))
        .arg("--db")
        .arg(dir.path().join("o.db"))
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("orienta/keymap.toml, riga 2"), "{stderr}");
    assert!(
        stderr.contains("nel contesto home si scrive testo"),
        "{stderr}"
    );
}

#[test]
fn without_a_terminal_it_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orienta"))
        .arg("--db")
        .arg(&db)
        .env("XDG_CONFIG_HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("va avviato in un terminale"), "{stderr}");
    assert!(!db.exists());
}
