//! Saving the accompaniment's forms: the start, an event, the hiring. What cannot be saved
//! stays on screen, with the fields in error marked.

use super::{FormKind, event_from_form, hiring_field_id, required_date};
use crate::domain::accompaniment::{self as domain, ACTION_CODE, HiringInput};
use crate::domain::records::{ActionKind, ActionStatus, PlannedAction};
use crate::store::{AccompanimentError, Link};
use crate::strings as S;
use crate::strings::accompaniment as T;
use crate::ui::app::*;
use crate::ui::widgets::field::Field;

impl App {
    /// Saves the open form; what cannot be saved stays on screen and is returned.
    pub(crate) fn save_accompaniment_form(&mut self) -> Result<(), String> {
        let today = self.today;
        let contracts = self.data.contracts.clone();
        let Screen::Accompaniment(s) = &mut self.screen else {
            return Ok(());
        };
        let citizen = s.citizen.id;
        let started_on = |id: i64| s.list.iter().find(|a| a.id == id).map(|a| a.started_on);
        let Some(open) = s.form.as_mut() else {
            return Ok(());
        };
        let form = &mut open.form;
        let (result, keep) = match open.kind.clone() {
            FormKind::Start { options } => {
                let Some(start) = required_date(form, "start") else {
                    return Err(self.fail(S::FIX_FIELDS));
                };
                if let Err(e) = domain::check_start(start, today) {
                    form.set_error("start", Some(e.to_string()));
                    return Err(self.fail(S::FIX_FIELDS));
                }
                let chosen = form.field("action").and_then(Field::selected);
                let Some(choice) = chosen.and_then(|i| options.get(i)) else {
                    form.set_error("action", Some(T::ACTION_REQUIRED.to_string()));
                    return Err(self.fail(S::FIX_FIELDS));
                };
                form.set_error("action", None);
                let link = match choice {
                    Some(id) => Link::Existing(*id),
                    None => Link::Record(PlannedAction {
                        code: ACTION_CODE.to_string(),
                        kind: ActionKind::Cpi,
                        description: T::RECORDED_DESCRIPTION.to_string(),
                        due_date: None,
                        status: ActionStatus::Programmata,
                        outcome: String::new(),
                    }),
                };
                let saved = self.store.start_accompaniment(citizen, start, &link);
                (saved.map(|_| T::STARTED.to_string()), None)
            }
            FormKind::Event {
                accompaniment,
                existing,
            } => {
                let Some(event) = event_from_form(form) else {
                    return Err(self.fail(S::FIX_FIELDS));
                };
                let start = started_on(accompaniment).unwrap_or(event.on);
                form.set_error("company", None);
                if let Err(e) = domain::check_event(&event, start, None, today) {
                    let id = match e {
                        domain::EventError::CompanyMissing(_) => "company",
                        _ => "date",
                    };
                    form.set_error(id, Some(e.to_string()));
                    return Err(self.fail(S::FIX_FIELDS));
                }
                let saved =
                    self.store
                        .save_accompaniment_event(accompaniment, existing, &event, today);
                (
                    saved.map(|_| T::EVENT_SAVED.to_string()),
                    Some(accompaniment),
                )
            }
            FormKind::Result {
                accompaniment,
                version,
                others,
            } => {
                let input = HiringInput {
                    employer_name: form.text("employer"),
                    employer_code: form.text("code"),
                    hired_on: form.text("hired"),
                    contract: form
                        .field("contract")
                        .and_then(Field::selected)
                        .and_then(|i| contracts.get(i))
                        .map(|c| c.id.clone()),
                    months: form.text("months"),
                };
                let start = started_on(accompaniment).unwrap_or(today);
                for id in ["employer", "code", "hired", "contract", "months"] {
                    form.set_error(id, None);
                }
                let hiring = match domain::check_hiring(&input, start, today, &contracts) {
                    Ok(h) => h,
                    Err(errors) => {
                        for e in &errors {
                            form.set_error(hiring_field_id(e.field()), Some(e.to_string()));
                        }
                        return Err(self.fail(S::FIX_FIELDS));
                    }
                };
                let chosen: Vec<i64> = form
                    .field("others")
                    .map(Field::checked)
                    .unwrap_or_default()
                    .into_iter()
                    .zip(&others)
                    .filter(|(c, _)| *c)
                    .map(|(_, id)| *id)
                    .collect();
                let outcome = T::hiring_outcome(
                    &hiring.employer_name,
                    &hiring.hired_on,
                    &hiring.contract.name,
                    hiring.months,
                );
                let other = T::closed_by_hiring(&hiring.employer_name, &hiring.hired_on);
                let saved = self.store.record_hiring(
                    accompaniment,
                    version,
                    &hiring,
                    &chosen,
                    (&outcome, &other),
                );
                (saved.map(T::hiring_saved), Some(accompaniment))
            }
        };
        match result {
            Ok(done) => {
                self.wrote = true;
                if let Screen::Accompaniment(s) = &mut self.screen {
                    s.form = None;
                    if keep.is_none() {
                        s.selected = 0;
                    }
                }
                self.reload_accompaniments(keep);
                self.info(done);
                Ok(())
            }
            // The form stays: what the operator typed is still on screen.
            Err(AccompanimentError::Hiring(errors)) => {
                if let Screen::Accompaniment(s) = &mut self.screen
                    && let Some(open) = &mut s.form
                {
                    for e in &errors {
                        open.form
                            .set_error(hiring_field_id(e.field()), Some(e.to_string()));
                    }
                }
                Err(self.fail(S::FIX_FIELDS))
            }
            Err(e) => {
                self.reload_accompaniments(keep);
                Err(self.fail(e))
            }
        }
    }
}
