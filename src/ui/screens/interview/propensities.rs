//! Propensioni: at most three per person, each a sub-form saved whole.

use chrono::NaiveDate;

use crate::domain::records::{Propensity, check_propensity};
use crate::domain::reference::ReferenceData;
use crate::domain::validate::parse_date;
use crate::store::StoreError;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub(crate) fn propensity_form(
    data: &ReferenceData,
    p: Option<&Propensity>,
    today: NaiveDate,
) -> Form {
    let text = |f: fn(&Propensity) -> String| p.map(f).unwrap_or_default();
    // Provenance marks: shown as set (sì) or not said (—), never as "no" by default.
    let flag = |f: fn(&Propensity) -> bool| p.is_some_and(f).then_some(true);
    Form::new(vec![
        Field::line("cp2021", S::F_CP2021, &text(|p| p.cp2021_code.clone())),
        Field::line("title", S::F_PROFILE_TITLE, &text(|p| p.title.clone())),
        Field::flag("work", S::F_FROM_WORK, flag(|p| p.from_work)),
        Field::flag("education", S::F_FROM_EDUCATION, flag(|p| p.from_education)),
        Field::flag("training", S::F_FROM_TRAINING, flag(|p| p.from_training)),
        Field::flag("aptitude", S::F_FROM_APTITUDE, flag(|p| p.from_aptitude)),
        Field::line(
            "date",
            S::F_INTERVIEW_DATE,
            &date_text(Some(p.map_or(today, |p| p.interview_date))),
        ),
        Field::choice(
            "sep",
            S::F_SEP,
            options(&data.seps, |s| format!("{} {}", s.id, s.name)),
            p.and_then(|p| p.sep)
                .and_then(|id| data.seps.iter().position(|s| s.id == id)),
            true,
        ),
        Field::line("skills", S::F_SKILLS, &text(|p| p.skills.clone())),
        Field::line(
            "years",
            S::F_YEARS,
            &text(|p| {
                p.years_experience
                    .map(|y| y.to_string())
                    .unwrap_or_default()
            }),
        ),
        Field::line(
            "last_year",
            S::F_LAST_YEAR,
            &text(|p| p.last_year.map(|y| y.to_string()).unwrap_or_default()),
        ),
        Field::line(
            "availability",
            S::F_AVAILABILITY,
            &text(|p| p.availability.clone()),
        ),
        Field::line("licences", S::F_LICENCES, &text(|p| p.licences.clone())),
        Field::line("notes", S::F_NOTES, &text(|p| p.notes.clone())),
    ])
}

pub(crate) fn number_field<T: std::str::FromStr>(
    form: &mut Form,
    id: &str,
    ok: &mut bool,
) -> Option<T> {
    let text = form.text(id);
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse().ok();
    if parsed.is_none() {
        form.set_error(id, Some(S::BAD_NUMBER.into()));
        *ok = false;
    }
    parsed
}

pub(crate) fn propensity_from_form(form: &mut Form) -> Option<Propensity> {
    let mut ok = true;
    let date = parse_date(&form.text("date"));
    if date.is_none() {
        form.set_error("date", Some(S::BAD_DATE.into()));
        ok = false;
    }
    let years = number_field::<u32>(form, "years", &mut ok);
    let last_year = number_field::<i32>(form, "last_year", &mut ok);
    let flag = |id: &str| form.field(id).and_then(Field::flag_value) == Some(true);
    let sep = form
        .field("sep")
        .and_then(Field::selected)
        .map(|i| i as u32 + 1);
    let p = Propensity {
        cp2021_code: form.text("cp2021"),
        title: form.text("title"),
        from_work: flag("work"),
        from_education: flag("education"),
        from_training: flag("training"),
        from_aptitude: flag("aptitude"),
        interview_date: date?,
        sep,
        skills: form.text("skills"),
        years_experience: years,
        last_year,
        availability: form.text("availability"),
        licences: form.text("licences"),
        notes: form.text("notes"),
    };
    ok.then_some(p)
}

impl App {
    pub(crate) fn save_propensity_form(&mut self) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let Some((existing, form)) = &mut i.propensity_form else {
            return Ok(());
        };
        let Some(p) = propensity_from_form(form) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let others = i.propensities.len() - usize::from(existing.is_some());
        let seps: Vec<u32> = self.data.seps.iter().map(|s| s.id).collect();
        if let Err(e) = check_propensity(&p, others, &seps) {
            return Err(self.fail(e));
        }
        let existing = *existing;
        let result = match existing {
            None => self
                .store
                .add_propensity(i.citizen.id, Some(i.interview.id), &p)
                .map(|_| ()),
            Some((id, version)) => self.store.update_propensity(id, version, &p).map(|_| ()),
        };
        match result {
            Ok(()) => {
                self.wrote = true;
                if let Screen::Interview(i) = &mut self.screen {
                    i.propensity_form = None;
                }
                self.reload_propensities();
                self.info(S::PROPENSITY_SAVED);
                Ok(())
            }
            Err(StoreError::Conflict { id, .. }) => self.propensity_conflict(id, &p),
            Err(StoreError::NotFound { .. }) if existing.is_some() => {
                // Removed by someone else: the form stays, and saving again adds it anew.
                if let Screen::Interview(i) = &mut self.screen
                    && let Some((existing, _)) = &mut i.propensity_form
                {
                    *existing = None;
                }
                self.reload_propensities();
                Err(self.fail(S::REMOVED_BY_OTHER))
            }
            Err(e) => Err(self.fail(e)),
        }
    }

    /// The propensione was saved by someone else since it was opened: same changes, or none
    /// that touch what is typed here, and the save is repeated; otherwise both are shown.
    pub(crate) fn propensity_conflict(&mut self, id: i64, mine: &Propensity) -> Result<(), String> {
        let fresh = match self.store.propensity(id) {
            Ok(f) => f,
            Err(e) => return Err(self.fail(e)),
        };
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let base = i.propensities.iter().find(|p| p.id == id).map(|p| &p.data);
        if let Some((existing, _)) = &mut i.propensity_form {
            *existing = Some((id, fresh.version));
        }
        if base == Some(&fresh.data) || fresh.data == *mine {
            return self.save_propensity_form();
        }
        let theirs = propensity_form(&self.data, Some(&fresh.data), self.today);
        let ours = propensity_form(&self.data, Some(mine), self.today);
        let rows = differing_rows(&theirs, &ours);
        self.ask_conflict(Conflict {
            rows,
            target: ConflictTarget::Propensity(fresh),
        });
        Err(S::CONFLICT_KEPT.into())
    }

    pub(crate) fn reload_propensities(&mut self) {
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        match self.store.propensities_of(i.citizen.id) {
            Ok(p) => {
                i.propensity_cursor = i.propensity_cursor.min(p.len().saturating_sub(1));
                i.propensities = p;
            }
            Err(e) => self.error(e),
        }
    }
}
