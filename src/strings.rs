//! Every text the operator reads, in Italian, in one place: command help, messages, and the
//! wording of every error the core can report.

use std::fmt;

use crate::assess::{Format, InputError, Kind};
use crate::data::{DataError, Problem};
use crate::domain::codice_fiscale::{CfError, Expected};
use crate::domain::scoring::{AnswerError, AssessmentError, PathChangeError, PlafondError};

pub const ABOUT: &str = "Colloquio di orientamento, Assessment GOL e Patto di Servizio \
                         per i Centri per l'Impiego";
pub const HELP_DATA: &str = "Cartella con i file di dati che sostituiscono quelli predefiniti \
                             (strumento.toml, azioni.toml, ...)";
pub const HELP_ASSESS: &str = "Calcola i punteggi di un file di risposte (TOML, o JSON se il nome \
                               finisce in .json) e stampa l'esito in JSON";
pub const HELP_ASSESS_FILE: &str = "File delle risposte";

pub const ERROR_PREFIX: &str = "errore";

pub const HELP_HELP: &str = "Mostra questo aiuto";
pub const HELP_VERSION: &str = "Mostra la versione";
pub const HEADING_COMMANDS: &str = "Comandi";
pub const HEADING_OPTIONS: &str = "Opzioni";
pub const HEADING_ARGUMENTS: &str = "Argomenti";
pub const USAGE: &str = "orienta [OPZIONI] <COMANDO>";
pub const USAGE_ASSESS: &str = "orienta assess [OPZIONI] <FILE>";
pub const HELP_TEMPLATE: &str = "{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";

pub fn cannot_read(path: &str, error: &std::io::Error) -> String {
    format!("impossibile leggere {path}: {}", io_reason(error))
}

/// The reason of an I/O error in Italian, for the kinds an operator meets.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "il file non esiste".into(),
        ErrorKind::PermissionDenied => "permesso negato".into(),
        ErrorKind::IsADirectory => "è una cartella, non un file".into(),
        ErrorKind::InvalidData => "il contenuto non è testo UTF-8".into(),
        _ => error.to_string(),
    }
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
    message.to_string()
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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotADirectory => write!(f, "non è una cartella leggibile"),
            Problem::Unreadable(reason) => write!(f, "file illeggibile ({reason})"),
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
            Problem::ZeroLimit(field) => write!(f, "«{field}» deve essere maggiore di zero"),
            Problem::EqfOutOfRange(eqf) => {
                write!(f, "livello EQF {eqf} non valido: va da 0 a 8")
            }
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
            PlafondError::TooFar {
                target,
                raw,
                threshold,
                max_distance,
            } => write!(
                f,
                "plafond non ammesso su {target}: il punteggio {raw} dista più di {max_distance} \
                 punti dalla soglia {threshold}"
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
                 (sezione, punti, nota) e cambio_percorso (percorso, categoria, nota)"
            ),
            InputError::MissingKey(key) => write!(f, "manca la chiave «{key}»"),
            InputError::WrongType { key, expected } => {
                let what = match expected {
                    Kind::Table => "una tabella",
                    Kind::Integer => "un numero intero",
                    Kind::Text => "un testo fra virgolette",
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
        })
    }
}

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
                "{} non è un database di orienta: indica un altro file con --db",
                path.display()
            ),
            E::NewerSchema { found, supported } => write!(
                f,
                "il database è di una versione di orienta più recente (schema {found}, questa \
                 versione arriva allo schema {supported}): aggiorna orienta prima di usarlo"
            ),
            E::Migration(reason) => write!(f, "aggiornamento del database non riuscito: {reason}"),
            E::Busy => write!(
                f,
                "il database è occupato da un altro operatore da troppo tempo: riprova fra \
                 qualche secondo, quanto hai scritto non è perso"
            ),
            E::Sqlite(e) => write!(f, "errore del database: {e}"),
            E::NotFound { entity, id } => write!(f, "{entity} {id} non esiste"),
            E::Conflict { entity, id } => write!(
                f,
                "un altro operatore ha modificato {entity} {id} nel frattempo: le tue modifiche \
                 non sono state salvate ma restano a schermo; ricarica e riapplicale"
            ),
            E::InterviewClosed(id) => write!(
                f,
                "il colloquio {id} è chiuso e il patto è firmato: per cambiarlo apri un nuovo \
                 colloquio"
            ),
            E::Answer(e) => e.fmt(f),
            E::DuplicateCodiceFiscale(cf) => {
                write!(f, "esiste già un cittadino con codice fiscale {cf}")
            }
            E::PropensityLimit => write!(
                f,
                "la persona ha già 3 propensioni, il massimo: modificane o eliminane una"
            ),
            E::AppendOnly => write!(
                f,
                "il registro delle modifiche e i patti firmati non si possono modificare né \
                 cancellare"
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
                "nell'intestazione mancano le colonne {}",
                columns.join(", ")
            ),
            E::UnknownColumn(name) => write!(
                f,
                "colonna «{name}» sconosciuta nell'intestazione; le colonne sono {}",
                crate::import::COLUMNS.join(";")
            ),
            E::DuplicateColumn(name) => {
                write!(f, "la colonna «{name}» compare due volte nell'intestazione")
            }
            E::UnclosedQuote { line } => write!(
                f,
                "riga {line}: virgolette aperte e mai chiuse; chiudile o toglile"
            ),
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
        }
    }
}

pub const HELP_DB: &str = "File del database (predefinito: ~/.local/share/orienta/orienta.db)";
pub const HELP_OPERATOR: &str = "Nome dell'operatore registrato nelle modifiche \
                                 (predefinito: l'utente di sistema)";
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
    format!(
        "{rejected} righe non valide: non è stato scritto nulla. Correggi le righe indicate o usa \
         --skip-invalid per importare solo quelle valide"
    )
}

pub fn unknown_citizen(cf: &str) -> String {
    format!("nessun cittadino con codice fiscale {cf} nel database")
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

pub fn backup_done(path: &str) -> String {
    format!("copia completata: {path}")
}

pub fn migrated(from: i64, to: usize, backup: &str) -> String {
    format!("database aggiornato dallo schema {from} al {to}; copia di sicurezza in {backup}")
}
