//! The Patto di Servizio the person takes home: every element of art. 20 D.lgs. 150/2015, from
//! a signed version as stored (its content JSON, number, version, date, operator) and its
//! acceptance, in plain text laid out for A4, Markdown, JSON or PDF. Nothing is recomputed: the
//! document says what was signed. Section D is never shown except as the C+D total, even when a
//! content carries it: [`sanitized`] drops it first.

use serde_json::{Map, Value, json};

use chrono::NaiveDate;

pub use crate::domain::records::{Acceptance, AcceptanceKind};
use crate::domain::records::{ActionStatus, PactVersion};
use crate::domain::reference::ActionCatalog;
use crate::store::StoredAction;
use crate::strings::document as s;

/// Columns of the plain-text document, and lines per A4 page (the last is the page number).
pub const TEXT_WIDTH: usize = 80;
pub const PAGE_LINES: usize = 60;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Md,
    Json,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Txt, Format::Md, Format::Json, Format::Pdf];

    pub fn code(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Json => "json",
            Format::Pdf => "pdf",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// One piece of the document, before layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A label and its value.
    Field(String, String),
    /// An element of a list.
    Item(String),
    /// A line to sign on, with its caption.
    Signature(String),
}

/// Keys that never leave the store in a document, wherever they are in a content.
const NEVER_SHOWN: [&str; 8] = [
    "nota_fragilita",
    "servizi_sociali_coinvolti",
    "fragilita",
    "risposte",
    "note_risposte",
    "aree",
    "sezione_d",
    "checklist",
];

/// A key that names section D alone or one of its areas (`D`, `D1`, `D5`...).
fn is_section_d(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next() == Some('D') && chars.all(|c| c.is_ascii_digit())
}

fn strip(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !NEVER_SHOWN.contains(&k.as_str()) && !is_section_d(k))
                .map(|(k, v)| (k.clone(), strip(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
        other => other.clone(),
    }
}

/// The content without what must never be printed: section D's areas and its score alone, the
/// fragility note, the involvement of the social services, the answers; a plafond on D alone.
pub fn sanitized(content: &Value) -> Value {
    let mut out = strip(content);
    if let Some(profile) = out
        .get_mut("profilo_di_occupabilita")
        .and_then(Value::as_object_mut)
        && profile
            .get("plafond")
            .and_then(|p| p.get("sezione"))
            .and_then(Value::as_str)
            .is_some_and(is_section_d)
    {
        profile.insert("plafond".into(), Value::Null);
    }
    out
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(t)) => t.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(true)) => s::YES.into(),
        Some(Value::Bool(false)) => s::NO.into(),
        _ => String::new(),
    }
}

/// `AAAA-MM-GG` (or a timestamp starting with it) as `GG/MM/AAAA`; anything else as it is.
fn date_text(value: &str) -> String {
    let day = value.get(..10).unwrap_or(value);
    match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => value.to_string(),
    }
}

fn field(out: &mut Vec<Block>, label: &str, value: String) {
    if !value.is_empty() {
        out.push(Block::Field(label.into(), value));
    }
}

fn person(out: &mut Vec<Block>, c: &Value) {
    out.push(Block::Heading(s::H_PERSON.into()));
    let get = |k: &str| text_of(c.get(k));
    let name = format!("{} {}", get("cognome"), get("nome"))
        .trim()
        .to_string();
    field(out, s::NAME, name);
    field(out, s::CF, get("codice_fiscale"));
    field(out, s::SEX, s::sex(&get("sesso")));
    let born = [date_text(&get("data_nascita")), get("luogo_nascita")]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    field(out, s::BIRTH, born);
    field(out, s::CITIZENSHIP, get("cittadinanza"));
    field(out, s::DID_DATE, date_text(&get("data_did")));
    field(out, s::EDUCATION, get("titolo_studio"));
    field(out, s::EMPLOYMENT, get("condizione_occupazionale"));
    field(out, s::INCOME_SUPPORT, get("sostegno_al_reddito"));
    field(out, s::PHONE, get("telefono"));
    field(out, s::EMAIL, get("email"));
}

fn path_text(id: Option<&Value>, name: Option<&Value>) -> String {
    let id = text_of(id);
    if id.is_empty() {
        return s::NO_PATH.into();
    }
    s::path(&id, &text_of(name))
}

fn profile(out: &mut Vec<Block>, content: &Value) {
    out.push(Block::Heading(s::H_PROFILE.into()));
    let p = &content["profilo_di_occupabilita"];
    if p.get("assessment") == Some(&Value::Bool(false)) {
        out.push(Block::Paragraph(s::NO_ASSESSMENT.into()));
    } else if let Some(scores) = p.get("punteggi").and_then(Value::as_object)
        && !scores.is_empty()
    {
        out.push(Block::Paragraph(s::SCORES_INTRO.into()));
        for (id, t) in scores {
            let name = match text_of(t.get("nome")) {
                n if n.is_empty() && id == "CD" => "C+D".to_string(),
                n if n.is_empty() => id.clone(),
                n => n,
            };
            let maximum = text_of(t.get("massimo"));
            let path = text_of(t.get("percorso_se_raggiunta"));
            let path = (!path.is_empty()).then(|| s::path(&path, ""));
            out.push(Block::Item(s::score_line(
                &name,
                &text_of(t.get("punteggio")),
                &text_of(t.get("punteggio_rettificato")),
                (!maximum.is_empty()).then_some(maximum.as_str()),
                &text_of(t.get("soglia")),
                t.get("soglia_raggiunta").and_then(Value::as_bool),
                path.as_deref(),
            )));
        }
    }
    let plafond = match p.get("plafond") {
        Some(pl) if pl.is_object() => {
            let target = text_of(pl.get("sezione"));
            let target = p
                .get("punteggi")
                .and_then(|t| t.get(&target))
                .map(|t| text_of(t.get("nome")))
                .filter(|n| !n.is_empty())
                .unwrap_or(target);
            let points = match pl.get("punti").and_then(Value::as_i64) {
                Some(n) if n > 0 => format!("+{n}"),
                _ => text_of(pl.get("punti")),
            };
            s::plafond(
                &points,
                &target,
                &text_of(pl.get("nota")),
                pl.get("incide_sul_percorso").and_then(Value::as_bool),
            )
        }
        _ => s::NO_PLAFOND.into(),
    };
    if p.get("assessment") != Some(&Value::Bool(false)) {
        field(out, s::PLAFOND, plafond);
        let proposed_name = p.get("nome_percorso_proposto").or_else(|| {
            (p.get("cambio_percorso").is_none_or(Value::is_null)).then(|| &p["nome_percorso"])
        });
        field(
            out,
            s::PROPOSED_PATH,
            path_text(p.get("percorso_proposto"), proposed_name),
        );
        if let Some(change) = p.get("cambio_percorso").filter(|c| c.is_object()) {
            let category = match text_of(change.get("nome_categoria")) {
                n if n.is_empty() => text_of(change.get("categoria")),
                n => n,
            };
            field(
                out,
                s::PATH_CHANGE,
                s::path_change(
                    &category,
                    change.get("concordato").and_then(Value::as_bool),
                    &text_of(change.get("nota")),
                ),
            );
        }
    }
    field(
        out,
        s::FINAL_PATH,
        path_text(p.get("percorso"), p.get("nome_percorso")),
    );
    if p.get("assessment") != Some(&Value::Bool(false)) {
        let instrument = match content.get("strumento").filter(|v| v.is_object()) {
            Some(i) => s::instrument(
                &text_of(i.get("nome")),
                &text_of(i.get("versione")),
                &text_of(i.get("impronta")),
            ),
            None => s::INSTRUMENT_UNKNOWN.into(),
        };
        field(out, s::INSTRUMENT, instrument);
    }
}

fn propensities(out: &mut Vec<Block>, content: &Value) {
    out.push(Block::Heading(s::H_PROPENSITIES.into()));
    let list = content
        .get("propensioni")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty());
    let Some(list) = list else {
        out.push(Block::Paragraph(s::NO_PROPENSITIES.into()));
        return;
    };
    for p in list {
        let from = p
            .get("provenienza")
            .and_then(Value::as_array)
            .map(|f| {
                f.iter()
                    .map(|v| text_of(Some(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        out.push(Block::Item(s::propensity(
            &text_of(p.get("codice_cp2021")),
            &text_of(p.get("titolo")),
            &from,
            &text_of(p.get("sep")),
            &text_of(p.get("note")),
        )));
    }
}

fn plan(out: &mut Vec<Block>, content: &Value) {
    out.push(Block::Heading(s::H_PLAN.into()));
    let list = content
        .get("atti_di_ricerca_attiva")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty());
    let Some(list) = list else {
        out.push(Block::Paragraph(s::NO_ACTIONS.into()));
        return;
    };
    for a in list {
        let due = date_text(&text_of(a.get("scadenza")));
        let (code, name) = (text_of(a.get("codice")), text_of(a.get("nome")));
        // Recorded by the signing itself: done on the interview day, nothing to plan.
        if a.get("automatica") == Some(&Value::Bool(true)) {
            out.push(Block::Item(s::recorded_action(&code, &name, &due)));
            continue;
        }
        // A description that only repeats the catalogue name says nothing more.
        let description = text_of(a.get("descrizione"));
        let description = if description.trim() == name.trim() {
            String::new()
        } else {
            description
        };
        out.push(Block::Item(s::action(
            &code,
            &name,
            &s::action_by(&text_of(a.get("tipo"))),
            (!due.is_empty()).then_some(due.as_str()),
            &s::action_status(&text_of(a.get("stato"))),
            &description,
            &text_of(a.get("esito")),
        )));
    }
}

fn terms(out: &mut Vec<Block>, content: &Value) {
    out.push(Block::Heading(s::H_TERMS.into()));
    let or_missing = |t: String| if t.is_empty() { s::NOT_GIVEN.into() } else { t };
    field(
        out,
        s::CONTACTS,
        or_missing(text_of(content.get("frequenza_contatti"))),
    );
    field(
        out,
        s::PROOF,
        or_missing(text_of(content.get("prova_della_ricerca"))),
    );
    out.push(Block::Paragraph(s::AVAILABILITY_INTRO.into()));
    let a = &content["disponibilita"];
    for (key, what) in [
        ("laboratori_ricerca_lavoro", s::AVAILABLE_WORKSHOPS),
        ("formazione_riqualificazione", s::AVAILABLE_TRAINING),
        ("offerte_congrue", s::AVAILABLE_OFFERS),
    ] {
        out.push(Block::Item(s::availability(
            what,
            a.get(key).and_then(Value::as_bool),
        )));
    }
}

/// What was done after the pact, as of a day: the specialist actions of the current plan
/// (not those the signing recorded) that started, ended or were cancelled, with their outcome.
/// Printed after the signatures; not part of the signed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterPact {
    pub as_of: NaiveDate,
    pub items: Vec<AfterItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterItem {
    pub code: String,
    /// The catalogue name of the code ("" when not in the catalogue).
    pub name: String,
    pub description: String,
    pub status: ActionStatus,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub outcome: String,
}

impl AfterPact {
    /// From the person's current plan ([`crate::store::Store::current_plan`]): the actions
    /// typed or recorded after the signing, once started, concluded or cancelled. `None` when
    /// there is nothing to list.
    pub fn from_plan(
        plan: &[StoredAction],
        catalog: &ActionCatalog,
        as_of: NaiveDate,
    ) -> Option<Self> {
        let items: Vec<AfterItem> = plan
            .iter()
            .filter(|a| !a.automatic && a.data.status != ActionStatus::Programmata)
            .map(|a| AfterItem {
                code: a.data.code.clone(),
                name: catalog.name(&a.data.code).unwrap_or("").to_string(),
                description: a.data.description.trim().to_string(),
                status: a.data.status,
                started_on: a.started_on,
                ended_on: a.ended_on,
                outcome: a.data.outcome.trim().to_string(),
            })
            .collect();
        (!items.is_empty()).then_some(AfterPact { as_of, items })
    }
}

fn after_pact(out: &mut Vec<Block>, after: &AfterPact) {
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%d/%m/%Y").to_string());
    out.push(Block::Heading(s::H_AFTER.into()));
    out.push(Block::Paragraph(s::after_intro(
        &after.as_of.format("%d/%m/%Y").to_string(),
    )));
    for a in &after.items {
        out.push(Block::Item(s::after_item(
            &a.code,
            &a.name,
            &a.description,
            a.status.code(),
            day(a.started_on).as_deref(),
            day(a.ended_on).as_deref(),
            &a.outcome,
        )));
    }
}

/// The document as blocks, in the order printed.
pub fn blocks(pact: &PactVersion, acceptance: Option<&Acceptance>) -> Vec<Block> {
    blocks_with(pact, acceptance, None)
}

/// The document as blocks, with what was done after the pact at the end when given.
pub fn blocks_with(
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
    after: Option<&AfterPact>,
) -> Vec<Block> {
    let content = sanitized(&pact.content);
    let mut out = vec![
        Block::Title(s::TITLE.into()),
        Block::Paragraph(s::LAW.into()),
        Block::Paragraph(s::identity(
            &pact.number,
            pact.version,
            &date_text(&pact.signed_at),
        )),
        Block::Heading(s::H_CPI.into()),
    ];
    let cpi = match text_of(content.get("cpi")) {
        t if t.is_empty() => s::NOT_GIVEN.into(),
        t => t,
    };
    field(&mut out, s::CPI, cpi);
    field(
        &mut out,
        s::RESPONSIBLE,
        text_of(content.get("responsabile")),
    );
    field(&mut out, s::SIGNING_OPERATOR, pact.operator.clone());
    field(
        &mut out,
        s::INTERVIEW_DATE,
        date_text(&text_of(content.get("data_colloquio"))),
    );
    let kind = text_of(content.get("tipo_colloquio"));
    if !kind.is_empty() {
        field(&mut out, s::INTERVIEW_KIND, s::interview_kind(&kind));
    }
    person(&mut out, &content["cittadino"]);
    profile(&mut out, &content);
    propensities(&mut out, &content);
    plan(&mut out, &content);
    terms(&mut out, &content);
    let changes: Vec<String> = content
        .get("modifiche")
        .and_then(Value::as_array)
        .map(|l| l.iter().map(|v| text_of(Some(v))).collect())
        .unwrap_or_default();
    if !changes.is_empty() {
        out.push(Block::Heading(s::H_CHANGES.into()));
        out.extend(changes.into_iter().map(Block::Item));
    } else if pact.version > 1 && content.get("modifiche").is_some() {
        // A later version that changes nothing says so: the person sees it was checked.
        out.push(Block::Heading(s::H_CHANGES.into()));
        out.push(Block::Paragraph(s::NO_CHANGES.into()));
    }
    out.push(Block::Heading(s::H_SIGNATURES.into()));
    out.push(Block::Paragraph(s::signatures_intro(pact.version)));
    if let Some(a) = acceptance {
        out.push(Block::Paragraph(s::accepted(
            a.how.code(),
            &date_text(&a.accepted_at),
            &a.operator,
        )));
    }
    out.push(Block::Signature(s::PLACE_DATE.into()));
    out.push(Block::Signature(s::SIGN_PERSON.into()));
    out.push(Block::Signature(s::SIGN_OPERATOR.into()));
    if let Some(after) = after {
        after_pact(&mut out, after);
    }
    out
}

/// Greedy word wrapping to `width` characters; a longer word is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for source in text.split('\n') {
        let mut line = String::new();
        for word in source.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            let used = line.chars().count();
            if used > 0 && used + 1 + word.len() <= width {
                line.push(' ');
                line.extend(&word);
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
            }
            while word.len() > width {
                lines.push(word.drain(..width).collect());
            }
            line = word.into_iter().collect();
        }
        lines.push(line);
    }
    lines
}

/// Column where a field's value starts in the plain text.
const LABEL_COLUMN: usize = 34;

fn text_lines(blocks: &[Block]) -> Vec<(String, bool)> {
    // (line, keep with the next one): a heading is never the last line of a page.
    let mut lines: Vec<(String, bool)> = Vec::new();
    for block in blocks {
        match block {
            Block::Title(t) => {
                let t = t.to_uppercase();
                let pad = TEXT_WIDTH.saturating_sub(t.chars().count()) / 2;
                lines.push((format!("{}{t}", " ".repeat(pad)), false));
            }
            Block::Heading(h) => {
                lines.push((String::new(), true));
                lines.push((h.clone(), true));
                lines.push(("-".repeat(h.chars().count().min(TEXT_WIDTH)), true));
            }
            Block::Paragraph(p) => {
                lines.extend(wrap(p, TEXT_WIDTH).into_iter().map(|l| (l, false)));
            }
            Block::Field(label, value) => {
                let label = format!("{label}:");
                let indent = " ".repeat(LABEL_COLUMN);
                let wrapped = wrap(value, TEXT_WIDTH - LABEL_COLUMN);
                let mut first = true;
                if label.chars().count() >= LABEL_COLUMN {
                    lines.push((label.clone(), true));
                    first = false;
                }
                for line in wrapped {
                    let start = if first {
                        format!("{label:<LABEL_COLUMN$}")
                    } else {
                        indent.clone()
                    };
                    first = false;
                    lines.push((format!("{start}{line}").trim_end().to_string(), false));
                }
            }
            Block::Item(i) => {
                for (n, line) in wrap(i, TEXT_WIDTH - 2).into_iter().enumerate() {
                    let start = if n == 0 { "- " } else { "  " };
                    lines.push((format!("{start}{line}"), false));
                }
            }
            Block::Signature(caption) => {
                lines.push((String::new(), true));
                lines.push((String::new(), true));
                // The signatures stay together on one page.
                lines.push((format!("{caption}: {}", "_".repeat(40)), true));
            }
        }
    }
    if let Some(last) = lines.last_mut() {
        last.1 = false;
    }
    lines
}

/// Plain text for A4: [`TEXT_WIDTH`] columns, pages of [`PAGE_LINES`] lines separated by a form
/// feed, each ending with its number.
pub fn text(pact: &PactVersion, acceptance: Option<&Acceptance>) -> String {
    text_with(pact, acceptance, None)
}

/// [`text`] with what was done after the pact.
pub fn text_with(
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
    after: Option<&AfterPact>,
) -> String {
    let lines = text_lines(&blocks_with(pact, acceptance, after));
    let body = PAGE_LINES - 2;
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    let mut i = 0;
    while i < lines.len() {
        let page_len = pages.last().map_or(0, Vec::len);
        // The run of lines kept together that starts here (up to the line that ends it).
        let run = lines[i..]
            .iter()
            .position(|(_, keep)| !keep)
            .map_or(lines.len() - i, |p| p + 1);
        if page_len > 0 && (page_len + run.min(body) > body) {
            pages.push(Vec::new());
        }
        let (line, _) = &lines[i];
        // A page never starts with an empty line.
        if let Some(page) = pages.last_mut()
            && !(page.is_empty() && line.is_empty())
        {
            page.push(line.clone());
        }
        i += 1;
    }
    let total = pages.len();
    let mut out = String::new();
    for (n, mut page) in pages.into_iter().enumerate() {
        if n > 0 {
            out.push('\u{c}');
        }
        page.resize(body + 1, String::new());
        let footer = s::footer(&pact.number, pact.version, n + 1, total);
        page.push(format!("{footer:>TEXT_WIDTH$}"));
        for line in page {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// `text` with the characters Markdown would read as markup escaped.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The document in Markdown.
pub fn markdown(pact: &PactVersion, acceptance: Option<&Acceptance>) -> String {
    markdown_with(pact, acceptance, None)
}

/// [`markdown`] with what was done after the pact.
pub fn markdown_with(
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
    after: Option<&AfterPact>,
) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for block in blocks_with(pact, acceptance, after) {
        let list = matches!(block, Block::Field(..) | Block::Item(_));
        if in_list && !list {
            out.push('\n');
        }
        match block {
            Block::Title(t) => out.push_str(&format!("# {}\n\n", md_escape(&t))),
            Block::Heading(h) => out.push_str(&format!("## {}\n\n", md_escape(&h))),
            Block::Paragraph(p) => out.push_str(&format!("{}\n\n", md_escape(&p))),
            Block::Field(label, value) => out.push_str(&format!(
                "- **{}:** {}\n",
                md_escape(&label),
                md_escape(&value)
            )),
            Block::Item(i) => out.push_str(&format!("- {}\n", md_escape(&i))),
            Block::Signature(caption) => out.push_str(&format!(
                "{}: {}\n\n",
                md_escape(&caption),
                "\\_".repeat(40)
            )),
        }
        in_list = list;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The document as data: the signed content (without section D) with its number, version,
/// dates and acceptance, under stable keys.
pub fn json(pact: &PactVersion, acceptance: Option<&Acceptance>) -> Value {
    json_with(pact, acceptance, None)
}

/// [`json`] with what was done after the pact, beside the signed content (never in it).
pub fn json_with(
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
    after: Option<&AfterPact>,
) -> Value {
    let content = sanitized(&pact.content);
    let mut out = Map::new();
    out.insert(
        "documento".into(),
        json!("patto_di_servizio_personalizzato"),
    );
    out.insert("numero".into(), json!(pact.number));
    out.insert("versione".into(), json!(pact.version));
    out.insert("firmato_il".into(), json!(pact.signed_at));
    out.insert("operatore".into(), json!(pact.operator));
    out.insert(
        "accettazione".into(),
        acceptance.map_or(
            Value::Null,
            |a| json!({"accettato_il": a.accepted_at, "operatore": a.operator, "modo": a.how}),
        ),
    );
    out.insert("contenuto".into(), content);
    if let Some(after) = after {
        out.insert(
            "attivita_dopo_il_patto".into(),
            json!({
                "situazione_al": after.as_of,
                "azioni": after.items.iter().map(|a| json!({
                    "codice": a.code,
                    "nome": a.name,
                    "descrizione": a.description,
                    "stato": a.status.code(),
                    "iniziata_il": a.started_on,
                    "conclusa_il": a.ended_on,
                    "esito": a.outcome,
                })).collect::<Vec<_>>(),
            }),
        );
    }
    Value::Object(out)
}

/// The document as a PDF for A4, with the font embedded.
pub fn pdf(
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
) -> Result<Vec<u8>, crate::pdf::FontError> {
    pdf_with(pact, acceptance, None)
}

/// [`pdf`] with what was done after the pact.
pub fn pdf_with(
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
    after: Option<&AfterPact>,
) -> Result<Vec<u8>, crate::pdf::FontError> {
    use crate::pdf::{Paragraph, Style};
    let paragraphs: Vec<Paragraph> = blocks_with(pact, acceptance, after)
        .into_iter()
        .map(|b| match b {
            Block::Title(t) => Paragraph::new(Style::Title, t),
            Block::Heading(h) => Paragraph::new(Style::Heading, h),
            Block::Paragraph(p) => Paragraph::new(Style::Body, p),
            Block::Field(label, value) => Paragraph::new(Style::Body, format!("{label}: {value}")),
            Block::Item(i) => Paragraph::new(Style::Item, format!("• {i}")),
            Block::Signature(c) => {
                Paragraph::new(Style::Signature, format!("{c}: {}", "_".repeat(36)))
            }
        })
        .collect();
    crate::pdf::render(&paragraphs, |page, pages| {
        s::footer(&pact.number, pact.version, page, pages)
    })
}

/// The document in `format`, as the bytes of its file.
pub fn render(
    format: Format,
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
) -> Result<Vec<u8>, crate::pdf::FontError> {
    render_with(format, pact, acceptance, None)
}

/// [`render`] with what was done after the pact.
pub fn render_with(
    format: Format,
    pact: &PactVersion,
    acceptance: Option<&Acceptance>,
    after: Option<&AfterPact>,
) -> Result<Vec<u8>, crate::pdf::FontError> {
    Ok(match format {
        Format::Txt => text_with(pact, acceptance, after).into_bytes(),
        Format::Md => {
            let mut md = markdown_with(pact, acceptance, after);
            md.push('\n');
            md.into_bytes()
        }
        Format::Json => {
            let mut j = serde_json::to_string_pretty(&json_with(pact, acceptance, after))
                .unwrap_or_else(|_| "{}".into());
            j.push('\n');
            j.into_bytes()
        }
        Format::Pdf => pdf_with(pact, acceptance, after)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "una frase con parecchie parole che deve andare a capo";
        let lines = wrap(text, 12);
        assert!(lines.iter().all(|l| l.chars().count() <= 12), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap(&"é".repeat(25), 10).len(), 3);
    }

    #[test]
    fn section_d_keys_are_recognised() {
        assert!(is_section_d("D"));
        assert!(is_section_d("D4"));
        assert!(!is_section_d("CD"));
        assert!(!is_section_d("Data"));
    }

    #[test]
    fn formats_and_acceptance_kinds_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_code(f.code()), Some(f));
        }
        for k in AcceptanceKind::ALL {
            assert_eq!(AcceptanceKind::from_code(k.code()), Some(k));
        }
        assert_eq!(Format::from_code("doc"), None);
    }
}
