//! `orienta pact` run as a real process: the document in each format, files 0600 never
//! overwritten, versions, acceptance, and the Italian errors with their exit codes.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use orienta::data;
use orienta::domain::records::{CitizenData, InterviewKind, Sex};
use orienta::store::{CreateMode, Store};

mod common;

const CF: &str = "RSSMRA85T10A562S";

fn orienta(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orienta"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ORIENTA_OPERATOR", "operatore di prova")
        .env_remove("ORIENTA_DATA")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A database with Rossi (two signed versions) and Verdi (no pact).
fn database(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("o.db");
    let data = data::load_defaults().unwrap();
    let mut store = Store::open(&db, "anna", CreateMode::default()).unwrap();
    let mut rossi = CitizenData::new(
        CF,
        "Rossi",
        "Mario",
        Sex::Male,
        chrono::NaiveDate::from_ymd_opt(1985, 12, 10).unwrap(),
    );
    rossi.did_date = chrono::NaiveDate::from_ymd_opt(2026, 10, 1);
    let citizen = store.insert_citizen(&rossi).unwrap();
    for _ in 0..2 {
        let interview = store
            .start_interview(citizen.id, InterviewKind::Did150)
            .unwrap();
        let seen = common::complete_interview(&mut store, &data, interview.id);
        store.sign_pact(&data, &seen).unwrap();
    }
    let verdi = CitizenData::new(
        "VRDLCU90A41D612Q",
        "Verdi",
        "Lucia",
        Sex::Female,
        chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
    );
    store.insert_citizen(&verdi).unwrap();
    db
}

#[test]
fn each_format_is_written_to_a_private_file_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    for format in ["txt", "md", "json", "pdf"] {
        let file = dir.path().join(format!("patto.{format}"));
        let out = orienta(
            &db,
            &["pact", CF, "--format", format, "-o", file.to_str().unwrap()],
        );
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("versione 2 scritto in"),
            "{}",
            stdout(&out)
        );
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{format}");
        let bytes = std::fs::read(&file).unwrap();
        let bytes_before = bytes.clone();
        match format {
            "pdf" => assert!(bytes.starts_with(b"%PDF-")),
            "json" => {
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(v["versione"], 2);
                assert_eq!(v["contenuto"]["cittadino"]["codice_fiscale"], CF);
            }
            _ => assert!(String::from_utf8(bytes).unwrap().contains("Rossi Mario")),
        }
        // The same name again: refused, the file untouched, exit 1 as for `export`.
        let again = orienta(
            &db,
            &["pact", CF, "--format", format, "-o", file.to_str().unwrap()],
        );
        assert_eq!(again.status.code(), Some(1));
        assert!(stderr(&again).contains("esiste già"), "{}", stderr(&again));
        assert_eq!(std::fs::read(&file).unwrap(), bytes_before);
    }
}

#[test]
fn the_format_follows_the_file_name_and_the_text_goes_to_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let file = dir.path().join("copia.pdf");
    let out = orienta(&db, &["pact", CF, "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));

    let shown = orienta(&db, &["pact", CF, "--version", "1"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = stdout(&shown);
    assert!(text.contains("PATTO DI SERVIZIO PERSONALIZZATO"));
    assert!(text.contains("versione 1"), "{text}");
    assert!(text.contains('\u{c}'), "pages are separated by a form feed");

    let md = orienta(&db, &["pact", CF, "--format", "md"]);
    assert!(stdout(&md).starts_with("# Patto di Servizio Personalizzato"));

    let pdf = orienta(&db, &["pact", CF, "--format", "pdf"]);
    assert_eq!(pdf.status.code(), Some(2));
    assert!(stderr(&pdf).contains("-o FILE"), "{}", stderr(&pdf));

    // "-o -" is the screen, not a file named "-".
    let dash = orienta(&db, &["pact", CF, "--format", "md", "-o", "-"]);
    assert!(dash.status.success(), "{}", stderr(&dash));
    assert!(stdout(&dash).starts_with("# Patto di Servizio Personalizzato"));
    assert!(!Path::new("-").exists() && !dir.path().join("-").exists());

    // Text asked into a file named .pdf: refused, nothing written.
    let wrong = dir.path().join("patto.pdf");
    let out = orienta(
        &db,
        &["pact", CF, "--format", "txt", "-o", wrong.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("estensione"), "{}", stderr(&out));
    assert!(!wrong.exists());
}

#[test]
fn unknown_person_no_pact_and_unknown_version_are_told_in_italian() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let unknown = orienta(&db, &["pact", "BNCGNN80A01H501U"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("nessun cittadino"),
        "{}",
        stderr(&unknown)
    );

    let none = orienta(&db, &["pact", "vrdlcu90a41d612q"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("non ha un patto firmato"),
        "{}",
        stderr(&none)
    );

    let version = orienta(&db, &["pact", CF, "--version", "7"]);
    assert_eq!(version.status.code(), Some(1));
    assert!(
        stderr(&version).contains("non ha la versione 7: le versioni firmate vanno da 1 a 2"),
        "{}",
        stderr(&version)
    );

    let format = orienta(&db, &["pact", CF, "--format", "docx"]);
    assert_eq!(format.status.code(), Some(2));
}

#[test]
fn the_acceptance_is_recorded_once_and_printed_with_the_pact() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let out = orienta(&db, &["pact", CF, "--accepted", "firma", "--version", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("la persona ha firmato il patto PSP-"),
        "{}",
        stdout(&out)
    );
    let again = orienta(&db, &["pact", CF, "--accepted", "pdf", "--version", "1"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("già registrata"),
        "{}",
        stderr(&again)
    );

    let latest = orienta(&db, &["pact", CF, "--accepted", "pdf"]);
    assert!(
        stdout(&latest).contains("ricevuto in PDF"),
        "{}",
        stdout(&latest)
    );

    let v1 = stdout(&orienta(&db, &["pact", CF, "--version", "1"]));
    assert!(v1.contains("Patto firmato dalla persona il"), "{v1}");
    let json = stdout(&orienta(&db, &["pact", CF, "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["accettazione"]["modo"], "pdf");
    assert_eq!(v["accettazione"]["operatore"], "operatore di prova");

    // Acceptance and an output file do not go together.
    let both = orienta(&db, &["pact", CF, "--accepted", "firma", "-o", "x.txt"]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn the_print_directory_of_the_interface_is_an_option() {
    use clap::Parser;
    let cli = orienta::cli::Cli::try_parse_from(["orienta", "--print-dir", "/srv/stampe"]).unwrap();
    assert_eq!(cli.print_dir, Some(std::path::PathBuf::from("/srv/stampe")));
    let cli = orienta::cli::Cli::try_parse_from(["orienta", "pact", CF, "--print-dir", "x"]);
    assert!(cli.is_ok());
}

#[test]
fn the_latest_version_lists_the_activities_after_the_pact_and_older_ones_do_not() {
    use orienta::domain::sessions::CounsellingSession;
    use orienta::store::SessionAction;
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    {
        let mut store = Store::open(&db, "anna", CreateMode::default()).unwrap();
        let citizen = store.citizen_by_cf(CF).unwrap().unwrap();
        let a06 = store
            .current_plan(citizen.id)
            .unwrap()
            .into_iter()
            .find(|a| a.data.code == "A06")
            .unwrap();
        let session = CounsellingSession {
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            operator: "anna".into(),
            goals: "obiettivo".into(),
            obstacles: String::new(),
            strategies: String::new(),
            outcome: "percorso scelto".into(),
            next_step: String::new(),
            closes: true,
        };
        store
            .add_counselling_session(citizen.id, &session, SessionAction::Existing(a06.id), "")
            .unwrap();
    }
    let latest = orienta(&db, &["pact", CF]);
    assert!(latest.status.success(), "{}", stderr(&latest));
    let text = stdout(&latest);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Attività dopo il patto"), "{text}");
    assert!(flat.contains("esito: percorso scelto"), "{text}");
    let json = orienta(&db, &["pact", CF, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        value["attivita_dopo_il_patto"]["azioni"][0]["esito"],
        "percorso scelto"
    );
    let older = orienta(&db, &["pact", CF, "--version", "1"]);
    assert!(!stdout(&older).contains("Attività dopo il patto"));
}
