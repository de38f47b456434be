//! Counselling sessions (consulenza orientativa, A06) and group sessions (seminars A06,
//! workshops B03): what a session must hold to be recorded, and what it does to the plan
//! action it carries out. Pure: dates come in, problems and steps come out.

use chrono::NaiveDate;
use serde::Serialize;

use super::records::ActionStep;

/// One counselling session as the operator records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CounsellingSession {
    #[serde(rename = "data")]
    pub held_on: NaiveDate,
    #[serde(rename = "operatore")]
    pub operator: String,
    #[serde(rename = "obiettivi")]
    pub goals: String,
    #[serde(rename = "ostacoli")]
    pub obstacles: String,
    #[serde(rename = "strategie")]
    pub strategies: String,
    #[serde(rename = "esito")]
    pub outcome: String,
    #[serde(rename = "prossimo_passo")]
    pub next_step: String,
    /// The session ends the counselling: its action is concluded with the outcome.
    #[serde(rename = "chiude_la_consulenza")]
    pub closes: bool,
}

/// What keeps a session from being recorded; each names its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionProblem {
    /// The date is after today.
    InFuture,
    /// More than a year before today: a mistyped year (a later record says so in its notes).
    TooOld,
    /// Neither goals nor outcome: a session with nothing said about it.
    Empty,
    /// A closing session needs the outcome the action is concluded with.
    ClosingWithoutOutcome,
    NoOperator,
}

impl SessionProblem {
    /// The form field the problem is about.
    pub fn field(self) -> &'static str {
        match self {
            SessionProblem::InFuture | SessionProblem::TooOld => "date",
            SessionProblem::Empty => "goals",
            SessionProblem::ClosingWithoutOutcome => "outcome",
            SessionProblem::NoOperator => "operator",
        }
    }
}

/// The problems of `session`, recorded on `today` (none: it can be saved).
pub fn check_session(session: &CounsellingSession, today: NaiveDate) -> Vec<SessionProblem> {
    let mut out = Vec::new();
    if session.held_on > today {
        out.push(SessionProblem::InFuture);
    }
    let year_ago = today
        .checked_sub_days(chrono::Days::new(GROUP_DATE_RANGE_DAYS))
        .unwrap_or(NaiveDate::MIN);
    if session.held_on < year_ago {
        out.push(SessionProblem::TooOld);
    }
    if session.operator.trim().is_empty() {
        out.push(SessionProblem::NoOperator);
    }
    if session.goals.trim().is_empty() && session.outcome.trim().is_empty() {
        out.push(SessionProblem::Empty);
    }
    if session.closes && session.outcome.trim().is_empty() {
        out.push(SessionProblem::ClosingWithoutOutcome);
    }
    out
}

/// What a saved session does to the action it carries out: every session starts it (the first
/// one really does: a started action stays as it is), a closing one concludes it with the
/// session's outcome. See [`super::records::after_step`]: nothing is ever reopened.
pub fn session_steps(session: &CounsellingSession) -> Vec<ActionStep> {
    let mut steps = vec![ActionStep::Started(session.held_on)];
    if session.closes {
        steps.push(ActionStep::Ended {
            on: session.held_on,
            outcome: session.outcome.trim().to_string(),
        });
    }
    steps
}

/// The action codes a group session can be: a seminar (A06) or a workshop (B03).
pub const GROUP_CODES: [&str; 2] = ["A06", "B03"];

/// A group session, recorded once for all its participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupSession {
    #[serde(rename = "codice")]
    pub code: String,
    #[serde(rename = "data")]
    pub held_on: NaiveDate,
    #[serde(rename = "argomento")]
    pub topic: String,
    #[serde(rename = "operatore")]
    pub operator: String,
    #[serde(rename = "luogo")]
    pub place: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupProblem {
    UnknownCode,
    NoTopic,
    NoOperator,
    /// More than a year before or after today: a mistyped year.
    FarDate,
}

/// How far from today a group session can be dated: planned up to a year ahead, recorded up to
/// a year late.
pub const GROUP_DATE_RANGE_DAYS: u64 = 366;

impl GroupProblem {
    pub fn field(self) -> &'static str {
        match self {
            GroupProblem::UnknownCode => "code",
            GroupProblem::NoTopic => "topic",
            GroupProblem::NoOperator => "operator",
            GroupProblem::FarDate => "date",
        }
    }
}

/// The problems of a group session (its date may be ahead: sessions are planned, within a
/// year either side of `today`).
pub fn check_group_session(session: &GroupSession, today: NaiveDate) -> Vec<GroupProblem> {
    let mut out = Vec::new();
    let range = chrono::Days::new(GROUP_DATE_RANGE_DAYS);
    let earliest = today.checked_sub_days(range).unwrap_or(NaiveDate::MIN);
    let latest = today.checked_add_days(range).unwrap_or(NaiveDate::MAX);
    if session.held_on < earliest || session.held_on > latest {
        out.push(GroupProblem::FarDate);
    }
    if !GROUP_CODES.contains(&session.code.as_str()) {
        out.push(GroupProblem::UnknownCode);
    }
    if session.topic.trim().is_empty() {
        out.push(GroupProblem::NoTopic);
    }
    if session.operator.trim().is_empty() {
        out.push(GroupProblem::NoOperator);
    }
    out
}

/// The outcome a participant's action gets when they came.
pub const PRESENT_OUTCOME: &str = "presente";

/// Attendance is marked from the day of the session on, never before it.
pub fn attendance_allowed(held_on: NaiveDate, today: NaiveDate) -> bool {
    held_on <= today
}

/// What marking a participant does to their action: present concludes it ("presente"),
/// absent cancels it, both on the day of the session.
pub fn attendance_step(held_on: NaiveDate, present: bool) -> ActionStep {
    if present {
        ActionStep::Ended {
            on: held_on,
            outcome: PRESENT_OUTCOME.to_string(),
        }
    } else {
        ActionStep::Cancelled(held_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{ActionProgress, ActionStatus, after_step};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn session(d: u32) -> CounsellingSession {
        CounsellingSession {
            held_on: day(d),
            operator: "Anna".into(),
            goals: "chiarire l'obiettivo professionale".into(),
            obstacles: String::new(),
            strategies: String::new(),
            outcome: String::new(),
            next_step: String::new(),
            closes: false,
        }
    }

    fn apply(now: ActionProgress, s: &CounsellingSession) -> ActionProgress {
        session_steps(s)
            .iter()
            .fold(now, |now, step| after_step(&now, step))
    }

    #[test]
    fn a_session_needs_a_past_date_an_operator_and_something_said() {
        assert!(check_session(&session(20), day(26)).is_empty());
        let mut old = session(20);
        old.held_on = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        assert_eq!(check_session(&old, day(26)), [SessionProblem::TooOld]);
        assert_eq!(
            check_session(&session(27), day(26)),
            [SessionProblem::InFuture]
        );
        let mut empty = session(20);
        empty.goals = "  ".into();
        empty.operator = String::new();
        assert_eq!(
            check_session(&empty, day(26)),
            [SessionProblem::NoOperator, SessionProblem::Empty]
        );
        empty.outcome = "ha scelto la formazione".into();
        empty.operator = "Anna".into();
        assert!(check_session(&empty, day(26)).is_empty());
        let mut closing = session(20);
        closing.closes = true;
        assert_eq!(
            check_session(&closing, day(26)),
            [SessionProblem::ClosingWithoutOutcome]
        );
        assert_eq!(SessionProblem::ClosingWithoutOutcome.field(), "outcome");
    }

    #[test]
    fn the_first_session_starts_the_action_and_the_closing_one_concludes_it() {
        let programmed = ActionProgress {
            status: ActionStatus::Programmata,
            outcome: String::new(),
            started_on: None,
            ended_on: None,
        };
        let first = apply(programmed, &session(3));
        assert_eq!(first.status, ActionStatus::InCorso);
        assert_eq!(first.started_on, Some(day(3)));
        // A later session leaves it as it is.
        let second = apply(first.clone(), &session(10));
        assert_eq!(second, first);
        let mut last = session(17);
        last.closes = true;
        last.outcome = "progetto professionale definito".into();
        let closed = apply(second, &last);
        assert_eq!(closed.status, ActionStatus::Conclusa);
        assert_eq!(closed.started_on, Some(day(3)));
        assert_eq!(closed.ended_on, Some(day(17)));
        assert_eq!(closed.outcome, "progetto professionale definito");
        // A session recorded after the closing one never reopens it.
        assert_eq!(apply(closed.clone(), &session(24)), closed);
    }

    #[test]
    fn group_sessions_are_seminars_or_workshops_with_a_topic() {
        let mut g = GroupSession {
            code: "B03".into(),
            held_on: day(30),
            topic: "Il colloquio di lavoro".into(),
            operator: "Anna".into(),
            place: String::new(),
        };
        assert!(check_group_session(&g, g.held_on).is_empty());
        g.code = "C01".into();
        g.topic = " ".into();
        assert_eq!(
            check_group_session(&g, g.held_on),
            [GroupProblem::UnknownCode, GroupProblem::NoTopic]
        );
        // A year either side of today; a mistyped year is refused.
        g.code = "B03".into();
        g.topic = "Il colloquio di lavoro".into();
        let today = g.held_on;
        for (held, far) in [
            (NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(), true),
            (NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(), true),
            (
                today.checked_add_days(chrono::Days::new(366)).unwrap(),
                false,
            ),
            (
                today.checked_sub_days(chrono::Days::new(367)).unwrap(),
                true,
            ),
        ] {
            g.held_on = held;
            assert_eq!(
                check_group_session(&g, today) == [GroupProblem::FarDate],
                far,
                "{held}"
            );
        }
        assert!(attendance_allowed(day(26), day(26)));
        assert!(!attendance_allowed(day(27), day(26)));
        assert_eq!(
            attendance_step(day(26), false),
            ActionStep::Cancelled(day(26))
        );
        assert!(matches!(
            attendance_step(day(26), true),
            ActionStep::Ended { outcome, .. } if outcome == "presente"
        ));
    }
}
