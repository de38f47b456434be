//! The citizen form: registry data checked in place, the codice fiscale filling sex and birth
//! date, saved whole with Ctrl+S.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::records::{Citizen, CitizenData, Citizenship, Sex};
use crate::domain::reference::ReferenceData;
use crate::domain::validate::{parse_date, valid_email, valid_phone};
use crate::store::StoreError;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::Action;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub struct CitizenForm {
    pub citizen: Option<Citizen>,
    pub form: Form,
    pub changed: bool,
}

pub(crate) fn discard_dialog() -> Dialog {
    Dialog {
        title: S::DISCARD_TITLE.into(),
        lines: vec![S::DISCARD_TEXT.into()],
        question: S::DISCARD_QUESTION.into(),
        pending: Pending::DiscardCitizenForm,
    }
}

pub fn citizen_form(data: &ReferenceData, c: Option<&CitizenData>) -> Form {
    let text = |f: fn(&CitizenData) -> String| c.map(f).unwrap_or_default();
    let categories = &data.categories;
    Form::new(vec![
        Field::line("cf", S::F_CF, &text(|c| c.codice_fiscale.clone())).required(),
        Field::line("surname", S::F_SURNAME, &text(|c| c.surname.clone())).required(),
        Field::line("name", S::F_NAME, &text(|c| c.name.clone())).required(),
        Field::choice(
            "sex",
            S::F_SEX,
            S::SEX_OPTIONS.iter().map(|s| s.to_string()).collect(),
            c.map(|c| usize::from(c.sex == Sex::Female)),
            false,
        )
        .required(),
        Field::line(
            "birth_date",
            S::F_BIRTH_DATE,
            &date_text(c.map(|c| c.birth_date)),
        )
        .required(),
        Field::line(
            "birth_place",
            S::F_BIRTH_PLACE,
            &text(|c| c.birth_place.clone()),
        ),
        Field::choice(
            "citizenship",
            S::F_CITIZENSHIP,
            S::CITIZENSHIP_OPTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            c.and_then(|c| c.citizenship).map(|x| match x {
                Citizenship::Italiana => 0,
                Citizenship::Ue => 1,
                Citizenship::ExtraUe => 2,
            }),
            true,
        ),
        Field::line("phone", S::F_PHONE, &text(|c| c.phone.clone())),
        Field::line("email", S::F_EMAIL, &text(|c| c.email.clone())),
        Field::line("household", S::F_HOUSEHOLD, &text(|c| c.household.clone())),
        Field::choice(
            "education",
            S::F_EDUCATION,
            options(&data.education, |e| e.name.clone()),
            c.and_then(|c| data.education.iter().position(|e| e.id == c.education)),
            true,
        ),
        Field::line(
            "employment",
            S::F_EMPLOYMENT,
            &text(|c| c.employment.clone()),
        ),
        Field::line("did", S::F_DID, &date_text(c.and_then(|c| c.did_date))),
        Field::line("support", S::F_SUPPORT, &text(|c| c.income_support.clone())),
        Field::choice(
            "class",
            S::F_CLASS,
            S::CLASS_OPTIONS.iter().map(|s| s.to_string()).collect(),
            c.and_then(|c| c.quantitative_class)
                .map(|k| usize::from(k.saturating_sub(1))),
            true,
        ),
        Field::multi(
            "categories",
            S::F_CATEGORIES,
            options(categories, |c| c.short.clone()),
            categories
                .iter()
                .map(|k| c.is_some_and(|c| c.special_categories.contains(&k.id)))
                .collect(),
        ),
    ])
}

/// Checks the codice fiscale and fills sex and birth date from it.
/// Checks the codice fiscale and fills sex, birth date and, when empty, the place of birth (from
/// the cadastral code, as it was named on the birth date) from it.
/// With `overwrite` (leaving the codice fiscale field) the derived fields take the code's values;
/// without (saving) only empty ones are filled, so that a value the operator changed is checked
/// against the code, and a mismatch shown, rather than silently replaced.
pub(crate) fn fill_from_cf(
    form: &mut Form,
    data: &ReferenceData,
    today: NaiveDate,
    overwrite: bool,
) {
    let text = form.text("cf");
    if text.is_empty() {
        return;
    }
    match CodiceFiscale::parse(&text).and_then(|cf| cf.decode(today).map(|d| (cf, d))) {
        Ok((cf, decoded)) => {
            form.set_error("cf", None);
            if let Some(f) = form.field_mut("cf") {
                f.set_text(cf.as_str());
            }
            if let Some(f) = form.field_mut("sex")
                && (overwrite || f.selected().is_none())
            {
                f.set_selected(Some(usize::from(decoded.sex == Sex::Female)));
                f.error = None;
            }
            if let Some(f) = form.field_mut("birth_date")
                && (overwrite || f.text().is_empty())
            {
                f.set_text(&date_text(Some(decoded.birth_date)));
                f.error = None;
            }
            if let Some(place) = data.place_at(&decoded.birth_place, decoded.birth_date)
                && let Some(f) = form.field_mut("birth_place")
                && f.text().is_empty()
            {
                f.set_text(&S::place_name(&place.name, &place.province));
                f.dirty = true;
            }
        }
        Err(e) => form.set_error("cf", Some(e.to_string())),
    }
}

/// The citizen in the form, or `None` with the errors set on the fields.
pub(crate) fn citizen_from_form(
    form: &mut Form,
    data: &ReferenceData,
    today: NaiveDate,
) -> Option<CitizenData> {
    let mut ok = true;
    let mut fail = |form: &mut Form, id: &str, error: String| {
        form.set_error(id, Some(error));
        if ok {
            form.focus_on(id);
        }
        ok = false;
    };
    let cf =
        CodiceFiscale::parse(&form.text("cf")).and_then(|cf| cf.decode(today).map(|d| (cf, d)));
    let (cf, decoded) = match cf {
        Ok(pair) => (Some(pair.0), Some(pair.1)),
        Err(e) => {
            fail(form, "cf", e.to_string());
            (None, None)
        }
    };
    for id in ["surname", "name"] {
        if form.text(id).is_empty() {
            fail(form, id, S::REQUIRED.into());
        }
    }
    let sex = match form.field("sex").and_then(Field::selected) {
        Some(1) => Sex::Female,
        Some(_) => Sex::Male,
        None => {
            fail(form, "sex", S::REQUIRED.into());
            Sex::Male
        }
    };
    if let Some(d) = &decoded
        && d.sex != sex
    {
        fail(form, "sex", S::sex_mismatch(d.sex.code()));
    }
    let birth = parse_date(&form.text("birth_date"));
    match (birth, &decoded) {
        (None, _) => fail(form, "birth_date", S::BAD_DATE.into()),
        (Some(b), Some(d)) if b != d.birth_date => fail(
            form,
            "birth_date",
            S::date_mismatch(&date_text(Some(d.birth_date))),
        ),
        _ => {}
    }
    let did_text = form.text("did");
    let did = if did_text.is_empty() {
        None
    } else {
        let parsed = parse_date(&did_text);
        match (parsed, birth) {
            (None, _) => fail(form, "did", S::BAD_DATE.into()),
            (Some(d), Some(b)) => {
                if let Err(e) = crate::domain::validate::check_did_date(d, b, today) {
                    fail(form, "did", S::did_date_problem(&e));
                }
            }
            _ => {}
        }
        parsed
    };
    if !valid_email(&form.text("email")) {
        fail(form, "email", S::BAD_EMAIL.into());
    }
    if !valid_phone(&form.text("phone")) {
        fail(form, "phone", S::BAD_PHONE.into());
    }
    let (Some(cf), Some(birth), true) = (cf, birth, ok) else {
        return None;
    };
    let mut c = CitizenData::new(
        cf.as_str(),
        &form.text("surname"),
        &form.text("name"),
        sex,
        birth,
    );
    c.birth_place = form.text("birth_place");
    c.citizenship = form
        .field("citizenship")
        .and_then(Field::selected)
        .map(|i| match i {
            0 => Citizenship::Italiana,
            1 => Citizenship::Ue,
            _ => Citizenship::ExtraUe,
        });
    c.phone = form.text("phone");
    c.email = form.text("email");
    c.household = form.text("household");
    c.education = form
        .field("education")
        .and_then(Field::selected)
        .and_then(|i| data.education.get(i))
        .map(|e| e.id.clone())
        .unwrap_or_default();
    c.employment = form.text("employment");
    c.did_date = did;
    c.income_support = form.text("support");
    c.quantitative_class = form
        .field("class")
        .and_then(Field::selected)
        .map(|i| i as u8 + 1);
    c.special_categories = form
        .field("categories")
        .map(Field::checked)
        .unwrap_or_default()
        .into_iter()
        .zip(&data.categories)
        .filter(|(checked, _)| *checked)
        .map(|(_, k)| k.id.clone())
        .collect();
    Some(c)
}

/// Fields the codice fiscale fills in.
const DERIVED_FROM_CF: [&str; 3] = ["sex", "birth_date", "birth_place"];

impl App {
    pub(crate) fn update_citizen_form(&mut self, action: Action) {
        let Screen::CitizenForm(c) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField | Action::PreviousField => {
                let forward = action == Action::NextField;
                let left = c.form.move_focus(forward);
                if left.as_deref() == Some("cf") {
                    fill_from_cf(&mut c.form, &self.data, self.today, true);
                }
                // Sex, birth date and place come from a valid codice fiscale: filled, and
                // passed over going forward (going back reaches them, to correct them).
                let cf_valid = !c.form.text("cf").is_empty()
                    && c.form.field("cf").is_some_and(|f| f.error.is_none());
                while forward
                    && cf_valid
                    && c.form.focused().is_some_and(|f| {
                        DERIVED_FROM_CF.contains(&f.id.as_str()) && f.error.is_none()
                    })
                {
                    c.form.move_focus(forward);
                }
            }
            Action::Save => {
                let _ = self.save_citizen_form();
            }
            Action::Back => {
                if c.changed {
                    self.dialog = Some(discard_dialog());
                } else {
                    self.leave_citizen_form();
                }
            }
            _ => {}
        }
    }

    pub(crate) fn leave_citizen_form(&mut self) {
        let back_to = match &self.screen {
            Screen::CitizenForm(c) => c.citizen.as_ref().map(|c| c.id),
            _ => None,
        };
        match back_to {
            Some(id) => self.open_card(id),
            None => self.go_home(),
        }
    }

    /// Saves the citizen form if valid (then opens the card); otherwise the errors show beside
    /// the fields and the form stays as typed.
    pub(crate) fn save_citizen_form(&mut self) -> Result<(), String> {
        let today = self.today;
        let Screen::CitizenForm(c) = &mut self.screen else {
            return Ok(());
        };
        fill_from_cf(&mut c.form, &self.data, today, false);
        let Some(data) = citizen_from_form(&mut c.form, &self.data, today) else {
            return Err(self.fail(S::FIX_FIELDS));
        };
        let result = match &c.citizen {
            None => self.store.insert_citizen(&data),
            Some(existing) => self
                .store
                .update_citizen(existing.id, existing.version, &data),
        };
        match result {
            Ok(saved) => {
                self.wrote = true;
                if let Screen::CitizenForm(c) = &mut self.screen {
                    c.changed = false;
                }
                self.open_card(saved.id);
                self.info(S::CITIZEN_SAVED);
                Ok(())
            }
            Err(StoreError::Conflict { id, .. }) => self.citizen_conflict(id, &data),
            Err(e) => Err(self.fail(e)),
        }
    }

    pub(crate) fn citizen_conflict(&mut self, id: i64, mine: &CitizenData) -> Result<(), String> {
        let fresh = match self.store.citizen(id) {
            Ok(f) => f,
            Err(e) => return Err(self.fail(e)),
        };
        let Screen::CitizenForm(c) = &mut self.screen else {
            return Ok(());
        };
        let base = c.citizen.as_ref().map(|b| b.data.clone());
        c.citizen = Some(fresh.clone());
        if base.as_ref() == Some(&fresh.data) || fresh.data == *mine {
            return self.save_citizen_form();
        }
        let theirs = citizen_form(&self.data, Some(&fresh.data));
        let ours = citizen_form(&self.data, Some(mine));
        let rows = differing_rows(&theirs, &ours);
        self.ask_conflict(Conflict {
            rows,
            target: ConflictTarget::Citizen(Box::new(fresh)),
        });
        Err(S::CONFLICT_KEPT.into())
    }
}
pub(crate) fn render_citizen_form(app: &App, c: &CitizenForm, frame: &mut Frame, area: Rect) {
    c.form
        .render(frame, area, &app.theme, app.dialog.is_none() && !app.help);
}
