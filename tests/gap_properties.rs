//! Property tests of the skill gap analysis on the shipped list of competences.

use orienta::data;
use orienta::domain::competences::{
    CompetenceCatalogue, CompetenceRef, Evidence, GapStatus, Level, PossessedCompetence,
    RequiredCompetence, SuggestionReason, gap, suggest_actions, training_need,
};
use proptest::prelude::*;

/// The shipped list, loaded once for all cases.
fn catalogue() -> &'static CompetenceCatalogue {
    static CATALOGUE: std::sync::LazyLock<CompetenceCatalogue> =
        std::sync::LazyLock::new(|| data::load_defaults().expect("shipped data").competences);
    &CATALOGUE
}

/// Up to 8 requirements and 10 possessed competences drawn from the shipped list, some of them
/// written as free text with other case.
fn profiles() -> impl Strategy<Value = (Vec<RequiredCompetence>, Vec<PossessedCompetence>)> {
    let names: Vec<(String, String)> = catalogue()
        .competences
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let count = names.len();
    let reference = move |index: usize, free: bool| {
        let (id, name) = &names[index % count];
        if free {
            CompetenceRef::free(&name.to_lowercase())
        } else {
            CompetenceRef {
                id: Some(id.clone()),
                name: name.clone(),
            }
        }
    };
    let required_reference = reference.clone();
    let required = prop::collection::vec((0usize..count, any::<bool>(), 1u8..=4), 0..8).prop_map(
        move |items| {
            items
                .into_iter()
                .map(|(i, free, level)| RequiredCompetence {
                    competence: required_reference(i, free),
                    level: Level::from_number(level).expect("1..=4"),
                })
                .collect::<Vec<_>>()
        },
    );
    let possessed =
        prop::collection::vec((0usize..count, any::<bool>(), 1u8..=4, 0usize..3), 0..10).prop_map(
            move |items| {
                items
                    .into_iter()
                    .map(|(i, free, level, evidence)| PossessedCompetence {
                        competence: reference(i, free),
                        level: Level::from_number(level).expect("1..=4"),
                        evidence: Evidence::ALL[evidence],
                        source: String::new(),
                    })
                    .collect::<Vec<_>>()
            },
        );
    (required, possessed)
}

proptest! {
    #[test]
    fn gap_rows_agree_with_the_levels((required, possessed) in profiles()) {
        let rows = gap(&required, &possessed);
        prop_assert!(rows.len() <= required.len());
        for (i, row) in rows.iter().enumerate() {
            // One row per competence.
            prop_assert!(!rows[..i].iter().any(|r| r.competence.matches(&row.competence)));
            let expected = match row.possessed {
                None => GapStatus::Missing,
                Some(level) if level < row.required => GapStatus::BelowLevel,
                Some(_) => GapStatus::Met,
            };
            prop_assert_eq!(row.status, expected);
            prop_assert_eq!(row.levels_missing() == 0, row.status == GapStatus::Met);
            // The required level is the highest asked for that competence.
            let highest = required
                .iter()
                .filter(|r| r.competence.matches(&row.competence))
                .map(|r| r.level)
                .max();
            prop_assert_eq!(Some(row.required), highest);
        }
        let need = training_need(&rows);
        prop_assert_eq!(need.to_acquire.len() + need.to_update.len() + need.met, need.total);
    }

    #[test]
    fn raising_a_possessed_level_never_widens_the_gap(
        (required, possessed) in profiles(),
        which in 0usize..10,
    ) {
        prop_assume!(!possessed.is_empty());
        let before = gap(&required, &possessed);
        let mut raised = possessed.clone();
        let index = which % raised.len();
        raised[index].level = Level::Expert;
        let after = gap(&required, &raised);
        prop_assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(a.levels_missing() <= b.levels_missing());
        }
    }

    #[test]
    fn suggestions_answer_exactly_the_gaps((required, possessed) in profiles()) {
        let rows = gap(&required, &possessed);
        let suggestions = suggest_actions(&rows, catalogue());
        for row in &rows {
            let named = |reason: SuggestionReason| {
                suggestions.iter().any(|s| {
                    s.reason == reason && s.competences.iter().any(|c| c == &row.competence)
                })
            };
            prop_assert_eq!(named(SuggestionReason::Training), row.status != GapStatus::Met);
            prop_assert_eq!(named(SuggestionReason::Certification), row.to_certify());
        }
        for s in &suggestions {
            match s.reason {
                SuggestionReason::Certification => prop_assert_eq!(&s.code, "B08"),
                SuggestionReason::Training => prop_assert!(s.code.starts_with('C'), "{}", s.code),
            }
        }
    }
}
