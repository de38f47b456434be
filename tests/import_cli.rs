//! `orienta import citizens` run as a real process: CSV dialects, required and optional columns,
//! all-or-nothing validation, batched writes that a second connection sees commit, a re-run after
//! an interruption, and messages (rejected rows, file names, arguments) that cannot drive the
//! terminal.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use orienta::data;
use orienta::demo::Generator;
use orienta::domain::records::CitizenData;
use orienta::import::BATCH_ROWS;
use orienta::store::{CreateMode, Store};

const HEADER: &str =
    "codice_fiscale;cognome;nome;sesso;data_nascita;comune_nascita;cittadinanza;telefono;email";
const ROSSI: &str =
    "RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;Bagno a Ripoli;italiana;055 123456;mario@example.it";
const VERDI: &str = "VRDGPP80A41H501Y;Verdi;Giuseppina;F;1980-01-01;Roma;italiana;;";

fn command(db: &Path, args: &[&std::ffi::OsStr]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_orienta"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ORIENTA_OPERATOR", "operatore di prova")
        .env_remove("ORIENTA_DATA");
    command
}

fn import(db: &Path, csv: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), "citizens".as_ref()];
    args.push(csv.as_os_str());
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    command(db, &args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn count_citizens(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM citizens", [], |r| r.get(0))
        .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `n` distinct synthetic people as CSV rows (all columns).
fn people(n: usize) -> Vec<String> {
    let data = data::load_defaults().unwrap();
    let today = chrono::Local::now().date_naive();
    let mut generator = Generator::new(&data, 11, today, Vec::<String>::new());
    (0..n)
        .map(|_| {
            let c: CitizenData = generator.person().citizen;
            format!(
                "{};{};{};{};{};{};;{};{}",
                c.codice_fiscale,
                c.surname,
                c.name,
                c.sex.code(),
                c.birth_date.format("%d/%m/%Y"),
                c.birth_place,
                c.phone,
                c.email
            )
        })
        .collect()
}

#[test]
fn bom_crlf_and_a_line_break_inside_quotes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let csv = [
        "\u{feff}codice_fiscale,cognome,nome,sesso,data_nascita,comune_nascita,cittadinanza,telefono,email",
        "RSSMRA85T10A562S,\"Rossi, detto \"\"Mario\"\"\",Mario,M,10/12/1985,\"Bagno a\r\nRipoli\",,,",
        "VRDGPP80A41H501Y,Verdi,Giuseppina,F,1980-01-01,Roma,UE,,",
        "MRNLCU75M52D612K,Marini,Lucia,F,12/08/1975,\"Firenze\r\ncentro\",,,",
        "",
    ]
    .join("\r\n");
    let path = write(dir.path(), "crlf.csv", csv.as_bytes());
    let out = import(&db, &path, &["--skip-invalid"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    // Marini's record starts on line 5 (Rossi's spans lines 2 and 3).
    assert!(
        stderr.contains("riga 5: carattere di controllo errato"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("riga ").count(), 1, "{stderr}");
    assert!(
        text(&out.stdout).contains("importati: 2, aggiornati: 0, invariati: 0, scartati: 1"),
        "{}",
        text(&out.stdout)
    );
    let store = Store::open(&db, "x", CreateMode::default()).unwrap();
    let rossi = store.citizen_by_cf("RSSMRA85T10A562S").unwrap().unwrap();
    assert_eq!(rossi.data.surname, "Rossi, detto \"Mario\"");
    // A line break inside a value is read as a space.
    assert_eq!(rossi.data.birth_place, "Bagno a Ripoli");
}

#[test]
fn a_quote_left_open_refuses_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let csv = format!("{HEADER}\n{ROSSI}\n\"VRDGPP80A41H501Y;Verdi\n{VERDI}\n");
    let path = write(dir.path(), "aperte.csv", csv.as_bytes());
    let out = import(&db, &path, &["--skip-invalid"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("riga 3: virgolette aperte e mai chiuse"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(count_citizens(&db), 0);
}

#[test]
fn optional_columns_may_be_absent_and_keep_what_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let full = write(
        dir.path(),
        "pieno.csv",
        format!("{HEADER}\n{ROSSI}\n").as_bytes(),
    );
    assert!(import(&db, &full, &[]).status.success());

    let path = write(
        dir.path(),
        "minimo.csv",
        b"nome;cognome;codice_fiscale\nMario;Rossi;RSSMRA85T10A562S\nGiuseppina;Verdi;vrdgpp80a41h501y\n",
    );
    let out = import(&db, &path, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("importati: 1, aggiornati: 0, invariati: 1, scartati: 0"),
        "{}",
        text(&out.stdout)
    );
    let store = Store::open(&db, "x", CreateMode::default()).unwrap();
    let rossi = store.citizen_by_cf("RSSMRA85T10A562S").unwrap().unwrap();
    assert_eq!(rossi.data.phone, "055 123456");
    assert_eq!(rossi.data.birth_place, "Bagno a Ripoli");
    let verdi = store.citizen_by_cf("VRDGPP80A41H501Y").unwrap().unwrap();
    assert_eq!(
        verdi.data.birth_date,
        chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap()
    );
    assert_eq!(verdi.data.sex.code(), "F");
}

#[test]
fn a_missing_required_column_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let path = write(
        dir.path(),
        "x.csv",
        b"codice_fiscale;cognome;sesso;telefono\nRSSMRA85T10A562S;Rossi;M;\n",
    );
    let out = import(&db, &path, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("mancano colonne obbligatorie: nome"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(count_citizens(&db), 0);
}

#[test]
fn one_bad_row_after_the_first_batch_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let mut rows = people(BATCH_ROWS + 500);
    rows.push("RSSMRA85T10A562T;Rossi;Mario;M;10/12/1985;;;;".into());
    let path = write(
        dir.path(),
        "molti.csv",
        format!("{HEADER}\n{}\n", rows.join("\n")).as_bytes(),
    );
    let out = import(&db, &path, &[]);
    assert_eq!(out.status.code(), Some(1));
    let line = BATCH_ROWS + 502;
    assert!(
        text(&out.stderr).contains(&format!("riga {line}: carattere di controllo errato")),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(count_citizens(&db), 0);
}

#[test]
fn a_large_file_commits_in_batches_and_an_interrupted_import_is_re_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    // The database exists before the import starts, so the reader below can open it.
    drop(Store::open(&db, "x", CreateMode::default()).unwrap());
    // Several batches after the first, so the import is still running when a reader sees it.
    let total = BATCH_ROWS * 4 + 500;
    let path = write(
        dir.path(),
        "grande.csv",
        format!("{HEADER}\n{}\n", people(total).join("\n")).as_bytes(),
    );

    let mut child = command(
        &db,
        &["import".as_ref(), "citizens".as_ref(), path.as_os_str()],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let reader = rusqlite::Connection::open(&db).unwrap();
    let mut seen = Vec::new();
    let interrupted_at = loop {
        let count: i64 = reader
            .query_row("SELECT count(*) FROM citizens", [], |r| r.get(0))
            .unwrap();
        if seen.last() != Some(&count) {
            seen.push(count);
        }
        if count > 0 {
            child.kill().unwrap();
            child.wait().unwrap();
            break count;
        }
        if child.try_wait().unwrap().is_some() {
            panic!("the import ended before a reader saw any batch: {seen:?}");
        }
    };
    let batch = i64::try_from(BATCH_ROWS).unwrap();
    assert!(
        interrupted_at % batch == 0 && interrupted_at < i64::try_from(total).unwrap(),
        "a reader sees whole batches of {BATCH_ROWS} commit one by one, saw {seen:?}"
    );
    let after_kill = count_citizens(&db);
    assert!(after_kill % batch == 0, "{after_kill}");

    let out = import(&db, &path, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = usize::try_from(after_kill).unwrap();
    assert!(
        text(&out.stdout).contains(&format!(
            "importati: {}, aggiornati: 0, invariati: {written}, scartati: 0",
            total - written
        )),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(count_citizens(&db), i64::try_from(total).unwrap());
}

/// Bytes that would move the cursor, set the clipboard (OSC 52), ring or erase on a terminal.
fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c))
}

#[test]
fn rejected_rows_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let rows = [
        "RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;\"\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\";",
        "RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;\u{9b}31mmarziana\u{85};;",
        "RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;rossi\u{7f}@\u{1b}[2J",
        "RSSMRA85T10A562S;Rossi;Mario;\"X\nriga 99: falsa\";10/12/1985;;;;",
    ];
    let path = write(
        dir.path(),
        "brutto.csv",
        format!("{HEADER}\n{}\n", rows.join("\n")).as_bytes(),
    );
    let out = import(&db, &path, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(!has_control(&stderr), "{stderr:?}");
    assert!(!stderr.contains('\u{fffd}'), "{stderr:?}");
    // Control characters refuse the row, naming the column; a line break is only a space.
    assert!(stderr.contains("riga 2: la colonna telefono"), "{stderr}");
    assert!(
        stderr.contains("riga 3: la colonna cittadinanza"),
        "{stderr}"
    );
    assert!(stderr.contains("riga 4: la colonna email"), "{stderr}");
    assert!(stderr.contains("riga 5: sesso"), "{stderr}");
    assert!(
        !stderr.lines().any(|l| l.starts_with("riga 99")),
        "a value cannot forge a line of the report: {stderr}"
    );
    assert_eq!(count_citizens(&db), 0);
}

#[test]
fn a_file_name_with_escapes_is_printed_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let name = std::ffi::OsStr::from_bytes(b"x\x1b]0;titolo\x07\xc2\x9b2J.csv");
    let out = import(&db, &dir.path().join(name), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("il file non esiste"), "{stderr}");
    assert!(!has_control(&stderr), "{stderr:?}");
}

#[test]
fn an_unknown_argument_with_escapes_is_printed_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let out = import(
        &db,
        Path::new("x.csv"),
        &["--\u{1b}]0;t\u{7}\u{9b}2J\u{7f}"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(!stderr.is_empty());
    assert!(!has_control(&stderr), "{stderr:?}");
}
