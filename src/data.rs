//! Loading of the files under `data/`: the defaults embedded in the binary, or a directory whose
//! files replace them one by one. Every file is parsed and validated; an error names the file,
//! the entry and the problem.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::domain::competences::{
    Competence, CompetenceCatalogue, CompetenceKind, CompetenceRef, Level, ProfileTemplate,
    RequiredCompetence,
};
use crate::domain::instrument::{
    AnswerOption, Area, Combined, Instrument, Path as Percorso, PathRule, PlafondLimits, Section,
};
use crate::domain::reference::{
    Action, ActionCatalog, AtSigning, Category, Checklist, Dimension, EducationLevel, InfoTopic,
    Named, Province, ReferenceData, Sep,
};

pub const INSTRUMENT_FILE: &str = "strumento.toml";
pub const CHECKLIST_FILE: &str = "checklist.toml";
pub const CATEGORIES_FILE: &str = "categorie.toml";
pub const ACTIONS_FILE: &str = "azioni.toml";
pub const SEP_FILE: &str = "sep.toml";
pub const PROVINCES_FILE: &str = "province.toml";
pub const EDUCATION_FILE: &str = "titoli_studio.toml";
pub const INFO_FILE: &str = "informativa.toml";
pub const PLACES_FILE: &str = "luoghi.csv";
pub const COMPETENCES_FILE: &str = "competenze.toml";
pub const CONTRACTS_FILE: &str = "contratti.toml";

/// The shipped files, in the order they are loaded.
pub const DEFAULTS: [(&str, &str); 11] = [
    (INSTRUMENT_FILE, include_str!("../data/strumento.toml")),
    (CHECKLIST_FILE, include_str!("../data/checklist.toml")),
    (CATEGORIES_FILE, include_str!("../data/categorie.toml")),
    (ACTIONS_FILE, include_str!("../data/azioni.toml")),
    (SEP_FILE, include_str!("../data/sep.toml")),
    (PROVINCES_FILE, include_str!("../data/province.toml")),
    (EDUCATION_FILE, include_str!("../data/titoli_studio.toml")),
    (INFO_FILE, include_str!("../data/informativa.toml")),
    (PLACES_FILE, include_str!("../data/luoghi.csv")),
    (COMPETENCES_FILE, include_str!("../data/competenze.toml")),
    (CONTRACTS_FILE, include_str!("../data/contratti.toml")),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotADirectory,
    /// The file could not be read: the kind of failure and the system's code, if any.
    Unreadable {
        kind: std::io::ErrorKind,
        code: Option<i32>,
    },
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    EmptyList(&'static str),
    Blank(&'static str),
    BadId(String),
    Duplicate(String),
    TooFewOptions(usize),
    ScaleAndOptions,
    NoScaleNorOptions,
    UnknownScale(String),
    ThresholdOutOfRange {
        threshold: u32,
        max: u32,
    },
    UnknownSection(String),
    GateNotEarlier(String),
    GateWithoutThreshold(String),
    UnknownTarget(String),
    UnknownPath(u8),
    UnknownGroup(String),
    /// `alla_firma` names something the signing does not record.
    UnknownAtSigning(String),
    ZeroLimit(&'static str),
    EqfOutOfRange(u8),
    /// A line of a `;`-separated file with the wrong number of fields.
    FieldCount {
        found: usize,
        expected: usize,
    },
    BadDate(String),
    /// The header line of a `;`-separated file is not the one expected.
    BadHeader(String),
    /// No percorso may be chosen by a change of percorso.
    NoAssignablePath,
    /// An action code that the action catalogue does not have.
    UnknownAction(String),
    UnknownKind(String),
    UnknownCompetence(String),
    /// A competence level outside 1..=4.
    LevelOutOfRange(u8),
    BadCp2021(String),
    /// Two entries whose names differ only in case, accents, spaces or punctuation.
    DuplicateName(String),
    /// A contract's `durata` that is not one of obbligatoria, facoltativa, assente.
    UnknownDuration(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file as the operator knows it: a path, or the name of an embedded default.
    pub file: String,
    /// The entry at fault ("area C3", "regola 2", ...), empty for the whole file.
    pub entry: String,
    pub problem: Problem,
}

/// Where the data come from, file by file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: String,
    pub text: String,
}

/// The embedded default data, validated.
pub fn load_defaults() -> Result<ReferenceData, DataError> {
    load(None)
}

/// Loads the data: each file of `dir` that exists replaces the embedded default of that name.
pub fn load(dir: Option<&Path>) -> Result<ReferenceData, DataError> {
    let sources = read_sources(dir)?;
    parse_all(&sources)
}

/// Reads the files, from `dir` where present there, otherwise from the embedded defaults.
pub fn read_sources(dir: Option<&Path>) -> Result<Vec<Source>, DataError> {
    if let Some(dir) = dir
        && !dir.is_dir()
    {
        return Err(DataError {
            file: dir.display().to_string(),
            entry: String::new(),
            problem: Problem::NotADirectory,
        });
    }
    DEFAULTS
        .iter()
        .map(|(name, embedded)| {
            let candidate = dir.map(|d| d.join(name)).filter(|p| p.exists());
            match candidate {
                None => Ok(Source {
                    file: (*name).to_string(),
                    text: (*embedded).to_string(),
                }),
                Some(path) => std::fs::read_to_string(&path)
                    .map(|text| Source {
                        file: path.display().to_string(),
                        text,
                    })
                    .map_err(|e| DataError {
                        file: path.display().to_string(),
                        entry: String::new(),
                        problem: Problem::Unreadable {
                            kind: e.kind(),
                            code: e.raw_os_error(),
                        },
                    }),
            }
        })
        .collect()
}

/// Parses and validates the sources, given in the order of [`DEFAULTS`].
pub fn parse_all(sources: &[Source]) -> Result<ReferenceData, DataError> {
    let text_of = |name: &str| -> &Source {
        let index = DEFAULTS.iter().position(|(n, _)| *n == name).unwrap_or(0);
        &sources[index]
    };
    let instrument = parse_instrument(text_of(INSTRUMENT_FILE))?;
    let checklist = parse_checklist(text_of(CHECKLIST_FILE))?;
    let categories = parse_categories(text_of(CATEGORIES_FILE))?;
    let actions = parse_actions(text_of(ACTIONS_FILE))?;
    let seps = parse_seps(text_of(SEP_FILE))?;
    let provinces = parse_provinces(text_of(PROVINCES_FILE))?;
    let education = parse_education(text_of(EDUCATION_FILE))?;
    let info_topics = parse_info_topics(text_of(INFO_FILE))?;
    let places = parse_places(text_of(PLACES_FILE))?;
    // The competences name actions: they are checked against the catalogue in use.
    let competences = parse_competences(text_of(COMPETENCES_FILE), &actions)?;
    let contracts = parse_contracts(text_of(CONTRACTS_FILE))?;
    Ok(ReferenceData {
        instrument,
        checklist,
        categories,
        actions,
        seps,
        provinces,
        education,
        info_topics,
        places,
        competences,
        contracts,
    })
}

fn toml_error(source: &Source, error: &toml::de::Error) -> DataError {
    let (line, column) = error
        .span()
        .map(|span| line_column(&source.text, span.start))
        .unwrap_or((0, 0));
    DataError {
        file: source.file.clone(),
        entry: String::new(),
        problem: Problem::Syntax {
            line,
            column,
            message: error.message().trim().to_string(),
        },
    }
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn parse_toml<T: for<'de> Deserialize<'de>>(source: &Source) -> Result<T, DataError> {
    toml::from_str(&source.text).map_err(|e| toml_error(source, &e))
}

/// Checks ids of the data: 1-16 characters, upper-case ASCII letters and digits.
fn is_code_id(id: &str) -> bool {
    (1..=16).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Checks ids written in lower case with underscores (categories, ratings, groups).
fn is_word_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn fail<T>(&self, entry: impl Into<String>, problem: Problem) -> Result<T, DataError> {
        Err(DataError {
            file: self.file.to_string(),
            entry: entry.into(),
            problem,
        })
    }

    fn not_blank(&self, entry: &str, field: &'static str, value: &str) -> Result<(), DataError> {
        if value.trim().is_empty() {
            return self.fail(entry, Problem::Blank(field));
        }
        Ok(())
    }

    fn unique<'b>(
        &self,
        seen: &mut HashSet<&'b str>,
        entry: &str,
        id: &'b str,
    ) -> Result<(), DataError> {
        if !seen.insert(id) {
            return self.fail(entry, Problem::Duplicate(id.to_string()));
        }
        Ok(())
    }

    fn non_empty<T>(&self, list: &[T], what: &'static str) -> Result<(), DataError> {
        if list.is_empty() {
            return self.fail("", Problem::EmptyList(what));
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    testo: String,
    punti: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    opzioni: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: String,
    nome: String,
    #[serde(default)]
    suggerimento: String,
    scala: Option<String>,
    opzioni: Option<Vec<RawOption>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    nome: String,
    soglia: Option<u32>,
    significato: Option<String>,
    attiva_se: Option<String>,
    #[serde(default)]
    aree: Vec<RawArea>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCombined {
    id: String,
    nome: String,
    sezioni: Vec<String>,
    soglia: u32,
    #[serde(default)]
    significato: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPath {
    id: u8,
    nome: String,
    #[serde(default)]
    descrizione: String,
    #[serde(default = "yes")]
    assegnabile_con_cambio: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    obiettivo: String,
    percorso: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlafond {
    punti_massimi: u32,
    distanza_massima: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    nome: String,
    #[serde(default)]
    versione: String,
    percorso_predefinito: u8,
    plafond: RawPlafond,
    #[serde(default)]
    scale: BTreeMap<String, RawScale>,
    sezioni: Vec<RawSection>,
    #[serde(default)]
    combinati: Vec<RawCombined>,
    percorsi: Vec<RawPath>,
    #[serde(default)]
    regole: Vec<RawRule>,
}

fn options(raw: &[RawOption]) -> Vec<AnswerOption> {
    raw.iter()
        .map(|o| AnswerOption {
            text: o.testo.trim().to_string(),
            points: o.punti,
        })
        .collect()
}

/// SHA-256 of bytes, lower-case hex: the instrument's fingerprint.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses and validates the assessment instrument.
pub fn parse_instrument(source: &Source) -> Result<Instrument, DataError> {
    let raw: RawInstrument = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.not_blank("", "nome", &raw.nome)?;
    check.non_empty(&raw.sezioni, "sezioni")?;
    check.non_empty(&raw.percorsi, "percorsi")?;
    if raw.plafond.punti_massimi == 0 {
        return check.fail("[plafond]", Problem::ZeroLimit("punti_massimi"));
    }

    for (name, scale) in &raw.scale {
        let entry = format!("scala {name}");
        if scale.opzioni.len() < 2 {
            return check.fail(entry, Problem::TooFewOptions(scale.opzioni.len()));
        }
        for option in &scale.opzioni {
            check.not_blank(&entry, "testo", &option.testo)?;
        }
    }

    let mut ids: HashSet<&str> = HashSet::new();
    let mut sections: Vec<Section> = Vec::with_capacity(raw.sezioni.len());
    for raw_section in &raw.sezioni {
        let entry = format!("sezione {}", raw_section.id);
        if !is_code_id(&raw_section.id) {
            return check.fail(entry, Problem::BadId(raw_section.id.clone()));
        }
        check.unique(&mut ids, &entry, &raw_section.id)?;
        check.not_blank(&entry, "nome", &raw_section.nome)?;
        if raw_section.aree.is_empty() {
            return check.fail(entry, Problem::EmptyList("aree"));
        }
        let mut areas = Vec::with_capacity(raw_section.aree.len());
        for raw_area in &raw_section.aree {
            let area_entry = format!("area {}", raw_area.id);
            if !is_code_id(&raw_area.id) {
                return check.fail(area_entry, Problem::BadId(raw_area.id.clone()));
            }
            check.unique(&mut ids, &area_entry, &raw_area.id)?;
            check.not_blank(&area_entry, "nome", &raw_area.nome)?;
            let area_options = match (&raw_area.scala, &raw_area.opzioni) {
                (Some(_), Some(_)) => return check.fail(area_entry, Problem::ScaleAndOptions),
                (None, None) => return check.fail(area_entry, Problem::NoScaleNorOptions),
                (Some(scale), None) => match raw.scale.get(scale) {
                    Some(found) => options(&found.opzioni),
                    None => return check.fail(area_entry, Problem::UnknownScale(scale.clone())),
                },
                (None, Some(inline)) => {
                    for option in inline {
                        check.not_blank(&area_entry, "testo", &option.testo)?;
                    }
                    options(inline)
                }
            };
            if area_options.len() < 2 {
                return check.fail(area_entry, Problem::TooFewOptions(area_options.len()));
            }
            areas.push(Area {
                id: raw_area.id.clone(),
                name: raw_area.nome.trim().to_string(),
                hint: raw_area.suggerimento.trim().to_string(),
                options: area_options,
            });
        }
        let section = Section {
            id: raw_section.id.clone(),
            name: raw_section.nome.trim().to_string(),
            threshold: raw_section.soglia,
            meaning: raw_section
                .significato
                .as_ref()
                .map(|m| m.trim().to_string()),
            enabled_by: raw_section.attiva_se.clone(),
            areas,
        };
        if let Some(threshold) = section.threshold {
            let max = section.max_points();
            if threshold == 0 || threshold > max {
                return check.fail(entry, Problem::ThresholdOutOfRange { threshold, max });
            }
        }
        if let Some(gate) = &section.enabled_by {
            match sections.iter().find(|s| s.id == *gate) {
                None if raw.sezioni.iter().any(|s| s.id == *gate) => {
                    return check.fail(entry, Problem::GateNotEarlier(gate.clone()));
                }
                None => return check.fail(entry, Problem::UnknownSection(gate.clone())),
                Some(earlier) if earlier.threshold.is_none() => {
                    return check.fail(entry, Problem::GateWithoutThreshold(gate.clone()));
                }
                Some(_) => {}
            }
        }
        sections.push(section);
    }

    let mut combined = Vec::with_capacity(raw.combinati.len());
    for raw_combined in &raw.combinati {
        let entry = format!("combinato {}", raw_combined.id);
        if !is_code_id(&raw_combined.id) {
            return check.fail(entry, Problem::BadId(raw_combined.id.clone()));
        }
        check.unique(&mut ids, &entry, &raw_combined.id)?;
        check.not_blank(&entry, "nome", &raw_combined.nome)?;
        if raw_combined.sezioni.len() < 2 {
            return check.fail(entry, Problem::EmptyList("sezioni"));
        }
        let mut members: HashSet<&str> = HashSet::new();
        let mut max = 0u32;
        for member in &raw_combined.sezioni {
            match sections.iter().find(|s| s.id == *member) {
                None => return check.fail(entry, Problem::UnknownSection(member.clone())),
                Some(s) => max += s.max_points(),
            }
            check.unique(&mut members, &entry, member)?;
        }
        if raw_combined.soglia == 0 || raw_combined.soglia > max {
            return check.fail(
                entry,
                Problem::ThresholdOutOfRange {
                    threshold: raw_combined.soglia,
                    max,
                },
            );
        }
        combined.push(Combined {
            id: raw_combined.id.clone(),
            name: raw_combined.nome.trim().to_string(),
            sections: raw_combined.sezioni.clone(),
            threshold: raw_combined.soglia,
            meaning: raw_combined.significato.trim().to_string(),
        });
    }

    let mut path_ids = HashSet::new();
    let mut paths = Vec::with_capacity(raw.percorsi.len());
    for raw_path in &raw.percorsi {
        let entry = format!("percorso {}", raw_path.id);
        if !path_ids.insert(raw_path.id) {
            return check.fail(entry, Problem::Duplicate(raw_path.id.to_string()));
        }
        check.not_blank(&entry, "nome", &raw_path.nome)?;
        paths.push(Percorso {
            id: raw_path.id,
            name: raw_path.nome.trim().to_string(),
            description: raw_path.descrizione.trim().to_string(),
            assignable_by_change: raw_path.assegnabile_con_cambio,
        });
    }
    if !paths.iter().any(|p| p.assignable_by_change) {
        return check.fail("percorsi", Problem::NoAssignablePath);
    }
    if !path_ids.contains(&raw.percorso_predefinito) {
        return check.fail(
            "percorso_predefinito",
            Problem::UnknownPath(raw.percorso_predefinito),
        );
    }

    let targets_with_threshold: HashSet<&str> = sections
        .iter()
        .filter(|s| s.threshold.is_some())
        .map(|s| s.id.as_str())
        .chain(combined.iter().map(|c| c.id.as_str()))
        .collect();
    let mut rules = Vec::with_capacity(raw.regole.len());
    for (i, raw_rule) in raw.regole.iter().enumerate() {
        let entry = format!("regola {}", i + 1);
        if !targets_with_threshold.contains(raw_rule.obiettivo.as_str()) {
            return check.fail(entry, Problem::UnknownTarget(raw_rule.obiettivo.clone()));
        }
        if !path_ids.contains(&raw_rule.percorso) {
            return check.fail(entry, Problem::UnknownPath(raw_rule.percorso));
        }
        rules.push(PathRule {
            target: raw_rule.obiettivo.clone(),
            path: raw_rule.percorso,
        });
    }

    Ok(Instrument {
        name: raw.nome.trim().to_string(),
        version: raw.versione.trim().to_string(),
        fingerprint: sha256_hex(source.text.as_bytes()),
        sections,
        combined,
        paths,
        rules,
        default_path: raw.percorso_predefinito,
        plafond: PlafondLimits {
            max_points: raw.plafond.punti_massimi,
            max_distance: raw.plafond.distanza_massima,
        },
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNamed {
    id: String,
    nome: String,
}

/// Validates a list of entries with lower-case ids and names.
fn named(check: &Checker, label: &str, raw: &[RawNamed]) -> Result<Vec<Named>, DataError> {
    let mut seen = HashSet::new();
    raw.iter()
        .map(|r| {
            let entry = format!("{label} {}", r.id);
            if !is_word_id(&r.id) {
                return check.fail(entry, Problem::BadId(r.id.clone()));
            }
            check.unique(&mut seen, &entry, &r.id)?;
            check.not_blank(&entry, "nome", &r.nome)?;
            Ok(Named {
                id: r.id.clone(),
                name: r.nome.trim().to_string(),
            })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    id: String,
    nome: String,
    #[serde(default)]
    suggerimento: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    giudizi: Vec<RawNamed>,
    dimensioni: Vec<RawDimension>,
}

pub fn parse_checklist(source: &Source) -> Result<Checklist, DataError> {
    let raw: RawChecklist = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.giudizi, "giudizi")?;
    check.non_empty(&raw.dimensioni, "dimensioni")?;
    let ratings = named(&check, "giudizio", &raw.giudizi)?;
    let mut seen = HashSet::new();
    let mut dimensions = Vec::with_capacity(raw.dimensioni.len());
    for d in &raw.dimensioni {
        let entry = format!("dimensione {}", d.id);
        if !is_code_id(&d.id) {
            return check.fail(entry, Problem::BadId(d.id.clone()));
        }
        check.unique(&mut seen, &entry, &d.id)?;
        check.not_blank(&entry, "nome", &d.nome)?;
        dimensions.push(Dimension {
            id: d.id.clone(),
            name: d.nome.trim().to_string(),
            hint: d.suggerimento.trim().to_string(),
        });
    }
    Ok(Checklist {
        ratings,
        dimensions,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: String,
    nome: String,
    breve: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategories {
    categorie: Vec<RawCategory>,
}

pub fn parse_categories(source: &Source) -> Result<Vec<Category>, DataError> {
    let raw: RawCategories = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.categorie, "categorie")?;
    let mut seen = HashSet::new();
    raw.categorie
        .iter()
        .map(|c| {
            let entry = format!("categoria {}", c.id);
            if !is_word_id(&c.id) {
                return check.fail(entry, Problem::BadId(c.id.clone()));
            }
            check.unique(&mut seen, &entry, &c.id)?;
            check.not_blank(&entry, "nome", &c.nome)?;
            let name = c.nome.trim().to_string();
            Ok(Category {
                id: c.id.clone(),
                short: c
                    .breve
                    .as_deref()
                    .map(str::trim)
                    .filter(|b| !b.is_empty())
                    .map_or_else(|| name.clone(), str::to_string),
                name,
            })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    codice: String,
    nome: String,
    gruppo: String,
    /// What the signing records with this code: colloquio, informativa or assessment.
    #[serde(default)]
    alla_firma: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActions {
    gruppi: Vec<RawNamed>,
    azioni: Vec<RawAction>,
}

pub fn parse_actions(source: &Source) -> Result<ActionCatalog, DataError> {
    let raw: RawActions = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.gruppi, "gruppi")?;
    check.non_empty(&raw.azioni, "azioni")?;
    let groups = named(&check, "gruppo", &raw.gruppi)?;
    let mut seen = HashSet::new();
    let mut actions = Vec::with_capacity(raw.azioni.len());
    for a in &raw.azioni {
        let entry = format!("azione {}", a.codice);
        if !is_code_id(&a.codice) {
            return check.fail(entry, Problem::BadId(a.codice.clone()));
        }
        check.unique(&mut seen, &entry, &a.codice)?;
        check.not_blank(&entry, "nome", &a.nome)?;
        if !groups.iter().any(|g| g.id == a.gruppo) {
            return check.fail(entry, Problem::UnknownGroup(a.gruppo.clone()));
        }
        let at_signing = match a.alla_firma.as_deref() {
            None => None,
            Some(code) => match AtSigning::from_code(code) {
                Some(what) if actions.iter().any(|b: &Action| b.at_signing == Some(what)) => {
                    return check.fail(entry, Problem::Duplicate(format!("alla_firma = {code}")));
                }
                Some(what) => Some(what),
                None => return check.fail(entry, Problem::UnknownAtSigning(code.to_string())),
            },
        };
        actions.push(Action {
            code: a.codice.clone(),
            name: a.nome.trim().to_string(),
            group: a.gruppo.clone(),
            at_signing,
        });
    }
    Ok(ActionCatalog { groups, actions })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSep {
    id: u32,
    nome: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeps {
    sep: Vec<RawSep>,
}

pub fn parse_seps(source: &Source) -> Result<Vec<Sep>, DataError> {
    let raw: RawSeps = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.sep, "sep")?;
    let mut seen = HashSet::new();
    raw.sep
        .iter()
        .map(|s| {
            let entry = format!("SEP {}", s.id);
            if !seen.insert(s.id) {
                return check.fail(entry, Problem::Duplicate(s.id.to_string()));
            }
            check.not_blank(&entry, "nome", &s.nome)?;
            Ok(Sep {
                id: s.id,
                name: s.nome.trim().to_string(),
            })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvince {
    sigla: String,
    nome: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvinces {
    province: Vec<RawProvince>,
}

pub fn parse_provinces(source: &Source) -> Result<Vec<Province>, DataError> {
    let raw: RawProvinces = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.province, "province")?;
    let mut seen = HashSet::new();
    raw.province
        .iter()
        .map(|p| {
            let entry = format!("provincia {}", p.sigla);
            if p.sigla.len() != 2 || !p.sigla.bytes().all(|b| b.is_ascii_uppercase()) {
                return check.fail(entry, Problem::BadId(p.sigla.clone()));
            }
            check.unique(&mut seen, &entry, &p.sigla)?;
            check.not_blank(&entry, "nome", &p.nome)?;
            Ok(Province {
                code: p.sigla.clone(),
                name: p.nome.trim().to_string(),
            })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEducationLevel {
    id: String,
    nome: String,
    eqf: u8,
    #[serde(default = "yes")]
    titolo: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEducation {
    titoli: Vec<RawEducationLevel>,
}

pub fn parse_education(source: &Source) -> Result<Vec<EducationLevel>, DataError> {
    let raw: RawEducation = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.titoli, "titoli")?;
    let mut seen = HashSet::new();
    raw.titoli
        .iter()
        .map(|t| {
            let entry = format!("titolo {}", t.id);
            if !is_word_id(&t.id) {
                return check.fail(entry, Problem::BadId(t.id.clone()));
            }
            check.unique(&mut seen, &entry, &t.id)?;
            check.not_blank(&entry, "nome", &t.nome)?;
            if t.eqf > 8 {
                return check.fail(entry, Problem::EqfOutOfRange(t.eqf));
            }
            Ok(EducationLevel {
                id: t.id.clone(),
                name: t.nome.trim().to_string(),
                eqf: t.eqf,
                is_title: t.titolo,
            })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfoTopic {
    id: String,
    nome: String,
    #[serde(default)]
    solo_sostegno_reddito: bool,
    #[serde(default)]
    a05: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfoTopics {
    argomenti: Vec<RawInfoTopic>,
}

pub fn parse_info_topics(source: &Source) -> Result<Vec<InfoTopic>, DataError> {
    let raw: RawInfoTopics = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.argomenti, "argomenti")?;
    let mut seen = HashSet::new();
    raw.argomenti
        .iter()
        .map(|t| {
            let entry = format!("argomento {}", t.id);
            if !is_word_id(&t.id) {
                return check.fail(entry, Problem::BadId(t.id.clone()));
            }
            check.unique(&mut seen, &entry, &t.id)?;
            check.not_blank(&entry, "nome", &t.nome)?;
            Ok(InfoTopic {
                id: t.id.clone(),
                name: t.nome.trim().to_string(),
                income_support_only: t.solo_sostegno_reddito,
                a05: t.a05,
            })
        })
        .collect()
}

/// The header of the places file.
const PLACES_HEADER: &str = "codice;nome;provincia;dal;al";

/// Places of birth: `codice;nome;provincia;dal;al`, one a line after the header; lines starting
/// with `#` are comments. A code is a letter and three digits; dates are AAAA-MM-GG, `al` empty
/// while the name is in force.
pub fn parse_places(source: &Source) -> Result<Vec<crate::domain::reference::Place>, DataError> {
    let fail = |entry: String, problem: Problem| DataError {
        file: source.file.clone(),
        entry,
        problem,
    };
    let date = |entry: &String, text: &str| -> Result<Option<chrono::NaiveDate>, DataError> {
        if text.is_empty() {
            return Ok(None);
        }
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| fail(entry.clone(), Problem::BadDate(text.to_string())))
    };
    let mut lines = source
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#') && !l.trim().is_empty());
    match lines.next() {
        Some((_, header)) if header.trim() == PLACES_HEADER => {}
        Some((n, header)) => {
            return Err(fail(
                format!("riga {}", n + 1),
                Problem::BadHeader(header.trim().to_string()),
            ));
        }
        None => return Err(fail(String::new(), Problem::EmptyList("luoghi"))),
    }
    let mut places = Vec::new();
    for (n, line) in lines {
        let entry = format!("riga {}", n + 1);
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        let [code, name, province, from, until] = fields[..] else {
            return Err(fail(
                entry,
                Problem::FieldCount {
                    found: fields.len(),
                    expected: 5,
                },
            ));
        };
        let code_ok = code.len() == 4
            && code.starts_with(|c: char| c.is_ascii_uppercase())
            && code[1..].bytes().all(|b| b.is_ascii_digit());
        if !code_ok {
            return Err(fail(entry, Problem::BadId(code.to_string())));
        }
        if name.is_empty() {
            return Err(fail(entry, Problem::Blank("nome")));
        }
        places.push(crate::domain::reference::Place {
            code: code.to_string(),
            name: name.to_string(),
            province: province.to_string(),
            from: date(&entry, from)?,
            until: date(&entry, until)?,
        });
    }
    if places.is_empty() {
        return Err(fail(String::new(), Problem::EmptyList("luoghi")));
    }
    places.sort_by(|a, b| a.code.cmp(&b.code).then(a.from.cmp(&b.from)));
    Ok(places)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    id: String,
    nome: String,
    #[serde(default)]
    azioni: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompetence {
    id: String,
    nome: String,
    tipo: String,
    #[serde(default)]
    azioni: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    competenza: String,
    livello: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    cp2021: String,
    nome: String,
    requisiti: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompetences {
    azione_certificazione: String,
    formazione_predefinita: Vec<String>,
    tipi: Vec<RawKind>,
    competenze: Vec<RawCompetence>,
    #[serde(default)]
    profili: Vec<RawProfile>,
}

impl Checker<'_> {
    /// Action codes of the catalogue, each once.
    fn action_codes(
        &self,
        entry: &str,
        codes: &[String],
        catalogue: &ActionCatalog,
    ) -> Result<Vec<String>, DataError> {
        let mut seen = HashSet::new();
        for code in codes {
            if catalogue.name(code).is_none() {
                return self.fail(entry, Problem::UnknownAction(code.clone()));
            }
            self.unique(&mut seen, entry, code)?;
        }
        Ok(codes.to_vec())
    }
}

/// Parses and validates the competences, their kinds and the target profiles; action codes are
/// checked against `catalogue`.
pub fn parse_competences(
    source: &Source,
    catalogue: &ActionCatalog,
) -> Result<CompetenceCatalogue, DataError> {
    let raw: RawCompetences = parse_toml(source)?;
    let check = Checker { file: &source.file };
    let certification_action = raw.azione_certificazione.trim().to_string();
    check.action_codes(
        "azione_certificazione",
        std::slice::from_ref(&certification_action),
        catalogue,
    )?;
    if raw.formazione_predefinita.is_empty() {
        return check.fail(
            "formazione_predefinita",
            Problem::EmptyList("formazione_predefinita"),
        );
    }
    let default_training = check.action_codes(
        "formazione_predefinita",
        &raw.formazione_predefinita,
        catalogue,
    )?;
    check.non_empty(&raw.tipi, "tipi")?;
    check.non_empty(&raw.competenze, "competenze")?;

    let mut seen = HashSet::new();
    let mut kinds = Vec::with_capacity(raw.tipi.len());
    for k in &raw.tipi {
        let entry = format!("tipo {}", k.id);
        if !is_word_id(&k.id) {
            return check.fail(entry, Problem::BadId(k.id.clone()));
        }
        check.unique(&mut seen, &entry, &k.id)?;
        check.not_blank(&entry, "nome", &k.nome)?;
        kinds.push(CompetenceKind {
            id: k.id.clone(),
            name: k.nome.trim().to_string(),
            actions: check.action_codes(&entry, &k.azioni, catalogue)?,
        });
    }

    let mut seen = HashSet::new();
    let mut names = HashSet::new();
    let mut competences = Vec::with_capacity(raw.competenze.len());
    for c in &raw.competenze {
        let entry = format!("competenza {}", c.id);
        if !is_word_id(&c.id) {
            return check.fail(entry, Problem::BadId(c.id.clone()));
        }
        check.unique(&mut seen, &entry, &c.id)?;
        check.not_blank(&entry, "nome", &c.nome)?;
        if !names.insert(crate::domain::records::search_key(&c.nome)) {
            return check.fail(entry, Problem::DuplicateName(c.nome.trim().to_string()));
        }
        let Some(kind) = kinds.iter().find(|k| k.id == c.tipo) else {
            return check.fail(entry, Problem::UnknownKind(c.tipo.clone()));
        };
        let own = check.action_codes(&entry, &c.azioni, catalogue)?;
        let actions = if own.is_empty() {
            kind.actions.clone()
        } else {
            own
        };
        if actions.is_empty() {
            return check.fail(entry, Problem::EmptyList("azioni"));
        }
        competences.push(Competence {
            id: c.id.clone(),
            name: c.nome.trim().to_string(),
            kind: c.tipo.clone(),
            actions,
        });
    }

    let mut seen = HashSet::new();
    let mut profiles = Vec::with_capacity(raw.profili.len());
    for p in &raw.profili {
        let code = p.cp2021.trim();
        let entry = format!("profilo {code}");
        if !crate::domain::records::is_cp2021_code(code) {
            return check.fail(entry, Problem::BadCp2021(p.cp2021.clone()));
        }
        check.unique(&mut seen, &entry, code)?;
        check.not_blank(&entry, "nome", &p.nome)?;
        if p.requisiti.is_empty() {
            return check.fail(entry, Problem::EmptyList("requisiti"));
        }
        let mut required_ids = HashSet::new();
        let mut required = Vec::with_capacity(p.requisiti.len());
        for r in &p.requisiti {
            let Some(competence) = competences.iter().find(|c| c.id == r.competenza) else {
                return check.fail(entry, Problem::UnknownCompetence(r.competenza.clone()));
            };
            check.unique(&mut required_ids, &entry, &r.competenza)?;
            let Some(level) = Level::from_number(r.livello) else {
                return check.fail(entry, Problem::LevelOutOfRange(r.livello));
            };
            required.push(RequiredCompetence {
                competence: CompetenceRef::listed(competence),
                level,
            });
        }
        profiles.push(ProfileTemplate {
            cp2021: code.to_string(),
            name: p.nome.trim().to_string(),
            required,
        });
    }

    Ok(CompetenceCatalogue {
        kinds,
        competences,
        profiles,
        certification_action,
        default_training,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContract {
    id: String,
    nome: String,
    durata: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContracts {
    contratti: Vec<RawContract>,
}

/// Parses and validates the contract types of a hiring (`contratti.toml`).
pub fn parse_contracts(
    source: &Source,
) -> Result<Vec<crate::domain::accompaniment::ContractType>, DataError> {
    use crate::domain::accompaniment::{ContractType, DurationRule};
    let raw: RawContracts = parse_toml(source)?;
    let check = Checker { file: &source.file };
    check.non_empty(&raw.contratti, "contratti")?;
    let mut seen = HashSet::new();
    let mut names = HashSet::new();
    raw.contratti
        .iter()
        .map(|c| {
            let entry = format!("contratto {}", c.id);
            if !is_word_id(&c.id) {
                return check.fail(entry, Problem::BadId(c.id.clone()));
            }
            check.unique(&mut seen, &entry, &c.id)?;
            check.not_blank(&entry, "nome", &c.nome)?;
            let key: String = c
                .nome
                .to_lowercase()
                .chars()
                .filter(|ch| ch.is_alphanumeric())
                .collect();
            if !names.insert(key) {
                return check.fail(entry, Problem::DuplicateName(c.nome.trim().to_string()));
            }
            let Some(duration) = DurationRule::from_code(c.durata.trim()) else {
                return check.fail(entry, Problem::UnknownDuration(c.durata.clone()));
            };
            Ok(ContractType {
                id: c.id.clone(),
                name: c.nome.trim().to_string(),
                duration,
            })
        })
        .collect()
}
