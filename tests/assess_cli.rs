//! `orienta assess` run as a real process on answers files, valid and invalid.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn orienta(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orienta"))
        .args(args)
        .env_remove("ORIENTA_DATA")
        .output()
        .expect("the binary runs")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write answers");
    path.display().to_string()
}

/// Answers giving the raw section scores listed (each area filled with up to 3 points).
fn risposte(sections: &[(&str, usize, u32)]) -> String {
    let mut text = String::from("[risposte]\n");
    for (section, areas, score) in sections {
        let mut left = *score;
        for n in 1..=*areas {
            let points = left.min(3);
            left -= points;
            text.push_str(&format!("{section}{n} = {points}\n"));
        }
        assert_eq!(left, 0);
    }
    text
}

fn success(args: &[&str]) -> Value {
    let out = orienta(args);
    assert!(
        out.status.success(),
        "status {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Runs a file that must be refused; returns stderr.
fn refused(args: &[&str]) -> String {
    let out = orienta(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(stderr.starts_with("errore: "), "{stderr}");
    stderr
}

#[test]
fn complete_assessment_with_section_d_gives_percorso_4() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "r.toml",
        &risposte(&[("A", 6, 8), ("B", 5, 4), ("C", 5, 6), ("D", 5, 8)]),
    );
    let v = success(&["assess", &file]);
    let a = &v["sezioni"]["A"];
    assert_eq!(a["punteggio"], 8);
    assert_eq!(a["rettifica"], 0);
    assert_eq!(a["punteggio_rettificato"], 8);
    assert_eq!(a["soglia"], 7);
    assert_eq!(a["massimo"], 18);
    assert_eq!(a["soglia_raggiunta"], true);
    assert_eq!(a["risposte"], 6);
    assert_eq!(a["aree"], 6);
    assert_eq!(a["abilitata"], true);
    assert_eq!(v["sezioni"]["B"]["soglia_raggiunta"], false);
    assert_eq!(v["sezioni"]["D"]["abilitata"], true);
    assert_eq!(v["CD"]["punteggio"], 14);
    assert_eq!(v["CD"]["soglia"], 12);
    assert_eq!(v["CD"]["soglia_raggiunta"], true);
    assert_eq!(v["completo"], true);
    assert_eq!(v["mancanti"], serde_json::json!([]));
    assert_eq!(v["percorso_proposto"], 4);
    assert_eq!(v["percorso_finale"], 4);
}

#[test]
fn incomplete_assessment_lists_missing_areas_and_has_no_percorso() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "r.toml", "[risposte]\nA1 = 1\nC5 = 3\n");
    let v = success(&["assess", &file]);
    assert_eq!(v["completo"], false);
    let missing: Vec<&str> = v["mancanti"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(missing.first(), Some(&"A2"));
    assert_eq!(missing.last(), Some(&"C4"));
    assert_eq!(missing.len(), 14);
    assert_eq!(v["percorso_proposto"], Value::Null);
    assert_eq!(v["percorso_finale"], Value::Null);
}

#[test]
fn d_answers_are_summed_but_not_counted_while_c_is_below_six() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "r.toml",
        &risposte(&[("A", 6, 0), ("B", 5, 0), ("C", 5, 5), ("D", 5, 12)]),
    );
    let v = success(&["assess", &file]);
    assert_eq!(v["sezioni"]["D"]["punteggio"], 12);
    assert_eq!(v["sezioni"]["D"]["abilitata"], false);
    assert_eq!(v["CD"]["punteggio"], 5);
    assert_eq!(v["percorso_proposto"], 1);
}

#[test]
fn plafond_and_change_of_percorso_are_applied_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[plafond]\nsezione = \"CD\"\npunti = 1\nnota = \"fragilità emersa al colloquio\"\n\n\
         [cambio_percorso]\npercorso = 3\ncategoria = \"servizi_sociali\"\nnota = \"scelta concordata\"\n\
         concordato = true\n",
        risposte(&[("A", 6, 0), ("B", 5, 0), ("C", 5, 6), ("D", 5, 5)])
    );
    let file = write(dir.path(), "r.toml", &text);
    let v = success(&["assess", &file]);
    assert_eq!(v["CD"]["punteggio"], 11);
    assert_eq!(v["CD"]["rettifica"], 1);
    assert_eq!(v["CD"]["punteggio_rettificato"], 12);
    assert_eq!(v["percorso_proposto"], 4);
    assert_eq!(v["percorso_finale"], 3);
    assert_eq!(v["plafond"]["sezione"], "CD");
    assert_eq!(v["plafond"]["incide_sul_percorso"], true);
    assert_eq!(v["cambio_percorso"]["concordato"], true);
}

#[test]
fn json_answers_are_read_when_the_name_ends_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "r.JSON",
        r#"{"risposte": {"A1": 3, "A2": 3, "A3": 1}, "plafond": {"sezione": "A", "punti": 1, "nota": "x"}}"#,
    );
    let v = success(&["assess", &file]);
    assert_eq!(v["sezioni"]["A"]["punteggio"], 7);
    assert_eq!(v["sezioni"]["A"]["punteggio_rettificato"], 8);
}

#[test]
fn invalid_files_exit_2_with_a_message_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let full = risposte(&[("A", 6, 0), ("B", 5, 0), ("C", 5, 0)]);
    let cases: Vec<(&str, String, &str)> = vec![
        ("unknown area", "[risposte]\nZ1 = 0\n".into(), "«risposte.Z1»"),
        ("option out of range", "[risposte]\nB2 = 4\n".into(), "0 a 3: 4"),
        ("negative option", "[risposte]\nB2 = -1\n".into(), "«risposte.B2» = -1"),
        ("option as text", "[risposte]\nB2 = \"due\"\n".into(), "«risposte.B2» deve essere un numero intero"),
        ("unknown top key", "[risposta]\nA1 = 0\n".into(), "«risposta»"),
        ("unknown plafond key", "[plafond]\nsezione = \"A\"\npunti = 1\nnota = \"x\"\nmotivo = \"y\"\n".into(), "«plafond.motivo»"),
        ("plafond below zero", "[risposte]\nA1 = 1\n[plafond]\nsezione = \"A\"\npunti = -2\nnota = \"x\"\n".into(), "sarebbe -1, fuori dall'intervallo da 0 a 18"),
        ("plafond of 4", "[risposte]\nA1 = 3\nA2 = 3\n[plafond]\nsezione = \"A\"\npunti = 4\nnota = \"x\"\n".into(), "da -3 a +3"),
        ("plafond of 0", "[risposte]\nA1 = 3\nA2 = 3\n[plafond]\nsezione = \"A\"\npunti = 0\nnota = \"x\"\n".into(), "non possono essere 0"),
        ("plafond without note", "[risposte]\nA1 = 3\nA2 = 3\n[plafond]\nsezione = \"A\"\npunti = 1\n".into(), "plafond.nota"),
        ("plafond on D", "[plafond]\nsezione = \"D\"\npunti = 1\nnota = \"x\"\n".into(), "«D» non è un obiettivo con soglia"),
        ("two plafonds", "[[plafond]]\nsezione = \"A\"\npunti = 1\nnota = \"x\"\n[[plafond]]\nsezione = \"B\"\npunti = 1\nnota = \"x\"\n".into(), "uno solo"),
        ("plafond without points", "[plafond]\nsezione = \"A\"\nnota = \"x\"\n".into(), "«plafond.punti»"),
        ("change on incomplete", "[risposte]\nA1 = 0\n[cambio_percorso]\npercorso = 4\ncategoria = \"servizi_sociali\"\nnota = \"x\"\nconcordato = true\n".into(), "non è completo"),
        ("change without category", format!("{full}[cambio_percorso]\npercorso = 4\ncategoria = \"disoccupato\"\nnota = \"x\"\nconcordato = true\n"), "«disoccupato»"),
        ("change without note", format!("{full}[cambio_percorso]\npercorso = 4\ncategoria = \"disabilita_l68\"\nnota = \" \"\nconcordato = true\n"), "cambio_percorso.nota"),
        ("change to percorso 9", format!("{full}[cambio_percorso]\npercorso = 9\ncategoria = \"disabilita_l68\"\nnota = \"x\"\nconcordato = true\n"), "percorso 9 non esiste"),
        ("malformed toml", "[risposte\nA1 = 0\n".into(), "non è TOML valido (riga 1"),
    ];
    for (what, text, needle) in cases {
        let file = write(dir.path(), "r.toml", &text);
        let stderr = refused(&["assess", &file]);
        assert!(stderr.contains(needle), "{what}: {stderr}");
    }
}

#[test]
fn malformed_json_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "r.json", "{\"risposte\": {\"A1\": 1,}}");
    let stderr = refused(&["assess", &file]);
    assert!(
        stderr.contains("non è JSON valido (riga 1, colonna"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_reported() {
    let stderr = refused(&["assess", "/nonexistent/risposte.toml"]);
    assert!(stderr.contains("/nonexistent/risposte.toml"), "{stderr}");
}

#[test]
fn a_data_directory_replaces_the_instrument() {
    let data = tempfile::tempdir().unwrap();
    let instrument = orienta::data::DEFAULTS[0]
        .1
        .replacen("soglia = 7", "soglia = 9", 1);
    std::fs::write(data.path().join("strumento.toml"), instrument).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "r.toml", "[risposte]\nA1 = 3\nA2 = 3\nA3 = 1\n");
    let d = data.path().display().to_string();
    let v = success(&["assess", &file, "--data", &d]);
    assert_eq!(v["sezioni"]["A"]["soglia"], 9);
    assert_eq!(v["sezioni"]["A"]["soglia_raggiunta"], false);

    let out = Command::new(env!("CARGO_BIN_EXE_orienta"))
        .args(["assess", &file])
        .env("ORIENTA_DATA", &d)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sezioni"]["A"]["soglia"], 9);
}

#[test]
fn a_broken_data_directory_is_refused_with_file_and_entry() {
    let data = tempfile::tempdir().unwrap();
    let instrument = orienta::data::DEFAULTS[0]
        .1
        .replacen("id = \"B2\"", "id = \"B1\"", 1);
    std::fs::write(data.path().join("strumento.toml"), instrument).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "r.toml", "[risposte]\n");
    let d = data.path().display().to_string();
    let stderr = refused(&["assess", &file, "--data", &d]);
    assert!(stderr.contains("strumento.toml, area B1"), "{stderr}");
}

#[test]
fn the_readme_example_file_scores() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/risposte.toml");
    let v = success(&["assess", file]);
    assert_eq!(v["CD"]["punteggio"], 11);
    assert_eq!(v["CD"]["punteggio_rettificato"], 12);
    assert_eq!(v["percorso_proposto"], 4);
}

/// A complete assessment (percorso 1 proposed) with a change of percorso: `extra` ends the
/// `[cambio_percorso]` table.
fn change_file(dir: &Path, path: u8, extra: &str) -> String {
    let text = format!(
        "{}[cambio_percorso]\npercorso = {path}\ncategoria = \"servizi_sociali\"\n\
         nota = \"motivazioni orientative\"\n{extra}",
        risposte(&[("A", 6, 0), ("B", 5, 0), ("C", 5, 0)])
    );
    write(dir, "r.toml", &text)
}

#[test]
fn a_change_of_percorso_needs_the_persons_agreement_written_as_true() {
    let dir = tempfile::tempdir().unwrap();
    let missing = refused(&["assess", &change_file(dir.path(), 4, "")]);
    assert!(
        missing.contains("manca la chiave «cambio_percorso.concordato»"),
        "{missing}"
    );
    let refused_false = refused(&[
        "assess",
        &change_file(dir.path(), 4, "concordato = false\n"),
    ]);
    assert!(
        refused_false.contains("manca l'accordo della persona"),
        "{refused_false}"
    );
    let as_text = refused(&[
        "assess",
        &change_file(dir.path(), 4, "concordato = \"si\"\n"),
    ]);
    assert!(as_text.contains("true oppure false"), "{as_text}");
    let v = success(&["assess", &change_file(dir.path(), 4, "concordato = true\n")]);
    assert_eq!(v["percorso_proposto"], 1);
    assert_eq!(v["percorso_finale"], 4);
    assert_eq!(v["cambio_percorso"]["concordato"], true);
}

#[test]
fn percorso_5_is_never_reached_by_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = refused(&["assess", &change_file(dir.path(), 5, "concordato = true\n")]);
    assert!(
        stderr.contains("il percorso 5 non si assegna con il cambio di percorso"),
        "{stderr}"
    );
}

#[test]
fn a_plafond_far_from_the_threshold_is_allowed_and_says_it_does_not_change_the_percorso() {
    let dir = tempfile::tempdir().unwrap();
    // A = 2 is 5 points from its threshold 7: +3 makes 5, allowed, outcome only.
    let text = format!(
        "{}[plafond]\nsezione = \"A\"\npunti = 3\nnota = \"esperienze non dichiarate\"\n",
        risposte(&[("A", 6, 2), ("B", 5, 0), ("C", 5, 0)])
    );
    let v = success(&["assess", &write(dir.path(), "r.toml", &text)]);
    assert_eq!(v["sezioni"]["A"]["punteggio_rettificato"], 5);
    assert_eq!(v["plafond"]["incide_sul_percorso"], false);
    assert_eq!(v["percorso_proposto"], 1);
    // Near (A = 5, 2 points away): +2 reaches 7 and does change the percorso.
    let text = format!(
        "{}[plafond]\nsezione = \"A\"\npunti = 2\nnota = \"esperienze non dichiarate\"\n",
        risposte(&[("A", 6, 5), ("B", 5, 0), ("C", 5, 0)])
    );
    let v = success(&["assess", &write(dir.path(), "r.toml", &text)]);
    assert_eq!(v["plafond"]["incide_sul_percorso"], true);
    assert_eq!(v["percorso_proposto"], 2);
}

#[test]
fn the_output_names_the_instrument_that_produced_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "r.toml", "[risposte]\nA1 = 1\n");
    let v = success(&["assess", &file]);
    let instrument = orienta::data::load_defaults().unwrap().instrument;
    assert_eq!(v["strumento"]["nome"], instrument.name.as_str());
    assert_eq!(v["strumento"]["versione"], "2026.1");
    assert_eq!(
        v["strumento"]["impronta"],
        orienta::data::sha256_hex(orienta::data::DEFAULTS[0].1.as_bytes()).as_str()
    );
    assert_eq!(v["strumento"]["impronta"].as_str().map(str::len), Some(64));
}
