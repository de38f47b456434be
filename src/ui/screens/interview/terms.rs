//! The pact's terms (art. 20): responsible operator, contacts, proof of search, availabilities.

use crate::domain::records::Interview;
use crate::store::{FlagField, TextField};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

pub(crate) fn terms_form(interview: &Interview, operator: &str) -> Form {
    let t = &interview.terms;
    let mut responsible = Field::line("responsible", S::F_RESPONSIBLE, &t.responsible);
    if t.responsible.is_empty() {
        // Proposed, and saved as soon as the operator moves on.
        responsible.set_text(operator);
        responsible.dirty = true;
    }
    Form::new(vec![
        responsible,
        Field::line("frequency", S::F_FREQUENCY, &t.contact_frequency),
        Field::line("proof", S::F_PROOF, &t.search_proof),
        Field::flag("workshops", S::F_WORKSHOPS, t.available_workshops),
        Field::flag("training", S::F_TRAINING, t.available_training),
        Field::flag("offers", S::F_OFFERS, t.available_offers),
    ])
}

impl App {
    pub(crate) fn commit_terms(&mut self, id: &str, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &self.screen else {
            return Ok(());
        };
        let fields = Group::Fields(Page::Terms, group.to_vec());
        match id {
            "responsible" | "frequency" | "proof" => {
                let field = match id {
                    "responsible" => TextField::PactResponsible,
                    "frequency" => TextField::ContactFrequency,
                    _ => TextField::SearchProof,
                };
                let text = i.terms.text(id);
                self.write_interview(&fields, |s, iid, v| s.set_text(iid, v, field, &text))?;
            }
            _ => {
                let field = match id {
                    "workshops" => FlagField::AvailableWorkshops,
                    "training" => FlagField::AvailableTraining,
                    _ => FlagField::AvailableOffers,
                };
                let value = i.terms.field(id).and_then(Field::flag_value);
                self.write_interview(&fields, |s, iid, v| s.set_flag(iid, v, field, value))?;
            }
        }
        self.reload_interview();
        Ok(())
    }
}
