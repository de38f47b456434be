//! The CV: filed with its checks; obsolete after 12 months.

use crate::domain::records::{CvRecord, check_cv};
use crate::domain::reference::ReferenceData;
use crate::store::StoredCv;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub(crate) fn cv_form(data: &ReferenceData, last: Option<&StoredCv>) -> Form {
    let last = last.map(|c| &c.data);
    Form::new(vec![
        Field::flag("consent", S::F_CONSENT, last.map(|c| c.consent)),
        Field::multi(
            "provinces",
            S::F_PROVINCES,
            options(&data.provinces, |p| p.code.clone()),
            data.provinces
                .iter()
                .map(|p| last.is_some_and(|c| c.provinces.contains(&p.code)))
                .collect(),
        ),
        Field::line("pdf", S::F_PDF, last.map_or("", |c| c.pdf_path.as_str())),
    ])
}

impl App {
    /// Files the CV on screen (checked first); the form stays as typed if it cannot be.
    pub(crate) fn file_cv(&mut self) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        if i.closed() {
            return Ok(());
        }
        let provinces: Vec<String> =
            i.cv.field("provinces")
                .map(Field::checked)
                .unwrap_or_default()
                .into_iter()
                .zip(&self.data.provinces)
                .filter(|(c, _)| *c)
                .map(|(_, p)| p.code.clone())
                .collect();
        let cv = CvRecord {
            filed_on: self.today,
            consent: i.cv.field("consent").and_then(Field::flag_value) == Some(true),
            provinces,
            pdf_path: i.cv.text("pdf"),
        };
        let has_title = self
            .data
            .education
            .iter()
            .any(|e| e.id == i.citizen.data.education && e.is_title);
        let known: Vec<&str> = self
            .data
            .provinces
            .iter()
            .map(|p| p.code.as_str())
            .collect();
        if let Err(e) = check_cv(&cv, has_title, i.propensities.len(), &known) {
            return Err(self.fail(e));
        }
        let (citizen, interview) = (i.citizen.id, i.interview.id);
        match self.store.file_cv(citizen, Some(interview), &cv) {
            Ok(stored) => {
                self.wrote = true;
                if let Screen::Interview(i) = &mut self.screen {
                    i.cvs.insert(0, stored);
                    i.cv.mark_all_saved();
                }
                Ok(())
            }
            Err(e) => Err(self.fail(e)),
        }
    }
}
