//! Fase informativa: topics covered, expectations and motivations.

use crate::domain::records::{Citizen, Interview};
use crate::domain::reference::ReferenceData;
use crate::store::TextField;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub(crate) fn info_form(data: &ReferenceData, citizen: &Citizen, interview: &Interview) -> Form {
    let receives_support = !citizen.data.income_support.trim().is_empty();
    let fields: Vec<Field> = data
        .info_topics
        .iter()
        .filter(|t| !t.income_support_only || receives_support)
        .map(|t| {
            let covered = interview.info_items.contains(&t.id);
            Field::flag(&t.id, &t.name, covered.then_some(true))
        })
        .collect();
    let mut form = Form::new(fields).with_wide_labels();
    form.fields.push(Field::note(
        "expectations",
        S::F_EXPECTATIONS,
        &interview.expectations,
    ));
    form
}

impl App {
    pub(crate) fn commit_info(&mut self, id: &str, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &self.screen else {
            return Ok(());
        };
        let fields = Group::Fields(Page::Info, group.to_vec());
        if id == "expectations" {
            let text = i.info.text("expectations");
            self.write_interview(&fields, |s, id, v| {
                s.set_text(id, v, TextField::Expectations, &text)
            })?;
            if let Screen::Interview(i) = &mut self.screen {
                i.interview.expectations = text;
            }
        } else {
            let items: Vec<String> = group
                .iter()
                .filter(|t| {
                    i.info
                        .field(t)
                        .is_some_and(|f| f.flag_value() == Some(true))
                })
                .cloned()
                .collect();
            self.write_interview(&fields, |s, id, v| s.set_info_items(id, v, &items))?;
            if let Screen::Interview(i) = &mut self.screen {
                i.interview.info_items = items;
            }
        }
        Ok(())
    }
}
