//! Percorso: the proposed one and, for the eligible categories, the change of percorso.

use crate::domain::instrument::Path;
use crate::domain::records::{Citizen, Interview};
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::{PathChange, PathChangeError, check_path_change, score_holding};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

/// Fields of the change of percorso saved together.
pub(crate) const PATH_FIELDS: [&str; 4] = ["path", "category", "note", "agreed"];

/// The percorsi a change may reach, in instrument order (never collective relocation).
pub(crate) fn assignable_paths(data: &ReferenceData) -> Vec<&Path> {
    data.instrument
        .paths
        .iter()
        .filter(|p| p.assignable_by_change)
        .collect()
}

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
    let paths = assignable_paths(data);
    Form::new(vec![
        Field::choice(
            "path",
            S::F_NEW_PATH,
            options(&paths, |p| format!("{} {}", p.id, p.name)),
            change.and_then(|c| paths.iter().position(|p| p.id == c.path)),
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
        Field::flag("agreed", S::F_CHANGE_AGREED, change.map(|c| c.agreed)),
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
            .and_then(|p| assignable_paths(&self.data).get(p).map(|p| p.id));
        let categories = &i.citizen.data.special_categories;
        let category = i
            .path
            .field("category")
            .and_then(Field::selected)
            .and_then(|c| categories.get(c).cloned());
        let note = i.path.text("note");
        let mut agreed = i
            .path
            .field("agreed")
            .and_then(Field::flag_value)
            .unwrap_or(false);
        // The person agreed to a percorso and a category: another one needs a new agreement,
        // unless the operator records it in the same edit.
        let moved =
            i.interview.path_change.as_ref().is_some_and(|old| {
                Some(old.path) != path || Some(&old.category) != category.as_ref()
            });
        if agreed && moved && !i.path.dirty_ids().iter().any(|d| d == "agreed") {
            agreed = false;
            if let Some(field) = i.path.field_mut("agreed") {
                field.set_value(&serde_json::Value::Bool(false));
            }
        }
        let fields = Group::Fields(Page::Path, group.to_vec());
        match (path, category) {
            (None, None) if note.is_empty() && !agreed => {
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
                    agreed,
                };
                let scores = score_holding(
                    &self.data.instrument,
                    &i.interview.answers,
                    i.interview.plafond.as_ref(),
                )
                .0;
                let eligible: Vec<&str> = categories.iter().map(String::as_str).collect();
                // Without the person's agreement the change is kept, and signing waits for it.
                let check = check_path_change(&self.data.instrument, &scores, &eligible, &change);
                match check {
                    Ok(()) | Err(PathChangeError::NotAgreed) => {}
                    Err(e) => {
                        i.path.set_error("path", Some(e.to_string()));
                        return Err(self.fail(e));
                    }
                }
                self.write_interview(&fields, |s, iid, v| {
                    s.set_path_change(iid, v, Some(&change))
                })?;
                self.reload_interview();
                if agreed {
                    self.info(S::CHANGE_SAVED);
                } else {
                    self.warn(S::CHANGE_SAVED_NOT_AGREED);
                }
                Ok(())
            }
            _ => {
                self.warn(S::CHANGE_INCOMPLETE);
                Err(S::CHANGE_INCOMPLETE.into())
            }
        }
    }
}
