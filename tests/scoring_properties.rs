//! Property tests of the scoring engine on the shipped instrument.

use orienta::data;
use orienta::domain::instrument::Instrument;
use orienta::domain::scoring::{
    Answers, Plafond, PlafondError, check_plafond, evaluate, plafond_affects_path, propose_path,
    score,
};
use proptest::prelude::*;

fn instrument() -> Instrument {
    data::load_defaults().expect("shipped data").instrument
}

/// One optional option index per area of the default instrument (21 areas, 4 options each).
fn raw_answers() -> impl Strategy<Value = Vec<Option<usize>>> {
    prop::collection::vec(prop::option::weighted(0.9, 0usize..4), 21)
}

fn build(instrument: &Instrument, raw: &[Option<usize>]) -> Answers {
    let mut answers = Answers::new();
    for (area, choice) in instrument.areas().zip(raw) {
        if let Some(option) = choice {
            answers
                .set(instrument, &area.id, *option)
                .expect("valid option");
        }
    }
    answers
}

fn plafond_strategy() -> impl Strategy<Value = Option<(usize, i32)>> {
    prop::option::of((0usize..4, prop_oneof![-3i32..=-1, 1i32..=3]))
}

fn to_plafond(instrument: &Instrument, choice: Option<(usize, i32)>) -> Option<Plafond> {
    choice.map(|(target, points)| {
        let ids: Vec<&str> = instrument.targets().map(|t| t.id).collect();
        Plafond {
            target: ids[target % ids.len()].to_string(),
            points,
            note: "motivazione".into(),
        }
    })
}

proptest! {
    #[test]
    fn scores_stay_within_zero_and_maximum(raw in raw_answers(), p in plafond_strategy()) {
        let i = instrument();
        let answers = build(&i, &raw);
        let plafond = to_plafond(&i, p);
        let base = score(&i, &answers, None);
        for s in &base.sections {
            prop_assert!(s.raw <= s.max);
        }
        for c in &base.combined {
            prop_assert!(c.raw >= 0 && c.raw <= c.max as i32);
        }
        if let Ok(out) = evaluate(&i, &answers, plafond.as_ref(), None, &[]) {
            for s in &out.scores.sections {
                prop_assert!(s.adjusted >= 0 && s.adjusted <= s.max as i32);
            }
            for c in &out.scores.combined {
                prop_assert!(c.adjusted >= 0 && c.adjusted <= c.max as i32);
            }
        }
    }

    #[test]
    fn adding_points_never_lowers_a_score(raw in raw_answers(), area in 0usize..21) {
        let i = instrument();
        let before = score(&i, &build(&i, &raw), None);
        let mut raised = raw.clone();
        raised[area] = Some(raised[area].map_or(0, |o| (o + 1).min(3)));
        let after = score(&i, &build(&i, &raised), None);
        for (b, a) in before.sections.iter().zip(&after.sections) {
            prop_assert!(a.raw >= b.raw, "{}: {} -> {}", b.id, b.raw, a.raw);
        }
        for (b, a) in before.combined.iter().zip(&after.combined) {
            prop_assert!(a.raw >= b.raw, "{}: {} -> {}", b.id, b.raw, a.raw);
        }
    }

    #[test]
    fn percorso_depends_on_adjusted_scores_only(raw in raw_answers(), p in plafond_strategy()) {
        let i = instrument();
        let answers = build(&i, &raw);
        let plafond = to_plafond(&i, p);
        let Ok(out) = evaluate(&i, &answers, plafond.as_ref(), None, &[]) else {
            return Ok(());
        };
        let Some(proposed) = out.scores.proposed else { return Ok(()); };
        // A plafond far from its threshold counts for the outcome only, not for the percorso.
        let base = score(&i, &answers, None);
        if plafond.as_ref().is_some_and(|p| !plafond_affects_path(&i, &base, p)) {
            return Ok(());
        }
        prop_assert_eq!(proposed, propose_path(&i, |id| out.scores.adjusted(id)));

        // The same adjusted scores reached by answers alone, without a plafond, give the same
        // percorso: move the plafond's points into the answers of its section.
        let Some(p) = plafond.filter(|p| i.section_index(&p.target).is_some()) else {
            return Ok(());
        };
        let section = &i.sections[i.section_index(&p.target).unwrap_or(0)];
        let mut moved = answers.clone();
        let mut left = p.points;
        for area in &section.areas {
            let current = moved.get(&area.id).unwrap_or(0) as i32;
            let next = (current + left).clamp(0, 3);
            left -= next - current;
            moved.set(&i, &area.id, next as usize).expect("valid option");
        }
        prop_assume!(left == 0);
        let plain = score(&i, &moved, None);
        prop_assume!(plain.complete());
        prop_assert_eq!(plain.adjusted(&p.target), out.scores.adjusted(&p.target));
        prop_assert_eq!(plain.proposed, Some(proposed));
    }

    #[test]
    fn plafond_never_changes_raw_scores(raw in raw_answers(), p in plafond_strategy()) {
        let i = instrument();
        let answers = build(&i, &raw);
        let Some(plafond) = to_plafond(&i, p) else { return Ok(()); };
        let base = score(&i, &answers, None);
        if check_plafond(&i, &base, &plafond).is_ok() {
            let adjusted = score(&i, &answers, Some(&plafond));
            for (b, a) in base.sections.iter().zip(&adjusted.sections) {
                prop_assert_eq!(b.raw, a.raw);
                prop_assert_eq!(a.adjusted - a.raw as i32, a.adjustment);
            }
        }
    }

    #[test]
    fn d_never_counts_while_c_is_below_six(raw in raw_answers(), p in plafond_strategy()) {
        let i = instrument();
        let answers = build(&i, &raw);
        let plafond = to_plafond(&i, p);
        let s = score(&i, &answers, plafond.as_ref());
        let c = s.section("C").expect("section C");
        // What opens D is C as the percorso reads it: without a plafond far from its threshold.
        let base = score(&i, &answers, None);
        let far = plafond.as_ref().is_some_and(|p| !plafond_affects_path(&i, &base, p));
        let counted = if far { c.raw as i32 } else { c.adjusted };
        if counted < 6 {
            let d = s.section("D").expect("section D");
            let cd = &s.combined[0];
            prop_assert!(!d.enabled);
            prop_assert_eq!(cd.raw, counted);
            prop_assert!(s.missing.iter().all(|id| !id.starts_with('D')));
        } else {
            prop_assert!(s.section("D").expect("section D").enabled);
        }
    }

    #[test]
    fn a_plafond_far_from_its_threshold_never_changes_the_percorso(
        raw in raw_answers(),
        p in plafond_strategy(),
    ) {
        let i = instrument();
        let answers = build(&i, &raw);
        let Some(plafond) = to_plafond(&i, p) else { return Ok(()); };
        let base = score(&i, &answers, None);
        prop_assume!(!plafond_affects_path(&i, &base, &plafond));
        if let Ok(out) = evaluate(&i, &answers, Some(&plafond), None, &[]) {
            prop_assert_eq!(out.scores.proposed, base.proposed);
        }
    }

    #[test]
    fn a_plafond_is_refused_only_for_its_own_limits_never_for_the_distance(
        raw in raw_answers(),
        p in plafond_strategy(),
    ) {
        let i = instrument();
        let answers = build(&i, &raw);
        let Some(plafond) = to_plafond(&i, p) else { return Ok(()); };
        let base = score(&i, &answers, None);
        let (raw_score, _, _) = base.target(&plafond.target).expect("a target");
        let max = i.target(&plafond.target).expect("a target").max as i32;
        let adjusted = raw_score + plafond.points;
        match check_plafond(&i, &base, &plafond) {
            Ok(()) => prop_assert!(adjusted >= 0 && adjusted <= max),
            Err(e) => {
                let out_of_bounds = matches!(e, PlafondError::OutOfBounds { .. });
                prop_assert!(out_of_bounds);
                prop_assert!(adjusted < 0 || adjusted > max);
            }
        }
    }
}
