//! Every text the operator reads, in Italian, in one place: command help, messages, and the
//! wording of every error the core can report.

use std::fmt;

use crate::assess::{Format, InputError, Kind};
use crate::data::{DataError, Problem};
use crate::domain::codice_fiscale::{CfError, Expected};
use crate::domain::company::{CompanyIdError, CompanyIdField};
use crate::domain::competences::{Evidence, GapStatus, Level, ProfileError, SuggestionReason};
use crate::domain::scoring::{AnswerError, AssessmentError, PathChangeError, PlafondError};

pub const ABOUT: &str = "Colloquio di orientamento, Assessment GOL e Patto di Servizio \
                         per i Centri per l'Impiego";
pub const HELP_DATA: &str = "Cartella con i file di dati che sostituiscono quelli predefiniti \
                             (strumento.toml, azioni.toml, ...)";
pub const HELP_ASSESS: &str = "Calcola i punteggi di un file di risposte (TOML, o JSON se il nome \
                               finisce in .json) e stampa l'esito in JSON";
pub const HELP_ASSESS_FILE: &str = "File delle risposte";

pub const ERROR_PREFIX: &str = "errore";

/// A command line clap refused, said in Italian: what is wrong, the usage, where the help is.
/// Kinds without a text of ours keep clap's.
pub const CLI_HELP_HINT: &str = "L'aiuto: orienta --help (o orienta COMANDO --help)";

pub fn cli_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind as K, ContextValue as V, ErrorKind as E};
    let text = |kind| match e.get(kind) {
        Some(V::String(s)) => s.clone(),
        Some(V::Strings(v)) => v.join(", "),
        Some(V::StyledStr(s)) => s.to_string(),
        Some(V::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let (arg, value, valid) = (
        text(K::InvalidArg),
        text(K::InvalidValue),
        text(K::ValidValue),
    );
    let what = match e.kind() {
        E::InvalidValue | E::ValueValidation if !valid.is_empty() => {
            format!("«{value}» non va bene per {arg}: i valori ammessi sono {valid}")
        }
        E::InvalidValue | E::ValueValidation => format!("«{value}» non va bene per {arg}"),
        E::UnknownArgument => format!("«{arg}» non è un'opzione di questo comando"),
        E::InvalidSubcommand => format!(
            "«{}» non è un comando di orienta",
            text(K::InvalidSubcommand)
        ),
        E::MissingRequiredArgument => format!("manca {arg}"),
        E::MissingSubcommand => "manca il comando".to_string(),
        E::ArgumentConflict => {
            format!("{arg} non si usa insieme a {}", text(K::PriorArg))
        }
        E::TooManyValues => {
            format!("{arg} è dato più di una volta")
        }
        E::WrongNumberOfValues | E::TooFewValues | E::NoEquals => {
            format!("{arg} non ha il numero di valori che vuole")
        }
        _ => return e.render().to_string(),
    };
    let usage = text(K::Usage);
    let usage = usage.trim().replacen("Usage:", "Uso:", 1);
    let usage = if usage.is_empty() {
        String::new()
    } else {
        format!("{usage}\n\n")
    };
    format!("{ERROR_PREFIX}: {what}\n\n{usage}{CLI_HELP_HINT}\n")
}

pub const HELP_HELP: &str = "Mostra questo aiuto";
pub const HELP_VERSION: &str = "Mostra la versione";
pub const HEADING_COMMANDS: &str = "Comandi";
pub const HEADING_OPTIONS: &str = "Opzioni";
pub const HEADING_ARGUMENTS: &str = "Argomenti";
pub const USAGE: &str = "orienta [OPZIONI] [COMANDO]";
pub const USAGE_ASSESS: &str = "orienta assess [OPZIONI] <FILE>";
pub const HELP_TEMPLATE: &str = "{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";

/// A stored timestamp (`AAAA-MM-GGTHH:MM:SS+zz:zz`) as the operator reads it: `GG/MM/AAAA HH:MM`.
pub fn datetime_text(stamp: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => t.format("%d/%m/%Y %H:%M").to_string(),
        Err(_) => stamp.to_string(),
    }
}

/// `text` with the characters a terminal would act on rather than show (C0 controls except line
/// feed and tab, DEL, C1) written as `\u001b`-style escapes: a message can quote any value, and
/// the value cannot move the cursor, retitle the window or set the clipboard.
pub fn printable(text: &str) -> String {
    escape_controls(text, |c| c == '\n' || c == '\t')
}

/// As [`printable`], for a message that must stay one line: line feeds and tabs are escaped too,
/// so a quoted value cannot forge the next line of a report.
pub fn printable_line(text: &str) -> String {
    escape_controls(text, |_| false)
}

fn escape_controls(text: &str, keep: impl Fn(char) -> bool) -> String {
    use fmt::Write;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // `is_control`: C0, DEL and C1, the Unicode category Cc.
        if c.is_control() && !keep(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn cannot_read(path: &str, error: &std::io::Error) -> String {
    format!("impossibile leggere {path}: {}", io_reason(error))
}

pub fn cannot_create(path: &str, error: &std::io::Error) -> String {
    let reason = if error.kind() == std::io::ErrorKind::NotFound {
        "la cartella non esiste".to_string()
    } else {
        io_reason(error)
    };
    format!("impossibile creare {path}: {reason}")
}

/// The reason of an I/O error in Italian, for the kinds an operator meets.
pub fn io_reason(error: &std::io::Error) -> String {
    match io_kind_reason(error.kind(), error.raw_os_error()) {
        Some(reason) => reason,
        None => error.to_string(),
    }
}

/// An input/output failure in words, from its kind and system code; `None` when neither says
/// anything an operator can use.
pub fn io_kind_reason(kind: std::io::ErrorKind, code: Option<i32>) -> Option<String> {
    use std::io::ErrorKind;
    Some(match kind {
        ErrorKind::NotFound => "il file non esiste".into(),
        ErrorKind::PermissionDenied => "permesso negato".into(),
        ErrorKind::IsADirectory => "è una cartella, non un file".into(),
        ErrorKind::InvalidData => "il contenuto non è testo UTF-8".into(),
        ErrorKind::NotADirectory => "una parte del percorso non è una cartella".into(),
        ErrorKind::AlreadyExists => "il file esiste già".into(),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "il disco è pieno (o è finito lo spazio concesso all'utente)".into()
        }
        ErrorKind::FileTooLarge => "il file supera la dimensione massima consentita".into(),
        ErrorKind::ReadOnlyFilesystem => "il disco è in sola lettura".into(),
        _ => format!("errore del sistema (codice {})", code?),
    })
}

/// Puts the parser messages an operator is most likely to meet into Italian; others stay as the
/// parser wrote them.
pub fn parser_message(message: &str) -> String {
    let quoted = |rest: &str| rest.split('`').nth(1).map(str::to_string);
    if let Some(rest) = message.strip_prefix("unknown field ")
        && let Some(field) = quoted(rest)
    {
        let allowed: Vec<&str> = rest.split('`').skip(3).step_by(2).collect();
        return format!(
            "campo «{field}» sconosciuto; ammessi: {}",
            allowed.join(", ")
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ")
        && let Some(field) = quoted(rest)
    {
        return format!("manca il campo «{field}»");
    }
    if message.starts_with("invalid type") {
        return format!("tipo di valore sbagliato ({message})");
    }
    for (english, italian) in [
        ("unclosed table", "tabella non chiusa: manca la parentesi ]"),
        ("unclosed array", "elenco non chiuso: manca la parentesi ]"),
        ("duplicate key", "la stessa chiave compare due volte"),
        (
            "invalid string",
            "testo non valido: controlla le virgolette",
        ),
        (
            "invalid basic string",
            "testo non valido: controlla le virgolette",
        ),
        ("expected `=`", "manca il segno = dopo la chiave"),
        ("invalid key", "chiave non valida"),
        ("invalid table header", "intestazione di tabella non valida"),
    ] {
        if message.starts_with(english) {
            return format!("{italian} ({message})");
        }
    }
    format!("sintassi non valida ({message})")
}

pub fn cannot_write_output(reason: &str) -> String {
    format!("impossibile scrivere l'esito: {reason}")
}

impl fmt::Display for CfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CfError::Empty => write!(f, "il codice fiscale è vuoto: scrivi i 16 caratteri"),
            CfError::Length { found } => write!(
                f,
                "il codice fiscale deve avere 16 caratteri, ne ha {found}: controlla di non \
                 averne saltato o aggiunto uno"
            ),
            CfError::Character {
                position,
                found,
                expected,
            } => {
                let what = match expected {
                    Expected::Letter => "una lettera",
                    Expected::DigitOrOmocodia => {
                        "una cifra (o una lettera di omocodia L M N P Q R S T U V)"
                    }
                    Expected::MonthLetter => "la lettera del mese (A B C D E H L M P R S T)",
                };
                write!(
                    f,
                    "carattere «{found}» non valido in posizione {position} del codice fiscale: \
                     lì va {what}"
                )
            }
            CfError::Day { value } => write!(
                f,
                "giorno di nascita {value:02} non valido (posizioni 10-11): per gli uomini va \
                 da 01 a 31, per le donne da 41 a 71"
            ),
            CfError::Date { day, month } => write!(
                f,
                "la data di nascita del codice fiscale non esiste: giorno {day} del mese {month}"
            ),
            CfError::CheckCharacter { expected, found } => write!(
                f,
                "carattere di controllo errato: l'ultimo carattere dovrebbe essere {expected}, \
                 è {found}; ricontrolla il codice, probabilmente c'è un errore di battitura"
            ),
        }
    }
}

impl std::error::Error for CfError {}

// ---------------------------------------------------------------------------------------------
// Identificativi delle aziende: partita IVA e codice fiscale (domain::company).

/// The field as the messages name it, with its article.
fn company_field(field: CompanyIdField) -> &'static str {
    match field {
        CompanyIdField::PartitaIva => "della partita IVA",
        CompanyIdField::CodiceFiscale => "del codice fiscale dell'azienda",
    }
}

impl fmt::Display for CompanyIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CompanyIdField::{CodiceFiscale, PartitaIva};
        match self {
            CompanyIdError::Empty(PartitaIva) => {
                write!(f, "la partita IVA è vuota: scrivi le 11 cifre")
            }
            CompanyIdError::Empty(CodiceFiscale) => write!(
                f,
                "il codice fiscale dell'azienda è vuoto: scrivi le 11 cifre, o i 16 caratteri del \
                 codice del titolare per una ditta individuale"
            ),
            CompanyIdError::Length {
                field: PartitaIva,
                found,
            } => {
                write!(
                    f,
                    "la partita IVA deve avere 11 cifre, ne ha {found}: controlla di non averne \
                     saltata o aggiunta una"
                )?;
                if *found == crate::domain::codice_fiscale::LENGTH {
                    write!(
                        f,
                        "; un codice di 16 caratteri è il codice fiscale di una persona: va nel \
                         campo del codice fiscale"
                    )?;
                }
                Ok(())
            }
            CompanyIdError::Length {
                field: CodiceFiscale,
                found,
            } => write!(
                f,
                "il codice fiscale dell'azienda ha {found} caratteri: deve averne 11 (solo cifre, \
                 come la partita IVA) oppure 16 (il codice del titolare, per una ditta \
                 individuale)"
            ),
            CompanyIdError::NotDigit {
                field,
                position,
                found,
            } => write!(
                f,
                "carattere «{}» non valido in posizione {position} {}: un codice di 11 \
                 caratteri è fatto solo di cifre",
                printable_line(&found.to_string()),
                company_field(*field)
            ),
            CompanyIdError::ZeroSerial(field) => write!(
                f,
                "le prime 7 cifre {} non possono essere tutte zero: ricontrolla il numero sul \
                 documento dell'azienda",
                company_field(*field)
            ),
            CompanyIdError::OfficeCode { field, found } => write!(
                f,
                "le cifre 8-10 {} ({found}) non indicano un ufficio dell'Agenzia delle Entrate: \
                 vanno da 001 a 100, oppure 120, 121, 888 o 999; probabilmente c'è una cifra \
                 sbagliata, ricontrolla il numero sul documento dell'azienda",
                company_field(*field)
            ),
            CompanyIdError::CheckDigit {
                field,
                expected,
                found,
            } => write!(
                f,
                "cifra di controllo errata: l'ultima cifra {} dovrebbe essere {expected}, è \
                 {found}; di solito è sbagliata un'altra cifra o due sono scambiate: ricontrolla \
                 tutto il numero sul documento dell'azienda, non cambiare solo l'ultima",
                company_field(*field)
            ),
            CompanyIdError::Personal(error) => {
                write!(
                    f,
                    "codice fiscale del titolare della ditta individuale: {error}"
                )
            }
        }
    }
}

impl std::error::Error for CompanyIdError {}

// ---------------------------------------------------------------------------------------------
// Competenze e skill gap analysis (domain::competences).

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Basic => "base",
            Level::Intermediate => "intermedio",
            Level::Advanced => "avanzato",
            Level::Expert => "esperto",
        })
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Evidence::Certified => "certificata (titolo, qualifica, certificato, patente)",
            Evidence::Documented => "documentata (attestato di frequenza, contratto, lettera)",
            Evidence::Declared => "dichiarata (racconto della persona, senza documenti)",
        })
    }
}

impl fmt::Display for GapStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GapStatus::Missing => "da acquisire",
            GapStatus::BelowLevel => "da aggiornare",
            GapStatus::Met => "posseduta",
        })
    }
}

impl fmt::Display for SuggestionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SuggestionReason::Training => "formazione",
            SuggestionReason::Certification => "certificazione delle competenze",
        })
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::NoProfile => write!(
                f,
                "indica il profilo obiettivo: un codice CP2021 o il nome della professione"
            ),
            ProfileError::BadCp2021(code) => write!(
                f,
                "codice CP2021 «{}» non valido: cifre separate da punti, per esempio 5.1.2.2.0",
                printable_line(code)
            ),
            ProfileError::NoRequirements => write!(
                f,
                "il profilo obiettivo non ha competenze richieste: aggiungine almeno una"
            ),
            ProfileError::BlankCompetence => {
                write!(
                    f,
                    "una competenza richiesta non ha nome: scrivilo o toglila"
                )
            }
            ProfileError::DuplicateRequirement(name) => write!(
                f,
                "la competenza «{}» è richiesta due volte: tienila una volta sola, con il \
                 livello più alto",
                printable_line(name)
            ),
        }
    }
}

impl std::error::Error for ProfileError {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotADirectory => write!(f, "non è una cartella leggibile"),
            Problem::Unreadable { kind, code } => write!(
                f,
                "file illeggibile ({})",
                io_kind_reason(*kind, *code).unwrap_or_else(|| "errore di lettura".into())
            ),
            Problem::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "riga {line}, colonna {column}: {}",
                parser_message(message)
            ),
            Problem::EmptyList(what) => write!(f, "l'elenco «{what}» è vuoto o manca"),
            Problem::Blank(field) => write!(f, "il campo «{field}» è vuoto"),
            Problem::BadId(id) => write!(
                f,
                "identificativo «{id}» non valido: usa lettere e cifre senza spazi"
            ),
            Problem::Duplicate(id) => write!(f, "l'identificativo «{id}» compare più di una volta"),
            Problem::TooFewOptions(n) => {
                write!(f, "servono almeno 2 opzioni di risposta, ce ne sono {n}")
            }
            Problem::ScaleAndOptions => write!(f, "indica «scala» oppure «opzioni», non entrambe"),
            Problem::NoScaleNorOptions => {
                write!(f, "manca la scala: indica «scala» oppure «opzioni»")
            }
            Problem::UnknownScale(name) => write!(f, "la scala «{name}» non è definita in [scale]"),
            Problem::ThresholdOutOfRange { threshold, max } => write!(
                f,
                "la soglia {threshold} è fuori dall'intervallo ammesso, da 1 al massimo {max}"
            ),
            Problem::UnknownSection(id) => write!(f, "la sezione «{id}» non esiste"),
            Problem::GateNotEarlier(id) => write!(
                f,
                "«attiva_se» deve nominare una sezione che viene prima; «{id}» viene dopo"
            ),
            Problem::GateWithoutThreshold(id) => write!(
                f,
                "«attiva_se» nomina la sezione «{id}», che non ha una soglia"
            ),
            Problem::UnknownTarget(id) => {
                write!(f, "l'obiettivo «{id}» non esiste o non ha una soglia")
            }
            Problem::UnknownPath(id) => write!(f, "il percorso {id} non è fra i percorsi definiti"),
            Problem::UnknownGroup(id) => write!(f, "il gruppo «{id}» non è fra i gruppi definiti"),
            Problem::UnknownAtSigning(v) => write!(
                f,
                "alla_firma = «{v}»: i valori ammessi sono colloquio, informativa, assessment"
            ),
            Problem::ZeroLimit(field) => write!(f, "«{field}» deve essere maggiore di zero"),
            Problem::EqfOutOfRange(eqf) => {
                write!(f, "livello EQF {eqf} non valido: va da 0 a 8")
            }
            Problem::FieldCount { found, expected } => {
                write!(f, "{found} campi separati da «;», ne servono {expected}")
            }
            Problem::BadDate(text) => {
                write!(f, "data «{text}» non valida: si scrive AAAA-MM-GG")
            }
            Problem::BadHeader(text) => write!(
                f,
                "intestazione «{text}» non valida: deve essere «codice;nome;provincia;dal;al»"
            ),
            Problem::NoAssignablePath => write!(
                f,
                "nessun percorso si può scegliere con il cambio di percorso: almeno uno deve \
                 avere assegnabile_con_cambio = true"
            ),
            Problem::UnknownAction(code) => write!(
                f,
                "il codice «{code}» non è nel catalogo delle azioni (azioni.toml)"
            ),
            Problem::UnknownKind(id) => {
                write!(f, "il tipo «{id}» non è fra i tipi definiti in [[tipi]]")
            }
            Problem::UnknownCompetence(id) => write!(
                f,
                "la competenza «{id}» non è fra quelle definite in [[competenze]]"
            ),
            Problem::LevelOutOfRange(level) => write!(
                f,
                "livello {level} non valido: va da 1 (base) a 4 (esperto)"
            ),
            Problem::BadCp2021(code) => write!(
                f,
                "codice CP2021 «{code}» non valido: cifre separate da punti, per esempio 5.1.2.2.0"
            ),
            Problem::DuplicateName(name) => write!(
                f,
                "il nome «{name}» compare più di una volta (maiuscole, accenti, spazi e \
                 punteggiatura non contano)"
            ),
            Problem::UnknownDuration(value) => write!(
                f,
                "durata = «{value}» non valida: i valori ammessi sono obbligatoria (contratto a \
                 termine), facoltativa, assente (tempo indeterminato)"
            ),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dati non validi in {}", self.file)?;
        if !self.entry.is_empty() {
            write!(f, ", {}", self.entry)?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for DataError {}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::UnknownArea(id) => write!(f, "l'area «{id}» non esiste nello strumento"),
            AnswerError::OptionOutOfRange {
                area,
                option,
                options,
            } => write!(
                f,
                "l'area {area} ha {options} opzioni, numerate da 0 a {}: {option} non è fra queste",
                options.saturating_sub(1)
            ),
        }
    }
}

impl fmt::Display for PlafondError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlafondError::UnknownTarget(id) => write!(
                f,
                "plafond: «{id}» non è un obiettivo con soglia (usa per esempio A, B, C o CD)"
            ),
            PlafondError::ZeroPoints => write!(
                f,
                "plafond: i punti non possono essere 0; per non rettificare togli il plafond"
            ),
            PlafondError::PointsOutOfRange { points, max } => write!(
                f,
                "plafond: {points} punti fuori dai limiti, si può rettificare da -{max} a +{max}"
            ),
            PlafondError::OutOfBounds {
                target,
                adjusted,
                max,
            } => write!(
                f,
                "plafond: il punteggio rettificato di {target} sarebbe {adjusted}, fuori \
                 dall'intervallo da 0 a {max}"
            ),
            PlafondError::MissingNote => write!(
                f,
                "plafond: manca la nota che spiega la rettifica (plafond.nota), è obbligatoria"
            ),
        }
    }
}

impl fmt::Display for PathChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathChangeError::Incomplete { missing } => write!(
                f,
                "cambio di percorso non ammesso: l'assessment non è completo, mancano {}",
                missing.join(", ")
            ),
            PathChangeError::UnknownPath(id) => {
                write!(f, "cambio di percorso: il percorso {id} non esiste")
            }
            PathChangeError::IneligibleCategory { category, eligible } => write!(
                f,
                "cambio di percorso non ammesso: la categoria «{category}» non dà diritto al \
                 cambio (ammesse: {})",
                eligible.join(", ")
            ),
            PathChangeError::MissingNote => write!(
                f,
                "cambio di percorso: manca la nota con le motivazioni (cambio_percorso.nota), è \
                 obbligatoria"
            ),
            PathChangeError::SameAsProposed(id) => write!(
                f,
                "cambio di percorso: il percorso {id} è già quello proposto; togli il cambio \
                 o scegli un altro percorso"
            ),
            PathChangeError::NotAssignable(id) => write!(
                f,
                "cambio di percorso non ammesso: il percorso {id} non si assegna con il cambio \
                 di percorso (la ricollocazione collettiva ha un suo canale)"
            ),
            PathChangeError::NotAgreed => write!(
                f,
                "cambio di percorso: manca l'accordo della persona (cambio_percorso.concordato \
                 = true); senza accordo il percorso non si cambia"
            ),
        }
    }
}

impl fmt::Display for AssessmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssessmentError::Plafond(e) => e.fmt(f),
            AssessmentError::PathChange(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Syntax {
                format,
                line,
                column,
                message,
            } => {
                let name = match format {
                    Format::Toml => "TOML",
                    Format::Json => "JSON",
                };
                write!(
                    f,
                    "il file non è {name} valido (riga {line}, colonna {column}): {}",
                    parser_message(message)
                )
            }
            InputError::UnknownKey(key) => write!(
                f,
                "chiave «{key}» sconosciuta; quelle ammesse sono risposte, plafond \
                 (sezione, punti, nota) e cambio_percorso (percorso, categoria, nota, \
                 concordato)"
            ),
            InputError::MissingKey(key) => write!(f, "manca la chiave «{key}»"),
            InputError::WrongType { key, expected } => {
                let what = match expected {
                    Kind::Table => "una tabella",
                    Kind::Integer => "un numero intero",
                    Kind::Text => "un testo fra virgolette",
                    Kind::Bool => "true oppure false",
                };
                write!(f, "«{key}» deve essere {what}")
            }
            InputError::NegativeOption { key, value } => write!(
                f,
                "«{key}» = {value}: le opzioni si contano da 0, un numero negativo non è ammesso"
            ),
            InputError::Answer { key, error, known } => match error {
                AnswerError::UnknownArea(_) => {
                    write!(f, "«{key}»: {error}; le aree sono {}", known.join(" "))
                }
                AnswerError::OptionOutOfRange { .. } => write!(f, "«{key}»: {error}"),
            },
            InputError::SeveralPlafonds(n) => write!(
                f,
                "plafond: se ne può usare uno solo per assessment, il file ne indica {n}"
            ),
            InputError::Assessment(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for InputError {}

impl fmt::Display for crate::store::Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::store::Entity as E;
        f.write_str(match self {
            E::Citizen => "il cittadino",
            E::Interview => "il colloquio",
            E::Propensity => "la propensione",
            E::Cv => "il CV",
            E::Action => "l'azione",
            E::Pact => "il patto",
            E::Experience => "l'esperienza",
            E::Competence => "la competenza",
            E::SkillGap => "il bilancio di competenze",
            E::Accompaniment => "l'accompagnamento",
            E::AccompanimentEvent => "l'evento dell'accompagnamento",
            E::Counselling => "la sessione di consulenza",
            E::GroupSession => "l'incontro di gruppo",
            E::Participant => "il partecipante",
        })
    }
}

const GROUP_SHARED_HINT: &str = "se il database è condiviso dagli operatori di un gruppo Unix, \
     avvia orienta con --group-shared";

impl fmt::Display for crate::store::StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::store::StoreError as E;
        match self {
            E::Io { path, error } => write!(
                f,
                "impossibile usare {}: {}",
                path.display(),
                io_reason(error)
            ),
            E::NotOrienta(path) => write!(
                f,
                "{} non è un database di orienta: indica un altro file con --db (questo non è \
                 stato modificato)",
                path.display()
            ),
            E::NotSqlite(path) => write!(
                f,
                "{} non è un database SQLite, forse è un altro tipo di file: indica il database \
                 di orienta con --db (questo non è stato modificato)",
                path.display()
            ),
            E::InvalidSchema { found } => write!(
                f,
                "il database ha una versione dello schema non valida ({found}): è stato \
                 modificato a mano o da un altro programma; non è stato toccato, fallo \
                 controllare all'assistenza"
            ),
            E::NewerSchema { found, supported } => write!(
                f,
                "il database è di una versione di orienta più recente (schema {found}, questa \
                 versione arriva allo schema {supported}): aggiorna orienta prima di usarlo"
            ),
            E::JournalMode(mode) => write!(
                f,
                "il database non può usare la modalità WAL (resta in modalità {mode}): forse è \
                 su un disco di rete che non la permette; mettilo su un disco locale del server"
            ),
            E::Migration { version, reason } => write!(
                f,
                "aggiornamento del database allo schema {version} non riuscito: {reason}; il \
                 database è rimasto com'era"
            ),
            E::MigrationBackup { path, reason } => write!(
                f,
                "copia di sicurezza prima dell'aggiornamento non riuscita ({}): {reason}; il \
                 database non è stato aggiornato né modificato",
                path.display()
            ),
            E::BackupExists(path) => write!(
                f,
                "{} esiste già: la copia non sovrascrive un file, scegli un altro nome",
                path.display()
            ),
            E::Backup { path, reason } => write!(
                f,
                "copia non riuscita in {}: {reason}; il file incompleto è stato tolto",
                path.display()
            ),
            E::OpenToOthers { files, bits } => {
                write!(
                    f,
                    "il database è leggibile o scrivibile da altri utenti e non puoi cambiarne i \
                     permessi: chiedi al proprietario del file di eseguire\n  {}",
                    crate::store::chmod_command(*bits, files)
                )?;
                if bits & 0o070 != 0 {
                    write!(f, "\n{GROUP_SHARED_HINT}")?;
                }
                Ok(())
            }
            E::Busy => write!(
                f,
                "il database è occupato da un altro operatore da troppo tempo: riprova fra \
                 qualche secondo, quanto hai scritto non è perso"
            ),
            E::Constraint { kind, target } => {
                use crate::store::ConstraintKind as K;
                let what = match kind {
                    K::Unique => "valore già presente",
                    K::Check => "valore non ammesso",
                    K::NotNull => "valore mancante",
                    K::ForeignKey => "riferimento a un record che non esiste",
                    K::Other => "dato non ammesso",
                };
                write!(f, "il database ha rifiutato il salvataggio: {what}")?;
                if !target.is_empty() && *kind != K::ForeignKey {
                    write!(f, " ({target})")?;
                }
                write!(f, "; controlla il dato e riprova")
            }
            E::DiskFull => write!(
                f,
                "il disco del database è pieno: libera spazio (o avvisa chi gestisce il \
                 server) e riprova"
            ),
            E::ReadOnly => write!(
                f,
                "il database è in sola lettura per te: controlla i permessi del file e della \
                 sua cartella, o che il disco non sia in sola lettura"
            ),
            E::Damaged => write!(
                f,
                "il file del database è danneggiato: smetti di usarlo, avvisa l'assistenza e \
                 ripristina l'ultima copia (orienta backup)"
            ),
            E::DiskIo => write!(
                f,
                "errore di scrittura o lettura sul disco (pieno, guasto, rete interrotta o \
                 limite di spazio): controlla e riprova"
            ),
            E::CannotOpen => write!(
                f,
                "impossibile aprire il file del database: controlla che il percorso esista e \
                 i permessi della cartella"
            ),
            E::Sqlite(e) => write!(f, "errore del database: {}", sqlite_reason(e)),
            E::NotFound { entity, id } => write!(f, "{entity} {id} non esiste"),
            E::Conflict { entity, id } => write!(
                f,
                "un altro operatore ha modificato {entity} {id} nel frattempo: le tue modifiche \
                 non sono state salvate ma restano a schermo; ricarica e riapplicale"
            ),
            E::InterviewClosed(id) => write!(
                f,
                "il colloquio {id} non è più una bozza (è stato chiuso con la firma del patto, \
                 o scartato): per cambiare il patto apri un nuovo colloquio"
            ),
            E::NotSigned(id) => write!(
                f,
                "il colloquio {id} non è firmato: le sue azioni si cambiano nel colloquio, non \
                 dall'aggiornamento del piano"
            ),
            E::DraftExists { operator, since } => write!(
                f,
                "la persona ha già un colloquio in bozza, aperto da {operator} il {}: \
                 riprendilo dalla scheda, oppure scartalo se è stato aperto per errore",
                datetime_text(since)
            ),
            E::Stale(entity) => write!(
                f,
                "nel frattempo un altro operatore ha modificato {entity}: il patto non è stato \
                 firmato; i dati sono stati ricaricati, controllali e firma di nuovo"
            ),
            E::Incomplete(missing) => {
                write!(f, "il patto non si può firmare: ")?;
                let items: Vec<String> = missing.iter().map(describe_missing).collect();
                write!(f, "{}", items.join("; "))
            }
            E::Answer(e) => e.fmt(f),
            E::DuplicateCodiceFiscale(cf) => {
                write!(f, "esiste già un cittadino con codice fiscale {cf}")
            }
            E::PropensityLimit => write!(
                f,
                "la persona ha già 3 propensioni, il massimo: modificane o eliminane una"
            ),
            E::MissingDidDate => write!(
                f,
                "il colloquio DID 150 non si apre: manca la data della DID della persona; \
                 registrala prima nell'anagrafica"
            ),
            E::PlanReplaced => write!(
                f,
                "questa azione è di un piano che una versione più recente del patto ha \
                 sostituito (firmata nel frattempo): riapri la scheda con Esc e aggiorna \
                 l'azione nel piano in corso"
            ),
            E::NoSignedPact => write!(
                f,
                "la persona non ha ancora un patto firmato: le attività dopo il patto si \
                 registrano sulle azioni del piano; firma prima il patto dal colloquio"
            ),
            E::Group(refusal) => f.write_str(groups::refusal(*refusal)),
            E::AppendOnly => write!(
                f,
                "il registro delle modifiche e i patti firmati non si possono modificare né \
                 cancellare"
            ),
            E::AlreadyAccepted { pact, at } => write!(
                f,
                "l'accettazione del patto {pact} è già registrata (il {}): non si registra due \
                 volte; per un patto cambiato firma una nuova versione",
                datetime_text(at)
            ),
            E::Invalid(field) => write!(
                f,
                "campo «{field}» mancante o non valido: correggilo e salva di nuovo"
            ),
            E::Profile(e) => e.fmt(f),
            E::AnalysisClosed(id) => write!(
                f,
                "il bilancio di competenze {id} è concluso e non si modifica più: per un nuovo \
                 confronto apri un nuovo bilancio"
            ),
            E::Corrupt { column, value } => write!(
                f,
                "valore «{value}» non leggibile nella colonna {column} del database: è stato \
                 scritto da un'altra versione di orienta o a mano"
            ),
        }
    }
}

impl std::error::Error for crate::store::StoreError {}

impl fmt::Display for crate::store::Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::store::Notice as N;
        match self {
            N::PermissionsTightened(changes) => {
                write!(
                    f,
                    "attenzione: il database era leggibile o scrivibile da altri utenti; \
                     permessi ristretti:"
                )?;
                for change in changes {
                    write!(
                        f,
                        "\n  {} da {:04o} a {:04o}",
                        change.path.display(),
                        change.from,
                        change.to
                    )?;
                }
                if changes.iter().any(|c| (c.from & !c.to) & 0o070 != 0) {
                    write!(
                        f,
                        "\n{GROUP_SHARED_HINT}; per ridare l'accesso al gruppo: chmod g+rw sui \
                         file indicati"
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// What went wrong in SQLite, in Italian; the numeric code stays for the support staff.
fn sqlite_reason(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let rusqlite::Error::SqliteFailure(e, _) = error else {
        return "errore interno nella lettura o scrittura dei dati".into();
    };
    let what = match e.code {
        C::ConstraintViolation => "un vincolo di integrità dei dati non è rispettato",
        C::DiskFull => "il disco è pieno",
        C::ReadOnly => {
            "il database è in sola lettura: controlla i permessi del file e della sua cartella"
        }
        C::CannotOpen => "impossibile aprire il file del database",
        C::PermissionDenied => "permesso negato",
        C::SystemIoFailure => "errore di lettura o scrittura sul disco",
        C::DatabaseCorrupt | C::NotADatabase => "il file del database è danneggiato",
        C::FileLockingProtocolFailed => {
            "impossibile bloccare il file del database (è in una cartella di rete che non lo \
             permette?)"
        }
        C::OutOfMemory => "memoria esaurita",
        C::TooBig => "un valore è troppo grande",
        C::DatabaseBusy | C::DatabaseLocked => "il database è occupato",
        _ => "errore interno",
    };
    format!("{what} (codice SQLite {})", e.extended_code)
}

impl fmt::Display for crate::import::FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::import::FileError as E;
        match self {
            E::Empty => write!(
                f,
                "il file è vuoto: serve almeno la riga di intestazione con i nomi delle colonne"
            ),
            E::MissingColumns(columns) => write!(
                f,
                "nell'intestazione mancano colonne obbligatorie: {} (servono {}; le altre sono \
                 facoltative)",
                columns.join(", "),
                crate::import::REQUIRED.join(", ")
            ),
            E::UnknownColumn(name) => write!(
                f,
                "colonna «{name}» sconosciuta nell'intestazione; le colonne sono {} \
                 (obbligatorie {})",
                crate::import::COLUMNS.join(";"),
                crate::import::REQUIRED.join(", ")
            ),
            E::DuplicateColumn(name) => {
                write!(f, "la colonna «{name}» compare due volte nell'intestazione")
            }
            E::UnclosedQuote { line } => write!(
                f,
                "riga {line}: virgolette aperte e mai chiuse; chiudile o toglile"
            ),
            E::NotUtf8 { line } => write!(
                f,
                "riga {line}: il testo non è UTF-8; salva il file come «CSV UTF-8»"
            ),
            E::Read(error) => write!(f, "lettura interrotta: {}", io_reason(error)),
        }
    }
}

impl fmt::Display for crate::import::RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::import::RowProblem as P;
        let sex = |s: &crate::domain::records::Sex| s.code();
        let date = |d: &chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
        match self {
            P::FieldCount { found, expected } => write!(
                f,
                "la riga ha {found} campi, l'intestazione {expected}: controlla i separatori"
            ),
            P::CodiceFiscale(e) => e.fmt(f),
            P::Blank(field) => write!(f, "il campo {field} è vuoto"),
            P::Sex(given) => write!(f, "sesso «{given}» non valido: scrivi M o F"),
            P::SexMismatch { given, from_code } => write!(
                f,
                "il sesso {} non corrisponde al codice fiscale, che indica {}",
                sex(given),
                sex(from_code)
            ),
            P::Date(given) => write!(
                f,
                "data di nascita «{given}» non valida: scrivila GG/MM/AAAA o AAAA-MM-GG"
            ),
            P::DateMismatch { given, from_code } => write!(
                f,
                "la data di nascita {} non corrisponde al codice fiscale, che indica {}",
                date(given),
                date(from_code)
            ),
            P::Citizenship(given) => write!(
                f,
                "cittadinanza «{given}» non riconosciuta: scrivi italiana, UE o extra UE"
            ),
            P::Phone(given) => write!(
                f,
                "telefono «{given}» non valido: servono almeno 6 cifre (ammessi spazi, + - / ( ))"
            ),
            P::Email(given) => write!(f, "indirizzo e-mail «{given}» non valido"),
            P::Repeated { first_line } => write!(
                f,
                "lo stesso codice fiscale compare già alla riga {first_line} del file"
            ),
            P::ControlCharacter(column) => write!(
                f,
                "la colonna {column} contiene un carattere di controllo (un a capo o una \
                 sequenza di terminale): correggi il valore nel file"
            ),
        }
    }
}

pub const HELP_DB: &str = "File del database (predefinito: ~/.local/share/orienta/orienta.db)";
pub const HELP_OPERATOR: &str = "Nome dell'operatore registrato nelle modifiche \
                                 (predefinito: l'utente di sistema)";
pub const HELP_CPI: &str = "Centro per l'Impiego scritto nei patti firmati (es. «CPI di Firenze»)";
pub const HELP_GROUP_SHARED: &str = "Crea il database con permessi 0660 invece di 0600, per \
                                     operatori che lo condividono tramite un gruppo Unix";
pub const HELP_IMPORT: &str = "Importa dati da file";
pub const HELP_IMPORT_CITIZENS: &str = "Importa cittadini da un CSV (separatore ; o ,)";
pub const HELP_IMPORT_FILE: &str = "File CSV con intestazione";
pub const HELP_SKIP_INVALID: &str = "Scrive le righe valide e segnala le altre, invece di non \
                                     scrivere nulla se una riga è sbagliata";
pub const HELP_EXPORT: &str = "Esporta dati";
pub const HELP_EXPORT_CITIZEN: &str = "Tutto ciò che è registrato su una persona, in JSON \
                                       (richiesta di accesso ai dati)";
pub const HELP_EXPORT_OUTPUT: &str = "Scrive in FILE (nuovo, leggibile solo dal proprietario) \
                                      invece che sull'output standard";
pub const HELP_CF: &str = "Codice fiscale";
pub const HELP_DEMO: &str = "Riempie il database di cittadini sintetici, per prove e misure";
pub const HELP_DEMO_CITIZENS: &str = "Quanti cittadini creare";
pub const HELP_DEMO_FORCE: &str = "Aggiunge i dati sintetici anche se il database contiene \
                                   persone reali";
pub const HELP_DEMO_SEED: &str = "Seme del generatore (stesso seme, stessi dati)";
pub const HELP_BACKUP: &str = "Copia coerente del database mentre altri lavorano";
pub const HELP_BACKUP_FILE: &str = "File di destinazione (non deve esistere)";
pub const UNKNOWN_OPERATOR: &str = "sconosciuto";

pub fn no_default_db() -> String {
    "non trovo la cartella home per il database: indica il file con --db o ORIENTA_DB".into()
}

pub fn import_rejected(line: usize, problem: &crate::import::RowProblem) -> String {
    format!("riga {line}: {problem}")
}

pub fn import_summary(
    imported: usize,
    updated: usize,
    unchanged: usize,
    rejected: usize,
) -> String {
    format!(
        "importati: {imported}, aggiornati: {updated}, invariati: {unchanged}, scartati: {rejected}"
    )
}

pub fn import_nothing_written(rejected: usize) -> String {
    let rows = if rejected == 1 {
        "1 riga non valida".to_string()
    } else {
        format!("{rejected} righe non valide")
    };
    format!(
        "{rows}: non è stato scritto nulla. Correggi le righe indicate o usa --skip-invalid per \
         importare solo quelle valide"
    )
}

const IMPORT_RERUN: &str = "rilancia lo stesso comando: chi è già stato scritto viene aggiornato, \
                            non duplicato";

pub fn import_interrupted(written: usize, reason: &str) -> String {
    format!("importazione interrotta dopo {written} cittadini scritti: {reason}; {IMPORT_RERUN}")
}

pub fn import_file_changed(written: usize) -> String {
    format!(
        "il file è cambiato durante l'importazione ({written} cittadini scritti): attendi che \
         sia completo, poi {IMPORT_RERUN}"
    )
}

pub fn unknown_citizen(cf: &str) -> String {
    format!("nessun cittadino con codice fiscale {cf} nel database")
}

pub fn export_exists(path: &str) -> String {
    format!("{path} esiste già: indica un file nuovo, non viene sovrascritto")
}

pub fn export_done(cf: &str, path: &str) -> String {
    format!("dati di {cf} scritti in {path}")
}

pub fn demo_refused() -> String {
    "il database contiene persone reali: i dati sintetici si mescolerebbero ai loro. Usa un \
     altro database (--db) o aggiungi --allow-real-data se è davvero ciò che vuoi"
        .into()
}

pub fn demo_progress(done: usize, total: usize) -> String {
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    format!("cittadini sintetici: {done}/{total} ({percent}%)")
}

pub fn demo_done(total: usize, seconds: f64) -> String {
    format!("creati {total} cittadini sintetici in {seconds:.1} s")
}

pub fn demo_skipped(skipped: usize) -> String {
    format!(
        "{skipped} codici fiscali erano già nel database (registrati mentre demo lavorava): \
         quelle persone non sono state toccate e al loro posto ne sono state create altre"
    )
}

pub fn backup_done(path: &str) -> String {
    format!("copia completata: {path}")
}

pub fn migrated(from: i64, to: usize, backup: &str) -> String {
    format!("database aggiornato dallo schema {from} al {to}; copia di sicurezza in {backup}")
}

// ---------------------------------------------------------------------------------------------
// Terminal interface.

pub const APP_TITLE: &str = "orienta";
pub const NOT_CHOSEN: &str = "— non indicato —";
pub const YES: &str = "sì";
pub const NO: &str = "no";
pub const NOT_SAID: &str = "—";
pub const TOO_SMALL: &str = "Finestra troppo piccola";

pub fn too_small(width: u16, height: u16) -> String {
    format!("servono almeno 80 colonne e 24 righe; ora sono {width}x{height}: allarga la finestra")
}

pub const HOME_TITLE: &str = "Cittadini";
pub const SEARCH_LABEL: &str = "Cerca (codice fiscale, nome o e-mail): ";
/// A place of birth as written in the registry: a comune with its province, a foreign state alone.
pub fn place_name(name: &str, province: &str) -> String {
    if province.is_empty() || province == "EE" {
        name.to_string()
    } else {
        format!("{name} ({province})")
    }
}

pub fn results_count(n: usize, more: bool) -> String {
    match (n, more) {
        (_, true) => format!("più di {n} risultati: aggiungi lettere per restringere"),
        (1, _) => "1 risultato".into(),
        (n, _) => format!("{n} risultati"),
    }
}

pub fn home_empty(new_key: &str) -> String {
    format!("Nessun cittadino trovato. {new_key} per registrarne uno nuovo.")
}
pub const HOME_HEADER: [&str; 6] = [
    "Codice fiscale",
    "Cognome e nome",
    "Ult. colloquio",
    "Perc.",
    "Stato",
    "CV",
];
pub const CV_OBSOLETE_FLAG: &str = "obsoleto";
pub const CV_VALID_FLAG: &str = "valido";

pub const CITIZEN_NEW_TITLE: &str = "Nuovo cittadino";
pub const CITIZEN_EDIT_TITLE: &str = "Anagrafica";
pub const F_CF: &str = "Codice fiscale";
pub const F_SURNAME: &str = "Cognome";
pub const F_NAME: &str = "Nome";
pub const F_SEX: &str = "Sesso";
pub const F_BIRTH_DATE: &str = "Data di nascita";
pub const F_BIRTH_PLACE: &str = "Luogo di nascita";
pub const F_CITIZENSHIP: &str = "Cittadinanza";
pub const F_PHONE: &str = "Telefono";
pub const F_EMAIL: &str = "E-mail";
pub const F_HOUSEHOLD: &str = "Nucleo familiare";
pub const F_EDUCATION: &str = "Titolo di studio";
pub const F_EMPLOYMENT: &str = "Condizione occupaz.";
pub const F_DID: &str = "Data DID";
pub const PACT_INSTRUMENT: &str = "Strumento";
pub const NO_DID: &str = "— non registrata";
pub const DID_PROMPT_TITLE: &str = "Data della DID";
pub const DID_PROMPT_TEXT: &str = "Il colloquio DID 150 richiede la data della DID: scrivila \
    (GG/MM/AAAA), Invio la salva e apre il colloquio.";
pub const DID_ASK: &str = "Manca la data della DID: scrivila per aprire il colloquio DID 150.";
pub const DID_IN_FUTURE: &str = "La data della DID non può essere nel futuro.";
pub fn did_too_early(earliest: &chrono::NaiveDate) -> String {
    format!(
        "La data della DID è prima dei 15 anni della persona: la prima possibile è il {}; \
         controlla l'anno.",
        earliest.format("%d/%m/%Y")
    )
}
pub fn did_date_problem(e: &crate::domain::validate::DidDateError) -> String {
    match e {
        crate::domain::validate::DidDateError::Future => DID_IN_FUTURE.to_string(),
        crate::domain::validate::DidDateError::TooEarly(d) => did_too_early(d),
    }
}
pub const DID_NOT_SAVED: &str = "Data della DID non salvata: il colloquio non è stato aperto.";
pub const F_SUPPORT: &str = "Sostegno al reddito";
pub const F_CLASS: &str = "Classe profil. quant.";
pub const F_CATEGORIES: &str = "Categorie speciali";
pub const SEX_OPTIONS: [&str; 2] = ["M", "F"];
pub const CITIZENSHIP_OPTIONS: [&str; 3] = ["italiana", "UE", "extra UE"];
pub const CLASS_OPTIONS: [&str; 3] = ["1", "2", "3"];
pub const REQUIRED: &str = "campo obbligatorio";
pub const BAD_DATE: &str =
    "data non valida: scrivila GG/MM/AAAA (per esempio 05/03/2024), con un giorno che esista";
pub const BAD_EMAIL: &str = "indirizzo e-mail non valido (esempio: nome@dominio.it)";
pub const BAD_PHONE: &str = "telefono non valido: almeno 6 cifre, ammessi spazi + - / ( )";
pub const FIX_FIELDS: &str = "Correggi i campi segnalati con ⚠, poi salva di nuovo.";
pub const CITIZEN_SAVED: &str = "Anagrafica salvata.";
pub const DISCARD_TITLE: &str = "Modifiche non salvate";
pub const DISCARD_TEXT: &str = "Uscendo, le modifiche all'anagrafica andranno perse.";
pub fn discard_sub_form(save_key: &str) -> String {
    format!("Uscendo, quanto scritto in questa scheda andrà perso ({save_key} la salva).")
}
pub const DISCARD_QUESTION: &str = "Uscire senza salvare?";

pub fn sex_mismatch(from_code: &str) -> String {
    format!("non corrisponde al codice fiscale, che indica {from_code}")
}

pub fn date_mismatch(from_code: &str) -> String {
    format!("non corrisponde al codice fiscale, che indica {from_code}")
}

pub const CARD_TITLE: &str = "Scheda del cittadino";
pub const CARD_INTERVIEWS: &str = "Colloqui";
pub const CARD_PACTS: &str = "Patti firmati";
pub const CARD_NO_INTERVIEWS: &str = "Nessun colloquio.";
pub const CARD_NO_PACTS: &str = "Nessun patto firmato.";
pub fn draft_exists(resume_key: &str) -> String {
    format!("C'è già un colloquio in bozza: riprendilo con {resume_key}.")
}
pub fn no_draft(new_key: &str) -> String {
    format!("Nessun colloquio in bozza da riprendere: {new_key} ne apre uno nuovo.")
}
pub const KIND_DID150: &str = "DID 150";
pub const KIND_OTHER: &str = "occupato/altro";
pub const STATUS_DRAFT: &str = "bozza";
pub const STATUS_CLOSED: &str = "chiuso";
pub const STATUS_DISCARDED: &str = "scartato";
pub const PACT_VIEW_TITLE: &str = "Patto firmato";
pub const PACT_PATH: &str = "Percorso";
pub const PACT_PROPOSED: &str = "proposto";
pub const PACT_SCORES: &str = "Punteggi (rettificato/soglia)";
pub const PACT_ACTIONS: &str = "Atti di ricerca attiva";
pub const PACT_AVAILABILITY: &str = "Disponibilità";
pub const PACT_WORKSHOPS: &str = "laboratori";
pub const PACT_TRAINING: &str = "formazione";
pub const PACT_OFFERS: &str = "offerte congrue";

pub fn pact_line(number: &str, version: i64, signed_at: &str, operator: &str) -> String {
    format!("{number} v{version}  firmato il {signed_at} da {operator}")
}

pub fn cv_status(filed: &str, obsolete: bool, until: &str) -> String {
    if obsolete {
        format!("CV depositato il {filed}: OBSOLETO (valeva fino al {until}), va aggiornato")
    } else {
        format!("CV depositato il {filed}, valido fino al {until}")
    }
}

pub const NO_CV: &str = "Nessun CV depositato.";

pub const PHASES: [&str; 3] = ["Informativa", "Analisi", "Patto"];
pub const PAGES_INFO: [&str; 1] = ["Argomenti e aspettative"];
pub const PAGES_ANALYSIS: [&str; 5] = [
    "Questionario",
    "Check-list",
    "Plafond e note",
    "Propensioni",
    "CV",
];
pub const PAGES_PACT: [&str; 3] = ["Percorso", "Piano d'azione", "Patto"];
pub const F_EXPECTATIONS: &str = "Aspettative e motivazioni";
pub const INTERVIEW_CLOSED_READONLY: &str = "Colloquio chiuso: si può solo consultare.";

pub fn missing_count(n: usize) -> String {
    if n == 0 {
        "completa".into()
    } else {
        format!("mancano {n}")
    }
}

pub const NO_ASSESSMENT: &str = "L'assessment standardizzato si fa solo a chi ha rilasciato la DID \
    (colloquio 150). Questo colloquio è di tipo occupato/altro: si danno informazioni e \
    orientamento, senza questionario.";
pub const D_LOCKED: &str = "Sezione D chiusa: si apre quando C (rettificato) arriva alla soglia";
pub fn questionnaire_help(note_key: &str, clear_key: &str) -> String {
    format!("cifra: risponde · {note_key}: nota · {clear_key}: togli")
}
pub const NOTE_TITLE: &str = "Nota sull'area";
pub const NOTE_HELP: &str = "Invio o Tab salva e chiude";

pub const F_NOTE: &str = "Nota";

pub const F_PLAFOND_TARGET: &str = "Plafond su";
pub const F_PLAFOND_POINTS: &str = "Punti";
pub const F_PLAFOND_NOTE: &str = "Motivazione plafond";
pub const F_FINAL_NOTE: &str = "Note finali";
pub const F_SOCIAL: &str = "Rete servizi sociali";
pub const F_FRAGILITY: &str = "Nota sulla fragilità";
pub const PLAFOND_POINTS: [&str; 6] = ["-3", "-2", "-1", "+1", "+2", "+3"];
pub const PLAFOND_APPLIED: &str = "Plafond applicato: incide sul percorso.";
pub fn plafond_applied_far(distance: u32) -> String {
    format!(
        "Plafond applicato: il punteggio grezzo dista più di {distance} punti dalla soglia, \
         cambia l'esito dell'assessment ma non il percorso."
    )
}
pub const PLAFOND_REMOVED: &str = "Plafond tolto.";
pub const PLAFOND_INCOMPLETE: &str =
    "Plafond non ancora applicato: indica obiettivo, punti e motivazione.";

pub fn propensities_empty(add_key: &str) -> String {
    format!("Nessuna propensione. Tasto {add_key}: aggiungine una (al massimo 3).")
}
pub const PROPENSITY_TITLE: &str = "Propensione";
pub const F_CP2021: &str = "Codice CP2021";
pub const F_PROFILE_TITLE: &str = "Professione";
pub const F_FROM_WORK: &str = "Da lavoro";
pub const F_FROM_EDUCATION: &str = "Da istruzione";
pub const F_FROM_TRAINING: &str = "Da formazione";
pub const F_FROM_APTITUDE: &str = "Da attitudini";
pub const F_INTERVIEW_DATE: &str = "Data intervista";
pub const F_SEP: &str = "SEP";
pub const F_SKILLS: &str = "Competenze";
pub const F_YEARS: &str = "Anni di esperienza";
pub const F_LAST_YEAR: &str = "Anno ultimo lavoro";
pub const F_AVAILABILITY: &str = "Disponibilità";
pub const F_LICENCES: &str = "Patenti, abilitaz.";
pub const F_NOTES: &str = "Note";
pub const BAD_NUMBER: &str = "scrivi un numero intero";
pub const PROPENSITY_SAVED: &str = "Propensione salvata.";
pub const PROPENSITY_REMOVE: &str = "Eliminare la propensione selezionata?";
pub const MAX_PROPENSITIES_REACHED: &str =
    "Ci sono già 3 propensioni, il massimo: modificane o eliminane una.";

pub const F_CONSENT: &str = "Consenso all'invio";
pub const F_PROVINCES: &str = "Province";
pub const F_PDF: &str = "File PDF del CV";
pub fn cv_file_hint(save_key: &str) -> String {
    format!("{save_key} deposita il CV con i dati qui sotto.")
}
pub const CV_FILED: &str = "CV depositato.";
pub const CV_CHANGED_CONSENT: &str = "consenso";
pub const CV_CHANGED_PROVINCES: &str = "province";

pub fn cv_changed_file(path: &str) -> String {
    format!("file {path}")
}

/// The same file filed again: what its record now says differently.
pub fn cv_updated(changes: &[String]) -> String {
    if changes.is_empty() {
        "CV già depositato con questo file: aggiornato.".to_string()
    } else {
        format!(
            "CV già depositato con questo file: aggiornati {}.",
            changes.join(", ")
        )
    }
}
pub const CV_UNCHANGED: &str = "CV già depositato con questo file: nulla da cambiare.";

pub const PROPOSED_PATH: &str = "Percorso proposto";

/// Under the proposed percorso, the one a recorded change of percorso leads to.
pub fn agreed_path(path: impl std::fmt::Display) -> String {
    format!("Percorso concordato {path}")
}

pub fn change_not_agreed_path(path: impl std::fmt::Display) -> String {
    format!("Cambio verso il percorso {path}: manca l'accordo")
}
pub const PATH_INCOMPLETE: &str = "Il percorso sarà proposto quando l'assessment è completo.";
pub const F_NEW_PATH: &str = "Cambia in percorso";
pub const F_CATEGORY: &str = "Categoria";
pub const F_CHANGE_NOTE: &str = "Motivazioni";
pub const NOT_ELIGIBLE: &str = "Il cambio di percorso è possibile solo per persone con \
    disabilità (L. 68/99), prese in carico dai servizi sociali o socio-sanitari, o in esecuzione \
    penale esterna. La persona non risulta in nessuna di queste categorie (si indicano \
    nell'anagrafica).";
pub const F_CHANGE_AGREED: &str = "Persona d'accordo";
pub const CHANGE_SAVED: &str = "Cambio di percorso registrato.";
pub const CHANGE_SAVED_NOT_AGREED: &str = "Cambio di percorso registrato senza l'accordo della \
    persona: il patto si firma solo quando la persona è d'accordo.";
pub const CHANGE_INCOMPLETE: &str =
    "Cambio di percorso non ancora registrato: indica percorso, categoria e motivazioni.";

pub fn actions_empty(add_key: &str) -> String {
    format!("Nessuna azione nel piano. Tasto {add_key}: aggiungine una.")
}
pub const ACTION_TITLE: &str = "Azione del piano";
pub const F_ACTION_CODE: &str = "Azione";
pub const F_ACTION_KIND: &str = "Chi la svolge";
pub const F_DESCRIPTION: &str = "Descrizione";
pub const F_DUE: &str = "Scadenza";
pub const F_STATUS: &str = "Stato";
pub const F_OUTCOME: &str = "Esito";
pub const ACTION_KINDS: [&str; 3] = [
    "servizio del CPI",
    "altro attore della rete",
    "in autonomia",
];
pub const ACTION_STATUSES: [&str; 4] = ["programmata", "in corso", "conclusa", "annullata"];
pub const ACTION_SAVED: &str = "Azione salvata.";
pub const ACTION_REMOVE: &str = "Togliere l'azione selezionata dal piano?";

pub const F_RESPONSIBLE: &str = "Responsabile";
pub const F_FREQUENCY: &str = "Frequenza contatti";
pub const F_PROOF: &str = "Prova della ricerca";
pub const F_WORKSHOPS: &str = "Disp. laboratori";
pub const F_TRAINING: &str = "Disp. formazione";
pub const F_OFFERS: &str = "Disp. offerte congrue";

pub const CLOSE_TITLE: &str = "Chiudere il colloquio e firmare il patto";
pub const CLOSE_NOTHING_MISSING: &str = "Tutto compilato. La firma chiude il colloquio e registra una nuova versione del patto, che \
     non si potrà più modificare.";
pub const CLOSE_MISSING: &str = "Il patto non si può ancora firmare. Manca:";
pub const CANNOT_SIGN_TITLE: &str = "Patto non firmabile";

pub const SIGN_QUESTION: &str = "Firmare ora la nuova versione del patto?";
pub const CANNOT_SIGN_QUESTION: &str = "Completa il colloquio, poi firma.";

// Salvataggi, conflitti e recupero.
pub const KEPT_CV: &str = "CV da depositare";
pub const KEPT_PROPENSITY: &str = "propensione in scrittura";
pub const KEPT_ACTION: &str = "azione in scrittura";
pub const KEPT_CITIZEN: &str = "anagrafica in scrittura";
pub const KEPT_DID: &str = "data della DID";

/// Under a view taller than the screen: how many rows are above and below, and the keys.
pub fn more_rows(above: usize, below: usize) -> String {
    match (above, below) {
        (0, b) => format!("↓ altre {b} righe sotto · ↓ PagGiù per leggerle"),
        (a, 0) => format!("↑ altre {a} righe sopra · ↑ PagSu per tornare"),
        (a, b) => format!("↑ {a} righe sopra · ↓ {b} sotto · ↑ ↓ PagSu PagGiù"),
    }
}

/// Under the card when it does not fit: how many rows are not shown.
pub fn card_more_rows(below: usize, plan_key: Option<&str>) -> String {
    match plan_key {
        Some(key) => format!("↓ altre {below} righe: {key} seleziona il piano e lo mostra"),
        None => format!("↓ altre {below} righe"),
    }
}

pub fn kept_note(area: &str) -> String {
    format!("nota sull'area {area}")
}

/// One thing not saved, and how many more.
pub fn kept_message(what: &str, why: &str, count: usize) -> String {
    let more = match count {
        0 | 1 => String::new(),
        2 => " (e un'altra cosa)".to_string(),
        n => format!(" (e altre {})", n - 1),
    };
    let why = why.trim_end_matches('.');
    format!("Non salvato: {what}: {why}{more}. Resta a schermo.")
}

pub const UNSAVED_TITLE: &str = "Dati non ancora salvati";
pub const UNSAVED_INTRO: &str = "Questi dati non si sono potuti salvare:";
pub const UNSAVED_RECOVERY: &str =
    "Uscendo restano in una copia di recupero, che orienta ripropone alla prossima apertura.";
pub const UNSAVED_QUESTION: &str =
    "Uscire conservandoli per dopo? (annullando torni a completarli)";
pub const RECOVERY_SAVED: &str = "I dati non salvati sono conservati come recupero.";

pub fn recovery_file(path: &str) -> String {
    format!(
        "Il database non si può scrivere: i dati non salvati sono in {path}, orienta li \
         riprende al prossimo avvio."
    )
}

pub fn recovery_failed(db: &str, file: &str) -> String {
    format!("Impossibile conservare i dati non salvati: database: {db}; file: {file}.")
}

pub fn recovery_files_moved(n: usize) -> String {
    if n == 1 {
        "Un file di recupero lasciato accanto al database è stato ripreso: si ripropone \
         all'apertura del colloquio o della scheda."
            .into()
    } else {
        format!(
            "{n} file di recupero lasciati accanto al database sono stati ripresi: si ripropongono \
             all'apertura del colloquio o della scheda."
        )
    }
}

pub fn recovered_later(n: usize) -> String {
    if n == 1 {
        "Un'altra copia di recupero verrà proposta dopo questa.".into()
    } else {
        format!("Altre {n} copie di recupero verranno proposte dopo questa.")
    }
}

pub fn recovered_citizen(who: &str) -> String {
    if who.is_empty() {
        KEPT_CITIZEN.into()
    } else {
        format!("{KEPT_CITIZEN}: {who}")
    }
}

pub const RECOVERY_TITLE: &str = "Dati da recuperare";
pub const RECOVERY_QUESTION: &str =
    "Rimetterli a schermo e salvarli? (annullando, verranno riproposti la prossima volta)";
pub const RECOVERY_RESTORED_SAVED: &str = "Dati recuperati e salvati.";

pub fn recovered_from(operator: &str, when: &str) -> String {
    format!("Scritti da {operator} il {when}, non salvati allora:")
}

pub fn recovered_page(page: &str, fields: usize) -> String {
    if fields == 1 {
        format!("{page}: 1 campo")
    } else {
        format!("{page}: {fields} campi")
    }
}

/// The name of a page of the interview, by phase (1-3) and index within it.
pub fn page_name((phase, index): (u8, usize)) -> &'static str {
    let pages: &[&'static str] = match phase {
        1 => &PAGES_INFO,
        2 => &PAGES_ANALYSIS,
        _ => &PAGES_PACT,
    };
    pages.get(index).copied().unwrap_or("")
}

pub fn plafond_struck(target: &str, points: i32) -> String {
    format!("Plafond {target} {points:+}")
}

/// Whether a plafond that counts can change the percorso, in a few words.
pub fn plafond_reach(reaches: bool) -> &'static str {
    if reaches {
        "incide sul percorso"
    } else {
        "lontano dalla soglia: cambia l'esito, non il percorso"
    }
}

pub fn plafond_not_counted(reason: &str) -> String {
    format!("non conta più: {reason}")
}

pub const NO_ANSWER: &str = "nessuna risposta";
pub const ACTION_REMOVED: &str = "Azione eliminata.";
pub const PROPENSITY_REMOVED: &str = "Propensione eliminata.";
pub const F_CONTACTS: &str = "Contatti";

pub const CONFLICT_TITLE: &str = "Modificato anche da un altro operatore";
pub const CONFLICT_INTRO: &str = "Un altro operatore ha salvato lo stesso dato mentre lo scrivevi:";
pub const CONFLICT_THEIRS: &str = "salvato dall'altro:";
pub const CONFLICT_MINE: &str = "scritto da te:   ";
pub const CONFLICT_KEPT: &str =
    "un altro operatore ha salvato lo stesso dato: il tuo valore resta a schermo, da confermare";
pub const CONFLICT_MINE_SAVED: &str = "Salvato il tuo valore.";
pub const CONFLICT_THEIRS_TAKEN: &str = "Tenuto il valore salvato dall'altro operatore.";
pub const REMOVED_BY_OTHER: &str =
    "un altro operatore l'ha eliminata nel frattempo: salvando di nuovo la aggiungi come nuova";

pub const CONFLICT_QUESTION: &str =
    "Quale valore tenere? (annullando decidi dopo: il tuo resta a schermo)";

pub const DISCARD_DRAFT_TITLE: &str = "Scartare la bozza";
pub const DISCARD_DRAFT_QUESTION: &str = "Scartare la bozza?";
pub const DRAFT_DISCARDED: &str =
    "Bozza scartata: resta nello storico e si può aprire un nuovo colloquio.";

pub fn discard_draft_text(operator: &str, since: &str) -> String {
    format!(
        "Il colloquio in bozza aperto da {operator} il {since} non sarà più modificabile né \
         firmabile; resta nello storico della persona."
    )
}

pub fn draft_holder(operator: &str, since: &str) -> String {
    format!("Bozza aperta da {operator} il {since}")
}

pub fn pact_signed(number: &str, version: i64) -> String {
    format!("Patto firmato: {number} versione {version}.")
}

/// A phase in the stepper when it is not the current one: done, or how much is missing.
pub const HELP_MISSING: &str = "Ancora da compilare";

pub fn more_missing(n: usize) -> String {
    if n == 1 {
        "  … e un'altra cosa".into()
    } else {
        format!("  … e altre {n} cose")
    }
}

pub fn phase_step(number: usize, name: &str, missing: usize) -> String {
    if missing == 0 {
        format!(" {number} {name} ✔")
    } else {
        format!(" {number} {name} …{missing}")
    }
}

/// The current phase: the first thing missing in words, and how many more.
pub fn phase_current(number: usize, name: &str, first: Option<String>, more: usize) -> String {
    match (first, more) {
        (None, _) => format!("▶{number} {name} ✔ completa"),
        (Some(first), 0) => format!("▶{number} {name}: manca {first}"),
        (Some(first), more) => format!("▶{number} {name}: manca {first} (+{more})"),
    }
}

/// A page with text not saved, for the stepper ("manca …").
pub fn unsaved_page(page: &str) -> String {
    format!("il salvataggio di «{page}»")
}

/// What is missing, in a few words, for the stepper.
pub fn missing_short(m: &crate::domain::pact::Missing) -> String {
    use crate::domain::pact::Missing as M;
    match m {
        M::Topic(name) => format!("«{name}»"),
        M::Expectations => "aspettative e motivazioni".into(),
        M::Assessment(areas) if areas.len() == 1 => format!("l'area {}", areas[0]),
        M::Assessment(areas) => format!("l'area {} e altre {}", areas[0], areas.len() - 1),
        M::Propensity => "una propensione".into(),
        M::Responsible => "il responsabile".into(),
        M::ContactFrequency => "la frequenza dei contatti".into(),
        M::SearchProof => "la prova della ricerca".into(),
        M::AvailabilityWorkshops => "disponibilità ai laboratori".into(),
        M::AvailabilityTraining => "disponibilità alla formazione".into(),
        M::AvailabilityOffers => "disponibilità alle offerte".into(),
        M::NoAction => "un'azione del piano".into(),
        M::PlafondNoLongerValid(_) => "rivedere il plafond".into(),
        M::PathChangeNoLongerValid(_) => "rivedere il cambio di percorso".into(),
        M::ChangeNotAgreed => "l'accordo sul cambio di percorso".into(),
    }
}

pub fn describe_missing(m: &crate::domain::pact::Missing) -> String {
    use crate::domain::pact::Missing as M;
    match m {
        M::Topic(name) => format!("fase informativa: «{name}» non segnato come trattato"),
        M::Expectations => "fase informativa: aspettative e motivazioni".into(),
        M::Assessment(areas) => format!(
            "questionario: {} aree senza risposta ({})",
            areas.len(),
            areas.join(" ")
        ),
        M::Propensity => "almeno una propensione".into(),
        M::Responsible => "patto: responsabile delle attività".into(),
        M::ContactFrequency => "patto: frequenza dei contatti".into(),
        M::SearchProof => "patto: come si prova la ricerca attiva".into(),
        M::AvailabilityWorkshops => "patto: disponibilità ai laboratori".into(),
        M::AvailabilityTraining => "patto: disponibilità alla formazione".into(),
        M::AvailabilityOffers => "patto: disponibilità ad accettare offerte congrue".into(),
        M::NoAction => "piano d'azione: nessuna azione".into(),
        M::PlafondNoLongerValid(e) => format!("le risposte sono cambiate: {e}"),
        M::PathChangeNoLongerValid(e) => format!("le risposte sono cambiate: {e}"),
        M::ChangeNotAgreed => {
            "percorso: la persona non risulta d'accordo con il cambio di percorso".into()
        }
    }
}

pub const SCORES_TITLE: &str = "Punteggi";
pub const LEGEND_TITLE: &str = "Legenda";
pub const SYMBOL_REACHED: &str = "●";
pub const SYMBOL_NEAR: &str = "◐";
pub const SYMBOL_BELOW: &str = "○";
pub const WORD_REACHED: &str = "raggiunta";
pub const WORD_NEAR: &str = "vicina";
pub const WORD_BELOW: &str = "sotto";
pub const D_OPEN: &str = "aperta";
pub const D_CLOSED: &str = "chiusa";
pub const LEGEND_SYMBOLS: [&str; 3] = [
    "● soglia raggiunta",
    "◐ vicina: il plafond può arrivarci",
    "○ sotto la soglia",
];
pub const LEGEND_THRESHOLDS: &str = "Soglie e percorsi (rettificato ≥ soglia)";
pub fn legend_instrument(version: &str, fingerprint: &str) -> String {
    format!("versione {version} · impronta {fingerprint}")
}
pub fn legend_rule(target: &str, threshold: u32, path: u8, name: &str) -> String {
    format!("{target} ≥ {threshold} → Percorso {path} {name}")
}
pub fn legend_default(path: u8, name: &str) -> String {
    format!("altrimenti → Percorso {path} {name}")
}
pub const LEGEND_ORDER: &str = "Vale la prima regola che si applica, in quest'ordine.";
pub fn legend_never(path: u8, name: &str) -> String {
    format!("Percorso {path} {name}: mai assegnato dall'assessment")
}
pub fn legend_toggle(key: &str) -> String {
    format!("{LEGEND_TITLE} · {key} la chiude")
}

pub const HELP_TITLE: &str = "Tasti";
pub const HELP_CLOSE: &str = "Un tasto qualsiasi chiude l'aiuto.";
pub const HELP_TYPING: &str = "Nei campi di testo i tasti semplici scrivono; ←→ Home Fine muovono il cursore. \
    Scelte: ←→ o Spazio (o il numero). Sì/no: Spazio, S, N.";
pub const HELP_DIGITS: &str =
    "Nel questionario le cifre 0-9 rispondono all'area (numero dell'opzione).";
pub const QUIT_SAVED: &str = "Uscita: il colloquio in bozza è salvato.";

pub fn context_title(name: &str) -> &'static str {
    match name {
        "global" => "Ovunque",
        "home" => "Ricerca cittadini",
        "form" => "Moduli",
        "card" => "Scheda del cittadino",
        "interview" => "Colloquio",
        "questionnaire" => "Questionario",
        "list" => "Elenchi",
        "dialog" => "Conferme",
        "agenda" => "Agenda",
        "bilancio" => "Bilancio di competenze",
        "accompaniment" => "Accompagnamento al lavoro",
        "group" => "Incontro di gruppo",
        _ => "",
    }
}

pub fn action_label(name: &str) -> &'static str {
    match name {
        "quit" => "esci (quanto scritto resta salvato)",
        "help" => "aiuto",
        "back" => "indietro",
        "save" => "salva",
        "toggle_legend" => "legenda",
        "up" => "su",
        "down" => "giù",
        "page_up" => "pagina su",
        "page_down" => "pagina giù",
        "open" => "apri",
        "new_citizen" => "nuovo cittadino",
        "next_field" => "campo successivo",
        "previous_field" => "campo precedente",
        "new_interview" => "nuovo colloquio DID 150",
        "new_interview_other" => "nuovo colloquio occupato/altro",
        "resume_interview" => "riprendi la bozza",
        "edit_citizen" => "modifica anagrafica",
        "next_phase" => "fase successiva",
        "previous_phase" => "fase precedente",
        "next_page" => "pagina successiva",
        "previous_page" => "pagina precedente",
        "close_interview" => "chiudi e firma il patto",
        "next_area" => "area successiva",
        "previous_area" => "area precedente",
        "edit_note" => "nota sull'area",
        "clear_answer" => "togli la risposta",
        "add" => "aggiungi",
        "edit" => "modifica",
        "remove" => "elimina",
        "confirm" => "conferma",
        "cancel" => "annulla",
        "sign" => "firma il patto",
        "keep_mine" => "tieni il tuo",
        "take_theirs" => "tieni il suo",
        "discard_draft" => "scarta la bozza",
        "print_pact" => "stampa il patto",
        "follow_up" => "aggiorna il piano del patto firmato",
        "agenda" => "agenda: scadenze, CV obsoleti, bozze, patti senza azioni",
        "skill_gap" => "bilancio di competenze (percorso, competenze, confronto)",
        "toggle_suggestion" => "seleziona o togli un'azione suggerita",
        "add_to_plan" => "azioni selezionate al patto (nuova versione)",
        "new_analysis" => "nuovo confronto con un profilo obiettivo",
        "edit_need" => "fabbisogno formativo e percorso più adatto",
        "close_analysis" => "concludi il bilancio",
        "accompaniment" => "accompagnamento al lavoro (B03)",
        "new_accompaniment" => "avvia un accompagnamento al lavoro",
        "record_hiring" => "registra l'assunzione (a risultato)",
        "counselling" => "consulenza orientativa (A06): sessioni",
        "group_sessions" => "incontri di gruppo (seminari A06, laboratori B03)",
        "mark_present" => "segna presente",
        "mark_absent" => "segna assente",
        _ => "",
    }
}

/// The action's name in the footer, where space is short.
pub fn action_short(name: &str) -> &'static str {
    match name {
        "new_interview" => "colloquio DID",
        "new_interview_other" => "colloquio altro",
        "resume_interview" => "riprendi",
        "edit_citizen" => "anagrafica",
        "next_field" => "campo succ.",
        "next_phase" => "fase succ.",
        "next_page" => "pagina succ.",
        "close_interview" => "firma patto",
        "follow_up" => "piano",
        "edit_note" => "nota",
        "clear_answer" => "togli",
        "new_citizen" => "nuovo",
        "print_pact" => "stampa",
        "agenda" => "agenda",
        "skill_gap" => "bilancio",
        "toggle_suggestion" => "seleziona",
        "add_to_plan" => "al patto",
        "new_analysis" => "nuovo confronto",
        "edit_need" => "fabbisogno",
        "close_analysis" => "concludi",
        "accompaniment" => "accompagnamento",
        "new_accompaniment" => "avvia",
        "record_hiring" => "assunzione",
        "counselling" => "consulenza",
        "group_sessions" => "incontri",
        "mark_present" => "presente",
        "mark_absent" => "assente",
        "quit" => "esci",
        other => action_label(other),
    }
}

/// A keymap file refused at start: where, and the problem in words.
pub fn keymap_error(file: &str, line: usize, problem: &str) -> String {
    format!("mappa dei tasti non valida in {file}, riga {line}: {problem}")
}

pub fn keymap_unknown_context(context: &str) -> String {
    format!(
        "contesto «{context}» sconosciuto; i contesti sono global, home, form, card, interview, \
         questionnaire, list, dialog, agenda, bilancio, accompaniment, group"
    )
}

pub fn keymap_unknown_action(context: &str, action: &str) -> String {
    format!("l'azione «{action}» non esiste nel contesto {context}")
}

pub fn keymap_bad_key(key: &str) -> String {
    format!(
        "tasto «{key}» non riconosciuto (esempi: ctrl-s, f2, enter, esc, shift-tab, pagedown, n)"
    )
}

pub fn keymap_no_keys(action: &str) -> String {
    format!("l'azione «{action}» non ha tasti")
}

pub fn keymap_text_key(context: &str, key: &str) -> String {
    if context == "global" {
        return format!(
            "i tasti di global valgono anche dove si scrive testo: «{key}» da solo non può \
             essere un comando; usa ctrl-, alt-, un tasto funzione o un tasto speciale"
        );
    }
    format!(
        "nel contesto {context} si scrive testo: «{key}» da solo non può essere un comando; usa \
         ctrl-, alt-, un tasto funzione o un tasto speciale"
    )
}

pub fn keymap_sign_key(key: &str) -> String {
    format!(
        "«{key}» non può firmare il patto: la firma vuole un tasto che non serve a confermare né a \
         spostarsi (per esempio f)"
    )
}

pub fn keymap_conflict(key: &str, first: &str, second: &str) -> String {
    format!("il tasto {key} è assegnato sia a {first} sia a {second}")
}

pub const HELP_KEYMAP: &str = "File di tasti personali (sostituisce solo i tasti che nomina)";
pub const HELP_FUNCTION_KEYS: &str = "Usa la mappa con i tasti funzione (F2 salva, F3 indietro, \
                                      F10 chiude il colloquio, ...)";
pub fn terminal_error(reason: &str) -> String {
    format!("terminale non utilizzabile: {reason}")
}

pub const NOT_A_TERMINAL: &str = "orienta senza comandi apre l'interfaccia e va avviato in un \
                                  terminale; per i comandi da script vedi orienta --help";

pub fn panic_message(details: &str) -> String {
    format!(
        "orienta si è interrotto per un errore interno. Quanto era già confermato è salvato nel \
         database: riavvia orienta e riprendi la bozza.\nDettagli per l'assistenza: {details}"
    )
}

impl fmt::Display for crate::domain::records::PropensityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::domain::records::PropensityError as E;
        match self {
            E::NoProfile => write!(f, "indica il codice CP2021 o il nome della professione"),
            E::NoProvenance => write!(
                f,
                "indica da dove viene la propensione: lavoro, istruzione, formazione o attitudini"
            ),
            E::TooMany => write!(f, "una persona può avere al massimo 3 propensioni"),
            E::BadCp2021(code) => write!(
                f,
                "codice CP2021 «{code}» non valido: cifre separate da punti, per esempio 5.1.2.2.0"
            ),
            E::UnknownSep(sep) => write!(f, "il SEP {sep} non esiste: va da 1 a 24"),
        }
    }
}

impl fmt::Display for crate::domain::cv_file::CvFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::domain::cv_file::{CvFileError as E, MAX_CV_BYTES};
        let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        match self {
            E::TooLarge(size) => write!(
                f,
                "è troppo grande ({:.1} MiB): il limite è {:.0} MiB",
                mib(*size),
                mib(MAX_CV_BYTES)
            ),
            E::NotPdf => write!(
                f,
                "non è un PDF: il contenuto non inizia con l'intestazione %PDF-, qualunque sia il nome"
            ),
            E::Damaged => write!(f, "non è un PDF leggibile: la struttura è danneggiata"),
            E::NoText => write!(
                f,
                "è un PDF senza testo (una scansione o un'immagine): serve un CV con il testo \
                 selezionabile, esportato dal programma di scrittura"
            ),
        }
    }
}

impl fmt::Display for crate::domain::records::CvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::domain::records::CvError as E;
        match self {
            E::NoEducationTitle => write!(
                f,
                "CV non depositabile: manca un titolo di studio nell'anagrafica"
            ),
            E::NoPropensity => write!(f, "CV non depositabile: serve almeno una propensione"),
            E::NoConsent => write!(
                f,
                "CV non depositabile: manca il consenso all'invio al sistema regionale di incrocio"
            ),
            E::UnknownProvince(p) => write!(f, "provincia «{p}» sconosciuta"),
            E::NoFile => write!(f, "indica il file PDF del CV"),
            E::FileMissing(path) => write!(f, "CV non depositabile: il file «{path}» non esiste"),
            E::FileUnreadable(path, why) => write!(
                f,
                "CV non depositabile: il file «{path}» non si può leggere ({why})"
            ),
            E::File(path, e) => write!(f, "CV non depositabile: il file «{path}» {e}"),
        }
    }
}

// --- Agenda and CV export ---------------------------------------------------------------

pub const HELP_EXPORT_CV: &str = "Il PDF del CV di una persona, come è stato depositato \
                                  (l'ultimo, o quello indicato con --id)";
pub const HELP_EXPORT_CV_OUTPUT: &str = "File da scrivere (nuovo, leggibile solo dal proprietario)";
pub const HELP_EXPORT_CV_ID: &str = "Numero del CV (come in `export citizen`), invece dell'ultimo";
pub const HELP_AGENDA: &str = "Cosa seguire oggi: azioni in scadenza o scadute, CV obsoleti o \
                               in scadenza, bozze aperte, patti senza azioni future (con \
                               --operator, solo le persone di quell'operatore)";
pub const HELP_AGENDA_JSON: &str = "Scrive le righe in JSON invece che in tabella";
pub const HELP_AGENDA_DATE: &str = "Il giorno per cui calcolare l'agenda (predefinito: oggi)";

fn day(date: &chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

pub fn no_cv_file(cf: &str, id: Option<i64>) -> String {
    match id {
        Some(id) => format!(
            "{cf} non ha un CV n. {id} con il file salvato (i CV depositati prima della \
             versione 5 del database non hanno il file)"
        ),
        None => format!("{cf} non ha un CV con il file salvato"),
    }
}

pub fn cv_export_done(cf: &str, id: i64, filed_on: &chrono::NaiveDate, path: &str) -> String {
    format!(
        "CV n. {id} di {cf} (depositato il {}) scritto in {path}",
        day(filed_on)
    )
}

/// The title of a group of the agenda.
pub fn agenda_kind(kind: crate::store::AgendaKind) -> &'static str {
    use crate::store::AgendaKind as K;
    match kind {
        K::Action => "Azioni in scadenza nei prossimi 7 giorni o scadute",
        K::Cv => "CV obsoleti o che lo diventano entro 30 giorni",
        K::Draft => "Colloqui in bozza lasciati aperti",
        K::PactWithoutAction => "Patti firmati senza azioni future",
    }
}

/// The short name of a kind, for the table's column.
pub fn agenda_kind_short(kind: crate::store::AgendaKind) -> &'static str {
    use crate::store::AgendaKind as K;
    match kind {
        K::Action => "azione",
        K::Cv => "CV",
        K::Draft => "bozza",
        K::PactWithoutAction => "patto",
    }
}

pub const AGENDA_TITLE: &str = "Agenda";
pub const AGENDA_EMPTY: &str = "Niente da seguire: nessuna scadenza, bozza o patto senza azioni.";
pub const AGENDA_HEADER: [&str; 5] = ["Data", "Tipo", "Persona", "Operatore", "Dettaglio"];

pub fn agenda_heading(today: &chrono::NaiveDate, rows: usize) -> String {
    match rows {
        1 => format!("Agenda del {}: 1 riga", day(today)),
        n => format!("Agenda del {}: {n} righe", day(today)),
    }
}

fn in_days(days: i64, future: &str, past: &str) -> String {
    match days {
        0 => "oggi".into(),
        1 => format!("{future} domani"),
        d if d > 1 => format!("{future} tra {d} giorni"),
        -1 => format!("{past} da 1 giorno"),
        d => format!("{past} da {} giorni", -d),
    }
}

/// An action in the agenda: code, catalogue name, and the description when it says more.
fn agenda_action(code: &str, name: &str, description: &str) -> String {
    let description = description.trim();
    match (
        name.is_empty(),
        description.is_empty() || description == name,
    ) {
        (true, _) => format!("{code} {description}").trim_end().to_string(),
        (false, true) => format!("{code} {name}"),
        (false, false) => format!("{code} {name} — {description}"),
    }
}

/// What a row of the agenda is about, in a line.
pub fn agenda_detail(row: &crate::store::AgendaRow) -> String {
    use crate::store::AgendaDetail as D;
    match &row.detail {
        D::Action {
            code,
            name,
            description,
            status,
            ..
        } => {
            let status = ACTION_STATUSES
                .get(
                    crate::domain::records::ActionStatus::ALL
                        .iter()
                        .position(|s| s == status)
                        .unwrap_or(0),
                )
                .copied()
                .unwrap_or("");
            let when = if row.days == 0 {
                "scade oggi".to_string()
            } else {
                in_days(row.days, "scade", "scaduta")
            };
            format!(
                "{} ({status}): {when}",
                agenda_action(code, name, description)
            )
        }
        D::Cv { filed_on, .. } => {
            let when = if row.days <= 0 {
                format!("obsoleto dal {}", day(&row.date))
            } else {
                in_days(row.days, "diventa obsoleto", "")
            };
            format!("CV depositato il {}: {when}", day(filed_on))
        }
        D::Draft { age_days, .. } => match age_days {
            1 => "bozza aperta da 1 giorno".into(),
            d => format!("bozza aperta da {d} giorni"),
        },
        D::Pact { number, version } => format!(
            "patto {number} versione {version} firmato il {}: nessuna azione programmata o \
             in corso con scadenza da oggi in poi",
            day(&row.date)
        ),
    }
}

/// [`agenda_detail`] for the screen, where the width is short: when first, then what.
pub fn agenda_detail_short(row: &crate::store::AgendaRow) -> String {
    use crate::store::AgendaDetail as D;
    match &row.detail {
        D::Action {
            code,
            name,
            description,
            ..
        } => {
            let when = if row.days == 0 {
                "scade oggi".to_string()
            } else {
                in_days(row.days, "scade", "scaduta")
            };
            format!("{when} · {}", agenda_action(code, name, description))
        }
        D::Cv { .. } if row.days <= 0 => format!("CV obsoleto dal {}", day(&row.date)),
        D::Cv { .. } => format!("CV {}", in_days(row.days, "obsoleto", "")),
        D::Draft { age_days, .. } => match age_days {
            1 => "aperta da 1 giorno".into(),
            d => format!("aperta da {d} giorni"),
        },
        D::Pact { number, version } => {
            format!("firmato · {number} v{version}")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Il Patto di Servizio stampato (documento per la persona) e la sua accettazione.

/// Texts of the printed pact (txt, Markdown, PDF) and of `orienta pact`.
pub mod document {
    pub use super::{cannot_create, datetime_text};
    pub const TITLE: &str = "Patto di Servizio Personalizzato";
    pub const LAW: &str = "ai sensi dell'art. 20 del D.lgs. 150/2015";
    pub fn identity(number: &str, version: i64, signed_on: &str) -> String {
        format!("Patto n. {number}, versione {version}, firmata il {signed_on}")
    }
    pub fn footer(number: &str, version: i64, page: usize, pages: usize) -> String {
        format!("{number} v{version} - pagina {page} di {pages}")
    }

    pub const H_CPI: &str = "1. Centro per l'Impiego e responsabile";
    pub const CPI: &str = "Centro per l'Impiego";
    pub const NOT_GIVEN: &str = "non indicato";
    pub const RESPONSIBLE: &str = "Responsabile delle attività";
    pub const SIGNING_OPERATOR: &str = "Operatore che ha firmato";
    pub const INTERVIEW_DATE: &str = "Data del colloquio";
    pub const INTERVIEW_KIND: &str = "Tipo di colloquio";
    pub fn interview_kind(code: &str) -> String {
        match code {
            "did150" => "persona con DID (D.lgs. 150/2015)".into(),
            "altro" => "persona occupata o venuta per altri motivi".into(),
            other => other.into(),
        }
    }

    pub const H_PERSON: &str = "2. La persona";
    pub const NAME: &str = "Cognome e nome";
    pub const CF: &str = "Codice fiscale";
    pub const SEX: &str = "Sesso";
    pub fn sex(code: &str) -> String {
        match code {
            "M" | "m" | "maschio" => "maschile".into(),
            "F" | "f" | "femmina" => "femminile".into(),
            other => other.into(),
        }
    }
    pub const BIRTH: &str = "Data e luogo di nascita";
    pub const CITIZENSHIP: &str = "Cittadinanza";
    pub const DID_DATE: &str = "Data della DID";
    pub const EDUCATION: &str = "Titolo di studio";
    pub const EMPLOYMENT: &str = "Condizione occupazionale";
    pub const INCOME_SUPPORT: &str = "Sostegno al reddito";
    pub const PHONE: &str = "Telefono";
    pub const EMAIL: &str = "E-mail";

    pub const H_PROFILE: &str = "3. Profilo di occupabilità";
    pub const NO_ASSESSMENT: &str = "Il colloquio non prevedeva l'assessment standardizzato \
                                     (riservato alle persone con DID): il profilo non ha \
                                     punteggi.";
    pub const SCORES_INTRO: &str = "Punteggi dell'assessment (più alto il punteggio, maggiore \
                                    la difficoltà); la soglia è raggiunta quando il punteggio \
                                    rettificato la eguaglia o la supera:";
    #[allow(clippy::too_many_arguments)]
    pub fn score_line(
        name: &str,
        raw: &str,
        adjusted: &str,
        maximum: Option<&str>,
        threshold: &str,
        reached: Option<bool>,
        path: Option<&str>,
    ) -> String {
        let of = maximum.map(|m| format!(" su {m}")).unwrap_or_default();
        let outcome = match reached {
            Some(true) => "raggiunta",
            Some(false) => "non raggiunta",
            None => "esito non indicato",
        };
        let leads = match (reached, path) {
            (Some(true), Some(p)) => format!(", indica il {p}"),
            _ => String::new(),
        };
        format!(
            "{name}: punteggio {raw}{of}, rettificato {adjusted}; soglia {threshold} {outcome}{leads}"
        )
    }
    pub const PLAFOND: &str = "Plafond dell'operatore";
    pub fn plafond(points: &str, target: &str, note: &str, affects: Option<bool>) -> String {
        let effect = match affects {
            Some(true) => " Incide sul percorso (punteggio vicino alla soglia).",
            Some(false) => {
                " Non incide sul percorso (punteggio lontano dalla soglia): cambia solo l'esito \
                 dell'assessment."
            }
            None => "",
        };
        let unit = if matches!(points, "1" | "+1" | "-1") {
            "punto"
        } else {
            "punti"
        };
        format!("{points} {unit} su {target}. Motivazione: {note}.{effect}")
    }
    pub const NO_PLAFOND: &str = "nessuno";
    pub const PROPOSED_PATH: &str = "Percorso proposto dal punteggio";
    pub const FINAL_PATH: &str = "Percorso GOL concordato";
    pub fn path(id: &str, name: &str) -> String {
        if name.is_empty() {
            format!("Percorso {id}")
        } else {
            format!("Percorso {id} - {name}")
        }
    }
    pub const NO_PATH: &str = "nessuno";
    pub const PATH_CHANGE: &str = "Cambio del percorso proposto";
    pub fn path_change(category: &str, agreed: Option<bool>, note: &str) -> String {
        let agreement = match agreed {
            Some(true) => "concordato con la persona",
            Some(false) => "NON concordato con la persona",
            None => "accordo della persona non registrato (patto di formato precedente)",
        };
        format!("categoria: {category}; {agreement}; motivazioni: {note}")
    }
    pub const INSTRUMENT: &str = "Strumento di valutazione";
    pub fn instrument(name: &str, version: &str, hash: &str) -> String {
        let mut out = name.to_string();
        if !version.is_empty() {
            out.push_str(&format!(", versione {version}"));
        }
        if !hash.is_empty() {
            let short: String = hash.chars().take(16).collect();
            out.push_str(&format!(" (impronta {short})"));
        }
        out
    }
    pub const INSTRUMENT_UNKNOWN: &str = "non registrato nel patto (formato precedente)";

    pub const H_PROPENSITIES: &str = "4. Propensioni professionali";
    pub const NO_PROPENSITIES: &str = "Nessuna propensione riportata nel patto.";
    pub fn propensity(code: &str, title: &str, from: &str, sep: &str, notes: &str) -> String {
        let mut out = match (code.is_empty(), title.is_empty()) {
            (false, false) => format!("{code} {title}"),
            (false, true) => code.to_string(),
            _ => title.to_string(),
        };
        if !from.is_empty() {
            out.push_str(&format!("; da: {from}"));
        }
        if !sep.is_empty() {
            out.push_str(&format!("; settore: {sep}"));
        }
        if !notes.is_empty() {
            out.push_str(&format!("; note: {notes}"));
        }
        out
    }

    pub const H_PLAN: &str = "5. Atti di ricerca attiva e tempi";
    pub const NO_ACTIONS: &str = "Nessuna azione nel piano.";
    pub fn action_by(kind: &str) -> String {
        match kind {
            "cpi" => "il Centro per l'Impiego".into(),
            "rete" => "un altro soggetto della rete dei servizi".into(),
            "autonoma" => "la persona".into(),
            other => other.into(),
        }
    }
    pub fn action_status(status: &str) -> String {
        match status {
            "programmata" => "programmata".into(),
            "in_corso" => "in corso".into(),
            "conclusa" => "conclusa".into(),
            "annullata" => "annullata".into(),
            other => other.into(),
        }
    }
    pub fn action(
        code: &str,
        name: &str,
        by: &str,
        due: Option<&str>,
        status: &str,
        description: &str,
        outcome: &str,
    ) -> String {
        let mut out = if name.is_empty() {
            code.to_string()
        } else {
            format!("{code} {name}")
        };
        out.push_str(&format!(" - a cura di: {by}"));
        match due {
            Some(d) => out.push_str(&format!(" - entro il {d}")),
            None => out.push_str(" - senza scadenza"),
        }
        out.push_str(&format!(" - {status}"));
        if !description.is_empty() {
            out.push_str(&format!(". {description}"));
        }
        if !outcome.is_empty() {
            out.push_str(&format!(". Esito: {outcome}"));
        }
        out
    }

    pub fn recorded_action(code: &str, name: &str, on: &str) -> String {
        let what = if name.is_empty() {
            code.to_string()
        } else {
            format!("{code} {name}")
        };
        if on.is_empty() {
            format!("{what} - svolta, registrata con la firma del patto")
        } else {
            format!("{what} - svolta il {on}, registrata con la firma del patto")
        }
    }

    pub const H_TERMS: &str = "6. Contatti, prova della ricerca e disponibilità";
    pub const CONTACTS: &str = "Frequenza ordinaria dei contatti";
    pub const PROOF: &str = "Come si dimostra la ricerca";
    pub const AVAILABILITY_INTRO: &str = "La persona si dichiara disponibile a:";
    pub const AVAILABLE_WORKSHOPS: &str = "laboratori per la ricerca attiva di lavoro";
    pub const AVAILABLE_TRAINING: &str = "formazione o riqualificazione professionale";
    pub const AVAILABLE_OFFERS: &str = "accettare offerte di lavoro congrue";
    pub fn availability(what: &str, value: Option<bool>) -> String {
        let answer = match value {
            Some(true) => "sì",
            Some(false) => "no",
            None => "non indicato",
        };
        format!("{what}: {answer}")
    }

    pub const H_CHANGES: &str = "7. Cosa cambia rispetto alla versione precedente";
    pub const NO_CHANGES: &str = "Nessuna modifica: il piano e gli impegni restano quelli della \
                                  versione precedente.";

    pub const H_SIGNATURES: &str = "Firme";

    pub const H_AFTER: &str = "Attività dopo il patto";
    pub fn after_intro(as_of: &str) -> String {
        format!(
            "Situazione al {as_of}: le azioni specialistiche avviate, svolte o annullate dopo \
             la firma, con il loro esito. Questa parte non fa parte del patto firmato e non \
             richiede firma."
        )
    }
    #[allow(clippy::too_many_arguments)]
    pub fn after_item(
        code: &str,
        name: &str,
        description: &str,
        status: &str,
        started: Option<&str>,
        ended: Option<&str>,
        outcome: &str,
    ) -> String {
        let mut out = code.to_string();
        if !name.is_empty() {
            out.push_str(&format!(" {name}"));
        }
        if !description.is_empty() && description != name {
            out.push_str(&format!(" ({description})"));
        }
        let mut parts = Vec::new();
        if status == "in_corso" {
            parts.push(action_status(status));
        }
        if let Some(d) = started.filter(|_| status != "annullata") {
            parts.push(format!("iniziata il {d}"));
        }
        if status != "in_corso" {
            parts.push(match ended {
                Some(d) => format!("{} il {d}", action_status(status)),
                None => action_status(status),
            });
        }
        out.push_str(&format!(": {}", parts.join(", ")));
        if !outcome.is_empty() {
            out.push_str(&format!("; esito: {outcome}"));
        }
        out
    }
    pub fn signatures_intro(version: i64) -> String {
        format!(
            "Con la firma la persona e l'operatore sottoscrivono la versione {version} del patto; \
             la persona ne riceve copia."
        )
    }
    pub const PLACE_DATE: &str = "Luogo e data";
    pub const SIGN_PERSON: &str = "Firma della persona";
    pub const SIGN_OPERATOR: &str = "Firma dell'operatore responsabile";
    pub fn accepted(how: &str, on: &str, operator: &str) -> String {
        match how {
            "pdf" => {
                format!("Copia in PDF consegnata alla persona il {on} (registrato da {operator}).")
            }
            _ => format!("Patto firmato dalla persona il {on} (registrato da {operator})."),
        }
    }
    pub const YES: &str = "sì";
    pub const NO: &str = "no";

    // The card.
    pub const NOTHING_TO_PRINT: &str = "Nessun patto firmato da stampare.";
    pub const PRINTED_TITLE: &str = "Patto stampato";
    pub fn printed(number: &str, version: i64) -> String {
        format!(
            "Il patto {number} versione {version} è stato scritto: stampalo (o invialo) e fallo \
             firmare alla persona."
        )
    }
    pub fn printed_file(name: &str) -> String {
        format!("File: {name}")
    }
    pub fn printed_dir(dir: &str) -> String {
        format!("Cartella: {dir}")
    }
    pub const PRINTED_QUESTION: &str = "La persona ha firmato il patto?";
    pub fn printed_already_accepted(path: &str, on: &str) -> String {
        format!("Patto scritto in {path} (accettazione già registrata il {on}).")
    }
    pub const ACCEPTANCE_RECORDED: &str = "Registrato: la persona ha firmato il patto.";
    pub fn card_accepted(version: i64, how: &str, on: &str) -> String {
        match how {
            "pdf" => format!("versione {version}: ricevuta in PDF dalla persona il {on}"),
            _ => format!("versione {version}: firmata dalla persona il {on}"),
        }
    }
    pub fn card_not_accepted(version: i64) -> String {
        format!("versione {version}: firma della persona non ancora registrata")
    }

    // `orienta pact`.
    pub const HELP_PRINT_DIR: &str = "Cartella dove il tasto «stampa il patto» scrive il PDF \
                                      (predefinita: la cartella corrente)";
    pub const HELP_PACT: &str = "Scrive il Patto di Servizio firmato di una persona (testo A4, \
                                 Markdown, JSON o PDF), o registra che la persona lo ha accettato";
    pub const USAGE_PACT: &str = "orienta pact [OPZIONI] <CODICE_FISCALE>";
    pub const HELP_PACT_VERSION: &str = "Versione del patto (predefinita: l'ultima firmata)";
    pub const HELP_PACT_FORMAT: &str = "Formato: txt, md, json o pdf (predefinito: \
                                        dall'estensione di -o, altrimenti txt)";
    pub const HELP_PACT_OUTPUT: &str = "File da creare (permessi 0600, mai sovrascritto); \
                                        senza, il documento va sullo schermo (non il PDF)";
    pub const HELP_PACT_ACCEPTED: &str = "Registra che la persona ha accettato la versione: \
                                          firma (ha firmato la copia stampata) o pdf (l'ha \
                                          ricevuta in PDF); una volta sola per versione";
    pub fn no_pact(cf: &str) -> String {
        format!("{cf} non ha un patto firmato: il patto si firma chiudendo il colloquio")
    }
    pub fn unknown_version(cf: &str, version: i64, last: i64) -> String {
        format!(
            "il patto di {cf} non ha la versione {version}: le versioni firmate vanno da 1 a {last}"
        )
    }
    pub fn format_mismatch(format: &str, path: &str) -> String {
        format!(
            "--format {format} non corrisponde all'estensione di «{path}»: togli --format \
             oppure dai al file l'estensione .{format}"
        )
    }
    pub const PDF_NEEDS_FILE: &str =
        "il PDF non si può mostrare sullo schermo: indica il file da creare con -o FILE";
    pub fn cannot_render(reason: &str) -> String {
        format!("impossibile comporre il PDF: il carattere incluso non è leggibile ({reason})")
    }
    pub fn written(number: &str, version: i64, path: &str) -> String {
        format!("patto {number} versione {version} scritto in {path}")
    }
    pub fn acceptance_recorded(number: &str, version: i64, how: &str) -> String {
        match how {
            "pdf" => format!(
                "registrato: la persona ha ricevuto in PDF il patto {number} versione {version}"
            ),
            _ => format!("registrato: la persona ha firmato il patto {number} versione {version}"),
        }
    }
}
// Versions of the pact: what changed since the previous one, the version a new interview
// starts from, the follow-up of the plan from the card.
/// A value of a signed content as the operator reads it: dates GG/MM/AAAA, yes/no, a dash
/// when empty, action statuses in words.
fn content_value(value: &str) -> String {
    match value.trim() {
        "" => "—".to_string(),
        "true" => YES.to_string(),
        "false" => NO.to_string(),
        v => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .ok()
            .or_else(|| {
                crate::domain::records::ActionStatus::ALL
                    .iter()
                    .position(|s| s.code() == v)
                    .map(|i| ACTION_STATUSES[i].to_string())
            })
            .unwrap_or_else(|| v.to_string()),
    }
}

impl fmt::Display for crate::domain::pact::Change {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        use crate::domain::pact::{ActionField as A, Change as C, Presence as P, Term as T};
        let v = |s: &str| content_value(s);
        match self {
            C::ActionAdded { action, due } if due.is_empty() => {
                write!(f, "Azione aggiunta: {action}")
            }
            C::ActionAdded { action, due } => {
                write!(f, "Azione aggiunta: {action}, scadenza {}", v(due))
            }
            C::ActionRemoved { action } => write!(f, "Azione tolta dal piano: {action}"),
            C::ActionClosed { action, status } => write!(
                f,
                "Azione {} nella versione precedente, non più nel piano: {action}",
                v(status)
            ),
            C::ActionField {
                action,
                field,
                before,
                after,
            } => {
                // Who carries it out, in words: not the stored code.
                let (before, after) = if matches!(field, A::Kind) {
                    (document::action_by(before), document::action_by(after))
                } else {
                    (v(before), v(after))
                };
                let field = match field {
                    A::Status => "stato",
                    A::Due => "scadenza",
                    A::Outcome => "esito",
                    A::Description => "descrizione",
                    A::Kind => "chi la svolge",
                };
                write!(f, "Azione {action}: {field} da «{before}» a «{after}»")
            }
            C::Term {
                term,
                before,
                after,
            } => {
                let term = match term {
                    T::Responsible => "Responsabile delle attività",
                    T::Frequency => "Frequenza dei contatti",
                    T::Proof => "Prova della ricerca attiva",
                    T::Workshops => "Disponibilità a laboratori di ricerca del lavoro",
                    T::Training => "Disponibilità a formazione o riqualificazione",
                    T::Offers => "Disponibilità ad accettare offerte congrue",
                };
                write!(f, "{term}: da «{}» a «{}»", v(before), v(after))
            }
            C::Path {
                before,
                before_name,
                after,
                after_name,
            } => write!(
                f,
                "Percorso: da «{}» a «{}»",
                format!("{} {before_name}", v(before)).trim(),
                format!("{} {after_name}", v(after)).trim()
            ),
            C::Plafond(P::Added) => write!(f, "Applicato un plafond al punteggio"),
            C::Plafond(P::Removed) => write!(f, "Tolto il plafond dal punteggio"),
            C::Plafond(P::Changed) => write!(f, "Cambiato il plafond del punteggio"),
            C::PathChange(P::Added) => write!(f, "Concordato un cambio di percorso"),
            C::PathChange(P::Removed) => write!(f, "Tolto il cambio di percorso"),
            C::PathChange(P::Changed) => write!(f, "Cambiato il cambio di percorso"),
            C::PathChangePart {
                part,
                before,
                after,
            } => {
                let part = match part {
                    crate::domain::pact::PathChangePart::Category => "categoria",
                    crate::domain::pact::PathChangePart::Reasons => "motivazioni",
                    crate::domain::pact::PathChangePart::Agreement => "accordo della persona",
                };
                write!(
                    f,
                    "Cambio di percorso, {part}: da «{}» a «{}»",
                    v(before),
                    v(after)
                )
            }
            C::PropensityAdded(p) => write!(f, "Propensione aggiunta: {p}"),
            C::PropensityRemoved(p) => write!(f, "Propensione tolta: {p}"),
        }
    }
}

pub const CV_NOT_A_FILE: &str =
    "non è un file: è una cartella, una pipe o un dispositivo; indica il file PDF del CV";
pub const CARD_PLAN: &str = "Piano del patto in corso";
pub const NO_DUE: &str = "senza scadenza";
pub fn recorded_at_signing(date: &str) -> String {
    format!("conclusa il {date}, registrata alla firma")
}
pub const F_STARTED_ON: &str = "Iniziata il";
pub const F_ENDED_ON: &str = "Conclusa il";
pub const ENDED_BEFORE_STARTED: &str = "La conclusione non può precedere l'inizio.";
pub fn progress_problem(e: crate::domain::records::ProgressError) -> String {
    use crate::domain::records::ProgressError as P;
    match e {
        P::Future { start: true } => {
            "L'inizio non può essere dopo oggi: si registra quando l'azione è iniziata.".into()
        }
        P::Future { start: false } => {
            "La conclusione non può essere dopo oggi: si registra quando l'azione è finita.".into()
        }
        P::EndBeforeStart => ENDED_BEFORE_STARTED.into(),
        P::ConcludedWithoutEnd => {
            "Un'azione conclusa ha la sua data di conclusione: scrivila (GG/MM/AAAA).".into()
        }
    }
}
pub const FOLLOW_UP_NOTE: &str = "L'aggiornamento resta nel registro delle modifiche; le versioni \
                                  firmate del patto non cambiano.";
pub const RECORDED_BY_SIGNING: &str = "registrata alla firma";
pub const PACT_CHANGES: &str = "Modifiche rispetto alla versione precedente";
pub const KEPT_FOLLOW_UP: &str = "aggiornamento dell'azione del piano";
pub const FOLLOW_UP_SAVED: &str = "Azione aggiornata.";

pub fn due_on(date: &str) -> String {
    format!("scade il {date}")
}

pub fn started_on(date: &str) -> String {
    format!("iniziata il {date}")
}

pub fn ended_on(date: &str) -> String {
    format!("conclusa il {date}")
}

pub fn plan_follow_up_hint(key: &str) -> String {
    format!("{key}: scegli un'azione del piano e aggiornane stato, esito e date")
}

pub fn follow_up_title(code: &str, name: &str) -> String {
    format!("Aggiornamento dell'azione {code} {name}")
}

pub fn carried_from_pact(number: &str, version: i64, date: &str) -> String {
    format!("Ripreso dal patto {number} versione {version} del {date}")
}

pub fn previous_path(version: i64, path: &str) -> String {
    format!("Percorso della versione {version}: {path}")
}

pub fn previous_path_change(category: &str, note: &str) -> String {
    format!("Cambio di percorso concordato ({category}): {note}")
}

pub fn previous_plafond(target: &str, points: &str, note: &str) -> String {
    format!("Plafond su {target}, {points} punti: {note}")
}

/// Bilancio di competenze (A03): percorso, competenze, confronto con un profilo obiettivo.
pub mod skills {
    use crate::domain::competences::{Evidence, SuggestionReason};
    use crate::store::HistoryKind;

    pub const TITLE: &str = "Bilancio di competenze";
    pub const PAGES: [&str; 3] = ["Percorso", "Competenze", "Confronto"];
    pub fn pages_hint(key: &str) -> String {
        format!(" {key} cambia pagina")
    }

    // Percorso.
    pub const HISTORY_HEADING: &str = "Istruzione, formazione ed esperienze di lavoro";
    pub fn no_history(key: &str) -> String {
        format!("  Nessuna esperienza registrata: {key} ne aggiunge una.")
    }
    pub fn kind_label(kind: HistoryKind) -> &'static str {
        match kind {
            HistoryKind::Education => "istruzione",
            HistoryKind::Training => "formazione",
            HistoryKind::Work => "lavoro",
        }
    }
    pub const ONGOING: &str = "in corso";
    pub const NEW_HISTORY: &str = "Nuova esperienza";
    pub const EDIT_HISTORY: &str = "Modifica esperienza";
    pub const F_KIND: &str = "Tipo";
    pub const F_TITLE: &str = "Titolo o ruolo";
    pub const F_ORGANISATION: &str = "Scuola, ente, azienda";
    pub const F_FROM: &str = "Dal (GG/MM/AAAA)";
    pub const F_TO: &str = "Al (GG/MM/AAAA)";
    pub const F_TASKS: &str = "Attività e mansioni";
    pub const TITLE_MISSING: &str = "Scrivi il titolo di studio, il corso o il ruolo svolto.";
    pub const TO_BEFORE_FROM: &str = "La fine non può precedere l'inizio: correggi le date.";
    pub const HISTORY_SAVED: &str = "Esperienza salvata.";

    // Competenze.
    pub const COMPETENCES_HEADING: &str = "Competenze possedute";
    pub const COL_COMPETENCE: &str = "Competenza";
    pub const COL_LEVEL: &str = "Livello";
    pub const COL_EVIDENCE: &str = "Evidenza";
    pub const COL_SOURCE: &str = "Fonte";
    pub fn no_competences(key: &str) -> String {
        format!("  Nessuna competenza registrata: {key} ne aggiunge una.")
    }
    pub const FREE_MARK_NOTE: &str = "  * competenza scritta dall'operatore, non presa dall'elenco";
    pub const NEW_COMPETENCE: &str = "Nuova competenza";
    pub const EDIT_COMPETENCE: &str = "Modifica competenza";
    pub const F_COMPETENCE: &str = "Competenza";
    pub const F_LEVEL: &str = "Livello (1-4)";
    pub const F_EVIDENCE: &str = "Evidenza";
    pub const F_SOURCE: &str = "Fonte";
    pub fn evidence_label(e: Evidence) -> &'static str {
        match e {
            Evidence::Declared => "dichiarata",
            Evidence::Documented => "documentata",
            Evidence::Certified => "certificata",
        }
    }
    pub const COMPETENCE_HINT: &str = "Scrivi qualche lettera: si cerca nell'elenco \
         (data/competenze.toml); un nome che l'elenco non ha resta come scritto.";
    pub fn from_list(name: &str) -> String {
        format!("Dall'elenco: {name}")
    }
    pub const NOT_IN_LIST: &str = "Non è nell'elenco: sarà salvata come scritta.";
    pub fn ambiguous(names: &[&str]) -> String {
        let shown: Vec<&str> = names.iter().take(4).copied().collect();
        let more = if names.len() > 4 { ", …" } else { "" };
        format!(
            "{} competenze dell'elenco corrispondono ({}{more}): scrivi qualche lettera in più.",
            names.len(),
            shown.join(", ")
        )
    }
    pub const COMPETENCE_MISSING: &str = "Scrivi la competenza (qualche lettera basta).";
    pub const LEVEL_MISSING: &str = "Scegli il livello, da 1 base a 4 esperto.";
    pub const COMPETENCE_SAVED: &str = "Competenza salvata.";

    // Confronto.
    pub fn no_analysis(key: &str) -> String {
        format!("Nessun confronto: {key} sceglie il profilo obiettivo (propensione o CP2021).")
    }
    pub fn propensity_option(code: &str, title: &str) -> String {
        match (code.trim(), title.trim()) {
            ("", t) => format!("propensione: {t}"),
            (c, t) => format!("propensione: {c} {t}"),
        }
    }
    pub const PROPENSITIES_HEADING: &str = "Propensioni della persona:";
    pub const TARGET_OTHER: &str = "altro profilo: codice CP2021 e nome qui sotto";
    pub const NEW_ANALYSIS: &str = "Nuovo confronto: profilo obiettivo";
    pub const F_TARGET: &str = "Profilo obiettivo";
    pub const F_CP2021: &str = "Codice CP2021";
    pub const F_TARGET_TITLE: &str = "Professione";
    pub const TARGET_HINT: &str =
        "Scegli una propensione, o l'ultima voce e scrivi il codice CP2021; poi salva.";
    pub const TARGET_NOTE: &str = "Le competenze richieste vengono dal profilo dell'elenco \
         più vicino al codice (data/competenze.toml); si cambiano dopo, nel confronto.";
    pub fn target_line(code: &str, title: &str, on: &str, operator: &str, closed: bool) -> String {
        let state = if closed { "concluso" } else { "aperto" };
        format!("Profilo obiettivo: {code} {title} · del {on}, {operator} · {state}")
    }
    pub const COL_REQUIRED: &str = "Competenza richiesta";
    pub const COL_REQ_LEVEL: &str = "Liv.";
    pub const COL_POSSESSED: &str = "Posseduta";
    pub const COL_GAP: &str = "Esito";
    pub const TO_CERTIFY: &str = "da certificare";
    pub fn no_required(key: &str) -> String {
        format!("  Nessuna competenza richiesta: {key} ne aggiunge una.")
    }
    pub fn need_summary(acquire: usize, update: usize, met: usize, total: usize) -> String {
        format!(
            "Fabbisogno: {acquire} da acquisire, {update} da aggiornare; {met} su {total} \
             possedute."
        )
    }
    pub fn need_line(written: &str, key: &str) -> String {
        if written.is_empty() {
            format!("Fabbisogno formativo e percorso più adatto: — ({key} per scriverlo)")
        } else {
            format!("Fabbisogno formativo e percorso più adatto: {written}")
        }
    }
    pub fn suggestions_heading(toggle: &str, add: &str) -> String {
        format!("Azioni suggerite ({toggle} seleziona, {add} aggiunge al patto):")
    }
    pub const NO_SUGGESTIONS: &str =
        "  Nessuna: le competenze richieste sono possedute e certificate.";
    pub const NEW_REQUIRED: &str = "Nuova competenza richiesta";
    pub const EDIT_REQUIRED: &str = "Modifica competenza richiesta";
    pub const EDIT_NEED: &str = "Fabbisogno formativo e percorso più adatto";
    pub const F_NEED: &str = "Fabbisogno e percorso";
    pub fn already_required(name: &str) -> String {
        format!("«{name}» è già fra le competenze richieste: cambia quella riga.")
    }
    pub const ANALYSIS_STARTED: &str = "Confronto aperto: l'azione A03 del patto è in corso.";
    pub const ANALYSIS_STARTED_ALONE: &str = "Confronto aperto. La persona non ha un patto \
        firmato: il bilancio non è legato a un'azione A03 del piano.";
    pub const ANALYSIS_SAVED: &str = "Confronto salvato.";
    pub const ANALYSIS_OPEN: &str =
        "C'è già un confronto aperto: concludilo (c) prima di aprirne un altro.";
    pub const ANALYSIS_CLOSED: &str =
        "Il confronto è concluso e non si modifica: n ne apre uno nuovo.";
    pub const NO_OPEN_ANALYSIS: &str =
        "Nessun confronto aperto: n sceglie il profilo obiettivo e ne apre uno.";
    pub const TOGGLE_WHERE: &str =
        "Lo spazio seleziona un'azione suggerita: spostati su una riga delle azioni.";
    pub const REMOVE_TITLE: &str = "Eliminare?";
    pub fn remove_text(what: &str) -> String {
        format!("«{what}» sarà tolta dal bilancio (resta nel registro delle modifiche).")
    }
    pub const REMOVE_QUESTION: &str = "Eliminare? (Invio/s sì, Esc/n no)";
    pub const REMOVED: &str = "Eliminata.";
    pub const CLOSE_TITLE: &str = "Concludere il bilancio?";
    pub fn close_text(outcome: &str) -> String {
        format!(
            "Il confronto non si potrà più cambiare; l'azione A03 del patto sarà conclusa \
             oggi con esito «{outcome}»."
        )
    }
    pub const CLOSE_QUESTION: &str = "Concludere? (Invio/s sì, Esc/n no)";
    pub fn outcome(acquire: usize, update: usize) -> String {
        match (acquire, update) {
            (0, 0) => "bilancio concluso: competenze richieste possedute".to_string(),
            (a, 0) => format!("bilancio concluso: {a} competenze da acquisire"),
            (a, u) => format!("bilancio concluso: {a} competenze da acquisire, {u} da aggiornare"),
        }
    }
    pub fn closed(outcome: &str) -> String {
        format!("Bilancio concluso ({outcome}).")
    }

    // Azioni suggerite -> nuova versione del patto.
    pub fn suggestion_description(reason: SuggestionReason, names: &[&str]) -> String {
        let what = match reason {
            SuggestionReason::Training => "",
            SuggestionReason::Certification => "certificazione: ",
        };
        format!("dal bilancio di competenze: {what}{}", names.join(", "))
    }
    pub fn nothing_selected(key: &str) -> String {
        format!("Nessuna azione selezionata: {key} seleziona un'azione suggerita.")
    }
    pub fn draft_of_other(operator: &str, since: &str) -> String {
        format!(
            "La bozza del colloquio è di {operator} (aperta il {since}): le azioni non sono \
             state aggiunte; chiedi a {operator} di firmarla o scartarla, poi riprova."
        )
    }
    pub fn added_to_draft(added: usize, started: bool, key: &str) -> String {
        let draft = if started {
            "in un nuovo colloquio in bozza, che riprende l'ultimo patto firmato"
        } else {
            "nella bozza del colloquio"
        };
        format!(
            "{added} azioni aggiunte {draft}: {key} apre la bozza; la nuova versione del patto \
             si firma dal colloquio, come sempre."
        )
    }
    pub fn already_in_draft(key: &str) -> String {
        format!("Le azioni selezionate sono già nella bozza: {key} la apre per firmarla.")
    }
    pub const NO_DRAFT: &str =
        "Nessun colloquio in bozza: p aggiunge le azioni selezionate e ne apre uno.";
    pub const KEPT_FORM: &str = "Modulo del bilancio di competenze";
}

// ---------------------------------------------------------------------------------------------
// Accompagnamento al lavoro (B03): "a processo" e "a risultato".

pub mod accompaniment {
    use std::fmt;

    use chrono::NaiveDate;

    use crate::domain::accompaniment::{EventError, EventKind, HiringError, StartError};
    use crate::store::AccompanimentError;

    pub const SCREEN_TITLE: &str = "Accompagnamento al lavoro";
    pub const LIST_TITLE: &str = "Accompagnamenti (B03)";
    pub const PROCESS_TITLE: &str = "A processo: vacancy, aziende, colloqui, offerte";
    pub const RESULT_TITLE: &str = "A risultato";
    pub const NO_EVENTS: &str = "  Nessun evento registrato.";
    pub const START_TITLE: &str = "Avvio dell'accompagnamento al lavoro";
    pub const EVENT_NEW_TITLE: &str = "Nuovo evento dell'accompagnamento";
    pub const EVENT_EDIT_TITLE: &str = "Modifica dell'evento";
    pub const RESULT_FORM_TITLE: &str = "Risultato: l'assunzione";
    pub const START_NOTE: &str = "L'accompagnamento realizza un'azione B03 del patto firmato, che \
         passa «in corso». Date GG/MM/AAAA.";
    pub const EVENT_NOTE: &str = "Per vacancy, azienda contattata e offerta va indicata \
         l'azienda. Date GG/MM/AAAA.";
    pub const RESULT_NOTE: &str = "Salvando, l'accompagnamento si chiude e l'azione B03 collegata \
         si conclude con l'assunzione come esito. Le altre azioni aperte si chiudono solo se le \
         segni (spazio).";

    pub const F_START: &str = "Data di avvio";
    pub const F_ACTION: &str = "Azione del patto";
    pub const NEW_ACTION: &str = "nuova azione B03 da registrare nel patto firmato";
    pub const F_KIND: &str = "Tipo di evento";
    pub const F_DATE: &str = "Data";
    pub const F_COMPANY: &str = "Azienda";
    pub const F_ROLE: &str = "Ruolo";
    pub const F_OUTCOME: &str = "Esito";
    pub const F_NOTES: &str = "Note";
    pub const F_EMPLOYER: &str = "Datore di lavoro";
    pub const F_EMPLOYER_CODE: &str = "C.F. o partita IVA";
    pub const F_HIRED_ON: &str = "Assunzione dal";
    pub const F_CONTRACT: &str = "Contratto";
    pub const F_MONTHS: &str = "Durata in mesi";
    pub const F_ALSO_CLOSE: &str = "Chiudi anche";

    /// The description of a B03 action recorded in the plan when an accompaniment starts.
    pub const RECORDED_DESCRIPTION: &str = "accompagnamento al lavoro avviato dalla scheda";

    pub const KEPT: &str = "Accompagnamento al lavoro";
    pub const STARTED: &str = "Accompagnamento avviato: l'azione B03 del patto è in corso.";
    pub const EVENT_SAVED: &str = "Evento salvato.";
    pub const NO_PACT: &str = "La persona non ha un patto firmato: l'accompagnamento al lavoro \
         realizza un'azione B03 del patto. Firma prima il patto (colloquio dalla scheda).";
    pub const NO_B03: &str = "Nel patto firmato non c'è un'azione B03 aperta: salvando se ne \
         registra una nel patto.";
    pub const CHOOSE_B03: &str = "Nel patto ci sono più azioni B03 aperte: scegli quella che \
         l'accompagnamento realizza.";
    pub const ACTION_REQUIRED: &str = "scegli l'azione B03 con ← →";
    pub const DATE_REQUIRED: &str = "manca la data: scrivila come GG/MM/AAAA";
    pub const BAD_DATE: &str = "data non valida: scrivila come GG/MM/AAAA, per esempio 03/12/2026";
    pub const KIND_REQUIRED: &str = "scegli il tipo di evento con ← →";
    pub const NONE_SELECTED: &str = "Nessun accompagnamento: avviane uno.";
    pub const CLOSED: &str = "L'accompagnamento è concluso con l'assunzione: non si aggiungono \
         né modificano eventi, né si registra un altro risultato.";
    pub const NO_EVENT_HERE: &str = "Nessun evento da modificare: aggiungine uno.";

    /// The headings of the events' columns.
    pub const EVENT_COLUMNS: [&str; 5] = ["Data", "Tipo", "Azienda", "Ruolo", "Esito"];

    pub const EVENT_KINDS: [&str; 4] = [
        "vacancy proposta",
        "azienda contattata",
        "preparazione al colloquio",
        "offerta valutata",
    ];

    pub fn kind_label(kind: EventKind) -> &'static str {
        EventKind::ALL
            .iter()
            .position(|k| *k == kind)
            .map_or("", |i| EVENT_KINDS[i])
    }

    fn day(date: &NaiveDate) -> String {
        date.format("%d/%m/%Y").to_string()
    }

    pub fn none(key: &str) -> String {
        format!("Nessun accompagnamento al lavoro: {key} ne avvia uno.")
    }

    pub fn no_result(key: &str) -> String {
        format!("  In corso: {key} registra l'assunzione quando la persona è assunta.")
    }

    /// One accompaniment in the list.
    pub fn list_line(
        started: &NaiveDate,
        action: &str,
        events: usize,
        closed: Option<&NaiveDate>,
    ) -> String {
        let events = match events {
            0 => "nessun evento".to_string(),
            1 => "1 evento".to_string(),
            n => format!("{n} eventi"),
        };
        match closed {
            None => format!(
                "dal {} · in corso · {events} · azione {action}",
                day(started)
            ),
            Some(on) => format!(
                "dal {} al {} · assunzione · {events} · azione {action}",
                day(started),
                day(on)
            ),
        }
    }

    pub fn employer_line(employer: &str, code: &str) -> String {
        format!("  Datore di lavoro: {employer} · C.F./P. IVA {code}")
    }

    pub fn contract_line(hired_on: &NaiveDate, contract: &str, months: Option<u32>) -> String {
        let duration = months.map_or(String::new(), |m| format!(", {}", months_text(m)));
        format!("  Assunzione dal {} · {contract}{duration}", day(hired_on))
    }

    fn months_text(m: u32) -> String {
        if m == 1 {
            "1 mese".to_string()
        } else {
            format!("{m} mesi")
        }
    }

    /// The option of an open B03 action in the start form.
    pub fn action_option(description: &str, status: &str, due: Option<&NaiveDate>) -> String {
        let mut text = "B03".to_string();
        if !description.trim().is_empty() {
            text.push_str(&format!(" {}", description.trim()));
        }
        text.push_str(&format!(" · {status}"));
        if let Some(d) = due {
            text.push_str(&format!(" · entro il {}", day(d)));
        }
        text
    }

    /// The outcome of the B03 action the hiring ends.
    pub fn hiring_outcome(
        employer: &str,
        hired_on: &NaiveDate,
        contract: &str,
        months: Option<u32>,
    ) -> String {
        let contract = contract.to_lowercase();
        let duration = months.map_or(String::new(), |m| format!(" di {}", months_text(m)));
        format!(
            "assunzione presso {employer} dal {}, {contract}{duration}",
            day(hired_on)
        )
    }

    /// The outcome of another action the operator closed with the hiring.
    pub fn closed_by_hiring(employer: &str, hired_on: &NaiveDate) -> String {
        format!(
            "chiusa per l'assunzione presso {employer} dal {}",
            day(hired_on)
        )
    }

    pub fn hiring_saved(closed: usize) -> String {
        match closed {
            0 => "Assunzione registrata: accompagnamento chiuso.".to_string(),
            1 => "Assunzione registrata: accompagnamento chiuso, 1 azione del patto conclusa."
                .to_string(),
            n => format!(
                "Assunzione registrata: accompagnamento chiuso, {n} azioni del patto concluse."
            ),
        }
    }

    impl fmt::Display for StartError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                StartError::InFuture => write!(
                    f,
                    "la data di avvio è futura: l'accompagnamento si registra dal giorno in cui \
                     inizia"
                ),
            }
        }
    }

    impl fmt::Display for EventError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                EventError::Closed => f.write_str(CLOSED),
                EventError::BeforeStart { started_on } => write!(
                    f,
                    "la data è precedente all'avvio dell'accompagnamento ({}): correggila",
                    day(started_on)
                ),
                EventError::InFuture => {
                    write!(f, "la data è futura: registra l'evento quando è avvenuto")
                }
                EventError::CompanyMissing(kind) => write!(
                    f,
                    "manca l'azienda: per «{}» scrivi il nome dell'azienda",
                    kind_label(*kind)
                ),
            }
        }
    }

    impl fmt::Display for HiringError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                HiringError::EmployerNameMissing => {
                    write!(
                        f,
                        "manca il datore di lavoro: scrivi la ragione sociale o il nome"
                    )
                }
                HiringError::EmployerCode(e) => write!(f, "{e}"),
                HiringError::HiredOnMissing => f.write_str(DATE_REQUIRED),
                HiringError::HiredOnNotADate(text) => write!(
                    f,
                    "«{text}» non è una data valida: scrivila come GG/MM/AAAA"
                ),
                HiringError::HiredBeforeStart { started_on } => write!(
                    f,
                    "l'assunzione non può precedere l'avvio dell'accompagnamento ({}): \
                     correggi la data",
                    day(started_on)
                ),
                HiringError::HiredInFuture => write!(
                    f,
                    "la data di assunzione è futura: registra il risultato dal giorno \
                     dell'assunzione"
                ),
                HiringError::ContractMissing => write!(f, "scegli il tipo di contratto con ← →"),
                HiringError::ContractUnknown(id) => write!(
                    f,
                    "il contratto «{id}» non è più in contratti.toml: scegline un altro"
                ),
                HiringError::MonthsRequired { contract } => {
                    write!(f, "«{contract}» è a termine: scrivi la durata in mesi")
                }
                HiringError::MonthsNotAllowed { contract } => write!(
                    f,
                    "«{contract}» non ha una durata: lascia vuoto il campo dei mesi"
                ),
                HiringError::MonthsNotANumber(text) => write!(
                    f,
                    "«{text}» non è un numero di mesi: scrivi solo cifre, per esempio 12"
                ),
                HiringError::MonthsOutOfRange(m) => write!(
                    f,
                    "{m} mesi non è una durata possibile: va da 1 a {}",
                    crate::domain::accompaniment::MAX_MONTHS
                ),
            }
        }
    }

    impl fmt::Display for AccompanimentError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                AccompanimentError::Store(e) => write!(f, "{e}"),
                AccompanimentError::Event(e) => write!(f, "{e}"),
                AccompanimentError::Hiring(errors) => {
                    let texts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                    f.write_str(&texts.join("; "))
                }
                AccompanimentError::NotLinkable(_) => write!(
                    f,
                    "l'azione scelta non è più un'azione B03 aperta del patto firmato: riapri \
                     l'accompagnamento e scegline un'altra"
                ),
                AccompanimentError::NotClosable(id) => write!(
                    f,
                    "l'azione {id} scelta da chiudere non è più aperta nel patto: riapri il \
                     risultato per vedere le azioni come sono ora"
                ),
            }
        }
    }
}

/// Consulenza orientativa (A06): the sessions on the person's card.
pub mod counselling {
    use crate::domain::sessions::SessionProblem;

    pub const TITLE: &str = "Consulenza orientativa (A06)";
    pub const SESSIONS: &str = "Sessioni di consulenza";
    pub const NO_SESSIONS: &str = "Nessuna sessione registrata.";
    pub const ACTIONS: &str = "Azioni A06 del piano firmato";
    pub const NO_ACTIONS: &str = "Nessuna azione A06 nel piano firmato: la prima sessione può \
                                  registrarne una.";
    pub const NO_PACT: &str = "La persona non ha un patto firmato: la consulenza si registra su \
                               un'azione A06 del piano; firma prima il patto dal colloquio.";
    pub const HEADER: [&str; 4] = ["Data", "Operatore", "Obiettivi", "Esito"];
    pub const CLOSING: &str = "chiude";
    pub const NEW_TITLE: &str = "Nuova sessione di consulenza";
    pub const EDIT_TITLE: &str = "Modifica della sessione di consulenza";
    pub const F_DATE: &str = "Data (GG/MM/AAAA)";
    pub const F_ACTION: &str = "Azione del piano";
    pub const F_GOALS: &str = "Obiettivi";
    pub const F_OBSTACLES: &str = "Ostacoli emersi";
    pub const F_STRATEGIES: &str = "Strategie concordate";
    pub const F_OUTCOME: &str = "Esito";
    pub const F_NEXT: &str = "Prossimo passo";
    pub const F_CLOSES: &str = "Chiude la consulenza";
    pub const NEW_ACTION: &str = "nuova azione A06 nel piano firmato";
    pub const NEW_ACTION_NOTE: &str = "Il piano firmato non ha azioni A06 aperte: salvando, \
                                       un'azione A06 viene registrata nel piano insieme alla \
                                       sessione.";
    pub const FORM_NOTE: &str = "La prima sessione avvia l'azione (in corso); quella che chiude \
                                 la consulenza la conclude con il suo esito.";
    pub const ACTION_DESCRIPTION: &str = "Consulenza orientativa";
    pub const SAVED: &str = "Sessione di consulenza salvata; l'azione A06 del piano è aggiornata.";
    pub const KEPT: &str = "sessione di consulenza";
    pub const NOT_LINKED: &str = "nessuna azione collegata";
    pub const CHOOSE_ACTION: &str = "scegli l'azione A06 del piano che la sessione svolge \
                                     (frecce o iniziale)";

    pub fn problem(p: SessionProblem) -> &'static str {
        match p {
            SessionProblem::TooOld => {
                "la data è di più di un anno fa: controlla l'anno (GG/MM/AAAA)"
            }
            SessionProblem::InFuture => {
                "la data è dopo oggi: una sessione si registra quando si è tenuta"
            }
            SessionProblem::Empty => "scrivi almeno gli obiettivi o l'esito della sessione",
            SessionProblem::ClosingWithoutOutcome => {
                "la sessione chiude la consulenza: scrivi l'esito, che diventa l'esito \
                 dell'azione A06"
            }
            SessionProblem::NoOperator => "manca l'operatore",
        }
    }

    /// An A06 action of the plan, as offered in the form and listed on the screen.
    pub fn action_option(
        status: &str,
        due: &str,
        started: &str,
        ended: &str,
        description: &str,
    ) -> String {
        let mut out = match description.trim() {
            "" => format!("A06 · {status}"),
            d => format!("A06 {d} · {status}"),
        };
        if !due.is_empty() {
            out.push_str(&format!(" · scad. {due}"));
        }
        if !started.is_empty() {
            out.push_str(&format!(" · iniziata {started}"));
        }
        if !ended.is_empty() {
            out.push_str(&format!(" · conclusa {ended}"));
        }
        out
    }
}

/// Group sessions: seminars (A06) and workshops (B03) recorded once for many people.
pub mod groups {
    use crate::store::GroupRefusal;

    pub const TITLE: &str = "Incontri di gruppo (seminari A06, laboratori B03)";
    pub const EMPTY: &str = "Nessun incontro di gruppo registrato.";
    pub const HEADER: [&str; 5] = ["Data", "Cod.", "Argomento", "Operatore", "Partecipanti"];
    pub const NEW_TITLE: &str = "Nuovo incontro di gruppo";
    pub const EDIT_TITLE: &str = "Modifica dell'incontro di gruppo";
    pub const F_CODE: &str = "Tipo";
    pub const CODES: [&str; 2] = ["A06 seminario", "B03 laboratorio"];
    pub const F_DATE: &str = "Data (GG/MM/AAAA)";
    pub const F_TOPIC: &str = "Argomento";
    pub const F_OPERATOR: &str = "Operatore";
    pub const F_PLACE: &str = "Luogo";
    pub const NO_TOPIC: &str = "scrivi l'argomento dell'incontro";
    pub const NO_OPERATOR: &str = "scrivi l'operatore che conduce l'incontro";
    pub const FAR_DATE: &str = "la data è a più di un anno da oggi: controlla l'anno (GG/MM/AAAA)";
    pub const UNKNOWN_CODE: &str = "scegli A06 (seminario) o B03 (laboratorio)";
    pub const PARTICIPANTS: &str = "Partecipanti";
    pub const NO_PARTICIPANTS: &str = "Nessun partecipante.";
    pub const NOT_MARKED: &str = "presenza da segnare";
    pub const PRESENT: &str = "presente";
    pub const ABSENT: &str = "assente";
    pub const SEARCH_TITLE: &str = "Aggiungi un partecipante";
    pub const SEARCH_LABEL: &str = "Cerca (cognome, nome o codice fiscale): ";
    pub const SEARCH_HINT: &str = "Invio aggiunge la persona selezionata; Esc torna \
                                   all'incontro.";
    pub const SEARCH_EMPTY: &str = "Nessuna persona trovata.";
    pub const SAVED: &str = "Incontro di gruppo salvato.";
    pub const ADDED: &str = "Partecipante aggiunto; l'azione è registrata nel suo piano.";
    pub const REMOVED: &str = "Partecipante tolto; la sua azione è annullata.";
    pub const MARKED_PRESENT: &str = "Presenza segnata; l'azione è conclusa.";
    pub const MARKED_ABSENT: &str = "Assenza segnata; l'azione è annullata.";
    pub const KEPT: &str = "incontro di gruppo";
    pub const REMOVE_TITLE: &str = "Togliere il partecipante?";
    pub const REMOVE_QUESTION: &str = "Togliere la persona dall'incontro?";
    pub fn remove_text(surname: &str, name: &str) -> String {
        format!(
            "{surname} {name} esce dall'incontro e l'azione registrata nel suo piano viene \
             annullata."
        )
    }
    pub const SAVE_FIRST: &str = "Salva prima l'incontro (Ctrl+S), poi aggiungi i partecipanti.";

    pub fn refusal(r: GroupRefusal) -> &'static str {
        match r {
            GroupRefusal::AlreadyIn => {
                "la persona è già fra i partecipanti dell'incontro: non si aggiunge due volte"
            }
            GroupRefusal::AttendanceMarked => {
                "la presenza di questa persona è già segnata e la sua azione aggiornata: per \
                 correggerla aggiorna l'azione dal piano della sua scheda"
            }
            GroupRefusal::BeforeTheSession => {
                "l'incontro non si è ancora tenuto: la presenza si segna dal giorno \
                 dell'incontro"
            }
            GroupRefusal::Duplicate => {
                "un incontro dello stesso tipo, nello stesso giorno e con lo stesso argomento è \
                 già registrato: aprilo dall'elenco e aggiungi lì i partecipanti"
            }
            GroupRefusal::DateFixed => {
                "le presenze sono già segnate: l'incontro si è tenuto in quel giorno e la data \
                 non si cambia; se è sbagliata, registra un nuovo incontro"
            }
            GroupRefusal::CodeFixed => {
                "l'incontro ha già partecipanti, con un'azione di quel codice nel piano: il \
                 tipo non si cambia; registra un nuovo incontro"
            }
        }
    }

    pub fn heading(count: usize) -> String {
        format!("Incontri di gruppo · {count}")
    }

    pub fn session_heading(code: &str, date: &str, topic: &str) -> String {
        format!("{code} del {date} · {topic}")
    }

    pub fn counts(participants: i64, present: i64) -> String {
        format!("{participants} ({present} presenti)")
    }

    pub fn details(operator: &str, place: &str) -> String {
        if place.trim().is_empty() {
            format!("Operatore: {operator}")
        } else {
            format!("Operatore: {operator} · Luogo: {place}")
        }
    }
}
