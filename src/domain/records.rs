//! The records of a person's path through the CPI: registry data, interviews, propensioni, CV,
//! actions, pacts, audit entries; and the rules that need no database (propensioni, CV).

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::instrument::PathId;
use super::scoring::{Answers, PathChange, Plafond};

/// At most this many propensioni per person.
pub const MAX_PROPENSITIES: usize = 3;
/// A CV is valid this many months from filing, then obsolete.
pub const CV_VALID_MONTHS: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Sex {
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "F")]
    Female,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "M" | "m" => Some(Sex::Male),
            "F" | "f" => Some(Sex::Female),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Citizenship {
    Italiana,
    Ue,
    ExtraUe,
}

impl Citizenship {
    pub fn code(self) -> &'static str {
        match self {
            Citizenship::Italiana => "italiana",
            Citizenship::Ue => "ue",
            Citizenship::ExtraUe => "extra_ue",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "italiana" => Some(Citizenship::Italiana),
            "ue" => Some(Citizenship::Ue),
            "extra_ue" => Some(Citizenship::ExtraUe),
            _ => None,
        }
    }
}

/// The SAP-like registry data of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitizenData {
    pub codice_fiscale: String,
    #[serde(rename = "cognome")]
    pub surname: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "sesso")]
    pub sex: Sex,
    #[serde(rename = "data_nascita")]
    pub birth_date: NaiveDate,
    #[serde(rename = "comune_nascita")]
    pub birth_place: String,
    #[serde(rename = "cittadinanza")]
    pub citizenship: Option<Citizenship>,
    #[serde(rename = "telefono")]
    pub phone: String,
    pub email: String,
    #[serde(rename = "nucleo_familiare")]
    pub household: String,
    /// Id from `data/titoli_studio.toml`, empty when unknown.
    #[serde(rename = "titolo_studio")]
    pub education: String,
    #[serde(rename = "condizione_occupazionale")]
    pub employment: String,
    #[serde(rename = "data_did")]
    pub did_date: Option<NaiveDate>,
    #[serde(rename = "sostegno_reddito")]
    pub income_support: String,
    #[serde(rename = "classe_profilazione_quantitativa")]
    pub quantitative_class: Option<u8>,
    /// Ids from `data/categorie.toml`.
    #[serde(rename = "categorie_speciali")]
    pub special_categories: Vec<String>,
}

impl CitizenData {
    /// A record with the mandatory fields and everything else empty.
    pub fn new(
        codice_fiscale: &str,
        surname: &str,
        name: &str,
        sex: Sex,
        birth_date: NaiveDate,
    ) -> Self {
        CitizenData {
            codice_fiscale: codice_fiscale.to_string(),
            surname: surname.to_string(),
            name: name.to_string(),
            sex,
            birth_date,
            birth_place: String::new(),
            citizenship: None,
            phone: String::new(),
            email: String::new(),
            household: String::new(),
            education: String::new(),
            employment: String::new(),
            did_date: None,
            income_support: String::new(),
            quantitative_class: None,
            special_categories: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citizen {
    pub id: i64,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(flatten)]
    pub data: CitizenData,
    #[serde(rename = "sintetico")]
    pub synthetic: bool,
    #[serde(rename = "creato_il")]
    pub created_at: String,
    #[serde(rename = "modificato_il")]
    pub updated_at: String,
}

/// One row of a citizen search, with what the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitizenSummary {
    pub id: i64,
    pub codice_fiscale: String,
    #[serde(rename = "cognome")]
    pub surname: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "ultimo_colloquio")]
    pub last_interview_at: Option<String>,
    #[serde(rename = "stato_ultimo_colloquio")]
    pub last_status: Option<InterviewStatus>,
    #[serde(rename = "ultimo_percorso")]
    pub last_path: Option<PathId>,
    #[serde(rename = "cv_depositato_il")]
    pub cv_filed_on: Option<NaiveDate>,
}

/// Upper case, accents folded, letters and digits only: what surname search compares.
pub fn search_key(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let folded = match c {
                'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'A',
                'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'E',
                'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
                'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'O',
                'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
                'ç' | 'Ç' => 'C',
                'ñ' | 'Ñ' => 'N',
                other => other.to_ascii_uppercase(),
            };
            folded.is_ascii_alphanumeric().then_some(folded)
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewKind {
    /// The person released the DID: D.lgs. 150/2015 interview, with the assessment.
    Did150,
    /// Employed or other reasons: information and orientation, no standard assessment.
    Altro,
}

impl InterviewKind {
    pub fn code(self) -> &'static str {
        match self {
            InterviewKind::Did150 => "did150",
            InterviewKind::Altro => "altro",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "did150" => Some(InterviewKind::Did150),
            "altro" => Some(InterviewKind::Altro),
            _ => None,
        }
    }

    pub fn allows_assessment(self) -> bool {
        self == InterviewKind::Did150
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewStatus {
    Bozza,
    Chiusa,
    /// A draft set aside by an operator: kept, never signed.
    Scartata,
}

impl InterviewStatus {
    pub fn code(self) -> &'static str {
        match self {
            InterviewStatus::Bozza => "bozza",
            InterviewStatus::Chiusa => "chiusa",
            InterviewStatus::Scartata => "scartata",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "bozza" => Some(InterviewStatus::Bozza),
            "chiusa" => Some(InterviewStatus::Chiusa),
            "scartata" => Some(InterviewStatus::Scartata),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistEntry {
    #[serde(rename = "dimensione")]
    pub dimension: String,
    #[serde(rename = "giudizio")]
    pub rating: Option<String>,
    #[serde(rename = "nota")]
    pub note: String,
}

/// Art. 20 fields of the pact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PactTerms {
    #[serde(rename = "responsabile")]
    pub responsible: String,
    #[serde(rename = "frequenza_contatti")]
    pub contact_frequency: String,
    #[serde(rename = "prova_ricerca")]
    pub search_proof: String,
    #[serde(rename = "disponibile_laboratori")]
    pub available_workshops: Option<bool>,
    #[serde(rename = "disponibile_formazione")]
    pub available_training: Option<bool>,
    #[serde(rename = "disponibile_offerte")]
    pub available_offers: Option<bool>,
}

/// One sitting of the orientation interview, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interview {
    pub id: i64,
    pub citizen_id: i64,
    pub version: i64,
    pub kind: InterviewKind,
    pub operator: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub status: InterviewStatus,
    pub phase: u8,
    /// Ids of the informative topics that were covered.
    pub info_items: Vec<String>,
    pub expectations: String,
    pub answers: Answers,
    /// Notes per area id.
    pub answer_notes: Vec<(String, String)>,
    pub checklist: Vec<ChecklistEntry>,
    pub plafond: Option<Plafond>,
    pub final_note: String,
    pub social_services_involved: Option<bool>,
    pub fragility_note: String,
    pub proposed_path: Option<PathId>,
    pub final_path: Option<PathId>,
    pub path_change: Option<PathChange>,
    pub terms: PactTerms,
    /// The signed pact version (row id) this interview started from, if any.
    pub carried_from_pact: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Propensity {
    #[serde(rename = "codice_cp2021")]
    pub cp2021_code: String,
    #[serde(rename = "titolo")]
    pub title: String,
    #[serde(rename = "da_lavoro")]
    pub from_work: bool,
    #[serde(rename = "da_istruzione")]
    pub from_education: bool,
    #[serde(rename = "da_formazione")]
    pub from_training: bool,
    #[serde(rename = "da_attitudini")]
    pub from_aptitude: bool,
    #[serde(rename = "data_intervista")]
    pub interview_date: NaiveDate,
    pub sep: Option<u32>,
    #[serde(rename = "competenze")]
    pub skills: String,
    #[serde(rename = "anni_esperienza")]
    pub years_experience: Option<u32>,
    #[serde(rename = "anno_ultimo_lavoro")]
    pub last_year: Option<i32>,
    #[serde(rename = "disponibilita")]
    pub availability: String,
    #[serde(rename = "patenti_abilitazioni")]
    pub licences: String,
    #[serde(rename = "note")]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropensityError {
    NoProfile,
    NoProvenance,
    TooMany,
    BadCp2021(String),
    UnknownSep(u32),
}

/// CP2021 codes: 1 to 5 levels of digits separated by dots (e.g. 5, 5.1, 5.1.2.2.0).
pub fn is_cp2021_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    (1..=5).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 1 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks a propensione; `existing` is how many the person already has besides this one.
pub fn check_propensity(
    p: &Propensity,
    existing: usize,
    known_seps: &[u32],
) -> Result<(), PropensityError> {
    if existing >= MAX_PROPENSITIES {
        return Err(PropensityError::TooMany);
    }
    if p.cp2021_code.trim().is_empty() && p.title.trim().is_empty() {
        return Err(PropensityError::NoProfile);
    }
    if !p.cp2021_code.trim().is_empty() && !is_cp2021_code(p.cp2021_code.trim()) {
        return Err(PropensityError::BadCp2021(p.cp2021_code.clone()));
    }
    if !(p.from_work || p.from_education || p.from_training || p.from_aptitude) {
        return Err(PropensityError::NoProvenance);
    }
    if let Some(sep) = p.sep
        && !known_seps.contains(&sep)
    {
        return Err(PropensityError::UnknownSep(sep));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CvRecord {
    #[serde(rename = "depositato_il")]
    pub filed_on: NaiveDate,
    #[serde(rename = "consenso")]
    pub consent: bool,
    #[serde(rename = "province")]
    pub provinces: Vec<String>,
    #[serde(rename = "file_pdf")]
    pub pdf_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CvError {
    NoEducationTitle,
    NoPropensity,
    NoConsent,
    UnknownProvince(String),
    /// The file name field is empty.
    NoFile,
    /// The named file does not exist.
    FileMissing(String),
    /// The named file exists but cannot be read: the path and the reason.
    FileUnreadable(String, String),
    /// The file's content is refused: the path and why.
    File(String, crate::domain::cv_file::CvFileError),
}

/// The checks before filing a CV. `has_title`: the person has at least one education title.
/// Provinces are optional (the CV is then visible everywhere); the file's content is checked by
/// [`check_cv_file`] on the bytes the caller read.
pub fn check_cv(
    cv: &CvRecord,
    has_title: bool,
    propensities: usize,
    known_provinces: &[&str],
) -> Result<(), CvError> {
    if !has_title {
        return Err(CvError::NoEducationTitle);
    }
    if propensities == 0 {
        return Err(CvError::NoPropensity);
    }
    if !cv.consent {
        return Err(CvError::NoConsent);
    }
    if let Some(unknown) = cv
        .provinces
        .iter()
        .find(|p| !known_provinces.contains(&p.as_str()))
    {
        return Err(CvError::UnknownProvince(unknown.clone()));
    }
    if cv.pdf_path.trim().is_empty() {
        return Err(CvError::NoFile);
    }
    Ok(())
}

/// The file named in `cv`, read by the caller: a PDF with a text layer, within the size limit.
pub fn check_cv_file(cv: &CvRecord, bytes: &[u8]) -> Result<(), CvError> {
    crate::domain::cv_file::check_cv_pdf(bytes)
        .map_err(|e| CvError::File(cv.pdf_path.trim().to_string(), e))
}

/// The first day a CV filed on `filed_on` is obsolete: 12 months later (the last day of the
/// month when that month is shorter).
pub fn cv_obsolete_from(filed_on: NaiveDate) -> NaiveDate {
    filed_on
        .checked_add_months(Months::new(CV_VALID_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// True once 12 months have passed since filing.
pub fn cv_obsolete(filed_on: NaiveDate, today: NaiveDate) -> bool {
    today >= cv_obsolete_from(filed_on)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// A service of the CPI.
    Cpi,
    /// A service of another actor of the network.
    Rete,
    /// Something the person does alone.
    Autonoma,
}

impl ActionKind {
    pub const ALL: [ActionKind; 3] = [ActionKind::Cpi, ActionKind::Rete, ActionKind::Autonoma];

    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Cpi => "cpi",
            ActionKind::Rete => "rete",
            ActionKind::Autonoma => "autonoma",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Programmata,
    InCorso,
    Conclusa,
    Annullata,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Programmata,
        ActionStatus::InCorso,
        ActionStatus::Conclusa,
        ActionStatus::Annullata,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::Programmata => "programmata",
            ActionStatus::InCorso => "in_corso",
            ActionStatus::Conclusa => "conclusa",
            ActionStatus::Annullata => "annullata",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedAction {
    #[serde(rename = "codice")]
    pub code: String,
    #[serde(rename = "tipo")]
    pub kind: ActionKind,
    #[serde(rename = "descrizione")]
    pub description: String,
    #[serde(rename = "scadenza")]
    pub due_date: Option<NaiveDate>,
    #[serde(rename = "stato")]
    pub status: ActionStatus,
    #[serde(rename = "esito")]
    pub outcome: String,
}

/// A signed Patto di Servizio, as signed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PactVersion {
    pub id: i64,
    #[serde(rename = "cittadino")]
    pub citizen_id: i64,
    #[serde(rename = "colloquio")]
    pub interview_id: i64,
    #[serde(rename = "numero")]
    pub number: String,
    #[serde(rename = "versione")]
    pub version: i64,
    #[serde(rename = "firmato_il")]
    pub signed_at: String,
    #[serde(rename = "operatore")]
    pub operator: String,
    #[serde(rename = "contenuto")]
    pub content: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    #[serde(rename = "quando")]
    pub at: String,
    #[serde(rename = "operatore")]
    pub operator: String,
    #[serde(rename = "entita")]
    pub entity: String,
    #[serde(rename = "id_entita")]
    pub entity_id: Option<i64>,
    #[serde(rename = "cittadino")]
    pub citizen_id: Option<i64>,
    #[serde(rename = "campo")]
    pub field: String,
    #[serde(rename = "valore_precedente")]
    pub old_value: Option<String>,
    #[serde(rename = "valore_nuovo")]
    pub new_value: Option<String>,
}

/// How the person accepted a signed version: signed the printed copy, or received the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AcceptanceKind {
    Firma,
    Pdf,
}

impl AcceptanceKind {
    pub const ALL: [AcceptanceKind; 2] = [AcceptanceKind::Firma, AcceptanceKind::Pdf];

    pub fn code(self) -> &'static str {
        match self {
            AcceptanceKind::Firma => "firma",
            AcceptanceKind::Pdf => "pdf",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The recorded acceptance of one signed version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acceptance {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub pact_version_id: i64,
    #[serde(rename = "accettato_il")]
    pub accepted_at: String,
    #[serde(rename = "operatore")]
    pub operator: String,
    #[serde(rename = "modo")]
    pub how: AcceptanceKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn propensity() -> Propensity {
        Propensity {
            cp2021_code: "5.1.2.2.0".into(),
            title: "Commesso di negozio".into(),
            from_work: true,
            from_education: false,
            from_training: false,
            from_aptitude: false,
            interview_date: date(2026, 11, 26),
            sep: Some(12),
            skills: String::new(),
            years_experience: Some(10),
            last_year: Some(2024),
            availability: String::new(),
            licences: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn search_key_folds_case_accents_and_punctuation() {
        assert_eq!(search_key("D'Angelo"), "DANGELO");
        assert_eq!(search_key("Niccolò  Dè Medici"), "NICCOLODEMEDICI");
        assert_eq!(search_key("rossi"), "ROSSI");
    }

    #[test]
    fn cp2021_codes() {
        for ok in ["5", "5.1", "5.1.2", "5.1.2.2", "5.1.2.2.0"] {
            assert!(is_cp2021_code(ok), "{ok}");
        }
        for bad in ["", "5.", "51", "5.1.2.2.0.1", "a.1", "5..1"] {
            assert!(!is_cp2021_code(bad), "{bad}");
        }
    }

    #[test]
    fn propensity_rules() {
        let seps: Vec<u32> = (1..=24).collect();
        assert_eq!(check_propensity(&propensity(), 2, &seps), Ok(()));
        assert_eq!(
            check_propensity(&propensity(), 3, &seps),
            Err(PropensityError::TooMany)
        );
        let none = Propensity {
            from_work: false,
            ..propensity()
        };
        assert_eq!(
            check_propensity(&none, 0, &seps),
            Err(PropensityError::NoProvenance)
        );
        let blank = Propensity {
            cp2021_code: " ".into(),
            title: String::new(),
            ..propensity()
        };
        assert_eq!(
            check_propensity(&blank, 0, &seps),
            Err(PropensityError::NoProfile)
        );
        let title_only = Propensity {
            cp2021_code: String::new(),
            ..propensity()
        };
        assert_eq!(check_propensity(&title_only, 0, &seps), Ok(()));
        let bad_code = Propensity {
            cp2021_code: "5-1".into(),
            ..propensity()
        };
        assert_eq!(
            check_propensity(&bad_code, 0, &seps),
            Err(PropensityError::BadCp2021("5-1".into()))
        );
        let bad_sep = Propensity {
            sep: Some(25),
            ..propensity()
        };
        assert_eq!(
            check_propensity(&bad_sep, 0, &seps),
            Err(PropensityError::UnknownSep(25))
        );
    }

    fn cv() -> CvRecord {
        CvRecord {
            filed_on: date(2026, 1, 31),
            consent: true,
            provinces: vec!["FI".into(), "PO".into()],
            pdf_path: "/home/cpi/cv/rossi.PDF".into(),
        }
    }

    #[test]
    fn cv_rules_in_order() {
        let provinces = ["FI", "PO", "PT"];
        assert_eq!(check_cv(&cv(), true, 1, &provinces), Ok(()));
        assert_eq!(
            check_cv(&cv(), false, 1, &provinces),
            Err(CvError::NoEducationTitle)
        );
        assert_eq!(
            check_cv(&cv(), true, 0, &provinces),
            Err(CvError::NoPropensity)
        );
        let no_consent = CvRecord {
            consent: false,
            ..cv()
        };
        assert_eq!(
            check_cv(&no_consent, true, 1, &provinces),
            Err(CvError::NoConsent)
        );
        let nowhere = CvRecord {
            provinces: vec![],
            ..cv()
        };
        assert_eq!(
            check_cv(&nowhere, true, 1, &provinces),
            Ok(()),
            "provinces are optional"
        );
        let roma = CvRecord {
            provinces: vec!["RM".into()],
            ..cv()
        };
        assert_eq!(
            check_cv(&roma, true, 1, &provinces),
            Err(CvError::UnknownProvince("RM".into()))
        );
        let no_file = CvRecord {
            pdf_path: "  ".into(),
            ..cv()
        };
        assert_eq!(
            check_cv(&no_file, true, 1, &provinces),
            Err(CvError::NoFile)
        );
    }

    #[test]
    fn cv_file_judged_by_content_not_name() {
        use crate::domain::cv_file::CvFileError;
        let named = |path: &str| CvRecord {
            pdf_path: path.into(),
            ..cv()
        };
        let text = crate::demo::sample_pdf(Some("Curriculum"));
        // The name does not matter: a PDF named .jpg is a PDF.
        assert_eq!(check_cv_file(&named("cv.jpg"), &text), Ok(()));
        assert_eq!(
            check_cv_file(&named("cv.pdf"), b"solo testo"),
            Err(CvError::File("cv.pdf".into(), CvFileError::NotPdf))
        );
        assert_eq!(
            check_cv_file(&named("scan.pdf"), &crate::demo::sample_pdf(None)),
            Err(CvError::File("scan.pdf".into(), CvFileError::NoText))
        );
    }

    #[test]
    fn cv_becomes_obsolete_after_twelve_months() {
        let filed = date(2025, 1, 31);
        assert_eq!(cv_obsolete_from(filed), date(2026, 1, 31));
        assert!(!cv_obsolete(filed, date(2026, 1, 30)));
        assert!(cv_obsolete(filed, date(2026, 1, 31)));
        let leap = date(2024, 2, 29);
        assert_eq!(cv_obsolete_from(leap), date(2025, 2, 28));
        assert!(!cv_obsolete(leap, date(2025, 2, 27)));
        assert!(cv_obsolete(leap, date(2025, 2, 28)));
    }

    #[test]
    fn codes_round_trip() {
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::from_code(k.code()), Some(k));
        }
        for s in ActionStatus::ALL {
            assert_eq!(ActionStatus::from_code(s.code()), Some(s));
        }
        for k in [InterviewKind::Did150, InterviewKind::Altro] {
            assert_eq!(InterviewKind::from_code(k.code()), Some(k));
        }
        for s in [
            InterviewStatus::Bozza,
            InterviewStatus::Chiusa,
            InterviewStatus::Scartata,
        ] {
            assert_eq!(InterviewStatus::from_code(s.code()), Some(s));
        }
        for c in [Citizenship::Italiana, Citizenship::Ue, Citizenship::ExtraUe] {
            assert_eq!(Citizenship::from_code(c.code()), Some(c));
        }
        assert_eq!(Sex::from_code("f"), Some(Sex::Female));
        assert!(!InterviewKind::Altro.allows_assessment());
    }
}

/// What a specialist activity (a counselling session, a skill gap analysis, an accompaniment,
/// a group session) does to the action of the plan it carries out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionStep {
    /// The activity began on this day (a first session, a first event).
    Started(NaiveDate),
    /// The activity ended on this day, with its outcome (empty: the outcome stays as it is).
    Ended { on: NaiveDate, outcome: String },
    /// The activity did not take place (a participant who did not come).
    Cancelled(NaiveDate),
}

/// An action's follow-up state: status, outcome, start and end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionProgress {
    pub status: ActionStatus,
    pub outcome: String,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

/// Why the dates of an action's follow-up cannot be right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressError {
    /// The start (`true`) or the end (`false`) is after today: they record what happened.
    Future {
        start: bool,
    },
    EndBeforeStart,
    /// A concluded action needs the day it ended.
    ConcludedWithoutEnd,
}

/// The follow-up's dates: what happened, so not after `today`; the end not before the start;
/// a concluded action with its end.
pub fn check_progress(
    status: ActionStatus,
    started_on: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), ProgressError> {
    if started_on.is_some_and(|d| d > today) {
        return Err(ProgressError::Future { start: true });
    }
    if ended_on.is_some_and(|d| d > today) {
        return Err(ProgressError::Future { start: false });
    }
    if let (Some(start), Some(end)) = (started_on, ended_on)
        && end < start
    {
        return Err(ProgressError::EndBeforeStart);
    }
    if status == ActionStatus::Conclusa && ended_on.is_none() {
        return Err(ProgressError::ConcludedWithoutEnd);
    }
    Ok(())
}

/// The state after `step`. An action moves forward only: a programmed one starts, a started
/// one ends; a concluded or cancelled action is never reopened by an activity (the operator
/// can still change it by hand from the card). A start date already recorded is kept.
pub fn after_step(now: &ActionProgress, step: &ActionStep) -> ActionProgress {
    let open = matches!(
        now.status,
        ActionStatus::Programmata | ActionStatus::InCorso
    );
    let mut next = now.clone();
    match step {
        ActionStep::Started(on) if open => {
            next.status = ActionStatus::InCorso;
            next.started_on = now.started_on.or(Some(*on));
        }
        ActionStep::Ended { on, outcome } if open => {
            next.status = ActionStatus::Conclusa;
            next.started_on = now.started_on.or(Some(*on));
            next.ended_on = Some(*on);
            if !outcome.trim().is_empty() {
                next.outcome = outcome.trim().to_string();
            }
        }
        ActionStep::Cancelled(on) if open => {
            next.status = ActionStatus::Annullata;
            next.ended_on = Some(*on);
        }
        _ => {}
    }
    next
}

#[cfg(test)]
mod step_tests {
    use super::*;

    fn progress(status: ActionStatus) -> ActionProgress {
        ActionProgress {
            status,
            outcome: String::new(),
            started_on: None,
            ended_on: None,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn a_first_session_starts_a_programmed_action_and_keeps_an_earlier_start() {
        let started = after_step(
            &progress(ActionStatus::Programmata),
            &ActionStep::Started(day(3)),
        );
        assert_eq!(started.status, ActionStatus::InCorso);
        assert_eq!(started.started_on, Some(day(3)));
        let again = after_step(&started, &ActionStep::Started(day(10)));
        assert_eq!(again, started);
    }

    #[test]
    fn closing_concludes_with_the_outcome_and_a_start_when_there_was_none() {
        let step = ActionStep::Ended {
            on: day(9),
            outcome: " obiettivi raggiunti ".into(),
        };
        let ended = after_step(&progress(ActionStatus::Programmata), &step);
        assert_eq!(ended.status, ActionStatus::Conclusa);
        assert_eq!(ended.started_on, Some(day(9)));
        assert_eq!(ended.ended_on, Some(day(9)));
        assert_eq!(ended.outcome, "obiettivi raggiunti");
        let mut with_outcome = progress(ActionStatus::InCorso);
        with_outcome.outcome = "già scritto".into();
        with_outcome.started_on = Some(day(1));
        let kept = after_step(
            &with_outcome,
            &ActionStep::Ended {
                on: day(9),
                outcome: "  ".into(),
            },
        );
        assert_eq!(kept.outcome, "già scritto");
        assert_eq!(kept.started_on, Some(day(1)));
    }

    #[test]
    fn follow_up_dates_record_what_happened() {
        let today = day(15);
        let ok = check_progress(ActionStatus::InCorso, Some(day(3)), None, today);
        assert_eq!(ok, Ok(()));
        assert_eq!(
            check_progress(ActionStatus::InCorso, Some(day(16)), None, today),
            Err(ProgressError::Future { start: true })
        );
        assert_eq!(
            check_progress(ActionStatus::Conclusa, Some(day(3)), Some(day(16)), today),
            Err(ProgressError::Future { start: false })
        );
        assert_eq!(
            check_progress(ActionStatus::Conclusa, Some(day(5)), Some(day(4)), today),
            Err(ProgressError::EndBeforeStart)
        );
        assert_eq!(
            check_progress(ActionStatus::Conclusa, Some(day(5)), None, today),
            Err(ProgressError::ConcludedWithoutEnd)
        );
        assert_eq!(
            check_progress(ActionStatus::Conclusa, None, Some(day(5)), today),
            Ok(())
        );
    }

    #[test]
    fn concluded_and_cancelled_actions_are_never_reopened() {
        for status in [ActionStatus::Conclusa, ActionStatus::Annullata] {
            let now = progress(status);
            for step in [
                ActionStep::Started(day(1)),
                ActionStep::Ended {
                    on: day(2),
                    outcome: "x".into(),
                },
                ActionStep::Cancelled(day(3)),
            ] {
                assert_eq!(after_step(&now, &step), now, "{status:?} {step:?}");
            }
        }
        let absent = after_step(
            &progress(ActionStatus::Programmata),
            &ActionStep::Cancelled(day(4)),
        );
        assert_eq!(absent.status, ActionStatus::Annullata);
        assert_eq!(absent.ended_on, Some(day(4)));
    }
}
