//! Recovery of what could not be saved: written when a session ends with text that the database
//! did not take (invalid, busy, in conflict), offered back at the next opening of the same
//! interview or form.

use serde_json::{Map, Value, json};

use super::{App, CitizenForm, Dialog, InterviewScreen, Page, Pending, Screen};
use crate::domain::records::{PlannedAction, Propensity};
use crate::store::Recovery;
use crate::strings as S;
use crate::ui::screens::interview::plan::action_form;
use crate::ui::screens::interview::propensities::propensity_form;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

/// Pages whose changed fields a recovery record holds, with their key in the record.
const PAGES: [(Page, &str); 6] = [
    (Page::Info, "informativa"),
    (Page::Checklist, "checklist"),
    (Page::Plafond, "plafond"),
    (Page::Cv, "cv"),
    (Page::Path, "percorso"),
    (Page::Terms, "patto"),
];

/// A sub-form in a record: the record it edits (id and version) and every field.
fn sub_form(existing: Option<(i64, i64)>, form: &Form) -> Value {
    json!({
        "id": existing.map(|e| e.0),
        "versione": existing.map(|e| e.1),
        "campi": form.snapshot(false),
    })
}

fn existing_of(value: &Value) -> Option<(i64, i64)> {
    Some((value.get("id")?.as_i64()?, value.get("versione")?.as_i64()?))
}

fn fields_of(value: &Value) -> Map<String, Value> {
    value
        .get("campi")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// What the interview on screen holds that is not saved, as a recovery payload.
fn interview_payload(i: &InterviewScreen) -> Option<Value> {
    let mut pages = Map::new();
    for (page, key) in PAGES {
        if let Some(form) = i.page_form(page) {
            let changed = form.snapshot(true);
            if !changed.is_empty() {
                pages.insert(key.to_string(), Value::Object(changed));
            }
        }
    }
    let mut payload = Map::new();
    if !pages.is_empty() {
        payload.insert("pagine".into(), Value::Object(pages));
    }
    if let Some((area, form)) = &i.note
        && form.any_dirty()
    {
        payload.insert(
            "nota".into(),
            json!({"area": area, "testo": form.text("note")}),
        );
    }
    if let Some((existing, form)) = &i.propensity_form
        && form.any_dirty()
    {
        payload.insert("propensione".into(), sub_form(*existing, form));
    }
    if let Some((existing, form)) = &i.action_form
        && form.any_dirty()
    {
        payload.insert("azione".into(), sub_form(*existing, form));
    }
    (!payload.is_empty()).then(|| {
        payload.insert("tipo".into(), Value::from("colloquio"));
        Value::Object(payload)
    })
}

/// What a payload holds, in words, for the offer to put it back.
fn describe(payload: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(pages) = payload.get("pagine").and_then(Value::as_object) {
        for (page, key) in PAGES {
            if let Some(fields) = pages.get(key).and_then(Value::as_object) {
                out.push(S::recovered_page(
                    S::page_name(page.position()),
                    fields.len(),
                ));
            }
        }
    }
    if let Some(area) = payload
        .get("nota")
        .and_then(|n| n.get("area"))
        .and_then(Value::as_str)
    {
        out.push(S::kept_note(area));
    }
    if payload.get("propensione").is_some() {
        out.push(S::KEPT_PROPENSITY.into());
    }
    if payload.get("azione").is_some() {
        out.push(S::KEPT_ACTION.into());
    }
    if payload.get("tipo").and_then(Value::as_str) == Some("anagrafica") {
        let fields = fields_of(payload);
        let text = |id: &str| fields.get(id).and_then(Value::as_str).unwrap_or("").trim();
        let who = [text("surname"), text("name"), text("cf")]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(S::recovered_citizen(&who));
    }
    out
}

impl App {
    /// Puts what is changed on screen in a recovery record: in the database, or, when it cannot
    /// be written, in a file beside it. Records put back earlier are replaced by the new one.
    pub(crate) fn keep_for_recovery(&mut self) {
        let (citizen, interview, payload) = match &self.screen {
            Screen::Interview(i) => match interview_payload(i) {
                Some(p) => (Some(i.citizen.id), Some(i.interview.id), p),
                None => return,
            },
            Screen::CitizenForm(c) if c.changed => (
                c.citizen.as_ref().map(|c| c.id),
                None,
                json!({"tipo": "anagrafica", "campi": c.form.snapshot(false)}),
            ),
            _ => return,
        };
        match self.store.save_recovery(citizen, interview, &payload) {
            Ok(_) => {
                let earlier = std::mem::take(&mut self.restored);
                let _ = self.store.remove_recoveries(&earlier);
                self.info(S::RECOVERY_SAVED);
            }
            Err(db_error) => match self.store.write_recovery_file(citizen, interview, &payload) {
                Ok(path) => self.info(S::recovery_file(&path.display().to_string())),
                Err(e) => self.error(S::recovery_failed(&db_error.to_string(), &S::io_reason(&e))),
            },
        }
    }

    /// Offers back what earlier sessions could not save for this interview or form; a draft
    /// also gets what was typed on the person's interviews that were signed or discarded
    /// meanwhile.
    pub(crate) fn offer_recovery(&mut self, citizen: Option<i64>, interview: Option<i64>) {
        if self.dialog.is_some() {
            return;
        }
        let found = self.store.recoveries(citizen, interview).and_then(|mut r| {
            if let (Some(citizen), Some(_)) = (citizen, interview) {
                r.extend(self.store.recoveries_of_closed(citizen)?);
            }
            Ok(r)
        });
        let records = match found {
            Ok(r) => r,
            Err(e) => return self.error(e),
        };
        // One at a time, oldest first: two copies of one form cannot be on screen together.
        let mut records = records.into_iter();
        let Some(first) = records.next() else {
            return;
        };
        let later = records.count();
        let mut lines = vec![S::recovered_from(
            &first.operator,
            &S::datetime_text(&first.saved_at),
        )];
        lines.extend(
            describe(&first.payload)
                .into_iter()
                .map(|d| format!("  • {d}")),
        );
        if later > 0 {
            lines.push(S::recovered_later(later));
        }
        self.dialog = Some(Dialog {
            title: S::RECOVERY_TITLE.into(),
            lines,
            question: S::RECOVERY_QUESTION.into(),
            pending: Pending::Restore(vec![first]),
        });
    }

    /// Puts recovered values back on screen, as changed, then saves what can be saved.
    pub(crate) fn restore(&mut self, records: Vec<Recovery>) {
        for record in &records {
            self.restore_one(&record.payload, record.interview_id);
        }
        if let Some(first) = records.first() {
            self.go_to_recovered(&first.payload);
        }
        self.restored.extend(records.iter().map(|r| r.id));
        let kept = self.save_all();
        match kept.first() {
            None => {
                self.info(S::RECOVERY_RESTORED_SAVED);
                // The next copy kept for the same interview, if any.
                if let Screen::Interview(i) = &self.screen {
                    let (citizen, interview) = (i.citizen.id, i.interview.id);
                    self.offer_recovery(Some(citizen), Some(interview));
                }
            }
            Some(k) => self.error(S::kept_message(&k.what, &k.why, kept.len())),
        }
    }

    /// Once everything put back from recovery copies is saved, the copies go: a later crash
    /// must not offer again what is already in the database.
    pub(crate) fn settle_restored(&mut self) {
        if self.restored.is_empty() || self.pending_on_screen() {
            return;
        }
        let ids = std::mem::take(&mut self.restored);
        if self.store.remove_recoveries(&ids).is_err() {
            self.restored = ids;
        }
    }

    /// Something on screen is typed and not saved.
    fn pending_on_screen(&self) -> bool {
        match &self.screen {
            Screen::Interview(i) => {
                PAGES
                    .iter()
                    .any(|(page, _)| i.page_form(*page).is_some_and(Form::any_dirty))
                    || i.note.as_ref().is_some_and(|(_, f)| f.any_dirty())
                    || i.propensity_form
                        .as_ref()
                        .is_some_and(|(_, f)| f.any_dirty())
                    || i.action_form.as_ref().is_some_and(|(_, f)| f.any_dirty())
            }
            Screen::CitizenForm(c) => c.changed,
            _ => false,
        }
    }

    /// Shows the page where the first recovered value is.
    fn go_to_recovered(&mut self, payload: &Value) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        let pages = payload.get("pagine").and_then(Value::as_object);
        let first = if payload.get("nota").is_some() {
            Some(Page::Questionnaire)
        } else if payload.get("propensione").is_some() {
            Some(Page::Propensities)
        } else if payload.get("azione").is_some() {
            Some(Page::Plan)
        } else {
            PAGES
                .iter()
                .find(|(_, key)| pages.is_some_and(|p| p.contains_key(*key)))
                .map(|(page, _)| *page)
        };
        if let Some(page) = first {
            let (phase, index) = page.position();
            i.phase = phase;
            i.page = index;
        }
    }

    /// Puts one record back; `from` is the interview it was written on.
    fn restore_one(&mut self, payload: &Value, from: Option<i64>) {
        let data = &self.data;
        let today = self.today;
        match &mut self.screen {
            Screen::CitizenForm(CitizenForm { form, changed, .. }) => {
                form.restore(&fields_of(payload));
                *changed = true;
            }
            Screen::Interview(i) => {
                if let Some(pages) = payload.get("pagine").and_then(Value::as_object) {
                    for (page, key) in PAGES {
                        if let (Some(fields), Some(form)) = (
                            pages.get(key).and_then(Value::as_object),
                            i.page_form_mut(page),
                        ) {
                            form.restore(fields);
                        }
                    }
                }
                if let Some(note) = payload.get("nota")
                    && let (Some(area), Some(text)) = (
                        note.get("area").and_then(Value::as_str),
                        note.get("testo").and_then(Value::as_str),
                    )
                {
                    let mut form = Form::new(vec![Field::line("note", S::F_NOTE, "")]);
                    let mut values = Map::new();
                    values.insert("note".into(), Value::from(text));
                    form.restore(&values);
                    i.note = Some((area.to_string(), form));
                }
                if let Some(p) = payload.get("propensione") {
                    let existing = existing_of(p);
                    let current: Option<Propensity> = existing.and_then(|(id, _)| {
                        i.propensities
                            .iter()
                            .find(|x| x.id == id)
                            .map(|x| x.data.clone())
                    });
                    let mut form = propensity_form(data, current.as_ref(), today);
                    form.restore(&fields_of(p));
                    i.propensity_form = Some((existing, form));
                }
                if let Some(a) = payload.get("azione") {
                    // An action of another interview is added to this one, not changed there.
                    let existing = existing_of(a).filter(|_| from == Some(i.interview.id));
                    let current: Option<PlannedAction> = existing.and_then(|(id, _)| {
                        i.actions
                            .iter()
                            .find(|x| x.id == id)
                            .map(|x| x.data.clone())
                    });
                    let mut form = action_form(data, current.as_ref());
                    form.restore(&fields_of(a));
                    i.action_form = Some((existing, form));
                }
            }
            _ => {}
        }
    }
}
