//! The real binary in a pseudo-terminal (80x24), typed at like an operator: create a citizen,
//! go through a whole interview, sign the pact, then read the pact back with `export`.

mod common;

use std::time::{Duration, Instant};

use common::pty::{
    CTRL_F, CTRL_N, CTRL_Q, CTRL_RIGHT, CTRL_S, DOWN, ENTER, PAGE_DOWN, RIGHT, TAB, Terminal, bin,
};

const ROSSI: &str = "RSSMRA85T10A562S";

fn export(db: &std::path::Path) -> serde_json::Value {
    common::pty::export(db, ROSSI)
}

/// Mario Rossi has no DID date: the "150" interview asks for it, then opens.
fn answer_did(t: &mut Terminal) {
    t.wait_for("Data della DID");
    t.send("01/10/2024");
    t.send(ENTER);
    t.wait_for("Argomenti e aspettative");
}

/// Registers Mario Rossi, opens an interview and types expectations without confirming them.
fn draft_being_typed(t: &mut Terminal) {
    t.wait_for("Cerca (codice fiscale, nome o e-mail)");
    t.send(CTRL_N);
    t.send("RSSMRA85T10A562S");
    t.send(TAB);
    t.send("Rossi");
    t.send(TAB);
    t.send("Mario");
    t.send(CTRL_S);
    t.wait_for("Anagrafica salvata");
    t.send("n");
    answer_did(t);
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
    t.wait_for("Cerca (codice fiscale, nome o e-mail)");

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

    // New interview: the DID date is asked first; then the fase informativa.
    t.send("n");
    answer_did(&mut t);
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
    // Each yes given with its letter moves on by itself.
    t.send("s");
    t.send("s");
    t.send("s");
    t.wait_for("Patto ✔ completa");

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
    let v = export(&db);
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
    // → on the first field moved from the first action the plan offers (A08: 150, A05 and
    // A07 are recorded by the signing, not typed) to the next.
    assert_eq!(content["atti_di_ricerca_attiva"][0]["codice"], "A06");
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
    t.signal(libc::SIGHUP);
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
    let out = std::process::Command::new(bin())
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
    let out = std::process::Command::new(bin())
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
    let out = std::process::Command::new(bin())
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

/// A bilancio di competenze whose suggested training becomes version 2 of the pact: Rossi has
/// a signed pact and a propensione for 5.1.2.2.0 (shop assistant); the comparison with that
/// profile finds competences to acquire, the first suggested training is selected and added,
/// the draft it went to is opened and signed.
#[test]
fn a_skill_gap_suggestion_becomes_version_two_of_the_pact() {
    use orienta::domain::records::{InterviewKind, Propensity};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orienta.db");
    common::pty::import_citizens(&db, &[(ROSSI, "Rossi", "Mario")]);
    {
        let data = orienta::data::load_defaults().unwrap();
        let mut store =
            orienta::store::Store::open(&db, "Anna Bianchi", orienta::store::CreateMode::default())
                .unwrap();
        let citizen = store.citizen_by_cf(ROSSI).unwrap().unwrap().id;
        let i = store
            .start_interview(citizen, InterviewKind::Did150)
            .unwrap();
        let seen = common::complete_interview(&mut store, &data, i.id);
        store.sign_pact(&data, &seen).unwrap();
        let commessa = Propensity {
            cp2021_code: "5.1.2.2.0".into(),
            title: "Commessa".into(),
            from_work: true,
            from_education: false,
            from_training: false,
            from_aptitude: false,
            interview_date: common::today(),
            sep: None,
            skills: String::new(),
            years_experience: None,
            last_year: None,
            availability: String::new(),
            licences: String::new(),
            notes: String::new(),
        };
        store.add_propensity(citizen, None, &commessa).unwrap();
    }
    let mut t = Terminal::start(&db, dir.path());
    t.open_card(ROSSI);
    t.send("b");
    t.wait_for("[Percorso]");
    t.send(TAB);
    t.send(TAB);
    t.wait_for("[Confronto]");
    t.send("n");
    t.wait_for("Nuovo confronto: profilo obiettivo");
    // The second propensione: Commessa.
    t.send(RIGHT);
    t.wait_for("5.1.2.2.0 Commessa");
    t.send(CTRL_S);
    t.wait_for("Confronto aperto");
    t.wait_for("da acquisire");
    // Past the 9 required competences and the training need, to the first suggestion.
    for _ in 0..10 {
        t.send(DOWN);
    }
    t.send(" ");
    t.wait_for("[x] C05");
    t.send("p");
    t.wait_for("azioni aggiunte");
    t.send("r");
    t.wait_for("DID 150 · bozza");
    t.send(CTRL_F);
    t.wait_for("Tutto compilato.");
    t.send("f");
    t.wait_for("versione 2");
    // The bilancio is concluded after its suggestion was signed: the A03 in force (carried
    // into version 2) is the one concluded.
    t.send("b");
    t.wait_for("[Percorso]");
    t.send(TAB);
    t.send(TAB);
    t.wait_for("[Confronto]");
    t.send("c");
    t.wait_for("Concludere il bilancio?");
    t.send(ENTER);
    t.wait_for("Bilancio concluso (bilancio concluso:");
    t.send(CTRL_Q);
    t.wait_exit();

    let v = export(&db);
    let pacts = v["patti"].as_array().unwrap();
    assert_eq!(pacts.len(), 2);
    let version2 = v["colloqui"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == pacts[1]["colloquio"])
        .cloned()
        .unwrap_or_default();
    let a03 = version2["azioni"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["codice"] == "A03")
        .cloned()
        .unwrap_or_default();
    assert_eq!(a03["stato"], "conclusa", "the A03 in force: {a03}");
    assert!(
        a03["esito"]
            .as_str()
            .is_some_and(|e| e.starts_with("bilancio concluso")),
        "{a03}"
    );
    assert_eq!(pacts[1]["versione"], 2);
    let content = pacts[1]["contenuto"].to_string();
    assert!(content.contains("\"C05\""), "{content}");
    assert!(
        content.contains("dal bilancio di competenze: Lingua italiana"),
        "{content}"
    );
    let first = pacts[0]["contenuto"].to_string();
    assert!(!first.contains("dal bilancio"), "version 1 stays as signed");
    let b = &v["bilancio"]["confronti"][0];
    assert_eq!(b["profilo_obiettivo"]["codice_cp2021"], "5.1.2.2.0");
    assert_eq!(b["confronto"][0]["esito"], "mancante");
}
