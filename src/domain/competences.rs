//! The competence profile and the skill gap analysis of the bilancio di competenze (action A03):
//! the competences a person has (each with a level and what shows it), a target profile with the
//! competences it requires, the comparison row by row, the training need, and the catalogue
//! actions that answer it.
//!
//! Levels use one fixed scale of four steps, so that any two levels compare; the list of
//! competences, their kinds, the actions each kind suggests and the starter target profiles are
//! data (`data/competenze.toml`, [`CompetenceCatalogue`]).

use serde::{Serialize, Serializer};

use super::records::{Propensity, is_cp2021_code, search_key};

/// How well a competence is mastered, lowest first. The four steps are the four macro levels of
/// DigComp 2.2 (base, intermedio, avanzato, altamente specializzato) and read the same way for
/// any competence; for languages roughly A1-A2, B1, B2, C1-C2 of the European framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Basic = 1,
    Intermediate = 2,
    Advanced = 3,
    Expert = 4,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Basic,
        Level::Intermediate,
        Level::Advanced,
        Level::Expert,
    ];

    /// 1..=4, as written in the data and stored.
    pub fn from_number(number: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.number() == number)
    }

    pub fn number(self) -> u8 {
        self as u8
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.number())
    }
}

/// What shows that a person has a competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Evidence {
    /// Said by the person or seen in the interview, without documents.
    #[serde(rename = "dichiarata")]
    Declared,
    /// A document without certifying value: attendance certificate, contract, employer's letter.
    #[serde(rename = "documentata")]
    Documented,
    /// A formal proof: education title, vocational qualification, certificate, licence.
    #[serde(rename = "certificata")]
    Certified,
}

impl Evidence {
    pub const ALL: [Evidence; 3] = [
        Evidence::Certified,
        Evidence::Documented,
        Evidence::Declared,
    ];

    /// Formal evidence: nothing left to certify.
    pub fn is_formal(self) -> bool {
        self == Evidence::Certified
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Evidence::Certified => "certificata",
            Evidence::Documented => "documentata",
            Evidence::Declared => "dichiarata",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code.trim())
    }
}

/// A competence as a profile names it: one of the list, by id, or one the operator wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompetenceRef {
    /// Id in `data/competenze.toml`; `None` for a competence written by the operator.
    pub id: Option<String>,
    #[serde(rename = "nome")]
    pub name: String,
}

impl CompetenceRef {
    pub fn listed(competence: &Competence) -> Self {
        CompetenceRef {
            id: Some(competence.id.clone()),
            name: competence.name.clone(),
        }
    }

    pub fn free(name: &str) -> Self {
        CompetenceRef {
            id: None,
            name: name.trim().to_string(),
        }
    }

    /// The same competence: by id when both come from the list, otherwise by name with case,
    /// accents, spaces and punctuation left out. A name with no letter or digit matches nothing.
    pub fn matches(&self, other: &CompetenceRef) -> bool {
        match (&self.id, &other.id) {
            (Some(a), Some(b)) => a == b,
            _ => {
                let key = search_key(&self.name);
                !key.is_empty() && key == search_key(&other.name)
            }
        }
    }
}

/// A competence of the person's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PossessedCompetence {
    #[serde(flatten)]
    pub competence: CompetenceRef,
    #[serde(rename = "livello")]
    pub level: Level,
    #[serde(rename = "evidenza")]
    pub evidence: Evidence,
    /// Where it comes from, in the operator's words: "attestato HACCP 2023", "3 anni in
    /// magazzino".
    #[serde(rename = "fonte")]
    pub source: String,
}

/// A competence a target profile requires, at a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequiredCompetence {
    #[serde(flatten)]
    pub competence: CompetenceRef,
    #[serde(rename = "livello")]
    pub level: Level,
}

/// The profile the person aims at: a propensione or a CP2021 profession, and what it requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetProfile {
    /// ISTAT CP2021 code, empty when the profile has only a title.
    #[serde(rename = "codice_cp2021")]
    pub cp2021: String,
    #[serde(rename = "titolo")]
    pub title: String,
    #[serde(rename = "competenze_richieste")]
    pub required: Vec<RequiredCompetence>,
}

/// Why a target profile cannot be used for the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    /// Neither a CP2021 code nor a title.
    NoProfile,
    BadCp2021(String),
    NoRequirements,
    /// A required competence without a name.
    BlankCompetence,
    /// The same competence required twice (by the name shown).
    DuplicateRequirement(String),
}

impl TargetProfile {
    /// A profile of the list, to be adapted to the person.
    pub fn from_template(template: &ProfileTemplate) -> Self {
        TargetProfile {
            cp2021: template.cp2021.clone(),
            title: template.name.clone(),
            required: template.required.clone(),
        }
    }

    /// The profile of a propensione: its code and title, and the requirements of the closest
    /// profile of the list (see [`CompetenceCatalogue::template`]), none if there is none.
    pub fn from_propensity(propensity: &Propensity, catalogue: &CompetenceCatalogue) -> Self {
        let cp2021 = propensity.cp2021_code.trim().to_string();
        let template = catalogue.template(&cp2021);
        let title = match propensity.title.trim() {
            "" => template.map(|t| t.name.clone()).unwrap_or_default(),
            title => title.to_string(),
        };
        TargetProfile {
            cp2021,
            title,
            required: template.map(|t| t.required.clone()).unwrap_or_default(),
        }
    }

    pub fn check(&self) -> Result<(), ProfileError> {
        let code = self.cp2021.trim();
        if code.is_empty() && self.title.trim().is_empty() {
            return Err(ProfileError::NoProfile);
        }
        if !code.is_empty() && !is_cp2021_code(code) {
            return Err(ProfileError::BadCp2021(code.to_string()));
        }
        if self.required.is_empty() {
            return Err(ProfileError::NoRequirements);
        }
        for (i, r) in self.required.iter().enumerate() {
            if search_key(&r.competence.name).is_empty() {
                return Err(ProfileError::BlankCompetence);
            }
            if self.required[..i]
                .iter()
                .any(|earlier| earlier.competence.matches(&r.competence))
            {
                return Err(ProfileError::DuplicateRequirement(
                    r.competence.name.trim().to_string(),
                ));
            }
        }
        Ok(())
    }
}

/// How a required competence compares with the person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum GapStatus {
    /// The person does not have it: to acquire.
    #[serde(rename = "mancante")]
    Missing,
    /// The person has it below the required level: to update.
    #[serde(rename = "sotto_livello")]
    BelowLevel,
    /// At or above the required level.
    #[serde(rename = "posseduta")]
    Met,
}

/// One line of the comparison: required, possessed, gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapRow {
    /// The competence as the target profile names it.
    #[serde(flatten)]
    pub competence: CompetenceRef,
    #[serde(rename = "livello_richiesto")]
    pub required: Level,
    #[serde(rename = "livello_posseduto")]
    pub possessed: Option<Level>,
    /// What shows the possessed level, when there is one.
    #[serde(rename = "evidenza")]
    pub evidence: Option<Evidence>,
    #[serde(rename = "esito")]
    pub status: GapStatus,
}

impl GapRow {
    /// Steps of the scale between what the person has and what is required, 0 when met.
    pub fn levels_missing(&self) -> u8 {
        let has = self.possessed.map_or(0, Level::number);
        self.required.number().saturating_sub(has)
    }

    /// Met without formal evidence: a competence to certify.
    pub fn to_certify(&self) -> bool {
        self.status == GapStatus::Met && self.evidence.is_some_and(|e| !e.is_formal())
    }
}

fn status_of(required: Level, possessed: Option<Level>) -> GapStatus {
    match possessed {
        None => GapStatus::Missing,
        Some(level) if level < required => GapStatus::BelowLevel,
        Some(_) => GapStatus::Met,
    }
}

/// The comparison of a target profile with a person's competences, one row per required
/// competence in the profile's order. A competence required twice counts once, at the higher
/// level. When the person has a competence more than once, the highest level counts and, at
/// equal level, certified evidence.
pub fn gap(required: &[RequiredCompetence], possessed: &[PossessedCompetence]) -> Vec<GapRow> {
    let mut rows: Vec<GapRow> = Vec::with_capacity(required.len());
    for requirement in required {
        if let Some(row) = rows
            .iter_mut()
            .find(|row| row.competence.matches(&requirement.competence))
        {
            if requirement.level > row.required {
                row.required = requirement.level;
                row.status = status_of(row.required, row.possessed);
            }
            continue;
        }
        let best = possessed
            .iter()
            .filter(|p| p.competence.matches(&requirement.competence))
            .max_by_key(|p| (p.level, p.evidence.is_formal()));
        let possessed_level = best.map(|p| p.level);
        rows.push(GapRow {
            competence: requirement.competence.clone(),
            required: requirement.level,
            possessed: possessed_level,
            evidence: best.map(|p| p.evidence),
            status: status_of(requirement.level, possessed_level),
        });
    }
    rows
}

/// The training need of a comparison: the competence units to acquire and to update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingNeed {
    /// Required and missing.
    #[serde(rename = "da_acquisire")]
    pub to_acquire: Vec<GapRow>,
    /// Possessed below the required level.
    #[serde(rename = "da_aggiornare")]
    pub to_update: Vec<GapRow>,
    /// Rows met, out of `total`.
    #[serde(rename = "possedute")]
    pub met: usize,
    #[serde(rename = "richieste")]
    pub total: usize,
}

impl TrainingNeed {
    /// Nothing to acquire nor to update.
    pub fn is_empty(&self) -> bool {
        self.to_acquire.is_empty() && self.to_update.is_empty()
    }
}

pub fn training_need(rows: &[GapRow]) -> TrainingNeed {
    let with = |status: GapStatus| -> Vec<GapRow> {
        rows.iter()
            .filter(|r| r.status == status)
            .cloned()
            .collect()
    };
    TrainingNeed {
        to_acquire: with(GapStatus::Missing),
        to_update: with(GapStatus::BelowLevel),
        met: rows.iter().filter(|r| r.status == GapStatus::Met).count(),
        total: rows.len(),
    }
}

/// Why an action is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SuggestionReason {
    /// Training for competences missing or below level.
    #[serde(rename = "formazione")]
    Training,
    /// Certification of competences at the required level without formal evidence.
    #[serde(rename = "certificazione")]
    Certification,
}

/// A catalogue action the operator may add to the plan, and the competences it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuggestedAction {
    #[serde(rename = "codice")]
    pub code: String,
    #[serde(rename = "motivo")]
    pub reason: SuggestionReason,
    #[serde(rename = "competenze")]
    pub competences: Vec<CompetenceRef>,
}

/// The actions a comparison suggests, from the data: for each competence missing or below level,
/// the training actions of the competence (or of its kind; the default training for a
/// competence not in the list); for each competence at the required level whose evidence is not
/// formal, the certification action. A competence below the level is not proposed for
/// certification: the training that closes the gap ends with its own certificate. Training
/// comes first, in the order of the rows and of each competence's actions; an action appears
/// once per reason, with all the competences it answers.
pub fn suggest_actions(rows: &[GapRow], catalogue: &CompetenceCatalogue) -> Vec<SuggestedAction> {
    let mut out: Vec<SuggestedAction> = Vec::new();
    let mut add = |code: &str, reason: SuggestionReason, competence: &CompetenceRef| match out
        .iter_mut()
        .find(|s| s.code == code && s.reason == reason)
    {
        Some(s) => s.competences.push(competence.clone()),
        None => out.push(SuggestedAction {
            code: code.to_string(),
            reason,
            competences: vec![competence.clone()],
        }),
    };
    for row in rows.iter().filter(|r| r.status != GapStatus::Met) {
        for code in catalogue.training_actions(&row.competence) {
            add(code, SuggestionReason::Training, &row.competence);
        }
    }
    for row in rows.iter().filter(|r| r.to_certify()) {
        add(
            &catalogue.certification_action,
            SuggestionReason::Certification,
            &row.competence,
        );
    }
    out
}

/// A kind of competence (key competences, languages, technical ...) and the training actions
/// its competences suggest unless they name their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetenceKind {
    pub id: String,
    pub name: String,
    pub actions: Vec<String>,
}

/// A competence of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competence {
    pub id: String,
    pub name: String,
    /// Id of its [`CompetenceKind`].
    pub kind: String,
    /// Training actions to suggest, in order of preference: its own, or its kind's.
    pub actions: Vec<String>,
}

/// A target profile of the list: a CP2021 profession and the competences it requires, all of
/// the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileTemplate {
    pub cp2021: String,
    pub name: String,
    pub required: Vec<RequiredCompetence>,
}

/// `data/competenze.toml`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetenceCatalogue {
    pub kinds: Vec<CompetenceKind>,
    pub competences: Vec<Competence>,
    pub profiles: Vec<ProfileTemplate>,
    /// The action for certifying competences (B08 in the shipped file).
    pub certification_action: String,
    /// Training actions for a required competence that is not in the list.
    pub default_training: Vec<String>,
}

impl CompetenceCatalogue {
    pub fn competence(&self, id: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.id == id)
    }

    pub fn kind(&self, id: &str) -> Option<&CompetenceKind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// The competence of the list a name stands for (case, accents and punctuation aside).
    pub fn by_name(&self, name: &str) -> Option<&Competence> {
        let key = search_key(name);
        if key.is_empty() {
            return None;
        }
        self.competences.iter().find(|c| search_key(&c.name) == key)
    }

    /// The competence of the list a reference is: by id, else by name.
    pub fn resolve(&self, reference: &CompetenceRef) -> Option<&Competence> {
        match &reference.id {
            Some(id) => self.competence(id),
            None => self.by_name(&reference.name),
        }
    }

    /// Competences whose name or id contains `query` (case, accents and punctuation aside), in
    /// list order; all of them for an empty query.
    pub fn search(&self, query: &str) -> Vec<&Competence> {
        let key = search_key(query);
        self.competences
            .iter()
            .filter(|c| search_key(&c.name).contains(&key) || search_key(&c.id).contains(&key))
            .collect()
    }

    /// The training actions for a competence: those of the list entry it resolves to, else the
    /// default training.
    pub fn training_actions(&self, reference: &CompetenceRef) -> &[String] {
        self.resolve(reference)
            .map_or(&self.default_training, |c| &c.actions)
    }

    /// The profile of the list for a CP2021 code: the one with that code, else the one with the
    /// longest code that contains it (5.1.2 for 5.1.2.2.0). `None` for an empty or malformed
    /// code.
    pub fn template(&self, cp2021: &str) -> Option<&ProfileTemplate> {
        let code = cp2021.trim();
        if !is_cp2021_code(code) {
            return None;
        }
        self.profiles
            .iter()
            .filter(|p| {
                p.cp2021 == code
                    || code
                        .strip_prefix(p.cp2021.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
            .max_by_key(|p| p.cp2021.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: &str, name: &str) -> CompetenceRef {
        CompetenceRef {
            id: Some(id.to_string()),
            name: name.to_string(),
        }
    }

    fn has(r: CompetenceRef, level: u8, evidence: Evidence) -> PossessedCompetence {
        PossessedCompetence {
            competence: r,
            level: Level::from_number(level).unwrap(),
            evidence,
            source: String::new(),
        }
    }

    fn needs(r: CompetenceRef, level: u8) -> RequiredCompetence {
        RequiredCompetence {
            competence: r,
            level: Level::from_number(level).unwrap(),
        }
    }

    fn competence(id: &str, name: &str, kind: &str, actions: &[&str]) -> Competence {
        Competence {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn catalogue() -> CompetenceCatalogue {
        CompetenceCatalogue {
            kinds: vec![CompetenceKind {
                id: "chiave".into(),
                name: "Competenze chiave".into(),
                actions: vec!["C04".into()],
            }],
            competences: vec![
                competence("italiano", "Lingua italiana", "chiave", &["C05", "C04"]),
                competence("inglese", "Lingua inglese", "lingua", &["C05"]),
                competence(
                    "haccp",
                    "Igiene alimentare (HACCP)",
                    "abilitazione",
                    &["C07"],
                ),
                competence(
                    "magazzino",
                    "Gestione del magazzino",
                    "tecnica",
                    &["C07", "C11"],
                ),
            ],
            profiles: vec![
                ProfileTemplate {
                    cp2021: "5.1.2".into(),
                    name: "Addetti alle vendite".into(),
                    required: vec![needs(listed("italiano", "Lingua italiana"), 2)],
                },
                ProfileTemplate {
                    cp2021: "5.1.2.2.0".into(),
                    name: "Commessi delle vendite al minuto".into(),
                    required: vec![
                        needs(listed("italiano", "Lingua italiana"), 3),
                        needs(listed("inglese", "Lingua inglese"), 1),
                    ],
                },
                ProfileTemplate {
                    cp2021: "4".into(),
                    name: "Professioni esecutive nel lavoro d'ufficio".into(),
                    required: vec![needs(listed("inglese", "Lingua inglese"), 2)],
                },
            ],
            certification_action: "B08".into(),
            default_training: vec!["C07".into()],
        }
    }

    #[test]
    fn levels_are_ordered_and_numbered_one_to_four() {
        assert!(Level::Basic < Level::Intermediate);
        assert!(Level::Advanced < Level::Expert);
        let numbers: Vec<u8> = Level::ALL.iter().map(|l| l.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        for n in 1..=4 {
            assert_eq!(Level::from_number(n).map(Level::number), Some(n));
        }
        assert_eq!(Level::from_number(0), None);
        assert_eq!(Level::from_number(5), None);
        assert_eq!(serde_json::to_string(&Level::Advanced).unwrap(), "3");
    }

    #[test]
    fn only_certified_evidence_is_formal() {
        assert!(Evidence::Certified.is_formal());
        assert!(!Evidence::Documented.is_formal());
        assert!(!Evidence::Declared.is_formal());
        for e in Evidence::ALL {
            assert_eq!(Evidence::from_code(e.code()), Some(e));
            assert_eq!(
                serde_json::to_string(&e).unwrap(),
                format!("\"{}\"", e.code())
            );
        }
        assert_eq!(Evidence::from_code("formale"), None);
    }

    #[test]
    fn references_match_by_id_or_by_folded_name() {
        let a = listed("inglese", "Lingua inglese");
        assert!(a.matches(&listed("inglese", "English")));
        assert!(!a.matches(&listed("francese", "Lingua inglese")));
        assert!(a.matches(&CompetenceRef::free("  LINGUA   inglese ")));
        assert!(CompetenceRef::free("Caffetteria").matches(&CompetenceRef::free("caffetterìa")));
        assert!(
            CompetenceRef::free("Problem-solving").matches(&CompetenceRef::free("problem solving"))
        );
        assert!(!CompetenceRef::free("Cucina").matches(&CompetenceRef::free("Cucito")));
        assert!(!CompetenceRef::free("--").matches(&CompetenceRef::free("")));
        assert_eq!(CompetenceRef::free("  Saldatura ").name, "Saldatura");
    }

    #[test]
    fn each_required_competence_is_missing_below_level_or_met() {
        let required = [
            needs(listed("italiano", "Lingua italiana"), 3),
            needs(listed("inglese", "Lingua inglese"), 2),
            needs(listed("haccp", "Igiene alimentare (HACCP)"), 1),
            needs(CompetenceRef::free("Uso del registratore di cassa"), 2),
        ];
        let possessed = [
            has(
                listed("italiano", "Lingua italiana"),
                4,
                Evidence::Certified,
            ),
            has(listed("inglese", "Lingua inglese"), 1, Evidence::Declared),
            has(
                CompetenceRef::free("uso del registratore di cassa"),
                2,
                Evidence::Documented,
            ),
            has(
                listed("magazzino", "Gestione del magazzino"),
                3,
                Evidence::Declared,
            ),
        ];
        let rows = gap(&required, &possessed);
        let summary: Vec<(&str, u8, Option<u8>, GapStatus, u8)> = rows
            .iter()
            .map(|r| {
                (
                    r.competence.name.as_str(),
                    r.required.number(),
                    r.possessed.map(Level::number),
                    r.status,
                    r.levels_missing(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Lingua italiana", 3, Some(4), GapStatus::Met, 0),
                ("Lingua inglese", 2, Some(1), GapStatus::BelowLevel, 1),
                ("Igiene alimentare (HACCP)", 1, None, GapStatus::Missing, 1),
                (
                    "Uso del registratore di cassa",
                    2,
                    Some(2),
                    GapStatus::Met,
                    0
                ),
            ]
        );
        assert_eq!(rows[0].evidence, Some(Evidence::Certified));
        assert_eq!(rows[2].evidence, None);
        // Competences the profile does not require make no row.
        assert_eq!(rows.len(), 4);
        assert!(gap(&[], &possessed).is_empty());
    }

    #[test]
    fn a_free_text_competence_matches_a_listed_one_by_name() {
        let rows = gap(
            &[needs(listed("inglese", "Lingua inglese"), 2)],
            &[has(
                CompetenceRef::free("lingua INGLESE"),
                3,
                Evidence::Certified,
            )],
        );
        assert_eq!(rows[0].status, GapStatus::Met);
    }

    #[test]
    fn the_best_possessed_entry_counts() {
        let english = listed("inglese", "Lingua inglese");
        let rows = gap(
            &[needs(english.clone(), 3)],
            &[
                has(english.clone(), 2, Evidence::Certified),
                has(english.clone(), 3, Evidence::Declared),
                has(english.clone(), 3, Evidence::Certified),
                has(english.clone(), 1, Evidence::Documented),
            ],
        );
        assert_eq!(rows[0].possessed, Some(Level::Advanced));
        assert_eq!(rows[0].evidence, Some(Evidence::Certified));
        assert_eq!(rows[0].status, GapStatus::Met);
    }

    #[test]
    fn a_competence_required_twice_counts_once_at_the_higher_level() {
        let english = listed("inglese", "Lingua inglese");
        let rows = gap(
            &[
                needs(english.clone(), 1),
                needs(listed("italiano", "Lingua italiana"), 2),
                needs(CompetenceRef::free("Lingua inglese"), 3),
            ],
            &[has(english.clone(), 2, Evidence::Certified)],
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].required, Level::Advanced);
        assert_eq!(rows[0].status, GapStatus::BelowLevel);
    }

    #[test]
    fn training_need_lists_what_to_acquire_and_to_update() {
        let rows = gap(
            &[
                needs(listed("italiano", "Lingua italiana"), 3),
                needs(listed("inglese", "Lingua inglese"), 2),
                needs(listed("haccp", "HACCP"), 1),
            ],
            &[
                has(listed("italiano", "Lingua italiana"), 3, Evidence::Declared),
                has(listed("inglese", "Lingua inglese"), 1, Evidence::Declared),
            ],
        );
        let need = training_need(&rows);
        let names = |rows: &[GapRow]| -> Vec<String> {
            rows.iter().map(|r| r.competence.name.clone()).collect()
        };
        assert_eq!(names(&need.to_acquire), ["HACCP"]);
        assert_eq!(names(&need.to_update), ["Lingua inglese"]);
        assert_eq!((need.met, need.total), (1, 3));
        assert!(!need.is_empty());
        let all_met = training_need(&rows[..1]);
        assert!(all_met.is_empty());
        assert!(training_need(&[]).is_empty());
    }

    #[test]
    fn suggestions_follow_the_data() {
        let c = catalogue();
        let rows = gap(
            &[
                needs(listed("italiano", "Lingua italiana"), 3),
                needs(listed("inglese", "Lingua inglese"), 2),
                needs(listed("haccp", "Igiene alimentare (HACCP)"), 1),
                needs(listed("magazzino", "Gestione del magazzino"), 2),
                needs(CompetenceRef::free("Uso del transpallet"), 1),
            ],
            &[
                has(
                    listed("italiano", "Lingua italiana"),
                    2,
                    Evidence::Certified,
                ),
                has(listed("inglese", "Lingua inglese"), 2, Evidence::Declared),
                has(
                    listed("magazzino", "Gestione del magazzino"),
                    3,
                    Evidence::Documented,
                ),
            ],
        );
        let suggestions = suggest_actions(&rows, &c);
        let seen: Vec<(&str, SuggestionReason, Vec<&str>)> = suggestions
            .iter()
            .map(|s| {
                (
                    s.code.as_str(),
                    s.reason,
                    s.competences.iter().map(|r| r.name.as_str()).collect(),
                )
            })
            .collect();
        use SuggestionReason::{Certification, Training};
        assert_eq!(
            seen,
            [
                // Italiano below level: its own actions, in order.
                ("C05", Training, vec!["Lingua italiana"]),
                ("C04", Training, vec!["Lingua italiana"]),
                // HACCP missing; the free-text competence takes the default training, C07 too.
                (
                    "C07",
                    Training,
                    vec!["Igiene alimentare (HACCP)", "Uso del transpallet"]
                ),
                // Met without formal evidence: certification.
                (
                    "B08",
                    Certification,
                    vec!["Lingua inglese", "Gestione del magazzino"]
                ),
            ]
        );
    }

    #[test]
    fn no_suggestion_when_everything_is_met_with_formal_evidence() {
        let rows = gap(
            &[needs(listed("inglese", "Lingua inglese"), 2)],
            &[has(
                listed("inglese", "Lingua inglese"),
                2,
                Evidence::Certified,
            )],
        );
        assert!(suggest_actions(&rows, &catalogue()).is_empty());
    }

    #[test]
    fn a_competence_below_level_is_trained_not_certified() {
        let rows = gap(
            &[needs(listed("inglese", "Lingua inglese"), 3)],
            &[has(
                listed("inglese", "Lingua inglese"),
                1,
                Evidence::Declared,
            )],
        );
        assert!(!rows[0].to_certify());
        let codes: Vec<String> = suggest_actions(&rows, &catalogue())
            .into_iter()
            .map(|s| s.code)
            .collect();
        assert_eq!(codes, ["C05"]);
    }

    #[test]
    fn free_text_resolves_to_the_list_by_name() {
        let c = catalogue();
        let free = CompetenceRef::free("lingua italiana");
        assert_eq!(c.resolve(&free).map(|x| x.id.as_str()), Some("italiano"));
        assert_eq!(c.training_actions(&free), ["C05", "C04"]);
        let unknown = CompetenceRef::free("Potatura");
        assert_eq!(c.resolve(&unknown), None);
        assert_eq!(c.training_actions(&unknown), ["C07"]);
        assert_eq!(c.by_name(" "), None);
        assert_eq!(c.resolve(&listed("sconosciuta", "Lingua italiana")), None);
    }

    #[test]
    fn search_finds_by_name_or_id_without_accents() {
        let c = catalogue();
        let ids =
            |query: &str| -> Vec<&str> { c.search(query).iter().map(|x| x.id.as_str()).collect() };
        assert_eq!(ids("LINGUA"), ["italiano", "inglese"]);
        assert_eq!(ids("igiène"), ["haccp"]);
        assert_eq!(ids("haccp"), ["haccp"]);
        assert_eq!(ids("").len(), 4);
        assert!(ids("saldatura").is_empty());
    }

    #[test]
    fn template_is_the_exact_code_or_the_closest_group() {
        let c = catalogue();
        let name = |code: &str| c.template(code).map(|t| t.name.as_str());
        assert_eq!(name("5.1.2.2.0"), Some("Commessi delle vendite al minuto"));
        assert_eq!(name("5.1.2.1.0"), Some("Addetti alle vendite"));
        assert_eq!(name("5.1.2"), Some("Addetti alle vendite"));
        assert_eq!(
            name(" 4.3.1.2.0 "),
            Some("Professioni esecutive nel lavoro d'ufficio")
        );
        // 5.1.2 is not a group of 5.1.25..., and a code outside the list has no template.
        assert_eq!(name("5.1"), None);
        assert_eq!(name("7.4.2.3.0"), None);
        assert_eq!(name(""), None);
        assert_eq!(name("5.1.2.x"), None);
    }

    fn propensity(code: &str, title: &str) -> Propensity {
        Propensity {
            cp2021_code: code.into(),
            title: title.into(),
            from_work: true,
            from_education: false,
            from_training: false,
            from_aptitude: false,
            interview_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            sep: None,
            skills: String::new(),
            years_experience: None,
            last_year: None,
            availability: String::new(),
            licences: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn a_propensity_gives_a_target_profile() {
        let c = catalogue();
        let p = TargetProfile::from_propensity(&propensity("5.1.2.2.0", "Commessa"), &c);
        assert_eq!(
            (p.cp2021.as_str(), p.title.as_str()),
            ("5.1.2.2.0", "Commessa")
        );
        assert_eq!(p.required.len(), 2);
        let p = TargetProfile::from_propensity(&propensity(" 5.1.2.2.0 ", ""), &c);
        assert_eq!(p.title, "Commessi delle vendite al minuto");
        assert_eq!(p.cp2021, "5.1.2.2.0");
        let p = TargetProfile::from_propensity(&propensity("", "Giardiniere"), &c);
        assert_eq!(p.title, "Giardiniere");
        assert!(p.required.is_empty());
        assert_eq!(p.check(), Err(ProfileError::NoRequirements));
        let from_list = TargetProfile::from_template(&c.profiles[1]);
        assert_eq!(from_list.title, "Commessi delle vendite al minuto");
        assert_eq!(from_list.check(), Ok(()));
    }

    #[test]
    fn target_profile_checks() {
        let ok = TargetProfile {
            cp2021: String::new(),
            title: "Manutentore del verde".into(),
            required: vec![needs(CompetenceRef::free("Potatura"), 2)],
        };
        assert_eq!(ok.check(), Ok(()));
        let none = TargetProfile {
            title: "  ".into(),
            ..ok.clone()
        };
        assert_eq!(none.check(), Err(ProfileError::NoProfile));
        let bad_code = TargetProfile {
            cp2021: "6.4.1.1.0.9".into(),
            ..ok.clone()
        };
        assert_eq!(
            bad_code.check(),
            Err(ProfileError::BadCp2021("6.4.1.1.0.9".into()))
        );
        let blank = TargetProfile {
            required: vec![needs(CompetenceRef::free(" - "), 2)],
            ..ok.clone()
        };
        assert_eq!(blank.check(), Err(ProfileError::BlankCompetence));
        let twice = TargetProfile {
            required: vec![
                needs(CompetenceRef::free("Potatura"), 2),
                needs(CompetenceRef::free("POTATURA "), 3),
            ],
            ..ok
        };
        assert_eq!(
            twice.check(),
            Err(ProfileError::DuplicateRequirement("POTATURA".into()))
        );
    }

    #[test]
    fn gap_rows_serialise_with_italian_names() {
        let rows = gap(
            &[needs(listed("inglese", "Lingua inglese"), 2)],
            &[has(
                listed("inglese", "Lingua inglese"),
                1,
                Evidence::Documented,
            )],
        );
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "inglese",
                "nome": "Lingua inglese",
                "livello_richiesto": 2,
                "livello_posseduto": 1,
                "evidenza": "documentata",
                "esito": "sotto_livello"
            })
        );
    }
}
