//! Percorso: the proposed one and, for the eligible categories, the change of percorso.

use crate::domain::records::{Citizen, Interview};
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::{PathChange, check_path_change, score_holding};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

/// Fields of the change of percorso saved together.
pub(crate) const PATH_FIELDS: [&str; 3] = ["path", "category", "note"];

pub(crate) fn path_form(data: &ReferenceData, citizen: &Citizen, interview: &Interview) -> Form {
    let change = interview.path_change.as_ref();
    let categories = &citizen.data.special_categories;
    let category_names: Vec<String> = categories
        .iter()
        .map(|id| {
            data.categories
                .iter()
                .find(|c| c.id == *id)
                .map_or(id.clone(), |c| c.name.clone())
        })
        .collect();
    Form::new(vec![
        Field::choice(
            "path",
            S::F_NEW_PATH,
            options(&data.instrument.paths, |p| format!("{} {}", p.id, p.name)),
            change.and_then(|c| data.instrument.paths.iter().position(|p| p.id == c.path)),
            true,
        ),
        Field::choice(
            "category",
            S::F_CATEGORY,
            category_names,
            change.and_then(|c| categories.iter().position(|k| *k == c.category)),
            true,
        ),
        Field::line(
            "note",
            S::F_CHANGE_NOTE,
            change.map_or("", |c| c.note.as_str()),
        ),
    ])
}

impl App {
    pub(crate) fn commit_path_change(&mut self, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let path = i
            .path
            .field("path")
            .and_then(Field::selected)
            .and_then(|p| self.data.instrument.paths.get(p))
            .map(|p| p.id);
        let categories = &i.citizen.data.special_categories;
        let category = i
            .path
            .field("category")
            .and_then(Field::selected)
            .and_then(|c| categories.get(c).cloned());
        let note = i.path.text("note");
        let fields = Group::Fields(Page::Path, group.to_vec());
        match (path, category) {
            (None, None) if note.is_empty() => {
                if i.interview.path_change.is_some() {
                    self.write_interview(&fields, |s, iid, v| s.set_path_change(iid, v, None))?;
                    self.reload_interview();
                }
                Ok(())
            }
            (Some(path), Some(category)) if !note.is_empty() => {
                let change = PathChange {
                    path,
                    category,
                    note,
                };
                let scores = score_holding(
                    &self.data.instrument,
                    &i.interview.answers,
                    i.interview.plafond.as_ref(),
                )
                .0;
                let eligible: Vec<&str> = categories.iter().map(String::as_str).collect();
                if let Err(e) =
                    check_path_change(&self.data.instrument, &scores, &eligible, &change)
                {
                    i.path.set_error("path", Some(e.to_string()));
                    return Err(self.fail(e));
                }
                self.write_interview(&fields, |s, iid, v| {
                    s.set_path_change(iid, v, Some(&change))
                })?;
                self.reload_interview();
                self.info(S::CHANGE_SAVED);
                Ok(())
            }
            _ => {
                self.info(S::CHANGE_INCOMPLETE);
                Err(S::CHANGE_INCOMPLETE.into())
            }
        }
    }
}
