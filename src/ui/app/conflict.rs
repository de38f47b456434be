//! Conflicts: another operator saved the same thing first. Both values are shown and the
//! operator keeps one; until then no save on their behalf writes either.

use super::App;
use crate::domain::records::Citizen;
use crate::store::{StoredAction, StoredPropensity};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::form::Form;

/// A save refused because another operator saved the same record first: the values on both
/// sides, and what to do with each choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub target: ConflictTarget,
    /// Label, value saved by the other operator, value typed here.
    pub rows: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConflictTarget {
    /// Fields of an interview page, with the values now stored.
    Page {
        page: Page,
        ids: Vec<String>,
        theirs: serde_json::Map<String, serde_json::Value>,
    },
    /// The note of an area.
    Note {
        area: String,
        theirs: String,
    },
    /// The answer to an area of the questionnaire: the one stored now and the one given here.
    Answer {
        area: String,
        mine: Option<usize>,
    },
    Propensity(StoredPropensity),
    Action(StoredAction),
    /// An action of the signed plan, updated from the card.
    FollowUp(StoredAction),
    Citizen(Box<Citizen>),
}

/// Two long values as a dialog that must fit the screen shows them: from a little before the
/// first place where they differ, at most a few lines each.
pub(crate) fn excerpts(theirs: &str, mine: &str) -> (String, String) {
    const LONGEST: usize = 130;
    const BEFORE: usize = 30;
    let (a, b): (Vec<char>, Vec<char>) = (
        theirs.replace('\n', " ").chars().collect(),
        mine.replace('\n', " ").chars().collect(),
    );
    let first_difference = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let start = first_difference.saturating_sub(BEFORE);
    let cut = |chars: &[char]| {
        let shown: String = chars.iter().skip(start).take(LONGEST).collect();
        let head = if start > 0 { "…" } else { "" };
        let tail = if chars.len() > start + LONGEST {
            "…"
        } else {
            ""
        };
        format!("{head}{shown}{tail}")
    };
    (cut(&a), cut(&b))
}

/// A value for messages: `—` when empty.
pub(crate) fn shown(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// Label, their value and ours for every field where two forms differ.
pub(crate) fn differing_rows(theirs: &Form, ours: &Form) -> Vec<(String, String, String)> {
    theirs
        .fields
        .iter()
        .zip(&ours.fields)
        .filter(|(t, o)| t.value() != o.value())
        .map(|(t, o)| (t.label.trim().to_string(), t.shown(), o.shown()))
        .collect()
}

impl App {
    /// Shows a conflict and its two values, unless saving in batch (then it is only kept).
    pub(crate) fn ask_conflict(&mut self, conflict: Conflict) {
        self.mark_conflicted(&conflict.target);
        self.error(S::CONFLICT_KEPT);
        if self.batch || self.dialog.is_some() {
            // Shown as soon as the operator is back on the screen (see `update`).
            self.deferred_conflict.get_or_insert(conflict);
            return;
        }
        let mut lines = vec![S::CONFLICT_INTRO.to_string()];
        for (label, theirs, mine) in &conflict.rows {
            let (theirs, mine) = excerpts(theirs, mine);
            lines.push(label.clone());
            lines.push(format!("  {} {theirs}", S::CONFLICT_THEIRS));
            lines.push(format!("  {} {mine}", S::CONFLICT_MINE));
        }
        self.dialog = Some(Dialog {
            title: S::CONFLICT_TITLE.into(),
            lines,
            question: S::CONFLICT_QUESTION.into(),
            pending: Pending::Conflict(Box::new(conflict)),
        });
    }

    /// Marks what is in conflict, so that no save on the operator's behalf (quitting, a signal,
    /// a page change) writes it over the other operator's value.
    pub(crate) fn mark_conflicted(&mut self, target: &ConflictTarget) {
        let form = match (&mut self.screen, target) {
            (Screen::Interview(i), ConflictTarget::Page { page, ids, .. }) => {
                if let Some(form) = i.page_form_mut(*page) {
                    for id in ids {
                        if !form.conflicted.contains(id) {
                            form.conflicted.push(id.clone());
                        }
                    }
                }
                return;
            }
            (Screen::Interview(i), ConflictTarget::Note { .. }) => {
                i.note.as_mut().map(|n| &mut n.1)
            }
            (Screen::Interview(i), ConflictTarget::Propensity(_)) => {
                i.propensity_form.as_mut().map(|p| &mut p.1)
            }
            (Screen::Interview(i), ConflictTarget::Action(_)) => {
                i.action_form.as_mut().map(|a| &mut a.1)
            }
            (Screen::CitizenForm(c), ConflictTarget::Citizen(_)) => Some(&mut c.form),
            (Screen::Card(c), ConflictTarget::FollowUp(_)) => c
                .follow_up
                .as_mut()
                .and_then(|f| f.form.as_mut())
                .map(|f| &mut f.2),
            _ => None,
        };
        if let Some(form) = form {
            form.conflicted = form.fields.iter().map(|f| f.id.clone()).collect();
        }
    }

    pub(crate) fn keep_mine(&mut self, conflict: Conflict) {
        let result = match conflict.target {
            ConflictTarget::Page { page, ids, .. } => match ids.first() {
                Some(id) => self.commit(page, id),
                None => Ok(()),
            },
            ConflictTarget::Note { area, .. } => {
                let saved = self.save_note(&area);
                if saved.is_ok()
                    && let Screen::Interview(i) = &mut self.screen
                {
                    i.note = None;
                }
                saved
            }
            ConflictTarget::Answer { area, mine } => {
                self.store_answer(&area, mine);
                Ok(())
            }
            ConflictTarget::Propensity(_) => self.save_propensity_form(),
            ConflictTarget::Action(_) => self.save_action_form(),
            ConflictTarget::Citizen(_) => self.save_citizen_form(),
            ConflictTarget::FollowUp(_) => self.save_follow_up(),
        };
        if result.is_ok() && self.dialog.is_none() {
            self.info(S::CONFLICT_MINE_SAVED);
        }
    }

    pub(crate) fn take_theirs(&mut self, conflict: Conflict) {
        let data = &self.data;
        match (&mut self.screen, conflict.target) {
            (Screen::Interview(i), ConflictTarget::Page { page, ids, theirs }) => {
                if let Some(form) = i.page_form_mut(page) {
                    form.restore(&theirs);
                    for id in &ids {
                        form.mark_saved(id);
                    }
                }
            }
            (Screen::Interview(i), ConflictTarget::Note { area, .. }) => {
                let _ = area;
                i.note = None;
            }
            (Screen::Interview(i), ConflictTarget::Propensity(fresh)) => {
                i.propensity_form = None;
                let _ = fresh;
            }
            (Screen::Interview(i), ConflictTarget::Action(fresh)) => {
                i.action_form = None;
                let _ = fresh;
            }
            (Screen::CitizenForm(c), ConflictTarget::Citizen(fresh)) => {
                c.form = citizen_form(data, Some(&fresh.data));
                c.citizen = Some(*fresh);
                c.changed = false;
            }
            (Screen::Card(c), ConflictTarget::FollowUp(_)) => {
                if let Some(f) = &mut c.follow_up {
                    f.form = None;
                }
            }
            _ => {}
        }
        self.reload_propensities();
        self.reload_actions();
        self.info(S::CONFLICT_THEIRS_TAKEN);
    }
}
