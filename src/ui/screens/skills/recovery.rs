//! A form of the bilancio that could not be saved when the session ended: kept as a recovery
//! record (`"tipo": "bilancio"`) and offered back the next time the person's bilancio opens.

use serde_json::{Map, Value, json};

use crate::ui::app::*;
use crate::ui::screens::skills::forms::{
    competence_form, history_form, need_form, required_form, target_form,
};
use crate::ui::screens::skills::{SkillForm, SkillGapScreen, SkillPage};

/// The recovery kind of the bilancio's forms.
pub const KIND: &str = "bilancio";

/// Whether a recovery record holds a form of the bilancio.
pub fn is_skill_payload(payload: &Value) -> bool {
    payload.get("tipo").and_then(Value::as_str) == Some(KIND)
}

/// The changed form on screen as a recovery payload; `None` when nothing is changed.
pub(crate) fn skill_payload(s: &SkillGapScreen) -> Option<Value> {
    let form = s.form.as_ref().filter(|f| f.form().any_dirty())?;
    let (kind, record, position) = match form {
        SkillForm::History(e, _) => ("esperienza", *e, None),
        SkillForm::Competence(e, _) => ("competenza", *e, None),
        SkillForm::Target(_) => ("profilo", None, None),
        SkillForm::Required(p, _) => ("richiesta", None, *p),
        SkillForm::Need(_) => ("fabbisogno", None, None),
    };
    Some(json!({
        "tipo": KIND,
        "modulo": kind,
        "record": record.map(|(id, version)| [id, version]),
        "posizione": position,
        "campi": form.form().snapshot(true),
    }))
}

impl App {
    /// Puts a kept form of the bilancio back on screen, as changed. A record changed by
    /// someone since keeps the version it was typed on: saving it then says so.
    pub(crate) fn restore_skill_form(&mut self, payload: &Value) {
        let Screen::SkillGap(s) = &mut self.screen else {
            return;
        };
        let record = payload
            .get("record")
            .and_then(Value::as_array)
            .and_then(|a| Some((a.first()?.as_i64()?, a.get(1)?.as_i64()?)));
        let position = payload
            .get("posizione")
            .and_then(Value::as_u64)
            .and_then(|p| usize::try_from(p).ok());
        let open = s.open_analysis().cloned();
        let (page, mut form) = match payload.get("modulo").and_then(Value::as_str) {
            Some("esperienza") => {
                let now = record.and_then(|(id, _)| s.history.iter().find(|h| h.id == id));
                let existing = record.filter(|_| now.is_some());
                (
                    SkillPage::History,
                    SkillForm::History(existing, history_form(now.map(|h| &h.data))),
                )
            }
            Some("competenza") => {
                let now = record.and_then(|(id, _)| s.competences.iter().find(|c| c.id == id));
                let existing = record.filter(|_| now.is_some());
                (
                    SkillPage::Competences,
                    SkillForm::Competence(existing, competence_form(now.map(|c| &c.data))),
                )
            }
            Some("profilo") => (
                SkillPage::Comparison,
                SkillForm::Target(target_form(&s.propensities)),
            ),
            Some("richiesta") if open.is_some() => {
                let now =
                    position.and_then(|p| open.as_ref().and_then(|a| a.target.required.get(p)));
                (
                    SkillPage::Comparison,
                    SkillForm::Required(position.filter(|_| now.is_some()), required_form(now)),
                )
            }
            Some("fabbisogno") if open.is_some() => (
                SkillPage::Comparison,
                SkillForm::Need(need_form(
                    open.as_ref().map_or("", |a| a.training_need.as_str()),
                )),
            ),
            _ => return,
        };
        let fields: Map<String, Value> = payload
            .get("campi")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let f = form.form_mut();
        f.restore(&fields);
        // The cursor on the first field typed, as it was left.
        if let Some(first) = f.dirty_ids().first().cloned() {
            f.focus_on(&first);
        }
        s.page = page;
        s.form = Some(form);
    }
}
