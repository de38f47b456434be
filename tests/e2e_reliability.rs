//! The real binary in a pseudo-terminal (80x24) where things go wrong: sessions that end in
//! every way while a sub-form is being typed, a database held by another writer, a conflict
//! followed by quitting, long pastes, signing keys, data changed under the signer, two operators
//! opening the same person's interview.
//!
//! The databases are created through the binary under test (`import citizens`), so that the
//! suite also runs against an older build (`ORIENTA_E2E_BIN`); the other operators' writes go
//! through `orienta::store::Store` once that binary is running.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use orienta::domain::records::InterviewKind;
use orienta::store::{CreateMode, Store, TextField};

use common::pty::{
    CTRL_F, CTRL_Q, CTRL_RIGHT, ENTER, ESC, PAGE_DOWN, TAB, Terminal, export, import_citizens,
};

const ROSSI: &str = "RSSMRA85T10A562S";

/// A temporary directory (also the program's home) with a database holding Mario Rossi.
struct Setup {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("orienta.db");
        import_citizens(&db, &[(ROSSI, "Rossi", "Mario")]);
        Setup { dir, db }
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    fn start(&self) -> Terminal {
        Terminal::start(&self.db, self.home())
    }

    /// Another operator's connection to the database.
    fn other_store(&self) -> Store {
        Store::open(&self.db, "Bruno Neri", CreateMode::default()).unwrap()
    }

    fn rossi_id(&self, store: &Store) -> i64 {
        store.citizen_by_cf(ROSSI).unwrap().expect("Rossi").id
    }

    /// Drafts of Rossi's interviews still open, counted in the database itself.
    fn open_drafts(&self) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let discarded_column: bool = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('interviews') WHERE name = 'discarded_at'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            > 0;
        let sql = if discarded_column {
            "SELECT count(*) FROM interviews WHERE status = 'bozza' AND discarded_at IS NULL"
        } else {
            "SELECT count(*) FROM interviews WHERE status = 'bozza'"
        };
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

/// How a session ends.
#[derive(Debug, Clone, Copy)]
enum Ending {
    /// Ctrl+Q, then Enter on the question about unsaved data.
    Quit,
    Signal(libc::c_int),
    /// The terminal closes.
    HangUp,
}

fn end(t: &mut Terminal, ending: Ending) {
    match ending {
        Ending::Quit => {
            t.send(CTRL_Q);
            t.wait_for("Dati non ancora salvati");
            t.send(ENTER);
            let status = t.wait_exit();
            assert!(status.success(), "exit status {status:?}");
        }
        Ending::Signal(signal) => {
            t.signal(signal);
            t.wait_exit();
        }
        Ending::HangUp => {
            t.hang_up();
            t.wait_exit();
        }
    }
}

/// Opens a new interview for Rossi and goes to the given page of the Analisi phase
/// (0 Questionario … 3 Propensioni).
fn new_interview_on_analysis_page(t: &mut Terminal, page: usize, title: &str) {
    t.open_card(ROSSI);
    t.send("n");
    t.wait_for("Argomenti e aspettative");
    t.send(CTRL_RIGHT);
    t.wait_for("[Questionario]");
    for _ in 0..page {
        t.send(PAGE_DOWN);
    }
    t.wait_for(&format!("[{title}]"));
}

/// Opens a new interview for Rossi with the cursor in the expectations note.
fn new_interview_in_expectations(t: &mut Terminal) {
    t.open_card(ROSSI);
    t.send("n");
    t.wait_for("Argomenti e aspettative");
    for _ in 0..7 {
        t.send(TAB);
    }
}

/// A new session on the same database opens Rossi's draft: the unsaved data are offered back
/// and Enter puts `typed` on screen again.
fn offered_back(setup: &Setup, typed: &str) {
    let mut t = setup.start();
    t.open_card(ROSSI);
    t.send("r");
    t.wait_for("Dati da recuperare");
    assert!(!t.screen().contains(typed), "{}", t.screen());
    t.send(ENTER);
    t.wait_for(typed);
}

const TYPED_TITLE: &str = "Operaio edile specializzato";

/// A propensione with only a title (no provenance: it cannot be saved), then the session ends.
fn invalid_propensione_survives(ending: Ending) {
    let setup = Setup::new();
    let mut t = setup.start();
    new_interview_on_analysis_page(&mut t, 3, "Propensioni");
    t.send("a");
    t.wait_for("Codice CP2021");
    t.send(TAB);
    t.send(TYPED_TITLE);
    t.wait_for(TYPED_TITLE);
    end(&mut t, ending);
    drop(t);
    offered_back(&setup, TYPED_TITLE);
}

#[test]
fn an_invalid_propensione_survives_quitting() {
    invalid_propensione_survives(Ending::Quit);
}

#[test]
fn an_invalid_propensione_survives_sighup() {
    invalid_propensione_survives(Ending::Signal(libc::SIGHUP));
}

#[test]
fn an_invalid_propensione_survives_sigterm() {
    invalid_propensione_survives(Ending::Signal(libc::SIGTERM));
}

#[test]
fn an_invalid_propensione_survives_sigint() {
    invalid_propensione_survives(Ending::Signal(libc::SIGINT));
}

#[test]
fn an_invalid_propensione_survives_sigquit() {
    invalid_propensione_survives(Ending::Signal(libc::SIGQUIT));
}

#[test]
fn an_invalid_propensione_survives_a_closed_terminal() {
    invalid_propensione_survives(Ending::HangUp);
}

#[test]
fn a_valid_propensione_is_saved_on_sigterm() {
    let setup = Setup::new();
    let mut t = setup.start();
    new_interview_on_analysis_page(&mut t, 3, "Propensioni");
    t.send("a");
    t.wait_for("Codice CP2021");
    t.send(TAB);
    t.send(TYPED_TITLE);
    t.send(TAB);
    t.send(" ");
    t.wait_for("[sì]");
    t.signal(libc::SIGTERM);
    t.wait_exit();
    let v = export(&setup.db, ROSSI);
    assert_eq!(v["propensioni"][0]["titolo"], TYPED_TITLE, "{v:#}");
    assert_eq!(v["propensioni"][0]["da_lavoro"], true, "{v:#}");
}

#[test]
fn a_plafond_motivation_without_its_section_survives_sighup() {
    let setup = Setup::new();
    let mut t = setup.start();
    new_interview_on_analysis_page(&mut t, 2, "Plafond e note");
    let motivation = "Famiglia ricostituita";
    t.send(TAB);
    t.send(TAB);
    t.send(motivation);
    t.wait_for(motivation);
    t.signal(libc::SIGHUP);
    t.wait_exit();
    drop(t);
    offered_back(&setup, motivation);
}

/// Another connection holding the write lock.
struct WriteLock {
    release: std::sync::mpsc::Sender<()>,
    holder: std::thread::JoinHandle<()>,
}

impl WriteLock {
    /// Takes the lock and keeps it for `held` at most; returns once it has it.
    fn take(db: &Path, held: Duration) -> WriteLock {
        let db = db.to_path_buf();
        let (taken, has_it) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            taken.send(()).unwrap();
            let _ = released.recv_timeout(held);
            conn.execute_batch("COMMIT").unwrap();
        });
        has_it.recv().unwrap();
        WriteLock { release, holder }
    }

    /// Lets the lock go (now, or when its time is up) and waits until it is free.
    fn release(self) {
        let _ = self.release.send(());
        self.holder.join().unwrap();
    }
}

/// A field confirmed while another writer holds the database for 7 s (less than the
/// interface's busy budget), then the session ends: the field is saved once the lock goes.
fn confirmed_while_busy(ending: Ending) {
    assert!(Duration::from_secs(7) < orienta::ui::BUSY_BUDGET);
    let setup = Setup::new();
    let mut t = setup.start();
    new_interview_in_expectations(&mut t);
    let text = "Cerca lavoro a tempo pieno";
    t.send(text);
    t.wait_for(text);
    let lock = WriteLock::take(&setup.db, Duration::from_secs(7));
    t.send(TAB);
    match ending {
        Ending::Quit => t.send(CTRL_Q),
        Ending::Signal(signal) => {
            // Let the program start the save before the signal comes.
            std::thread::sleep(Duration::from_millis(500));
            t.signal(signal);
        }
        Ending::HangUp => t.hang_up(),
    }
    let status = t.wait_exit_within(Duration::from_secs(25));
    if let Ending::Quit = ending {
        assert!(status.success(), "exit status {status:?}");
    }
    // The program could end only once the lock went, at its time.
    lock.release();
    let v = export(&setup.db, ROSSI);
    assert_eq!(
        v["colloqui"][0]["fase_informativa"]["aspettative_e_motivazioni"], text,
        "{v:#}"
    );
}

#[test]
fn a_field_confirmed_on_a_busy_database_is_saved_before_quitting() {
    confirmed_while_busy(Ending::Quit);
}

#[test]
fn a_field_confirmed_on_a_busy_database_is_saved_on_sighup() {
    confirmed_while_busy(Ending::Signal(libc::SIGHUP));
}

#[test]
fn a_session_ended_on_a_database_held_longer_than_the_budget_keeps_the_text_in_a_file() {
    let setup = Setup::new();
    let mut t = setup.start();
    new_interview_in_expectations(&mut t);
    let text = "Disponibile da subito";
    t.send(text);
    t.wait_for(text);
    let lock = WriteLock::take(&setup.db, Duration::from_secs(60));
    t.signal(libc::SIGHUP);
    // Every write of the ending shares one busy budget (10 s), so the program ends well before
    // the lock goes; what it could not save is in a file beside the database.
    t.wait_exit_within(orienta::ui::BUSY_BUDGET * 2);
    let files: Vec<String> = std::fs::read_dir(setup.home())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("orienta.db.recupero-"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    lock.release();
    drop(t);
    offered_back(&setup, text);
}

#[test]
fn a_conflict_then_quitting_keeps_the_text_for_recovery() {
    let setup = Setup::new();
    let mut t = setup.start();
    new_interview_in_expectations(&mut t);
    let mine = "testo di Anna";
    let theirs = "testo di Bruno";
    t.send(mine);
    t.wait_for(mine);
    let mut bruno = setup.other_store();
    let draft = bruno
        .draft_of(setup.rossi_id(&bruno))
        .unwrap()
        .expect("draft");
    bruno
        .set_text(draft.id, draft.version, TextField::Expectations, theirs)
        .unwrap();
    t.send(TAB);
    t.wait_for("Modificato anche da un altro operatore");
    t.wait_for(theirs);
    t.wait_for(mine);
    t.send(CTRL_Q);
    t.wait_for("Dati non ancora salvati");
    t.send(ENTER);
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    drop(t);
    // Nobody chose: the other operator's value stays in the database, mine in the recovery.
    let v = export(&setup.db, ROSSI);
    assert_eq!(
        v["colloqui"][0]["fase_informativa"]["aspettative_e_motivazioni"], theirs,
        "{v:#}"
    );
    offered_back(&setup, mine);
}

/// 4,000 characters, some of them more than one byte long, ending with a mark.
fn long_text() -> String {
    let mut text = String::new();
    let mut n = 0;
    while text.chars().count() < 3980 {
        text.push_str(&format!("parola {n} è già così; "));
        n += 1;
    }
    text = text.chars().take(3980).collect();
    text.push_str(" FINE DEL TESTO 4000");
    assert_eq!(text.chars().count(), 4000);
    text
}

/// Pastes 4,000 characters into the expectations note (through `paste`), checks that the
/// program then rests, confirms and quits: the note is saved whole.
fn pasted_text_is_saved_whole(paste: impl Fn(&mut Terminal, &str)) {
    let setup = Setup::new();
    let mut t = setup.start();
    new_interview_in_expectations(&mut t);
    let text = long_text();
    paste(&mut t, &text);
    t.wait_for("FINE DEL TESTO 4000");
    t.send(TAB);
    // At rest nothing is read, drawn or written: the process sleeps.
    std::thread::sleep(Duration::from_millis(500));
    let before = t.cpu_ticks();
    std::thread::sleep(Duration::from_secs(1));
    let used = t.cpu_ticks() - before;
    assert!(used < 5, "{used} ticks of CPU in 1 s without input");
    t.send(CTRL_Q);
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let v = export(&setup.db, ROSSI);
    let saved = v["colloqui"][0]["fase_informativa"]["aspettative_e_motivazioni"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(saved.chars().count(), 4000, "saved: {saved}");
    assert_eq!(saved, text);
}

#[test]
fn a_bracketed_paste_of_4000_characters_is_saved_whole() {
    pasted_text_is_saved_whole(|t, text| t.paste(text));
}

#[test]
fn a_raw_paste_of_4000_characters_is_saved_whole() {
    pasted_text_is_saved_whole(|t, text| {
        // As a terminal without bracketed paste sends it: in reads of any size, cut anywhere,
        // even inside a character.
        let bytes = text.as_bytes();
        let mut at = 0;
        for size in [1, 2, 3, 5, 64, 333, 1024, 7].iter().cycle() {
            if at >= bytes.len() {
                break;
            }
            let next = (at + size).min(bytes.len());
            t.write(&bytes[at..next]);
            at = next;
        }
    });
}

#[test]
fn enter_s_and_y_do_not_sign_an_incomplete_interview() {
    let setup = Setup::new();
    let mut t = setup.start();
    t.open_card(ROSSI);
    t.send("n");
    t.wait_for("Argomenti e aspettative");
    t.send(CTRL_F);
    // The closing dialog lists what is missing.
    t.wait_for("fase informativa: aspettative e motivazioni");
    let dialog = t.screen_text();
    for key in [ENTER, "s", "y"] {
        t.send(key);
    }
    // Esc closes the dialog: it comes after the three keys, so they have been read.
    t.send(ESC);
    t.wait_gone("fase informativa: aspettative e motivazioni");
    let v = export(&setup.db, ROSSI);
    assert_eq!(v["patti"], serde_json::json!([]), "{v:#}");
    assert_eq!(v["colloqui"][0]["stato"], "bozza", "{v:#}");
    assert!(dialog.contains("Patto non firmabile"), "{dialog}");
    assert!(
        t.screen_text().contains("[Argomenti e aspettative]"),
        "{}",
        t.screen()
    );
}

/// Rossi's interview, complete, opened by the program; `change` is another operator's save
/// meanwhile. Signing is refused once ("nel frattempo"), then the second signature takes
/// what is in the database now; `check` reads the signed pact.
fn signing_after_a_change(change: impl Fn(&mut Store), check: impl Fn(&serde_json::Value)) {
    let setup = Setup::new();
    let mut t = setup.start();
    t.wait_for("Cerca (codice fiscale, nome o e-mail)");
    {
        let mut store = setup.other_store();
        let data = orienta::data::load_defaults().unwrap();
        let rossi = setup.rossi_id(&store);
        let interview = store.start_interview(rossi, InterviewKind::Did150).unwrap();
        common::complete_interview(&mut store, &data, interview.id);
    }
    t.open_card(ROSSI);
    t.send("r");
    t.wait_for("Argomenti e aspettative");
    change(&mut setup.other_store());
    t.send(CTRL_F);
    t.wait_for("Tutto compilato.");
    t.send("f");
    t.wait_for("nel frattempo un altro operatore ha modificato");
    let v = export(&setup.db, ROSSI);
    assert_eq!(v["patti"], serde_json::json!([]), "{v:#}");
    t.send(CTRL_F);
    t.wait_for("Tutto compilato.");
    t.send("f");
    t.wait_for("Patto firmato: PSP-");
    let v = export(&setup.db, ROSSI);
    assert_eq!(v["patti"].as_array().map(Vec::len), Some(1), "{v:#}");
    check(&v["patti"][0]["contenuto"]);
}

#[test]
fn an_action_changed_meanwhile_stops_the_signature_once() {
    signing_after_a_change(
        |store| {
            let draft = store
                .draft_of(store.citizen_by_cf(ROSSI).unwrap().unwrap().id)
                .unwrap()
                .unwrap();
            let action = store.actions_of(draft.id).unwrap().remove(0);
            let mut changed = action.data.clone();
            changed.description = "Colloquio con la psicologa del lavoro".into();
            store
                .update_action(action.id, action.version, &changed)
                .unwrap();
        },
        |pact| {
            assert_eq!(
                pact["atti_di_ricerca_attiva"][0]["descrizione"],
                "Colloquio con la psicologa del lavoro",
                "{pact:#}"
            );
        },
    );
}

#[test]
fn a_surname_changed_meanwhile_stops_the_signature_once() {
    signing_after_a_change(
        |store| {
            let rossi = store.citizen_by_cf(ROSSI).unwrap().unwrap();
            let mut changed = rossi.data.clone();
            changed.surname = "Rossini".into();
            store
                .update_citizen(rossi.id, rossi.version, &changed)
                .unwrap();
        },
        |pact| {
            assert_eq!(pact["cittadino"]["cognome"], "Rossini", "{pact:#}");
        },
    );
}

#[test]
fn two_sessions_pressing_n_open_one_draft() {
    let setup = Setup::new();
    let mut anna = setup.start();
    let mut bruno = Terminal::start_as(&setup.db, setup.home(), "Bruno Neri");
    anna.open_card(ROSSI);
    bruno.open_card(ROSSI);
    anna.send("n");
    anna.wait_for("Argomenti e aspettative");
    bruno.send("n");
    let refused = "la persona ha già un colloquio in bozza, aperto da Anna Bianchi";
    let shown = bruno.wait_for_any(&[refused, "Argomenti e aspettative"]);
    assert_eq!(setup.open_drafts(), 1);
    assert_eq!(shown, 0, "{}", bruno.screen());
    // Bruno is on the card, which now shows the draft: he discards it.
    bruno.send("x");
    bruno.wait_for("Scartare la bozza?");
    bruno.send(ENTER);
    bruno.wait_for("Bozza scartata");
    assert_eq!(setup.open_drafts(), 0);
}

#[test]
fn text_typed_on_a_draft_discarded_by_another_session_is_offered_back() {
    let setup = Setup::new();
    let mut anna = setup.start();
    new_interview_in_expectations(&mut anna);
    let typed = "Preferisce il turno del mattino";
    anna.send(typed);
    anna.wait_for(typed);
    let mut bruno = Terminal::start_as(&setup.db, setup.home(), "Bruno Neri");
    bruno.open_card(ROSSI);
    bruno.send("x");
    bruno.wait_for("Scartare la bozza?");
    bruno.send(ENTER);
    bruno.wait_for("Bozza scartata");
    drop(bruno);
    end(&mut anna, Ending::Quit);
    drop(anna);
    // The next draft for the person offers the text back.
    let mut t = setup.start();
    t.open_card(ROSSI);
    t.send("n");
    t.wait_for("Dati da recuperare");
    t.send(ENTER);
    t.wait_for(typed);
}
