//! `orienta assess`: an answers file (TOML, or JSON) in, the scored assessment as JSON out.

use serde_json::{Map, Value, json};

use crate::domain::instrument::Instrument;
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::{
    AnswerError, Answers, AssessmentError, Outcome, PathChange, Plafond, Standing, evaluate,
    plafond_affects_path, score, standing,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// JSON when the file name ends in `.json` (any case), TOML otherwise.
    pub fn of(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// The kind of value a key must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Table,
    Integer,
    Text,
    Bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Syntax {
        format: Format,
        line: usize,
        column: usize,
        message: String,
    },
    UnknownKey(String),
    MissingKey(String),
    WrongType {
        key: String,
        expected: Kind,
    },
    NegativeOption {
        key: String,
        value: i64,
    },
    Answer {
        key: String,
        error: AnswerError,
        /// Ids of the instrument's areas, for the message.
        known: Vec<String>,
    },
    SeveralPlafonds(usize),
    Assessment(AssessmentError),
}

/// What an answers file holds once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessInput {
    pub answers: Answers,
    pub plafond: Option<Plafond>,
    pub change: Option<PathChange>,
}

fn parse_value(text: &str, format: Format) -> Result<Value, InputError> {
    match format {
        Format::Json => serde_json::from_str(text).map_err(|e| InputError::Syntax {
            format,
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }),
        Format::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| {
                let (line, column) = e
                    .span()
                    .map(|s| crate::data::line_column(text, s.start))
                    .unwrap_or((0, 0));
                InputError::Syntax {
                    format,
                    line,
                    column,
                    message: e.message().trim().to_string(),
                }
            })?;
            serde_json::to_value(table).map_err(|e| InputError::Syntax {
                format,
                line: 0,
                column: 0,
                message: e.to_string(),
            })
        }
    }
}

fn table<'a>(value: &'a Value, key: &str) -> Result<&'a Map<String, Value>, InputError> {
    value.as_object().ok_or_else(|| InputError::WrongType {
        key: key.to_string(),
        expected: Kind::Table,
    })
}

fn only_keys(map: &Map<String, Value>, prefix: &str, allowed: &[&str]) -> Result<(), InputError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(InputError::UnknownKey(join(prefix, k))),
        None => Ok(()),
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn required<'a>(
    map: &'a Map<String, Value>,
    prefix: &str,
    key: &str,
) -> Result<&'a Value, InputError> {
    map.get(key)
        .ok_or_else(|| InputError::MissingKey(join(prefix, key)))
}

fn integer(value: &Value, key: String) -> Result<i64, InputError> {
    value.as_i64().ok_or(InputError::WrongType {
        key,
        expected: Kind::Integer,
    })
}

fn boolean(value: &Value, key: String) -> Result<bool, InputError> {
    value.as_bool().ok_or(InputError::WrongType {
        key,
        expected: Kind::Bool,
    })
}

fn text(value: &Value, key: String) -> Result<String, InputError> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or(InputError::WrongType {
            key,
            expected: Kind::Text,
        })
}

/// Reads the answers file's content. Checks the keys and the answers against the instrument;
/// the plafond and the change of percorso are checked by [`score_input`].
pub fn parse_input(
    instrument: &Instrument,
    text_in: &str,
    format: Format,
) -> Result<AssessInput, InputError> {
    let value = parse_value(text_in, format)?;
    let root = table(&value, "(documento)")?;
    only_keys(root, "", &["risposte", "plafond", "cambio_percorso"])?;

    let mut answers = Answers::new();
    if let Some(raw) = root.get("risposte") {
        for (area, option) in table(raw, "risposte")? {
            let key = join("risposte", area);
            let index = integer(option, key.clone())?;
            let index = usize::try_from(index).map_err(|_| InputError::NegativeOption {
                key: key.clone(),
                value: index,
            })?;
            answers
                .set(instrument, area, index)
                .map_err(|error| InputError::Answer {
                    key,
                    error,
                    known: instrument.areas().map(|a| a.id.clone()).collect(),
                })?;
        }
    }

    let plafond = match root.get("plafond") {
        None => None,
        Some(Value::Array(items)) if items.len() != 1 => {
            return Err(InputError::SeveralPlafonds(items.len()));
        }
        Some(Value::Array(items)) => Some(plafond(&items[0])?),
        Some(raw) => Some(plafond(raw)?),
    };

    let change = match root.get("cambio_percorso") {
        None => None,
        Some(raw) => {
            let map = table(raw, "cambio_percorso")?;
            only_keys(
                map,
                "cambio_percorso",
                &["percorso", "categoria", "nota", "concordato"],
            )?;
            let path = integer(
                required(map, "cambio_percorso", "percorso")?,
                "cambio_percorso.percorso".into(),
            )?;
            Some(PathChange {
                // Out of the u8 range is no percorso at all: 0 is never one.
                path: u8::try_from(path).unwrap_or(0),
                category: text(
                    required(map, "cambio_percorso", "categoria")?,
                    "cambio_percorso.categoria".into(),
                )?,
                note: match map.get("nota") {
                    Some(v) => text(v, "cambio_percorso.nota".into())?,
                    None => String::new(),
                },
                // The person's agreement must be written: a missing key is an error, not "no".
                agreed: boolean(
                    required(map, "cambio_percorso", "concordato")?,
                    "cambio_percorso.concordato".into(),
                )?,
            })
        }
    };

    Ok(AssessInput {
        answers,
        plafond,
        change,
    })
}

fn plafond(raw: &Value) -> Result<Plafond, InputError> {
    let map = table(raw, "plafond")?;
    only_keys(map, "plafond", &["sezione", "punti", "nota"])?;
    let points = integer(required(map, "plafond", "punti")?, "plafond.punti".into())?;
    Ok(Plafond {
        target: text(
            required(map, "plafond", "sezione")?,
            "plafond.sezione".into(),
        )?,
        points: i32::try_from(points).unwrap_or(if points < 0 { i32::MIN } else { i32::MAX }),
        note: match map.get("nota") {
            Some(v) => text(v, "plafond.nota".into())?,
            None => String::new(),
        },
    })
}

/// Validates plafond and change of percorso and scores the assessment.
pub fn score_input(data: &ReferenceData, input: &AssessInput) -> Result<Outcome, InputError> {
    evaluate(
        &data.instrument,
        &input.answers,
        input.plafond.as_ref(),
        input.change.as_ref(),
        &data.category_ids(),
    )
    .map_err(InputError::Assessment)
}

fn standing_word(s: Standing) -> &'static str {
    match s {
        Standing::Below => "sotto",
        Standing::Near => "vicino",
        Standing::Reached => "raggiunta",
    }
}

/// The JSON document `orienta assess` prints.
pub fn to_json(instrument: &Instrument, input: &AssessInput, outcome: &Outcome) -> Value {
    let scores = &outcome.scores;
    let mut sections = Map::new();
    for s in &scores.sections {
        sections.insert(
            s.id.clone(),
            json!({
                "punteggio": s.raw,
                "rettifica": s.adjustment,
                "punteggio_rettificato": s.adjusted,
                "soglia": s.threshold,
                "massimo": s.max,
                "soglia_raggiunta": s.threshold.map(|t| s.adjusted >= t as i32),
                "stato": s.threshold.map(|t| standing_word(standing(instrument, s.adjusted, t))),
                "risposte": s.answered,
                "aree": s.areas,
                "abilitata": s.enabled,
            }),
        );
    }
    let mut root = Map::new();
    root.insert("sezioni".into(), Value::Object(sections));
    for c in &scores.combined {
        root.insert(
            c.id.clone(),
            json!({
                "punteggio": c.raw,
                "rettifica": c.adjustment,
                "punteggio_rettificato": c.adjusted,
                "soglia": c.threshold,
                "massimo": c.max,
                "soglia_raggiunta": c.adjusted >= c.threshold as i32,
                "stato": standing_word(standing(instrument, c.adjusted, c.threshold)),
            }),
        );
    }
    root.insert("completo".into(), json!(scores.complete()));
    root.insert("mancanti".into(), json!(scores.missing));
    root.insert("percorso_proposto".into(), json!(scores.proposed));
    root.insert("percorso_finale".into(), json!(outcome.final_path));
    let name_of = |id: Option<u8>| id.and_then(|p| instrument.path(p)).map(|p| p.name.clone());
    root.insert(
        "nome_percorso_finale".into(),
        json!(name_of(outcome.final_path)),
    );
    let base = score(instrument, &input.answers, None);
    root.insert(
        "plafond".into(),
        json!(input.plafond.as_ref().map(|p| json!({
            "sezione": p.target, "punti": p.points, "nota": p.note.trim(),
            "incide_sul_percorso": plafond_affects_path(instrument, &base, p),
        }))),
    );
    root.insert(
        "cambio_percorso".into(),
        json!(input.change.as_ref().map(|c| json!({
            "percorso": c.path, "categoria": c.category, "nota": c.note.trim(),
            "concordato": c.agreed,
        }))),
    );
    root.insert("strumento".into(), instrument_json(instrument));
    Value::Object(root)
}

/// Which instrument produced the scores: name, version and SHA-256 of its file.
pub fn instrument_json(instrument: &Instrument) -> Value {
    json!({
        "nome": instrument.name,
        "versione": instrument.version,
        "impronta": instrument.fingerprint,
    })
}
