//! Reference lists used by the interview: professional check-list, categories that allow a
//! change of percorso, action catalogue, SEP, provinces, education levels, competences.

use super::competences::CompetenceCatalogue;
use super::instrument::Instrument;

/// An entry with an id and an Italian name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A category of persons who may change the proposed percorso.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// A few characters for narrow screens.
    pub short: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub hint: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub ratings: Vec<Named>,
    pub dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub code: String,
    pub name: String,
    pub group: String,
    /// What the signing records with this code, without typing (`alla_firma`).
    pub at_signing: Option<AtSigning>,
}

/// Parts of the interview that the signing records as actions of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtSigning {
    /// The interview for the pact itself (a DID "150" interview).
    Interview,
    /// The informative topics, all covered.
    Informative,
    /// The qualitative assessment, done.
    Assessment,
}

impl AtSigning {
    pub const ALL: [AtSigning; 3] = [
        AtSigning::Interview,
        AtSigning::Informative,
        AtSigning::Assessment,
    ];

    /// The value of `alla_firma` in the catalogue.
    pub fn code(self) -> &'static str {
        match self {
            AtSigning::Interview => "colloquio",
            AtSigning::Informative => "informativa",
            AtSigning::Assessment => "assessment",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

impl ActionCatalog {
    /// The code the signing records for `what`, if the catalogue names one.
    pub fn at_signing(&self, what: AtSigning) -> Option<&Action> {
        self.actions.iter().find(|a| a.at_signing == Some(what))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionCatalog {
    pub groups: Vec<Named>,
    pub actions: Vec<Action>,
}

impl ActionCatalog {
    /// The catalogue name of a code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.actions
            .iter()
            .find(|a| a.code == code)
            .map(|a| a.name.as_str())
    }

    /// An action as listed: its code and its name (the code alone if the catalogue in use does
    /// not have it), so that codes of the same kind are told apart.
    pub fn label(&self, code: &str) -> String {
        match self.name(code) {
            Some(name) => format!("{code} {name}"),
            None => code.to_string(),
        }
    }

    /// An action's label followed by its description when this says more than the name.
    pub fn label_with(&self, code: &str, description: &str) -> String {
        let description = description.trim();
        if description.is_empty() || self.name(code) == Some(description) {
            self.label(code)
        } else {
            format!("{} — {description}", self.label(code))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sep {
    pub id: u32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EducationLevel {
    pub id: String,
    pub name: String,
    pub eqf: u8,
    /// False for entries such as "no title", which do not count as an education title.
    pub is_title: bool,
}

/// A topic of the informative phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoTopic {
    pub id: String,
    pub name: String,
    /// Only for persons receiving income support.
    pub income_support_only: bool,
    /// A topic of the informative orientation interview (action A05).
    pub a05: bool,
}

/// A place of birth by its cadastral code, for the years the code had that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    pub name: String,
    /// Province abbreviation; `EE` for a foreign state.
    pub province: String,
    pub from: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
}

/// Everything under `data/`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceData {
    pub instrument: Instrument,
    pub checklist: Checklist,
    pub categories: Vec<Category>,
    pub actions: ActionCatalog,
    pub seps: Vec<Sep>,
    pub provinces: Vec<Province>,
    pub education: Vec<EducationLevel>,
    pub info_topics: Vec<InfoTopic>,
    /// Places of birth, sorted by code.
    pub places: Vec<Place>,
    /// Competences, their kinds and the target profiles of the skill gap analysis.
    pub competences: CompetenceCatalogue,
    /// Contract types of a hiring (accompagnamento al lavoro "a risultato").
    pub contracts: Vec<crate::domain::accompaniment::ContractType>,
}

impl ReferenceData {
    /// The name of the place a cadastral code stood for on `date`: the entry in force then,
    /// else the most recent one.
    pub fn place_at(&self, code: &str, date: chrono::NaiveDate) -> Option<&Place> {
        let start = self.places.partition_point(|p| p.code.as_str() < code);
        let same: Vec<&Place> = self.places[start..]
            .iter()
            .take_while(|p| p.code == code)
            .collect();
        same.iter()
            .find(|p| p.from.is_none_or(|f| f <= date) && p.until.is_none_or(|u| date <= u))
            .or_else(|| same.iter().max_by_key(|p| p.from))
            .copied()
    }

    pub fn category_ids(&self) -> Vec<&str> {
        self.categories.iter().map(|c| c.id.as_str()).collect()
    }
}
