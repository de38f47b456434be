//! The assessment instrument: sections, areas, options, thresholds, combined targets and the
//! percorso rules. Built only by `data` after validation, so every reference inside it holds.

/// Identifier of a GOL percorso (1..=5 with the default instrument).
pub type PathId = u8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerOption {
    pub text: String,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub hint: String,
    pub options: Vec<AnswerOption>,
}

impl Area {
    pub fn max_points(&self) -> u32 {
        self.options.iter().map(|o| o.points).max().unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub name: String,
    pub threshold: Option<u32>,
    pub meaning: Option<String>,
    /// Id of an earlier section whose threshold must be reached (on its adjusted score) for this
    /// section to be enabled. `None`: always enabled.
    pub enabled_by: Option<String>,
    pub areas: Vec<Area>,
}

impl Section {
    pub fn max_points(&self) -> u32 {
        self.areas.iter().map(Area::max_points).sum()
    }
}

/// A target that sums several sections, such as C+D.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    pub id: String,
    pub name: String,
    pub sections: Vec<String>,
    pub threshold: u32,
    pub meaning: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub id: PathId,
    pub name: String,
    pub description: String,
    /// The operator may choose it when changing the proposed percorso (Percorso 5, collective
    /// relocation, may not).
    pub assignable_by_change: bool,
}

/// "If `target` reaches its threshold, propose `path`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRule {
    pub target: String,
    pub path: PathId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlafondLimits {
    /// Largest absolute adjustment.
    pub max_points: u32,
    /// Largest distance between the raw score and the threshold for a plafond to count for the
    /// percorso; farther away it adjusts only the assessment's outcome.
    pub max_distance: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    pub name: String,
    pub version: String,
    /// SHA-256 of the instrument file's text, in lower-case hex.
    pub fingerprint: String,
    pub sections: Vec<Section>,
    pub combined: Vec<Combined>,
    pub paths: Vec<Path>,
    pub rules: Vec<PathRule>,
    pub default_path: PathId,
    pub plafond: PlafondLimits,
}

/// Where an id points inside the instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetRef {
    Section(usize),
    Combined(usize),
}

/// A score target with a threshold (a section with `soglia`, or a combined target).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub threshold: u32,
    pub max: u32,
    pub meaning: &'a str,
    pub at: TargetRef,
}

impl Instrument {
    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// Section and area index of an area id.
    pub fn area_position(&self, id: &str) -> Option<(usize, usize)> {
        self.sections
            .iter()
            .enumerate()
            .find_map(|(si, s)| s.areas.iter().position(|a| a.id == id).map(|ai| (si, ai)))
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.area_position(id)
            .map(|(si, ai)| &self.sections[si].areas[ai])
    }

    pub fn areas(&self) -> impl Iterator<Item = &Area> {
        self.sections.iter().flat_map(|s| s.areas.iter())
    }

    pub fn combined_max(&self, combined: &Combined) -> u32 {
        combined
            .sections
            .iter()
            .filter_map(|id| self.section_index(id))
            .map(|i| self.sections[i].max_points())
            .sum()
    }

    /// Every target that has a threshold, sections first, in instrument order.
    pub fn targets(&self) -> impl Iterator<Item = Target<'_>> {
        let sections = self.sections.iter().enumerate().filter_map(|(i, s)| {
            s.threshold.map(|threshold| Target {
                id: &s.id,
                name: &s.name,
                threshold,
                max: s.max_points(),
                meaning: s.meaning.as_deref().unwrap_or(""),
                at: TargetRef::Section(i),
            })
        });
        let combined = self.combined.iter().enumerate().map(|(i, c)| Target {
            id: &c.id,
            name: &c.name,
            threshold: c.threshold,
            max: self.combined_max(c),
            meaning: &c.meaning,
            at: TargetRef::Combined(i),
        });
        sections.chain(combined)
    }

    pub fn target(&self, id: &str) -> Option<Target<'_>> {
        self.targets().find(|t| t.id == id)
    }

    pub fn path(&self, id: PathId) -> Option<&Path> {
        self.paths.iter().find(|p| p.id == id)
    }

    /// The first 12 hex digits of the fingerprint, as the screen shows it.
    pub fn short_fingerprint(&self) -> &str {
        self.fingerprint.get(..12).unwrap_or(&self.fingerprint)
    }

    /// Name, version and fingerprint in one line, as stored with each interview.
    pub fn identity(&self) -> String {
        format!("{} {} {}", self.name, self.version, self.fingerprint)
    }

    /// The percorso a target leads to when reached: the first rule that names it.
    pub fn path_of_target(&self, target: &str) -> Option<PathId> {
        self.rules
            .iter()
            .find(|r| r.target == target)
            .map(|r| r.path)
    }

    /// Whether the scores can ever propose the percorso (a rule's or the default one).
    pub fn proposable(&self, id: PathId) -> bool {
        id == self.default_path || self.rules.iter().any(|r| r.path == id)
    }
}
