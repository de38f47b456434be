//! Loading of the data files: the shipped defaults, a directory that replaces some of them, and
//! broken files that must be refused with file, entry and problem.

use std::path::Path;

use orienta::data::{self, DataError, Problem};

fn default_text(name: &str) -> &'static str {
    data::DEFAULTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .expect("known file")
}

/// A directory holding one file: the default `name` with `from` replaced by `to`.
fn dir_with(name: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = default_text(name);
    assert!(text.contains(from), "{name} does not contain {from:?}");
    std::fs::write(dir.path().join(name), text.replacen(from, to, 1)).expect("write");
    dir
}

fn load_error(name: &str, from: &str, to: &str) -> (DataError, String) {
    let dir = dir_with(name, from, to);
    let error = data::load(Some(dir.path())).expect_err("broken data must be refused");
    let expected_file = dir.path().join(name).display().to_string();
    assert_eq!(error.file, expected_file);
    let message = error.to_string();
    assert!(message.contains(&expected_file), "{message}");
    (error, message)
}

#[test]
fn shipped_data_load() {
    let d = data::load_defaults().expect("shipped data are valid");
    let i = &d.instrument;
    let ids: Vec<&str> = i.areas().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "B3", "B4", "B5", "C1", "C2", "C3",
            "C4", "C5", "D1", "D2", "D3", "D4", "D5"
        ]
    );
    assert!(
        i.areas()
            .all(|a| a.options.len() == 4 && !a.hint.is_empty())
    );
    let thresholds: Vec<(&str, u32)> = i.targets().map(|t| (t.id, t.threshold)).collect();
    assert_eq!(thresholds, [("A", 7), ("B", 8), ("C", 6), ("CD", 12)]);
    assert_eq!(i.paths.len(), 5);
    assert_eq!(d.checklist.dimensions.len(), 8);
    assert_eq!(d.checklist.ratings.len(), 3);
    assert_eq!(d.categories.len(), 3);
    assert_eq!(d.seps.len(), 24);
    assert_eq!(d.provinces.len(), 10);
    let codes: Vec<&str> = d.actions.actions.iter().map(|a| a.code.as_str()).collect();
    for code in [
        "150", "A05", "A07", "A08", "A06", "A03", "B03", "B04", "C06", "C04", "C05", "C07", "C11",
        "C12", "B01", "B08", "B02", "I01",
    ] {
        assert!(codes.contains(&code), "{code} missing from the catalogue");
    }
    assert!(d.education.iter().any(|e| !e.is_title));
    assert_eq!(d.info_topics.len(), 8);
    assert!(d.info_topics.iter().any(|t| t.income_support_only));
}

#[test]
fn a_directory_replaces_only_the_files_it_holds() {
    let dir = dir_with(data::INSTRUMENT_FILE, "soglia = 7", "soglia = 9");
    let d = data::load(Some(dir.path())).expect("valid replacement");
    assert_eq!(d.instrument.target("A").map(|t| t.threshold), Some(9));
    assert_eq!(d.seps.len(), 24);
}

#[test]
fn a_missing_directory_is_refused() {
    let error = data::load(Some(Path::new("/nonexistent/orienta-data"))).unwrap_err();
    assert_eq!(error.problem, Problem::NotADirectory);
    assert!(error.to_string().contains("/nonexistent/orienta-data"));
}

#[test]
fn duplicate_area_id() {
    let (error, message) = load_error(data::INSTRUMENT_FILE, "id = \"C4\"", "id = \"C3\"");
    assert_eq!(error.entry, "area C3");
    assert_eq!(error.problem, Problem::Duplicate("C3".into()));
    assert!(
        message.contains("area C3") && message.contains("più di una volta"),
        "{message}"
    );
}

#[test]
fn threshold_above_the_maximum() {
    let (error, _) = load_error(data::INSTRUMENT_FILE, "soglia = 7", "soglia = 19");
    assert_eq!(error.entry, "sezione A");
    assert_eq!(
        error.problem,
        Problem::ThresholdOutOfRange {
            threshold: 19,
            max: 18
        }
    );
}

#[test]
fn threshold_of_zero() {
    let (error, _) = load_error(data::INSTRUMENT_FILE, "soglia = 12", "soglia = 0");
    assert_eq!(error.entry, "combinato CD");
    assert_eq!(
        error.problem,
        Problem::ThresholdOutOfRange {
            threshold: 0,
            max: 30
        }
    );
}

#[test]
fn rule_naming_a_missing_target() {
    let (error, message) = load_error(
        data::INSTRUMENT_FILE,
        "obiettivo = \"B\"",
        "obiettivo = \"E\"",
    );
    assert_eq!(error.entry, "regola 2");
    assert_eq!(error.problem, Problem::UnknownTarget("E".into()));
    assert!(
        message.contains("regola 2") && message.contains("«E»"),
        "{message}"
    );
}

#[test]
fn rule_naming_a_missing_percorso() {
    let (error, _) = load_error(data::INSTRUMENT_FILE, "percorso = 3", "percorso = 7");
    assert_eq!(error.entry, "regola 2");
    assert_eq!(error.problem, Problem::UnknownPath(7));
}

#[test]
fn default_percorso_must_exist() {
    let (error, _) = load_error(
        data::INSTRUMENT_FILE,
        "percorso_predefinito = 1",
        "percorso_predefinito = 9",
    );
    assert_eq!(error.entry, "percorso_predefinito");
    assert_eq!(error.problem, Problem::UnknownPath(9));
}

#[test]
fn area_with_a_single_option() {
    let (error, _) = load_error(
        data::INSTRUMENT_FILE,
        "suggerimento = \"Debiti, arretrati, pignoramenti o finanziamenti in corso\"\nscala = \"predefinita\"",
        "opzioni = [{ testo = \"Unica\", punti = 1 }]",
    );
    assert_eq!(error.entry, "area D2");
    assert_eq!(error.problem, Problem::TooFewOptions(1));
}

#[test]
fn area_with_an_unknown_scale() {
    let (error, _) = load_error(
        data::INSTRUMENT_FILE,
        "scala = \"predefinita\"",
        "scala = \"quinaria\"",
    );
    assert_eq!(error.entry, "area A1");
    assert_eq!(error.problem, Problem::UnknownScale("quinaria".into()));
}

#[test]
fn gate_must_name_an_earlier_section_with_a_threshold() {
    let (error, _) = load_error(
        data::INSTRUMENT_FILE,
        "attiva_se = \"C\"",
        "attiva_se = \"Q\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("sezione D", Problem::UnknownSection("Q".into()))
    );
    let (error, _) = load_error(
        data::INSTRUMENT_FILE,
        "attiva_se = \"C\"",
        "attiva_se = \"D\"",
    );
    assert_eq!(error.problem, Problem::GateNotEarlier("D".into()));
}

#[test]
fn combined_target_naming_a_missing_section() {
    let (error, _) = load_error(
        data::INSTRUMENT_FILE,
        "sezioni = [\"C\", \"D\"]",
        "sezioni = [\"C\", \"X\"]",
    );
    assert_eq!(error.entry, "combinato CD");
    assert_eq!(error.problem, Problem::UnknownSection("X".into()));
}

#[test]
fn lower_case_ids_are_refused() {
    let (error, _) = load_error(data::INSTRUMENT_FILE, "id = \"A1\"", "id = \"a1\"");
    assert_eq!(error.problem, Problem::BadId("a1".into()));
}

#[test]
fn syntax_error_names_the_line() {
    let (error, message) = load_error(data::INSTRUMENT_FILE, "soglia = 8", "soglia = = 8");
    let line = default_text(data::INSTRUMENT_FILE)
        .lines()
        .position(|l| l == "soglia = 8")
        .unwrap()
        + 1;
    match error.problem {
        Problem::Syntax { line: found, .. } => assert_eq!(found, line),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(message.contains(&format!("riga {line}")), "{message}");
}

#[test]
fn misspelt_key_is_refused_with_its_line() {
    let (error, message) = load_error(data::INSTRUMENT_FILE, "soglia = 6", "sogila = 6");
    assert!(matches!(error.problem, Problem::Syntax { .. }), "{error:?}");
    assert!(message.contains("sogila"), "{message}");
}

#[test]
fn blank_area_name() {
    let (error, _) = load_error(
        data::INSTRUMENT_FILE,
        "nome = \"Rete familiare\"",
        "nome = \"  \"",
    );
    assert_eq!(error.entry, "area C2");
    assert_eq!(error.problem, Problem::Blank("nome"));
}

#[test]
fn reference_lists_are_validated_too() {
    let (error, _) = load_error(
        data::ACTIONS_FILE,
        "gruppo = \"accompagnamento\"",
        "gruppo = \"altro\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("azione B03", Problem::UnknownGroup("altro".into()))
    );

    let (error, _) = load_error(data::SEP_FILE, "{ id = 24,", "{ id = 23,");
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("SEP 23", Problem::Duplicate("23".into()))
    );

    let (error, _) = load_error(data::PROVINCES_FILE, "sigla = \"PO\"", "sigla = \"Prato\"");
    assert_eq!(error.problem, Problem::BadId("Prato".into()));

    let (error, _) = load_error(data::CHECKLIST_FILE, "id = \"V8\"", "id = \"V7\"");
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("dimensione V7", Problem::Duplicate("V7".into()))
    );

    let (error, _) = load_error(
        data::CATEGORIES_FILE,
        "id = \"servizi_sociali\"",
        "id = \"Servizi sociali\"",
    );
    assert_eq!(error.problem, Problem::BadId("Servizi sociali".into()));

    let (error, _) = load_error(data::INFO_FILE, "id = \"eures\"", "id = \"servizi\"");
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("argomento servizi", Problem::Duplicate("servizi".into()))
    );

    let (error, _) = load_error(data::EDUCATION_FILE, "eqf = 8", "eqf = 9");
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("titolo dottorato", Problem::EqfOutOfRange(9))
    );
}

#[test]
fn what_the_signing_records_is_checked_in_the_catalogue() {
    let (error, message) = load_error(
        data::ACTIONS_FILE,
        "alla_firma = \"informativa\"",
        "alla_firma = \"firma\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("azione A05", Problem::UnknownAtSigning("firma".into()))
    );
    assert!(
        message.contains("colloquio, informativa, assessment"),
        "{message}"
    );

    // One code per thing recorded.
    let (error, _) = load_error(
        data::ACTIONS_FILE,
        "alla_firma = \"informativa\"",
        "alla_firma = \"colloquio\"",
    );
    assert_eq!(error.entry, "azione A05");
    assert!(matches!(error.problem, Problem::Duplicate(_)));
}

#[test]
fn a_broken_places_file_is_refused_with_line_and_problem() {
    let header = "codice;nome;provincia;dal;al";
    let (error, message) = load_error("luoghi.csv", header, "codice;nome");
    assert!(matches!(error.problem, Problem::BadHeader(_)), "{message}");
    let (error, message) = load_error(
        "luoghi.csv",
        "D612;Firenze;FI;1939-11-15;",
        "D61X;Firenze;FI;1939-11-15;",
    );
    assert!(error.entry.starts_with("riga "), "{message}");
    assert_eq!(error.problem, Problem::BadId("D61X".into()), "{message}");
    let (error, message) = load_error(
        "luoghi.csv",
        "D612;Firenze;FI;1939-11-15;",
        "D612;Firenze;FI;15/11/1939;",
    );
    assert_eq!(
        error.problem,
        Problem::BadDate("15/11/1939".into()),
        "{message}"
    );
    assert!(message.contains("AAAA-MM-GG"), "{message}");
    let (error, _) = load_error(
        "luoghi.csv",
        "D612;Firenze;FI;1939-11-15;",
        "D612;Firenze;FI",
    );
    assert!(matches!(
        error.problem,
        Problem::FieldCount {
            found: 3,
            expected: 5
        }
    ));
}

#[test]
fn the_catalogue_refuses_a_code_listed_twice() {
    let (error, message) = load_error(data::ACTIONS_FILE, "codice = \"C12\"", "codice = \"C11\"");
    assert_eq!(error.problem, Problem::Duplicate("C11".into()));
    assert!(
        message.contains("«C11» compare più di una volta"),
        "{message}"
    );
}

#[test]
fn the_catalogue_has_tirocinio_as_c06_and_its_tutoring_as_b04_and_distinct_names() {
    let d = data::load_defaults().unwrap();
    let name = |code: &str| {
        d.actions
            .actions
            .iter()
            .find(|a| a.code == code)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    assert!(name("C06").starts_with("Tirocinio"), "{}", name("C06"));
    assert!(name("B04").starts_with("Tutoraggio"), "{}", name("B04"));
    let training: std::collections::HashSet<String> = ["C04", "C05", "C07", "C11", "C12"]
        .iter()
        .map(|c| name(c))
        .collect();
    assert_eq!(training.len(), 5, "{training:?}");
    assert!(training.iter().all(|n| !n.is_empty()));
}

#[test]
fn the_instrument_carries_the_sha256_of_its_file() {
    // The FIPS 180-2 test vector.
    assert_eq!(
        data::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let d = data::load_defaults().unwrap();
    assert_eq!(
        d.instrument.fingerprint,
        data::sha256_hex(default_text(data::INSTRUMENT_FILE).as_bytes())
    );
    assert_eq!(d.instrument.short_fingerprint().len(), 12);
    // Any change to the file, even a comment, gives another fingerprint.
    let dir = dir_with(data::INSTRUMENT_FILE, "# Strumento", "#  Strumento");
    let other = data::load(Some(dir.path())).unwrap().instrument;
    assert_ne!(other.fingerprint, d.instrument.fingerprint);
    assert!(
        d.instrument
            .identity()
            .ends_with(&format!("2026.1 {}", d.instrument.fingerprint))
    );
}

#[test]
fn at_least_one_percorso_must_be_assignable_by_a_change() {
    let text = default_text(data::INSTRUMENT_FILE)
        .replace("id = 1\n", "id = 1\nassegnabile_con_cambio = false\n")
        .replace("id = 2\n", "id = 2\nassegnabile_con_cambio = false\n")
        .replace("id = 3\n", "id = 3\nassegnabile_con_cambio = false\n")
        .replace("id = 4\n", "id = 4\nassegnabile_con_cambio = false\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(data::INSTRUMENT_FILE), text).unwrap();
    let error = data::load(Some(dir.path())).expect_err("refused");
    assert_eq!(error.problem, Problem::NoAssignablePath);
    assert!(error.to_string().contains("assegnabile_con_cambio"));
}

#[test]
fn shipped_competences_load() {
    let d = data::load_defaults().unwrap();
    let c = &d.competences;
    assert!(
        (30..=60).contains(&c.competences.len()),
        "{}",
        c.competences.len()
    );
    assert_eq!(c.certification_action, "B08");
    assert_eq!(c.default_training, ["C07"]);
    // Every competence suggests at least one training action of the catalogue.
    for competence in &c.competences {
        assert!(!competence.actions.is_empty(), "{}", competence.id);
        for code in &competence.actions {
            assert!(d.actions.name(code).is_some(), "{}: {code}", competence.id);
        }
    }
    // A competence without its own actions takes its kind's.
    let english = c.competence("inglese").unwrap();
    assert_eq!(english.actions, c.kind("lingua").unwrap().actions);
    assert_eq!(c.competence("italiano").unwrap().actions, ["C05", "C04"]);
    let codes: Vec<&str> = c.profiles.iter().map(|p| p.cp2021.as_str()).collect();
    assert!(codes.contains(&"5.1.2.2.0"), "{codes:?}");
    let seller = c.template("5.1.2.2.0").unwrap();
    assert_eq!(seller.name, "Commessi delle vendite al minuto");
    assert!(seller.required.iter().all(|r| r.competence.id.is_some()));
}

#[test]
fn competences_with_a_repeated_id_or_name() {
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "id = \"francese\"",
        "id = \"inglese\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("competenza inglese", Problem::Duplicate("inglese".into()))
    );
    assert!(message.contains("competenza inglese"), "{message}");
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "nome = \"Lingua francese\"",
        "nome = \"lingua  INGLESE\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        (
            "competenza francese",
            Problem::DuplicateName("lingua  INGLESE".into())
        )
    );
    assert!(message.contains("accenti"), "{message}");
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "id = \"francese\"",
        "id = \"Francese\"",
    );
    assert_eq!(error.problem, Problem::BadId("Francese".into()));
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "id = \"lingua\"\nnome = \"Lingue straniere\"",
        "id = \"chiave\"\nnome = \"Lingue straniere\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("tipo chiave", Problem::Duplicate("chiave".into()))
    );
}

#[test]
fn competence_action_codes_must_be_in_the_catalogue() {
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "azioni = [\"C05\", \"C04\"]\n\n[[tipi]]\nid = \"digitale\"",
        "azioni = [\"C05\", \"C99\"]\n\n[[tipi]]\nid = \"digitale\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("tipo lingua", Problem::UnknownAction("C99".into()))
    );
    assert!(
        message.contains("«C99»") && message.contains("azioni.toml"),
        "{message}"
    );
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "azione_certificazione = \"B08\"",
        "azione_certificazione = \"B8\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("azione_certificazione", Problem::UnknownAction("B8".into()))
    );
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "formazione_predefinita = [\"C07\"]",
        "formazione_predefinita = []",
    );
    assert_eq!(error.problem, Problem::EmptyList("formazione_predefinita"));
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "azioni = [\"C11\", \"C07\"]",
        "azioni = [\"C11\", \"C11\"]",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("competenza qualifica_oss", Problem::Duplicate("C11".into()))
    );
}

#[test]
fn a_competence_whose_kind_is_unknown_or_that_suggests_nothing() {
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "tipo = \"lingua\"",
        "tipo = \"linguaggi\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        (
            "competenza inglese",
            Problem::UnknownKind("linguaggi".into())
        )
    );
    assert!(message.contains("«linguaggi»"), "{message}");
    // A kind without actions is allowed if its competences have their own.
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "azioni = [\"C04\"]\n\n[[tipi]]\nid = \"abilitazione\"",
        "azioni = []\n\n[[tipi]]\nid = \"abilitazione\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("competenza comunicazione", Problem::EmptyList("azioni"))
    );
}

#[test]
fn target_profiles_are_validated() {
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "{ competenza = \"vendita\", livello = 2 }",
        "{ competenza = \"vendite\", livello = 2 }",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        (
            "profilo 5.1.2.2.0",
            Problem::UnknownCompetence("vendite".into())
        )
    );
    assert!(message.contains("profilo 5.1.2.2.0"), "{message}");
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "{ competenza = \"vendita\", livello = 2 }",
        "{ competenza = \"vendita\", livello = 5 }",
    );
    assert_eq!(error.problem, Problem::LevelOutOfRange(5));
    assert!(message.contains("da 1 (base) a 4 (esperto)"), "{message}");
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "{ competenza = \"vendita\", livello = 2 }",
        "{ competenza = \"vendita\", livello = 0 }",
    );
    assert_eq!(error.problem, Problem::LevelOutOfRange(0));
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "{ competenza = \"vendita\", livello = 2 }",
        "{ competenza = \"cassa\", livello = 3 }",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("profilo 5.1.2.2.0", Problem::Duplicate("cassa".into()))
    );
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "cp2021 = \"5.1.2.2.0\"",
        "cp2021 = \"51220\"",
    );
    assert_eq!(error.problem, Problem::BadCp2021("51220".into()));
    assert!(message.contains("5.1.2.2.0"), "{message}");
    let (error, _) = load_error(
        data::COMPETENCES_FILE,
        "cp2021 = \"5.2.2.1.0\"",
        "cp2021 = \"5.1.2.2.0\"",
    );
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("profilo 5.1.2.2.0", Problem::Duplicate("5.1.2.2.0".into()))
    );
    let text = default_text(data::COMPETENCES_FILE);
    let start = text.find("requisiti = [\n  { competenza = \"italiano\", livello = 2 },\n  { competenza = \"cucina\"").unwrap();
    let end = start + text[start..].find(']').unwrap() + 1;
    let dir = tempfile::tempdir().unwrap();
    let broken = format!("{}requisiti = []{}", &text[..start], &text[end..]);
    std::fs::write(dir.path().join(data::COMPETENCES_FILE), broken).unwrap();
    let error = data::load(Some(dir.path())).unwrap_err();
    assert_eq!(
        (error.entry.as_str(), error.problem),
        ("profilo 5.2.2.1.0", Problem::EmptyList("requisiti"))
    );
}

#[test]
fn a_catalogue_without_the_certification_code_is_refused_in_the_competences_file() {
    // A CPI that replaces azioni.toml must keep the codes the competences suggest.
    let dir = dir_with(data::ACTIONS_FILE, "codice = \"B08\"", "codice = \"B09\"");
    let error = data::load(Some(dir.path())).unwrap_err();
    assert_eq!(error.file, data::COMPETENCES_FILE);
    assert_eq!(error.problem, Problem::UnknownAction("B08".into()));
}

#[test]
fn a_misspelt_competence_key_is_refused() {
    let (error, message) = load_error(
        data::COMPETENCES_FILE,
        "tipo = \"lingua\"",
        "tpo = \"lingua\"",
    );
    assert!(matches!(error.problem, Problem::Syntax { .. }), "{error:?}");
    assert!(message.contains("tpo"), "{message}");
}

#[test]
fn the_readme_example_extends_the_competences() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let section = &readme[readme.find("Un CPI estende l'elenco").expect("section")..];
    let start = section.find("```toml\n").expect("example") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").expect("end")];
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}\n{example}", default_text(data::COMPETENCES_FILE));
    std::fs::write(dir.path().join(data::COMPETENCES_FILE), text).unwrap();
    let d = data::load(Some(dir.path())).expect("the example is valid");
    let welding = d.competences.competence("saldatura").expect("added");
    assert_eq!(welding.actions, ["C07"]);
    let welder = d.competences.template("6.2.1.2.0").expect("added profile");
    assert_eq!(welder.required.len(), 2);
}
