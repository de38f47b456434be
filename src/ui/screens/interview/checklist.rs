//! The professional check-list V1..V8: rating and note per dimension.

use crate::domain::records::{ChecklistEntry, Interview};
use crate::domain::reference::ReferenceData;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub(crate) fn checklist_form(data: &ReferenceData, interview: &Interview) -> Form {
    let ratings = options(&data.checklist.ratings, |r| r.name.clone());
    let mut fields = Vec::new();
    for d in &data.checklist.dimensions {
        let stored = interview.checklist.iter().find(|c| c.dimension == d.id);
        let selected = stored
            .and_then(|c| c.rating.as_ref())
            .and_then(|r| data.checklist.ratings.iter().position(|x| x.id == *r));
        fields.push(Field::choice(
            &d.id,
            &format!("{} {}", d.id, d.name),
            ratings.clone(),
            selected,
            true,
        ));
        fields.push(Field::line(
            &format!("{}_nota", d.id),
            &format!("  {}", S::F_NOTE),
            stored.map_or("", |c| c.note.as_str()),
        ));
    }
    Form::new(fields)
}

impl App {
    pub(crate) fn commit_checklist(&mut self, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &self.screen else {
            return Ok(());
        };
        let dimension = group[0].clone();
        let rating = i
            .checklist
            .field(&dimension)
            .and_then(Field::selected)
            .and_then(|r| self.data.checklist.ratings.get(r))
            .map(|r| r.id.clone());
        let entry = ChecklistEntry {
            rating,
            note: i.checklist.text(&format!("{dimension}_nota")),
            dimension,
        };
        let fields = Group::Fields(Page::Checklist, group.to_vec());
        self.write_interview(&fields, |s, id, v| s.set_checklist(id, v, &entry))?;
        if let Screen::Interview(i) = &mut self.screen {
            i.interview
                .checklist
                .retain(|c| c.dimension != entry.dimension);
            i.interview.checklist.push(entry);
        }
        Ok(())
    }
}
