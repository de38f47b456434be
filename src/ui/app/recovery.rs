//! Recovery of what could not be saved: written when a session ends with text that the database
//! did not take (invalid, busy, in conflict), offered back at the next opening of the same
//! interview or form.

use serde_json::{Map, Value, json};

use super::{
    App, CitizenForm, Conflict, ConflictTarget, Dialog, InterviewScreen, Page, Pending, Screen,
    differing_rows, shown,
};
use crate::domain::reference::ReferenceData;
use crate::store::Recovery;
use crate::strings as S;
use crate::ui::screens::accompaniment::recovery as accompaniment_recovery;
use crate::ui::screens::citizen::citizen_form;
use crate::ui::screens::follow_up::{DID_KIND, FOLLOW_UP_KIND, card_payload, restore_card};
use crate::ui::screens::interview::page_form;
use crate::ui::screens::interview::plan::action_form;
use crate::ui::screens::interview::propensities::propensity_form;
use crate::ui::screens::skills::recovery::{is_skill_payload, skill_payload};
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

/// The kinds of recovery copy of the activities after the pact (`tipo` in the payload).
const ACTIVITY_KINDS: [&str; 2] = ["consulenza", "incontro"];

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

fn note_of(interview: &crate::domain::records::Interview, area: &str) -> String {
    interview
        .answer_notes
        .iter()
        .find(|(a, _)| a == area)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
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

/// What the interview on screen holds that is not saved, as a recovery payload. Beside each
/// value, the value stored when it was typed (`basi`): putting it back later, a value stored
/// since by someone is shown beside it rather than overwritten.
fn interview_payload(i: &InterviewScreen, data: &ReferenceData, operator: &str) -> Option<Value> {
    let mut pages = Map::new();
    let mut bases = Map::new();
    // Fields left in an unsettled conflict: shown beside the stored value when put back.
    let mut unsettled = Map::new();
    for (page, key) in PAGES {
        if let Some(form) = i.page_form(page) {
            let changed = form.snapshot(true);
            if !changed.is_empty() {
                if let Some(stored) = page_form(data, &i.citizen, &i.interview, page, operator) {
                    let base = stored.snapshot(false);
                    let base: Map<String, Value> = changed
                        .keys()
                        .filter_map(|id| base.get(id).map(|v| (id.clone(), v.clone())))
                        .collect();
                    bases.insert(key.to_string(), Value::Object(base));
                }
                if !form.conflicted.is_empty() {
                    unsettled.insert(key.to_string(), Value::from(form.conflicted.clone()));
                }
                pages.insert(key.to_string(), Value::Object(changed));
            }
        }
    }
    let mut payload = Map::new();
    if !pages.is_empty() {
        payload.insert("pagine".into(), Value::Object(pages));
        payload.insert("basi".into(), Value::Object(bases));
        payload.insert("in_conflitto".into(), Value::Object(unsettled));
    }
    if let Some((area, form)) = &i.note
        && form.any_dirty()
    {
        payload.insert(
            "nota".into(),
            json!({
                "area": area,
                "testo": form.text("note"),
                "base": note_of(&i.interview, area),
                "in_conflitto": !form.conflicted.is_empty(),
            }),
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
    if is_skill_payload(payload) {
        out.push(S::skills::KEPT_FORM.into());
    }
    match payload.get("tipo").and_then(Value::as_str) {
        Some("consulenza") => out.push(S::counselling::KEPT.into()),
        Some("incontro") => out.push(S::groups::KEPT.into()),
        Some(FOLLOW_UP_KIND) => out.push(S::KEPT_FOLLOW_UP.into()),
        Some(DID_KIND) => out.push(S::KEPT_DID.into()),
        _ => {}
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
    if accompaniment_recovery::is_ours(payload) {
        out.push(S::accompaniment::KEPT.into());
    }
    out
}

impl App {
    /// The kind of recovery copy the screen takes, when it is an activity after the pact.
    fn activity_recovery_kind(&self) -> Option<&'static str> {
        match &self.screen {
            Screen::Counselling(_) => Some(ACTIVITY_KINDS[0]),
            Screen::Groups(_) => Some(ACTIVITY_KINDS[1]),
            _ => None,
        }
    }

    /// Puts what is changed on screen in a recovery record: in the database, or, when it cannot
    /// be written, in a file beside it. Records put back earlier are replaced by the new one.
    pub(crate) fn keep_for_recovery(&mut self) {
        let operator = self.store.operator().to_string();
        let activity = self.counselling_payload().or_else(|| self.group_payload());
        let (citizen, interview, payload) = match &self.screen {
            Screen::Counselling(_) | Screen::Groups(_) => match activity {
                Some((citizen, payload)) => (citizen, None, payload),
                None => return,
            },
            Screen::Interview(i) => match interview_payload(i, &self.data, &operator) {
                Some(p) => (Some(i.citizen.id), Some(i.interview.id), p),
                None => return,
            },
            Screen::Card(c) => match card_payload(c) {
                Some(p) => (Some(c.citizen.id), None, p),
                None => return,
            },
            Screen::CitizenForm(c) if c.changed => (
                c.citizen.as_ref().map(|c| c.id),
                None,
                json!({
                    "tipo": "anagrafica",
                    "campi": c.form.snapshot(false),
                    "versione": c.citizen.as_ref().map(|c| c.version),
                    "in_conflitto": !c.form.conflicted.is_empty(),
                }),
            ),
            Screen::SkillGap(s) => match skill_payload(s) {
                Some(p) => (Some(s.citizen.id), None, p),
                None => return,
            },
            Screen::Accompaniment(_) => match self.accompaniment_payload() {
                Some((citizen, p)) => (Some(citizen), None, p),
                None => return,
            },
            _ => return,
        };
        match self.store.save_recovery(citizen, interview, &payload) {
            Ok(_) => {
                let earlier = std::mem::take(&mut self.restored);
                let _ = self.store.remove_recoveries(&earlier);
                self.warn(S::RECOVERY_SAVED);
            }
            Err(db_error) => match self.store.write_recovery_file(citizen, interview, &payload) {
                Ok(path) => self.warn(S::recovery_file(&path.display().to_string())),
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
        // Each screen takes back its own copies: the bilancio's, the accompaniment's, the
        // sessions', the card's (follow-up and DID date); the person's form the others.
        let on_skills = matches!(self.screen, Screen::SkillGap(_));
        let here = matches!(self.screen, Screen::Accompaniment(_));
        let on_card = matches!(self.screen, Screen::Card(_));
        let activity = self.activity_recovery_kind();
        let records = records
            .into_iter()
            .filter(|r| is_skill_payload(&r.payload) == on_skills)
            .filter(|r| accompaniment_recovery::is_ours(&r.payload) == here)
            .filter(|r| {
                let kind = r.payload.get("tipo").and_then(Value::as_str);
                on_card == matches!(kind, Some(FOLLOW_UP_KIND | DID_KIND))
            })
            .filter(|r| {
                let kind = r.payload.get("tipo").and_then(Value::as_str);
                let of_activity = matches!(kind, Some(k) if ACTIVITY_KINDS.contains(&k));
                if of_activity {
                    kind == activity
                } else {
                    activity.is_none()
                }
            });
        // One at a time, oldest first: two copies of one form cannot be on screen together.
        let mut records = records;
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
        let mut conflicts = Vec::new();
        for record in &records {
            conflicts.extend(self.restore_one(&record.payload, record.interview_id));
        }
        if let Some(first) = records.first() {
            self.go_to_recovered(&first.payload);
        }
        self.restored.extend(records.iter().map(|r| r.id));
        // Values stored by someone since the copy was taken are not overwritten: both are shown
        // and the operator chooses; the rest is saved now.
        for conflict in &conflicts {
            self.mark_conflicted(&conflict.target);
        }
        let kept = self.save_all();
        if let Some(conflict) = conflicts.into_iter().next() {
            self.ask_conflict(conflict);
            return;
        }
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
            Screen::SkillGap(_) => self.skill_form_dirty(),
            Screen::Accompaniment(_) => self.accompaniment_dirty(),
            Screen::Counselling(_) => self.counselling_dirty(),
            Screen::Groups(_) => self.group_dirty(),
            Screen::Card(c) => card_payload(c).is_some(),
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
    /// Puts one copy back on screen; returns the values that someone stored since the copy was
    /// taken, as conflicts to show.
    fn restore_one(&mut self, payload: &Value, from: Option<i64>) -> Vec<Conflict> {
        if matches!(self.screen, Screen::SkillGap(_)) {
            self.restore_skill_form(payload);
            return Vec::new();
        }
        if accompaniment_recovery::is_ours(payload) {
            // A form about an accompaniment closed meanwhile is not put back: it could not be
            // saved any more.
            self.restore_accompaniment(payload);
            return Vec::new();
        }
        if self.restore_counselling(payload) || self.restore_group(payload) {
            return Vec::new();
        }
        let data = &self.data;
        let today = self.today;
        let operator = self.store.operator().to_string();
        let mut conflicts = Vec::new();
        match &mut self.screen {
            Screen::Card(card) => conflicts.extend(restore_card(card, payload)),
            Screen::CitizenForm(screen) => {
                let CitizenForm {
                    form,
                    changed,
                    citizen,
                } = &mut **screen;
                form.restore(&fields_of(payload));
                *changed = true;
                let then = payload.get("versione").and_then(Value::as_i64);
                let unsettled = payload.get("in_conflitto") == Some(&Value::Bool(true));
                if let (Some(then), Some(now)) = (then, citizen.as_ref())
                    && (now.version != then || unsettled)
                {
                    let stored = citizen_form(data, Some(&now.data));
                    let rows = differing_rows(&stored, form);
                    if !rows.is_empty() {
                        conflicts.push(Conflict {
                            rows,
                            target: ConflictTarget::Citizen(Box::new(now.clone())),
                        });
                    }
                }
            }
            Screen::Interview(i) => {
                let bases = payload.get("basi").and_then(Value::as_object);
                let unsettled = payload.get("in_conflitto").and_then(Value::as_object);
                if let Some(pages) = payload.get("pagine").and_then(Value::as_object) {
                    for (page, key) in PAGES {
                        let Some(fields) = pages.get(key).and_then(Value::as_object) else {
                            continue;
                        };
                        let stored = page_form(data, &i.citizen, &i.interview, page, &operator);
                        let base = bases.and_then(|b| b.get(key)).and_then(Value::as_object);
                        let Some(form) = i.page_form_mut(page) else {
                            continue;
                        };
                        form.restore(fields);
                        let (Some(stored), Some(base)) = (stored, base) else {
                            continue;
                        };
                        let now = stored.snapshot(false);
                        let in_conflict = |id: &str| {
                            unsettled
                                .and_then(|u| u.get(key))
                                .and_then(Value::as_array)
                                .is_some_and(|ids| ids.iter().any(|x| x.as_str() == Some(id)))
                        };
                        let ids: Vec<String> = fields
                            .iter()
                            .filter(|(id, typed)| {
                                let current = now.get(*id);
                                (in_conflict(id)
                                    || base.get(*id).is_some_and(|b| Some(b) != current))
                                    && current != Some(*typed)
                            })
                            .map(|(id, _)| id.clone())
                            .collect();
                        if ids.is_empty() {
                            continue;
                        }
                        let rows = ids
                            .iter()
                            .filter_map(|id| {
                                let (s, f) = (stored.field(id)?, form.field(id)?);
                                Some((s.label.trim().to_string(), s.shown(), f.shown()))
                            })
                            .collect();
                        let theirs = ids
                            .iter()
                            .filter_map(|id| now.get(id).map(|v| (id.clone(), v.clone())))
                            .collect();
                        conflicts.push(Conflict {
                            rows,
                            target: ConflictTarget::Page { page, ids, theirs },
                        });
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
                    let stored = note_of(&i.interview, area);
                    let unsettled = note.get("in_conflitto") == Some(&Value::Bool(true));
                    if let Some(base) = note.get("base").and_then(Value::as_str)
                        && (base != stored || unsettled)
                        && text != stored
                    {
                        conflicts.push(Conflict {
                            rows: vec![(S::kept_note(area), shown(&stored), shown(text))],
                            target: ConflictTarget::Note {
                                area: area.to_string(),
                                theirs: stored,
                            },
                        });
                    }
                }
                if let Some(p) = payload.get("propensione") {
                    let existing = existing_of(p);
                    let now = existing
                        .and_then(|(id, _)| i.propensities.iter().find(|x| x.id == id).cloned());
                    let mut form = propensity_form(data, now.as_ref().map(|x| &x.data), today);
                    form.restore(&fields_of(p));
                    // Removed meanwhile: saving adds it anew.
                    let existing = existing.filter(|_| now.is_some());
                    if let (Some((_, then)), Some(now)) = (existing, &now)
                        && now.version != then
                    {
                        let stored = propensity_form(data, Some(&now.data), today);
                        let rows = differing_rows(&stored, &form);
                        if !rows.is_empty() {
                            conflicts.push(Conflict {
                                rows,
                                target: ConflictTarget::Propensity(now.clone()),
                            });
                        }
                    }
                    let existing =
                        existing.map(|(id, v)| (id, now.as_ref().map_or(v, |n| n.version)));
                    i.propensity_form = Some((existing, form));
                }
                if let Some(a) = payload.get("azione") {
                    // An action of another interview is added to this one, not changed there.
                    let existing = existing_of(a).filter(|_| from == Some(i.interview.id));
                    let now =
                        existing.and_then(|(id, _)| i.actions.iter().find(|x| x.id == id).cloned());
                    let mut form = action_form(data, now.as_ref().map(|x| &x.data));
                    form.restore(&fields_of(a));
                    let existing = existing.filter(|_| now.is_some());
                    if let (Some((_, then)), Some(now)) = (existing, &now)
                        && now.version != then
                    {
                        let stored = action_form(data, Some(&now.data));
                        let rows = differing_rows(&stored, &form);
                        if !rows.is_empty() {
                            conflicts.push(Conflict {
                                rows,
                                target: ConflictTarget::Action(now.clone()),
                            });
                        }
                    }
                    let existing =
                        existing.map(|(id, v)| (id, now.as_ref().map_or(v, |n| n.version)));
                    i.action_form = Some((existing, form));
                }
            }
            _ => {}
        }
        conflicts
    }
}
