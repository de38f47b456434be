//! The action plan: actions from the catalogue, each a sub-form saved whole.

use crate::domain::records::{ActionKind, ActionStatus, PlannedAction};
use crate::domain::reference::ReferenceData;
use crate::domain::validate::parse_date;
use crate::store::StoreError;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::{Field, Input};
use crate::ui::widgets::form::Form;

/// A store error, or a text already shown.
pub(crate) enum StoreOrText {
    Store(StoreError),
    Text(String),
}

/// The catalogue actions the plan offers: not those the signing records by itself (150, A05,
/// A07), unless the action being edited already has that code.
fn plannable<'a>(
    data: &'a ReferenceData,
    current: Option<&str>,
) -> Vec<&'a crate::domain::reference::Action> {
    data.actions
        .actions
        .iter()
        .filter(|c| c.at_signing.is_none() || Some(c.code.as_str()) == current)
        .collect()
}

pub(crate) fn action_form(data: &ReferenceData, a: Option<&PlannedAction>) -> Form {
    let catalogue = plannable(data, a.map(|a| a.code.as_str()));
    Form::new(vec![
        Field::choice(
            "code",
            S::F_ACTION_CODE,
            catalogue
                .iter()
                .map(|a| format!("{} {}", a.code, a.name))
                .collect(),
            Some(
                a.and_then(|a| catalogue.iter().position(|c| c.code == a.code))
                    .unwrap_or(0),
            ),
            false,
        ),
        Field::choice(
            "kind",
            S::F_ACTION_KIND,
            S::ACTION_KINDS.iter().map(|s| s.to_string()).collect(),
            Some(a.map_or(0, |a| {
                ActionKind::ALL
                    .iter()
                    .position(|k| *k == a.kind)
                    .unwrap_or(0)
            })),
            false,
        ),
        Field::line(
            "description",
            S::F_DESCRIPTION,
            a.map_or("", |a| a.description.as_str()),
        ),
        Field::line("due", S::F_DUE, &date_text(a.and_then(|a| a.due_date))),
        Field::choice(
            "status",
            S::F_STATUS,
            S::ACTION_STATUSES.iter().map(|s| s.to_string()).collect(),
            Some(a.map_or(0, |a| {
                ActionStatus::ALL
                    .iter()
                    .position(|s| *s == a.status)
                    .unwrap_or(0)
            })),
            false,
        ),
        Field::line(
            "outcome",
            S::F_OUTCOME,
            a.map_or("", |a| a.outcome.as_str()),
        ),
    ])
}

pub(crate) fn action_from_form(form: &mut Form, data: &ReferenceData) -> Option<PlannedAction> {
    let due_text = form.text("due");
    let due = if due_text.is_empty() {
        None
    } else {
        match parse_date(&due_text) {
            Some(d) => Some(d),
            None => {
                form.set_error("due", Some(S::BAD_DATE.into()));
                return None;
            }
        }
    };
    // The option shown starts with the code.
    let code = form.field("code").and_then(|f| match &f.input {
        Input::Choice {
            options, selected, ..
        } => selected
            .and_then(|i| options.get(i))
            .and_then(|o| o.split_whitespace().next()),
        _ => None,
    })?;
    let code = data.actions.actions.iter().find(|c| c.code == code)?;
    Some(PlannedAction {
        code: code.code.clone(),
        kind: form
            .field("kind")
            .and_then(Field::selected)
            .and_then(|i| ActionKind::ALL.get(i).copied())
            .unwrap_or(ActionKind::Cpi),
        description: {
            let d = form.text("description");
            if d.is_empty() { code.name.clone() } else { d }
        },
        due_date: due,
        status: form
            .field("status")
            .and_then(Field::selected)
            .and_then(|i| ActionStatus::ALL.get(i).copied())
            .unwrap_or(ActionStatus::Programmata),
        outcome: form.text("outcome"),
    })
}

impl App {
    pub(crate) fn save_action_form(&mut self) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let Some((existing, form)) = &mut i.action_form else {
            return Ok(());
        };
        let Some(planned) = action_from_form(form, &self.data) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let existing = *existing;
        let result = match existing {
            None => self
                .write_interview(&Group::Any, |store, id, v| {
                    store.add_action(id, v, &planned).map(|(_, v)| v)
                })
                .map_err(StoreOrText::Text),
            Some((id, action_version)) => self
                .store
                .update_action(id, action_version, &planned)
                .map(|_| ())
                .map_err(StoreOrText::Store),
        };
        match result {
            Ok(()) => {
                self.wrote = true;
                if let Screen::Interview(i) = &mut self.screen {
                    i.action_form = None;
                }
                self.reload_actions();
                self.info(S::ACTION_SAVED);
                Ok(())
            }
            Err(StoreOrText::Text(why)) => Err(why),
            Err(StoreOrText::Store(StoreError::Conflict { id, .. })) => {
                self.action_conflict(id, &planned)
            }
            Err(StoreOrText::Store(StoreError::NotFound { .. })) => {
                if let Screen::Interview(i) = &mut self.screen
                    && let Some((existing, _)) = &mut i.action_form
                {
                    *existing = None;
                }
                self.reload_actions();
                Err(self.fail(S::REMOVED_BY_OTHER))
            }
            Err(StoreOrText::Store(e)) => Err(self.fail(e)),
        }
    }

    pub(crate) fn action_conflict(&mut self, id: i64, mine: &PlannedAction) -> Result<(), String> {
        let fresh = match self.store.action(id) {
            Ok(f) => f,
            Err(e) => return Err(self.fail(e)),
        };
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let base = i.actions.iter().find(|a| a.id == id).map(|a| &a.data);
        if let Some((existing, _)) = &mut i.action_form {
            *existing = Some((id, fresh.version));
        }
        if base == Some(&fresh.data) || fresh.data == *mine {
            return self.save_action_form();
        }
        let theirs = action_form(&self.data, Some(&fresh.data));
        let ours = action_form(&self.data, Some(mine));
        let rows = differing_rows(&theirs, &ours);
        self.ask_conflict(Conflict {
            rows,
            target: ConflictTarget::Action(fresh),
        });
        Err(S::CONFLICT_KEPT.into())
    }

    pub(crate) fn reload_actions(&mut self) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        match self.store.actions_of(i.interview.id) {
            Ok(a) => {
                i.action_cursor = i.action_cursor.min(a.len().saturating_sub(1));
                i.actions = a;
            }
            Err(e) => self.error(e),
        }
    }
}
