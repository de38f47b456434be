//! The scoring engine: raw, adjusted and maximum score per section and combined target, the
//! gate of gated sections (D opens while C reaches its threshold), completeness, the plafond and
//! the change of percorso. Pure functions over an [`Instrument`].

use std::collections::BTreeMap;

use super::instrument::{AnswerOption, Instrument, PathId};

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

    /// Answers as stored, not checked against an instrument: an answer whose area or option the
    /// instrument in use does not have counts as not given.
    pub fn from_stored(pairs: impl IntoIterator<Item = (String, i64)>) -> Self {
        Answers(
            pairs
                .into_iter()
                .filter_map(|(area, option)| usize::try_from(option).ok().map(|o| (area, o)))
                .collect(),
        )
    }

    /// The option chosen for an area, if the answer fits the area's options.
    pub fn option<'a>(&self, area: &'a super::instrument::Area) -> Option<&'a AnswerOption> {
        self.get(&area.id).and_then(|i| area.options.get(i))
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
    /// The person agreed to the change (required for it to count).
    pub agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathChangeError {
    Incomplete {
        missing: Vec<String>,
    },
    UnknownPath(PathId),
    /// A percorso the change never reaches (collective relocation).
    NotAssignable(PathId),
    IneligibleCategory {
        category: String,
        eligible: Vec<String>,
    },
    MissingNote,
    SameAsProposed(PathId),
    /// The person's agreement is not recorded.
    NotAgreed,
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
    // A plafond far from its threshold adjusts the outcome of its own target only: what is
    // derived from that target (the section it opens, the combined totals it is part of, the
    // percorso) reads the score without it.
    let far = plafond.is_some_and(|p| {
        let base = score(instrument, answers, None);
        !plafond_affects_path(instrument, &base, p)
    });
    let adjustment_of = |id: &str| -> i32 {
        plafond
            .filter(|p| p.target == id)
            .map(|p| p.points)
            .unwrap_or(0)
    };

    let mut sections: Vec<SectionScore> = Vec::with_capacity(instrument.sections.len());
    // The score of each section as what is derived from it reads it.
    let counted = |s: &SectionScore| if far { s.raw as i32 } else { s.adjusted };
    for section in &instrument.sections {
        let raw: u32 = section
            .areas
            .iter()
            .filter_map(|area| answers.option(area).map(|o| o.points))
            .sum();
        let answered = section
            .areas
            .iter()
            .filter(|a| answers.option(a).is_some())
            .count();
        let enabled = match &section.enabled_by {
            None => true,
            Some(gate) => sections.iter().any(|earlier| {
                earlier.id == *gate
                    && earlier
                        .threshold
                        .is_some_and(|t| counted(earlier) >= t as i32)
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
                .map(counted)
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
        .filter(|a| answers.option(a).is_none())
        .map(|a| a.id.clone())
        .collect();

    let mut scores = Scores {
        sections,
        combined,
        missing,
        proposed: None,
    };
    if scores.complete() {
        scores.proposed = if far {
            score(instrument, answers, None).proposed
        } else {
            Some(propose_path(instrument, |id| scores.adjusted(id)))
        };
    }
    scores
}

/// Whether a plafond can change the percorso: the target's raw score (`base` =
/// `score(.., None)`) is at most `max_distance` points from its threshold. Farther away the
/// plafond changes only the assessment's outcome (the adjusted score), never the percorso.
pub fn plafond_affects_path(instrument: &Instrument, base: &Scores, plafond: &Plafond) -> bool {
    base.target(&plafond.target)
        .is_some_and(|(raw, _, threshold)| {
            (i64::from(raw) - i64::from(threshold)).unsigned_abs()
                <= u64::from(instrument.plafond.max_distance)
        })
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

/// The scores as they count now: with the plafond while it still holds for the current
/// answers, without it (and why) once it no longer does.
pub fn score_holding(
    instrument: &Instrument,
    answers: &Answers,
    plafond: Option<&Plafond>,
) -> (Scores, Option<PlafondError>) {
    let base = score(instrument, answers, None);
    match plafond {
        None => (base, None),
        Some(p) => match check_plafond(instrument, &base, p) {
            Ok(()) => (score(instrument, answers, Some(p)), None),
            Err(e) => (base, Some(e)),
        },
    }
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
    let (raw, _, _) = base
        .target(target.id)
        .ok_or_else(|| PlafondError::UnknownTarget(plafond.target.clone()))?;
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
    match instrument.path(change.path) {
        None => return Err(PathChangeError::UnknownPath(change.path)),
        Some(p) if !p.assignable_by_change => {
            return Err(PathChangeError::NotAssignable(change.path));
        }
        Some(_) => {}
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
    if !change.agreed {
        return Err(PathChangeError::NotAgreed);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;

    fn instrument() -> Instrument {
        data::load_defaults()
            .expect("the shipped data are valid")
            .instrument
    }

    /// Answers giving each listed section the raw score asked for (areas filled in order with
    /// the highest option that fits); sections not listed are left unanswered.
    fn answers(instrument: &Instrument, raw: &[(&str, u32)]) -> Answers {
        let mut answers = Answers::new();
        for (section_id, target) in raw {
            let section = &instrument.sections[instrument.section_index(section_id).unwrap()];
            let mut left = *target;
            for area in &section.areas {
                let option = area
                    .options
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.points <= left)
                    .max_by_key(|(_, o)| o.points)
                    .map(|(i, _)| i)
                    .unwrap();
                left -= area.options[option].points;
                answers.set(instrument, &area.id, option).unwrap();
            }
            assert_eq!(left, 0, "section {section_id} cannot reach {target}");
        }
        answers
    }

    fn plafond(target: &str, points: i32) -> Plafond {
        Plafond {
            target: target.into(),
            points,
            note: "valutazione dell'operatore".into(),
        }
    }

    fn change(path: PathId, category: &str) -> PathChange {
        PathChange {
            path,
            category: category.into(),
            note: "scelta concordata".into(),
            agreed: true,
        }
    }

    const CATEGORIES: [&str; 3] = ["disabilita_l68", "servizi_sociali", "esecuzione_penale"];

    #[test]
    fn default_maxima_match_the_instrument() {
        let i = instrument();
        let s = score(&i, &Answers::new(), None);
        let maxima: Vec<(&str, u32)> = s.sections.iter().map(|s| (s.id.as_str(), s.max)).collect();
        assert_eq!(maxima, [("A", 18), ("B", 15), ("C", 15), ("D", 15)]);
        assert_eq!(s.combined[0].max, 30);
    }

    #[test]
    fn empty_assessment_misses_a_b_c_but_not_d() {
        let i = instrument();
        let s = score(&i, &Answers::new(), None);
        assert!(!s.complete());
        assert_eq!(s.proposed, None);
        let expected: Vec<String> = ["A", "B", "C"]
            .iter()
            .flat_map(|id| {
                i.sections[i.section_index(id).unwrap()]
                    .areas
                    .iter()
                    .map(|a| a.id.clone())
            })
            .collect();
        assert_eq!(s.missing, expected);
        assert!(!s.section("D").unwrap().enabled);
    }

    #[test]
    fn missing_lists_unanswered_areas_in_instrument_order() {
        let i = instrument();
        let mut a = answers(&i, &[("A", 0), ("B", 0), ("C", 0)]);
        a.clear("C4");
        a.clear("A2");
        assert_eq!(score(&i, &a, None).missing, ["A2", "C4"]);
    }

    #[test]
    fn section_a_threshold_is_reached_at_seven() {
        let i = instrument();
        for (raw, reached, path) in [(6, false, 1), (7, true, 2), (8, true, 2)] {
            let s = score(&i, &answers(&i, &[("A", raw), ("B", 0), ("C", 0)]), None);
            assert_eq!(s.reached("A"), reached, "A = {raw}");
            assert_eq!(s.proposed, Some(path), "A = {raw}");
        }
    }

    #[test]
    fn section_b_threshold_is_reached_at_eight_and_wins_over_a() {
        let i = instrument();
        for (raw, path) in [(7, 2), (8, 3), (9, 3)] {
            let s = score(&i, &answers(&i, &[("A", 12), ("B", raw), ("C", 0)]), None);
            assert_eq!(s.proposed, Some(path), "B = {raw}");
        }
    }

    #[test]
    fn section_d_opens_at_c_six_and_is_then_required() {
        let i = instrument();
        let closed = score(&i, &answers(&i, &[("A", 0), ("B", 0), ("C", 5)]), None);
        assert!(!closed.section("D").unwrap().enabled);
        assert!(closed.complete());
        assert_eq!(closed.proposed, Some(1));

        let open = score(&i, &answers(&i, &[("A", 0), ("B", 0), ("C", 6)]), None);
        assert!(open.section("D").unwrap().enabled);
        assert_eq!(open.missing, ["D1", "D2", "D3", "D4", "D5"]);
        assert_eq!(open.proposed, None);
    }

    #[test]
    fn c_plus_d_threshold_is_reached_at_twelve_and_wins_over_everything() {
        let i = instrument();
        for (d, path) in [(5, 3), (6, 4), (7, 4)] {
            let a = answers(&i, &[("A", 12), ("B", 10), ("C", 6), ("D", d)]);
            let s = score(&i, &a, None);
            assert_eq!(s.combined[0].adjusted, 6 + d as i32);
            assert_eq!(s.proposed, Some(path), "D = {d}");
        }
    }

    #[test]
    fn d_answers_are_kept_but_do_not_count_while_c_is_below_six() {
        let i = instrument();
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 5), ("D", 15)]);
        let s = score(&i, &a, None);
        let d = s.section("D").unwrap();
        assert_eq!((d.raw, d.answered, d.enabled), (15, 5, false));
        assert_eq!(s.combined[0].raw, 5);
        assert_eq!(s.proposed, Some(1));
    }

    #[test]
    fn plafond_is_allowed_at_any_distance_and_counts_for_the_percorso_only_when_near() {
        let i = instrument();
        for (raw, near) in [
            (0, false),
            (3, false),
            (4, true),
            (7, true),
            (10, true),
            (11, false),
        ] {
            let a = answers(&i, &[("A", raw), ("B", 0), ("C", 0)]);
            let base = score(&i, &a, None);
            let p = plafond("A", 1);
            assert_eq!(check_plafond(&i, &base, &p), Ok(()), "A = {raw}");
            assert_eq!(plafond_affects_path(&i, &base, &p), near, "A = {raw}");
        }
    }

    #[test]
    fn a_far_plafond_moves_the_outcome_but_not_the_percorso() {
        let i = instrument();
        // C = 10 opens D; D = 4 gives C+D = 14 (Percorso 4). C is 4 from its threshold: a -3
        // on C makes C+D 11, below 12, but a far plafond must not change the percorso.
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 10), ("D", 4)]);
        let p = plafond("C", -3);
        let base = score(&i, &a, None);
        assert!(!plafond_affects_path(&i, &base, &p));
        let out = evaluate(&i, &a, Some(&p), None, &CATEGORIES).unwrap();
        let c = out.scores.section("C").unwrap();
        assert_eq!((c.raw, c.adjustment, c.adjusted), (10, -3, 7));
        // C+D reads C without the far plafond: 14, reached, consistent with Percorso 4.
        assert_eq!(out.scores.combined[0].raw, 14);
        assert_eq!(out.scores.combined[0].adjusted, 14);
        assert_eq!(out.scores.proposed, Some(4));
        // Upwards: C = 10, D = 0, +2 on C (4 from 6): C shows 12, C+D stays 10, not reached.
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 10), ("D", 0)]);
        let up = plafond("C", 2);
        let out = evaluate(&i, &a, Some(&up), None, &CATEGORIES).unwrap();
        assert_eq!(out.scores.section("C").unwrap().adjusted, 12);
        assert_eq!(out.scores.combined[0].raw, 10);
        assert!(!out.scores.reached("CD"));
        assert_eq!(out.scores.proposed, Some(1));
        // Near (C = 8, 2 from 6): the same plafond does change it (C 5 closes D).
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 8), ("D", 4)]);
        let out = evaluate(&i, &a, Some(&p), None, &CATEGORIES).unwrap();
        assert_eq!(score(&i, &a, None).proposed, Some(4));
        assert_eq!(out.scores.combined[0].adjusted, 5);
        assert_eq!(out.scores.proposed, Some(1));
    }

    #[test]
    fn plafond_points_must_be_one_to_three_either_way() {
        let i = instrument();
        let base = score(&i, &answers(&i, &[("B", 8)]), None);
        for points in [-3, -2, -1, 1, 2, 3] {
            assert_eq!(check_plafond(&i, &base, &plafond("B", points)), Ok(()));
        }
        assert_eq!(
            check_plafond(&i, &base, &plafond("B", 0)),
            Err(PlafondError::ZeroPoints)
        );
        for points in [-4, 4, i32::MIN, i32::MAX] {
            assert_eq!(
                check_plafond(&i, &base, &plafond("B", points)),
                Err(PlafondError::PointsOutOfRange { points, max: 3 })
            );
        }
    }

    #[test]
    fn plafond_needs_a_note_that_is_not_blank() {
        let i = instrument();
        let base = score(&i, &answers(&i, &[("A", 6)]), None);
        for note in ["", "   \n"] {
            let p = Plafond {
                note: note.into(),
                ..plafond("A", 1)
            };
            assert_eq!(check_plafond(&i, &base, &p), Err(PlafondError::MissingNote));
        }
    }

    #[test]
    fn plafond_targets_only_thresholds() {
        let i = instrument();
        let base = score(&i, &answers(&i, &[("C", 6), ("D", 6)]), None);
        for target in ["D", "X", "a", "C+D"] {
            assert_eq!(
                check_plafond(&i, &base, &plafond(target, 1)),
                Err(PlafondError::UnknownTarget(target.into()))
            );
        }
        assert_eq!(check_plafond(&i, &base, &plafond("CD", -1)), Ok(()));
    }

    #[test]
    fn plafond_keeps_raw_score_and_moves_the_adjusted_one() {
        let i = instrument();
        let a = answers(&i, &[("A", 6), ("B", 0), ("C", 0)]);
        let out = evaluate(&i, &a, Some(&plafond("A", 1)), None, &CATEGORIES).unwrap();
        let s = out.scores.section("A").unwrap();
        assert_eq!((s.raw, s.adjustment, s.adjusted), (6, 1, 7));
        assert_eq!(out.scores.proposed, Some(2));
        assert_eq!(out.final_path, Some(2));
    }

    #[test]
    fn plafond_on_c_opens_and_closes_section_d() {
        let i = instrument();
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 5), ("D", 10)]);
        let opened = evaluate(&i, &a, Some(&plafond("C", 1)), None, &CATEGORIES).unwrap();
        assert!(opened.scores.section("D").unwrap().enabled);
        assert_eq!(opened.scores.combined[0].raw, 16);
        assert_eq!(opened.final_path, Some(4));

        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 6), ("D", 10)]);
        let closed = evaluate(&i, &a, Some(&plafond("C", -1)), None, &CATEGORIES).unwrap();
        assert!(!closed.scores.section("D").unwrap().enabled);
        assert_eq!(closed.scores.combined[0].raw, 5);
        assert_eq!(closed.final_path, Some(1));
    }

    #[test]
    fn plafond_on_c_plus_d_reaches_percorso_four() {
        let i = instrument();
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 6), ("D", 5)]);
        assert_eq!(score(&i, &a, None).proposed, Some(1));
        let out = evaluate(&i, &a, Some(&plafond("CD", 1)), None, &CATEGORIES).unwrap();
        let cd = &out.scores.combined[0];
        assert_eq!((cd.raw, cd.adjustment, cd.adjusted), (11, 1, 12));
        assert_eq!(out.final_path, Some(4));
        assert_eq!(out.scores.section("C").unwrap().adjusted, 6);
    }

    #[test]
    fn plafond_on_c_plus_d_measures_distance_on_the_sum() {
        let i = instrument();
        let a = answers(&i, &[("C", 8), ("D", 0)]);
        let base = score(&i, &a, None);
        assert_eq!(check_plafond(&i, &base, &plafond("CD", 3)), Ok(()));
        assert!(!plafond_affects_path(&i, &base, &plafond("CD", 3)));
        let a = answers(&i, &[("C", 9), ("D", 0)]);
        assert!(plafond_affects_path(
            &i,
            &score(&i, &a, None),
            &plafond("CD", 3)
        ));
    }

    #[test]
    fn plafond_cannot_leave_zero_to_maximum() {
        let text = r#"
            nome = "Piccolo"
            percorso_predefinito = 1
            plafond = { punti_massimi = 3, distanza_massima = 3 }
            [[sezioni]]
            id = "A"
            nome = "Unica"
            soglia = 2
            [[sezioni.aree]]
            id = "A1"
            nome = "Area"
            opzioni = [{ testo = "no", punti = 0 }, { testo = "si", punti = 3 }]
            [[percorsi]]
            id = 1
            nome = "Uno"
        "#;
        let source = data::Source {
            file: "piccolo.toml".into(),
            text: text.into(),
        };
        let i = data::parse_instrument(&source).unwrap();
        let mut a = Answers::new();
        a.set(&i, "A1", 1).unwrap();
        let base = score(&i, &a, None);
        assert_eq!(
            check_plafond(&i, &base, &plafond("A", 1)),
            Err(PlafondError::OutOfBounds {
                target: "A".into(),
                adjusted: 4,
                max: 3
            })
        );
        a.set(&i, "A1", 0).unwrap();
        let base = score(&i, &a, None);
        assert_eq!(
            check_plafond(&i, &base, &plafond("A", -1)),
            Err(PlafondError::OutOfBounds {
                target: "A".into(),
                adjusted: -1,
                max: 3
            })
        );
        assert_eq!(check_plafond(&i, &base, &plafond("A", 3)), Ok(()));
    }

    #[test]
    fn path_change_needs_a_complete_assessment() {
        let i = instrument();
        let a = answers(&i, &[("A", 0), ("B", 0)]);
        let result = evaluate(
            &i,
            &a,
            None,
            Some(&change(4, "servizi_sociali")),
            &CATEGORIES,
        );
        assert_eq!(
            result,
            Err(AssessmentError::PathChange(PathChangeError::Incomplete {
                missing: vec![
                    "C1".into(),
                    "C2".into(),
                    "C3".into(),
                    "C4".into(),
                    "C5".into()
                ]
            }))
        );
    }

    #[test]
    fn path_change_keeps_the_proposed_percorso() {
        let i = instrument();
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 0)]);
        for (path, category) in [
            (4, "servizi_sociali"),
            (3, "disabilita_l68"),
            (2, "esecuzione_penale"),
        ] {
            let out = evaluate(&i, &a, None, Some(&change(path, category)), &CATEGORIES).unwrap();
            assert_eq!(out.scores.proposed, Some(1));
            assert_eq!(out.final_path, Some(path));
        }
    }

    #[test]
    fn path_change_refusals() {
        let i = instrument();
        let a = answers(&i, &[("A", 0), ("B", 0), ("C", 0)]);
        let s = score(&i, &a, None);
        let check = |c: &PathChange| check_path_change(&i, &s, &CATEGORIES, c);
        assert_eq!(
            check(&change(2, "disoccupato")),
            Err(PathChangeError::IneligibleCategory {
                category: "disoccupato".into(),
                eligible: CATEGORIES.iter().map(|c| c.to_string()).collect()
            })
        );
        assert_eq!(
            check(&change(6, "servizi_sociali")),
            Err(PathChangeError::UnknownPath(6))
        );
        assert_eq!(
            check(&change(0, "servizi_sociali")),
            Err(PathChangeError::UnknownPath(0))
        );
        assert_eq!(
            check(&change(1, "servizi_sociali")),
            Err(PathChangeError::SameAsProposed(1))
        );
        let no_note = PathChange {
            note: "  ".into(),
            ..change(4, "servizi_sociali")
        };
        assert_eq!(check(&no_note), Err(PathChangeError::MissingNote));
        assert_eq!(
            check(&change(5, "servizi_sociali")),
            Err(PathChangeError::NotAssignable(5))
        );
        let not_agreed = PathChange {
            agreed: false,
            ..change(4, "servizi_sociali")
        };
        assert_eq!(check(&not_agreed), Err(PathChangeError::NotAgreed));
    }

    #[test]
    fn only_percorsi_one_to_four_are_assignable_by_change_in_the_default_instrument() {
        let i = instrument();
        let assignable: Vec<PathId> = i
            .paths
            .iter()
            .filter(|p| p.assignable_by_change)
            .map(|p| p.id)
            .collect();
        assert_eq!(assignable, [1, 2, 3, 4]);
        assert!(!i.proposable(5));
        assert_eq!(i.path_of_target("CD"), Some(4));
        assert_eq!(i.path_of_target("B"), Some(3));
        assert_eq!(i.path_of_target("A"), Some(2));
        assert_eq!(i.path_of_target("C"), None);
    }

    #[test]
    fn path_change_category_must_be_among_the_eligible_ones() {
        let i = instrument();
        let s = score(&i, &answers(&i, &[("A", 0), ("B", 0), ("C", 0)]), None);
        assert!(
            check_path_change(&i, &s, &["servizi_sociali"], &change(4, "servizi_sociali")).is_ok()
        );
        assert!(check_path_change(&i, &s, &[], &change(4, "servizi_sociali")).is_err());
    }

    #[test]
    fn standing_distinguishes_below_near_and_reached() {
        let i = instrument();
        assert_eq!(standing(&i, 3, 7), Standing::Below);
        assert_eq!(standing(&i, 4, 7), Standing::Near);
        assert_eq!(standing(&i, 6, 7), Standing::Near);
        assert_eq!(standing(&i, 7, 7), Standing::Reached);
        assert_eq!(standing(&i, 18, 7), Standing::Reached);
        assert_eq!(standing(&i, -2, 6), Standing::Below);
    }

    #[test]
    fn answers_refuse_unknown_areas_and_options() {
        let i = instrument();
        let mut a = Answers::new();
        assert_eq!(
            a.set(&i, "Z9", 0),
            Err(AnswerError::UnknownArea("Z9".into()))
        );
        assert_eq!(
            a.set(&i, "A1", 4),
            Err(AnswerError::OptionOutOfRange {
                area: "A1".into(),
                option: 4,
                options: 4
            })
        );
        assert!(a.is_empty());
        a.set(&i, "A1", 3).unwrap();
        a.set(&i, "A1", 1).unwrap();
        assert_eq!((a.get("A1"), a.len()), (Some(1), 1));
    }

    #[test]
    fn rules_come_from_the_data() {
        let mut i = instrument();
        i.rules.reverse(); // A first, then B, then C+D
        let a = answers(&i, &[("A", 7), ("B", 8), ("C", 6), ("D", 6)]);
        assert_eq!(score(&i, &a, None).proposed, Some(2));
        i.sections[0].threshold = Some(8);
        assert_eq!(score(&i, &a, None).proposed, Some(3));
    }

    #[test]
    fn a_plafond_that_no_longer_holds_stops_counting() {
        let data = data::load_defaults().unwrap();
        let instrument = &data.instrument;
        let mut answers = Answers::new();
        // A: 2 of 18, far from the threshold 7: a plafond of -2 holds (outcome only).
        answers.set(instrument, "A1", 2).unwrap();
        let plafond = Plafond {
            target: "A".into(),
            points: -2,
            note: "valutazione dell'operatore".into(),
        };
        let (scores, stale) = score_holding(instrument, &answers, Some(&plafond));
        assert_eq!(stale, None);
        assert_eq!(scores.target("A").map(|t| t.1), Some(0));
        // Answers changed: the adjusted score would leave 0..18, so it no longer counts.
        answers.set(instrument, "A1", 1).unwrap();
        let (scores, stale) = score_holding(instrument, &answers, Some(&plafond));
        assert!(matches!(stale, Some(PlafondError::OutOfBounds { .. })));
        assert_eq!(scores.target("A").map(|t| t.1), Some(1));
        assert_eq!(score_holding(instrument, &answers, None).1, None);
    }
}
