//! The scoring engine: raw, adjusted and maximum score per section and combined target, the
//! gate of gated sections (D opens while C reaches its threshold), completeness, the plafond and
//! the change of percorso. Pure functions over an [`Instrument`].

use std::collections::BTreeMap;

use super::instrument::{Instrument, PathId};

/// The answers of one assessment: area id -> option index (0-based, instrument order).
/// Built only through [`Answers::set`], so every entry names an existing area and option.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(BTreeMap<String, usize>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    UnknownArea(String),
    OptionOutOfRange {
        area: String,
        option: usize,
        options: usize,
    },
}

impl Answers {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(
        &mut self,
        instrument: &Instrument,
        area: &str,
        option: usize,
    ) -> Result<(), AnswerError> {
        let found = instrument
            .area(area)
            .ok_or_else(|| AnswerError::UnknownArea(area.to_string()))?;
        if option >= found.options.len() {
            return Err(AnswerError::OptionOutOfRange {
                area: area.to_string(),
                option,
                options: found.options.len(),
            });
        }
        self.0.insert(area.to_string(), option);
        Ok(())
    }

    pub fn clear(&mut self, area: &str) {
        self.0.remove(area);
    }

    pub fn get(&self, area: &str) -> Option<usize> {
        self.0.get(area).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The single signed adjustment the professional check-list allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plafond {
    pub target: String,
    pub points: i32,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlafondError {
    /// Not a target with a threshold.
    UnknownTarget(String),
    ZeroPoints,
    PointsOutOfRange {
        points: i32,
        max: u32,
    },
    TooFar {
        target: String,
        raw: i32,
        threshold: u32,
        max_distance: u32,
    },
    OutOfBounds {
        target: String,
        adjusted: i32,
        max: u32,
    },
    MissingNote,
}

/// Change of the proposed percorso, for persons of an eligible category only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    pub path: PathId,
    pub category: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathChangeError {
    Incomplete {
        missing: Vec<String>,
    },
    UnknownPath(PathId),
    IneligibleCategory {
        category: String,
        eligible: Vec<String>,
    },
    MissingNote,
    SameAsProposed(PathId),
}

/// Where a score stands against its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Below,
    /// Below, but a plafond could still reach the threshold.
    Near,
    Reached,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionScore {
    pub id: String,
    pub raw: u32,
    pub adjustment: i32,
    pub adjusted: i32,
    pub max: u32,
    pub threshold: Option<u32>,
    pub answered: usize,
    pub areas: usize,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CombinedScore {
    pub id: String,
    /// Sum of the adjusted scores of the enabled member sections.
    pub raw: i32,
    pub adjustment: i32,
    pub adjusted: i32,
    pub max: u32,
    pub threshold: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    pub sections: Vec<SectionScore>,
    pub combined: Vec<CombinedScore>,
    /// Required areas without an answer, in instrument order.
    pub missing: Vec<String>,
    pub proposed: Option<PathId>,
}

impl Scores {
    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }

    pub fn section(&self, id: &str) -> Option<&SectionScore> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Raw and adjusted score of a target with a threshold, with the threshold.
    pub fn target(&self, id: &str) -> Option<(i32, i32, u32)> {
        if let Some(s) = self.section(id) {
            return s
                .threshold
                .map(|t| (i32::try_from(s.raw).unwrap_or(i32::MAX), s.adjusted, t));
        }
        self.combined
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.raw, c.adjusted, c.threshold))
    }

    pub fn adjusted(&self, id: &str) -> Option<i32> {
        self.target(id).map(|(_, adjusted, _)| adjusted)
    }

    pub fn reached(&self, id: &str) -> bool {
        self.target(id)
            .is_some_and(|(_, adjusted, threshold)| adjusted >= threshold as i32)
    }
}

/// Scores with the plafond applied as given, without checking it: the basis of [`evaluate`].
pub fn score(instrument: &Instrument, answers: &Answers, plafond: Option<&Plafond>) -> Scores {
    let adjustment_of = |id: &str| -> i32 {
        plafond
            .filter(|p| p.target == id)
            .map(|p| p.points)
            .unwrap_or(0)
    };

    let mut sections: Vec<SectionScore> = Vec::with_capacity(instrument.sections.len());
    for section in &instrument.sections {
        let raw: u32 = section
            .areas
            .iter()
            .filter_map(|area| answers.get(&area.id).map(|i| area.options[i].points))
            .sum();
        let answered = section
            .areas
            .iter()
            .filter(|a| answers.get(&a.id).is_some())
            .count();
        let enabled = match &section.enabled_by {
            None => true,
            Some(gate) => sections.iter().any(|earlier| {
                earlier.id == *gate
                    && earlier
                        .threshold
                        .is_some_and(|t| earlier.adjusted >= t as i32)
            }),
        };
        let adjustment = adjustment_of(&section.id);
        let raw_signed = i32::try_from(raw).unwrap_or(i32::MAX);
        sections.push(SectionScore {
            id: section.id.clone(),
            raw,
            adjustment,
            adjusted: raw_signed.saturating_add(adjustment),
            max: section.max_points(),
            threshold: section.threshold,
            answered,
            areas: section.areas.len(),
            enabled,
        });
    }

    let combined = instrument
        .combined
        .iter()
        .map(|c| {
            let raw = sections
                .iter()
                .filter(|s| s.enabled && c.sections.contains(&s.id))
                .map(|s| s.adjusted)
                .sum::<i32>();
            let adjustment = adjustment_of(&c.id);
            CombinedScore {
                id: c.id.clone(),
                raw,
                adjustment,
                adjusted: raw.saturating_add(adjustment),
                max: instrument.combined_max(c),
                threshold: c.threshold,
            }
        })
        .collect();

    let missing: Vec<String> = instrument
        .sections
        .iter()
        .zip(&sections)
        .filter(|(_, s)| s.enabled)
        .flat_map(|(section, _)| section.areas.iter())
        .filter(|a| answers.get(&a.id).is_none())
        .map(|a| a.id.clone())
        .collect();

    let mut scores = Scores {
        sections,
        combined,
        missing,
        proposed: None,
    };
    if scores.complete() {
        scores.proposed = Some(propose_path(instrument, |id| scores.adjusted(id)));
    }
    scores
}

/// The percorso of the first rule whose target reaches its threshold; the default otherwise.
/// It reads nothing but the adjusted scores.
pub fn propose_path(instrument: &Instrument, adjusted: impl Fn(&str) -> Option<i32>) -> PathId {
    instrument
        .rules
        .iter()
        .find(|rule| {
            let threshold = instrument.target(&rule.target).map(|t| t.threshold);
            match (adjusted(&rule.target), threshold) {
                (Some(score), Some(threshold)) => score >= threshold as i32,
                _ => false,
            }
        })
        .map(|rule| rule.path)
        .unwrap_or(instrument.default_path)
}

/// Checks a plafond against the unadjusted scores (`base` = `score(.., None)`).
pub fn check_plafond(
    instrument: &Instrument,
    base: &Scores,
    plafond: &Plafond,
) -> Result<(), PlafondError> {
    let target = instrument
        .target(&plafond.target)
        .ok_or_else(|| PlafondError::UnknownTarget(plafond.target.clone()))?;
    let limits = instrument.plafond;
    if plafond.points == 0 {
        return Err(PlafondError::ZeroPoints);
    }
    if plafond.points.unsigned_abs() > limits.max_points {
        return Err(PlafondError::PointsOutOfRange {
            points: plafond.points,
            max: limits.max_points,
        });
    }
    let (raw, _, threshold) = base
        .target(target.id)
        .ok_or_else(|| PlafondError::UnknownTarget(plafond.target.clone()))?;
    if (i64::from(raw) - i64::from(threshold)).unsigned_abs() > u64::from(limits.max_distance) {
        return Err(PlafondError::TooFar {
            target: target.id.to_string(),
            raw,
            threshold,
            max_distance: limits.max_distance,
        });
    }
    let adjusted = raw + plafond.points;
    if adjusted < 0 || adjusted > target.max as i32 {
        return Err(PlafondError::OutOfBounds {
            target: target.id.to_string(),
            adjusted,
            max: target.max,
        });
    }
    if plafond.note.trim().is_empty() {
        return Err(PlafondError::MissingNote);
    }
    Ok(())
}

/// Checks a change of percorso against complete scores and the eligible categories.
pub fn check_path_change(
    instrument: &Instrument,
    scores: &Scores,
    eligible_categories: &[&str],
    change: &PathChange,
) -> Result<(), PathChangeError> {
    let proposed = scores.proposed.ok_or_else(|| PathChangeError::Incomplete {
        missing: scores.missing.clone(),
    })?;
    if instrument.path(change.path).is_none() {
        return Err(PathChangeError::UnknownPath(change.path));
    }
    if !eligible_categories.contains(&change.category.as_str()) {
        return Err(PathChangeError::IneligibleCategory {
            category: change.category.clone(),
            eligible: eligible_categories.iter().map(|c| c.to_string()).collect(),
        });
    }
    if change.path == proposed {
        return Err(PathChangeError::SameAsProposed(proposed));
    }
    if change.note.trim().is_empty() {
        return Err(PathChangeError::MissingNote);
    }
    Ok(())
}

/// Where an adjusted score stands: reached, near (a plafond could reach the threshold) or below.
pub fn standing(instrument: &Instrument, adjusted: i32, threshold: u32) -> Standing {
    let threshold = i64::from(threshold);
    let adjusted = i64::from(adjusted);
    let reach = i64::from(
        instrument
            .plafond
            .max_points
            .min(instrument.plafond.max_distance),
    );
    if adjusted >= threshold {
        Standing::Reached
    } else if threshold - adjusted <= reach {
        Standing::Near
    } else {
        Standing::Below
    }
}

/// A validated assessment: its scores and the final percorso.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub scores: Scores,
    pub final_path: Option<PathId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssessmentError {
    Plafond(PlafondError),
    PathChange(PathChangeError),
}

/// Scores an assessment after checking its plafond and change of percorso.
pub fn evaluate(
    instrument: &Instrument,
    answers: &Answers,
    plafond: Option<&Plafond>,
    change: Option<&PathChange>,
    eligible_categories: &[&str],
) -> Result<Outcome, AssessmentError> {
    let scores = match plafond {
        None => score(instrument, answers, None),
        Some(p) => {
            let base = score(instrument, answers, None);
            check_plafond(instrument, &base, p).map_err(AssessmentError::Plafond)?;
            score(instrument, answers, Some(p))
        }
    };
    let final_path = match change {
        None => scores.proposed,
        Some(c) => {
            check_path_change(instrument, &scores, eligible_categories, c)
                .map_err(AssessmentError::PathChange)?;
            Some(c.path)
        }
    };
    Ok(Outcome { scores, final_path })
}
