//! What the accompaniment's open form holds, kept when the session ends without saving it (a
//! recovery record of kind "accompagnamento"), and put back when the person's accompaniments
//! are opened again.

use serde_json::{Value, json};

use super::{AccompanimentForm, FormKind, event_form, result_form, start_form};
use crate::ui::app::*;

/// The kind of the recovery records of this screen.
pub(crate) const KIND: &str = "accompagnamento";

/// Whether a recovery record belongs to this screen.
pub(crate) fn is_ours(payload: &Value) -> bool {
    payload.get("tipo").and_then(Value::as_str) == Some(KIND)
}

impl App {
    /// The open form, changed, as a recovery payload (with the person's id).
    pub(crate) fn accompaniment_payload(&self) -> Option<(i64, Value)> {
        let Screen::Accompaniment(s) = &self.screen else {
            return None;
        };
        let open = s.form.as_ref().filter(|f| f.form.any_dirty())?;
        let (modulo, accompaniment, existing) = match &open.kind {
            FormKind::Start { .. } => ("avvio", None, None),
            FormKind::Event {
                accompaniment,
                existing,
            } => ("evento", Some(*accompaniment), *existing),
            FormKind::Result { accompaniment, .. } => ("risultato", Some(*accompaniment), None),
        };
        Some((
            s.citizen.id,
            json!({
                "tipo": KIND,
                "modulo": modulo,
                "accompagnamento": accompaniment,
                "evento": existing.map(|e| e.0),
                "versione_evento": existing.map(|e| e.1),
                "campi": open.form.snapshot(false),
            }),
        ))
    }

    /// Puts a kept form back on the screen, as changed; false when what it was about is gone
    /// or closed (then it is not put back).
    pub(crate) fn restore_accompaniment(&mut self, payload: &Value) -> bool {
        let today = self.today;
        let Screen::Accompaniment(s) = &self.screen else {
            return false;
        };
        let id = |key: &str| payload.get(key).and_then(Value::as_i64);
        let open_one = |a: Option<i64>| {
            s.list
                .iter()
                .find(|x| Some(x.id) == a && x.closed_on.is_none())
        };
        let mut open = match payload.get("modulo").and_then(Value::as_str) {
            Some("avvio") if s.plan.is_some() => {
                let (form, kind) = start_form(s, today);
                AccompanimentForm { kind, form }
            }
            Some("evento") => {
                let Some(a) = open_one(id("accompagnamento")) else {
                    return false;
                };
                let existing = id("evento").zip(id("versione_evento"));
                let event = existing
                    .and_then(|(e, _)| a.events.iter().find(|x| x.id == e))
                    .map(|x| &x.data);
                AccompanimentForm {
                    kind: FormKind::Event {
                        accompaniment: a.id,
                        existing,
                    },
                    form: event_form(event, today),
                }
            }
            Some("risultato") => {
                let Some(a) = open_one(id("accompagnamento")) else {
                    return false;
                };
                result_form(&self.data, s, a)
            }
            _ => return false,
        };
        let fields = payload
            .get("campi")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        open.form.restore(&fields);
        let Screen::Accompaniment(s) = &mut self.screen else {
            return false;
        };
        if let Some(a) = id("accompagnamento") {
            s.selected = s.list.iter().position(|x| x.id == a).unwrap_or(0);
        }
        s.form = Some(open);
        true
    }
}
