//! The CV's file: judged by content (a PDF with text, not a scan, not a renamed text file, not
//! missing), stored with its SHA-256 once, filed once per person and file, given back by
//! `orienta export cv`.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;
use orienta::demo::sample_pdf;
use orienta::domain::cv_file::sha256_hex;
use orienta::domain::records::{CitizenData, CvRecord, InterviewKind, Sex};
use orienta::store::{CreateMode, CvFiling, Store};
use orienta::ui::app::Screen;

mod common;
use common::TestApp;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rossi() -> CitizenData {
    let mut person = CitizenData::new(
        "RSSMRA85T10A562S",
        "Rossi",
        "Mario",
        Sex::Male,
        date(1985, 12, 10),
    );
    person.did_date = Some(date(2026, 10, 1));
    person
}

fn cv(path: &str, provinces: &[&str]) -> CvRecord {
    CvRecord {
        filed_on: date(2026, 11, 26),
        consent: true,
        provinces: provinces.iter().map(|p| p.to_string()).collect(),
        pdf_path: path.into(),
    }
}

fn cv_files(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM cv_files", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_same_file_is_filed_once_and_another_file_is_a_new_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let mut store = Store::open(&db, "anna", CreateMode::default()).unwrap();
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let i = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let pdf = sample_pdf(Some("Mario Rossi, magazziniere"));

    let (first, filing) = store
        .file_cv(citizen.id, Some(i.id), &cv("/srv/cv.pdf", &[]), &pdf)
        .unwrap();
    assert_eq!(filing, CvFiling::Filed);
    assert_eq!(first.pdf_sha256.as_deref(), Some(sha256_hex(&pdf).as_str()));
    assert!(first.data.provinces.is_empty(), "provinces are optional");

    // Saved again as it is: nothing changes, no audit entry.
    let audit_before = store.audit_of(citizen.id).unwrap().len();
    let (again, filing) = store
        .file_cv(citizen.id, Some(i.id), &cv("/srv/cv.pdf", &[]), &pdf)
        .unwrap();
    assert_eq!((again.id, filing), (first.id, CvFiling::Unchanged));
    assert_eq!(store.audit_of(citizen.id).unwrap().len(), audit_before);

    // Same file, provinces chosen now: the record is updated, the filing date stays.
    let later = CvRecord {
        filed_on: date(2026, 12, 3),
        ..cv("/srv/cv.pdf", &["FI"])
    };
    let (updated, filing) = store.file_cv(citizen.id, Some(i.id), &later, &pdf).unwrap();
    assert_eq!((updated.id, filing), (first.id, CvFiling::Updated));
    assert_eq!(updated.data.provinces, ["FI"]);
    assert_eq!(updated.data.filed_on, date(2026, 11, 26));
    assert_eq!(store.cvs_of(citizen.id).unwrap().len(), 1);

    // Another file: a new record; the bytes of both are kept.
    let other = sample_pdf(Some("Mario Rossi, CV aggiornato"));
    let (second, filing) = store
        .file_cv(citizen.id, Some(i.id), &cv("/srv/cv2.pdf", &[]), &other)
        .unwrap();
    assert_eq!(filing, CvFiling::Filed);
    assert_ne!(second.id, first.id);
    assert_eq!(store.cvs_of(citizen.id).unwrap().len(), 2);
    assert_eq!(cv_files(&db), 2);
    let (latest, bytes) = store.cv_pdf(citizen.id, None).unwrap().unwrap();
    assert_eq!((latest.id, bytes), (second.id, other));
    let (_, bytes) = store.cv_pdf(citizen.id, Some(first.id)).unwrap().unwrap();
    assert_eq!(bytes, pdf);
    assert_eq!(store.cv_pdf(citizen.id, Some(9999)).unwrap(), None);
}

/// Rossi with one propensione, on the CV page, the education title chosen and consent given;
/// the focus on the file's name (no province chosen).
fn on_the_cv_page() -> TestApp {
    let mut t = TestApp::new();
    t.rossi()
        .keys(&[
            "n",
            "ctrl-right",
            "pagedown",
            "pagedown",
            "pagedown",
            "a",
            "tab",
        ])
        .text("Magazziniere")
        .keys(&["tab", "s", "ctrl-s", "pagedown"]);
    t.text("licenza media").keys(&["tab", "s", "tab"]);
    t
}

fn interview(t: &TestApp) -> &orienta::ui::app::InterviewScreen {
    match &t.app.screen {
        Screen::Interview(i) => i,
        _ => panic!("interview expected"),
    }
}

/// Types `path` into the focused file field, saves, and clears the field again.
fn try_file(t: &mut TestApp, path: &str) -> String {
    t.text(path).keys(&["ctrl-s"]);
    let message = t.message();
    if interview(t).cv.focused().is_some_and(|f| f.id == "pdf") {
        for _ in 0..path.chars().count() {
            t.keys(&["backspace"]);
        }
    }
    message
}

#[test]
fn the_interface_refuses_a_scan_a_renamed_text_and_a_missing_file_then_files_once() {
    let mut t = on_the_cv_page();
    assert_eq!(
        interview(&t).cv.focused().map(|f| f.id.as_str()),
        Some("pdf"),
        "{}",
        t.screen(80, 24)
    );
    let dir = t.dir.path().to_path_buf();
    let missing = dir.join("nessuno.pdf");
    let text = dir.join("testo.pdf");
    std::fs::write(&text, "Curriculum vitae di Mario Rossi\n").unwrap();
    let scan = dir.join("scansione.pdf");
    std::fs::write(&scan, sample_pdf(None)).unwrap();
    let good = dir.join("cv.pdf");
    std::fs::write(&good, sample_pdf(Some("Mario Rossi"))).unwrap();

    let said = try_file(&mut t, missing.to_str().unwrap());
    assert!(said.contains("non esiste"), "{said}");
    let said = try_file(&mut t, text.to_str().unwrap());
    assert!(said.contains("non è un PDF"), "{said}");
    let said = try_file(&mut t, scan.to_str().unwrap());
    assert!(said.contains("senza testo"), "{said}");
    // Over the limit: refused by its size, before being read.
    let big = dir.join("grande.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(orienta::domain::cv_file::MAX_CV_BYTES + 1)
        .unwrap();
    let said = try_file(&mut t, big.to_str().unwrap());
    assert!(
        said.contains("troppo grande") && said.contains("5 MiB"),
        "{said}"
    );
    assert!(interview(&t).cvs.is_empty());

    // A PDF with text, no province: filed.
    t.text(good.to_str().unwrap()).keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert_eq!(t.message(), orienta::strings::CV_FILED);
    assert_eq!(interview(&t).cvs.len(), 1);
    // Ctrl+S again: still one record.
    t.keys(&["ctrl-s"]);
    assert!(!t.error_shown(), "{}", t.message());
    assert_eq!(t.message(), orienta::strings::CV_UNCHANGED);
    let id = interview(&t).citizen.id;
    assert_eq!(t.app.store.cvs_of(id).unwrap().len(), 1);
    let (_, bytes) = t.app.store.cv_pdf(id, None).unwrap().unwrap();
    assert_eq!(bytes, std::fs::read(&good).unwrap());
}

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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn export_cv_gives_the_filed_bytes_back_privately_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let pdf = sample_pdf(Some("Mario Rossi"));
    let newer = sample_pdf(Some("Mario Rossi 2"));
    let (first_id, citizen_id) = {
        let mut store = Store::open(&db, "anna", CreateMode::default()).unwrap();
        let citizen = store.insert_citizen(&rossi()).unwrap();
        let (first, _) = store
            .file_cv(citizen.id, None, &cv("a.pdf", &[]), &pdf)
            .unwrap();
        let later = CvRecord {
            filed_on: date(2026, 11, 27),
            ..cv("b.pdf", &["PI"])
        };
        store.file_cv(citizen.id, None, &later, &newer).unwrap();
        (first.id, citizen.id)
    };
    assert!(citizen_id > 0);

    let out = dir.path().join("cv.pdf");
    let o = orienta(
        &db,
        &[
            "export",
            "cv",
            "rssmra85t10a562s",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), newer, "the latest CV");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // Never over an existing file.
    let o = orienta(
        &db,
        &[
            "export",
            "cv",
            "RSSMRA85T10A562S",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("esiste già"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), newer);

    // A given record.
    let old = dir.path().join("vecchio.pdf");
    let o = orienta(
        &db,
        &[
            "export",
            "cv",
            "RSSMRA85T10A562S",
            "--id",
            &first_id.to_string(),
            "-o",
            old.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&old).unwrap(), pdf);

    // No such person, no such CV: Italian errors, no file.
    let none = dir.path().join("nessuno.pdf");
    let o = orienta(
        &db,
        &[
            "export",
            "cv",
            "BNCLRA90A41D612X",
            "-o",
            none.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nessun cittadino"), "{}", stderr(&o));
    let o = orienta(
        &db,
        &[
            "export",
            "cv",
            "RSSMRA85T10A562S",
            "--id",
            "999",
            "-o",
            none.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("non ha un CV n. 999"), "{}", stderr(&o));
    assert!(!none.exists());
}

#[test]
fn filing_keeps_the_focus_says_what_changed_and_stores_the_full_path() {
    let mut t = on_the_cv_page();
    let dir = t.dir.path().to_path_buf();
    let good = dir.join("cv.pdf");
    std::fs::write(&good, sample_pdf(Some("Mario Rossi"))).unwrap();
    t.text(good.to_str().unwrap()).keys(&["ctrl-s"]);
    assert_eq!(t.message(), orienta::strings::CV_FILED);
    assert_eq!(
        interview(&t).cv.focused().map(|f| f.id.as_str()),
        Some("pdf"),
        "the focus stays on the file's name"
    );
    // The same file under another name, typed with a detour: the record's file changes.
    std::fs::create_dir(dir.join("sotto")).unwrap();
    let copy = dir.join("copia.pdf");
    std::fs::copy(&good, &copy).unwrap();
    let typed = dir.join("sotto").join("..").join("copia.pdf");
    for _ in 0..interview(&t).cv.text("pdf").chars().count() {
        t.keys(&["backspace"]);
    }
    t.text(typed.to_str().unwrap()).keys(&["ctrl-s"]);
    let said = t.message();
    assert!(!t.error_shown(), "{said}");
    assert!(said.contains("copia.pdf"), "{said}");
    assert!(!said.contains("consenso"), "{said}");
    let full = std::fs::canonicalize(&copy).unwrap();
    let stored = &interview(&t).cvs[0].data.pdf_path;
    assert_eq!(stored, &full.display().to_string());
    assert_eq!(interview(&t).cvs.len(), 1, "the same file, one record");
}
