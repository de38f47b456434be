//! The questionnaire: one digit answers an area and moves on; notes on an area.

use crate::domain::pact;
use crate::domain::scoring::score_holding;
use crate::store::StoreError;
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;

impl App {
    pub(crate) fn answer(&mut self, option: usize) {
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        if i.closed() {
            return self.warn(S::INTERVIEW_CLOSED_READONLY);
        }
        let areas = self.visible_areas(i);
        let Some(area_id) = areas.get(i.area).cloned() else {
            return;
        };
        let Some(area) = self.data.instrument.area(&area_id) else {
            return;
        };
        if option >= area.options.len() {
            let message = crate::domain::scoring::AnswerError::OptionOutOfRange {
                area: area_id.clone(),
                option,
                options: area.options.len(),
            };
            return self.error(message);
        }
        self.store_answer(&area_id, Some(option));
    }

    /// Another operator answered the same area differently since it was read.
    fn answer_conflict(&mut self, area_id: &str, theirs: Option<usize>, mine: Option<usize>) {
        let Some(area) = self.data.instrument.area(area_id) else {
            return;
        };
        let shown = |answer: Option<usize>| match answer.and_then(|o| area.options.get(o)) {
            Some(option) => format!("{} {}", answer.unwrap_or(0), option.text),
            None => S::NO_ANSWER.to_string(),
        };
        let rows = vec![(
            format!("{} {}", area.id, area.name),
            shown(theirs),
            shown(mine),
        )];
        self.ask_conflict(Conflict {
            rows,
            target: ConflictTarget::Answer {
                area: area_id.to_string(),
                mine,
            },
        });
    }

    /// Saves (or clears) the answer of an area; on success moves to the next area when
    /// answering, and warns if the plafond or the change of percorso no longer hold.
    pub(crate) fn store_answer(&mut self, area_id: &str, option: Option<usize>) {
        let Screen::Interview(i) = &self.screen else {
            return;
        };
        let (id, version) = (i.interview.id, i.interview.version);
        let instrument = &self.data.instrument;
        let mut result = self
            .store
            .set_answer(instrument, id, version, area_id, option);
        if matches!(result, Err(StoreError::Conflict { .. })) {
            // Another operator saved the interview: take their changes. If they did not answer
            // this area, answer on top; if they did, differently, show both answers.
            match self.store.interview(id) {
                Ok(fresh) => {
                    let base = i.interview.answers.get(area_id);
                    let theirs = fresh.answers.get(area_id);
                    let version = fresh.version;
                    self.adopt_interview(fresh);
                    if theirs != base && theirs != option {
                        return self.answer_conflict(area_id, theirs, option);
                    }
                    let instrument = &self.data.instrument;
                    result = self
                        .store
                        .set_answer(instrument, id, version, area_id, option);
                }
                Err(e) => return self.error(e),
            }
        }
        let Screen::Interview(i) = &mut self.screen else {
            return;
        };
        let instrument = &self.data.instrument;
        match result {
            Ok(version) => {
                self.wrote = true;
                i.interview.version = version;
                match option {
                    Some(o) => {
                        let before = visible_areas(&self.data, i).len();
                        let _ = i.interview.answers.set(instrument, area_id, o);
                        let shown = visible_areas(&self.data, i);
                        let scores = score_holding(
                            instrument,
                            &i.interview.answers,
                            i.interview.plafond.as_ref(),
                        )
                        .0;
                        let first_unanswered = scores
                            .missing
                            .first()
                            .and_then(|m| shown.iter().position(|a| a == m));
                        i.area = match first_unanswered {
                            // A section just opened (D): straight to what is left to answer.
                            Some(first) if shown.len() > before => first,
                            _ => (i.area + 1).min(shown.len().saturating_sub(1)),
                        };
                    }
                    None => i.interview.answers.clear(area_id),
                }
                let stale = pact::stale_choices(instrument, &i.interview, &i.citizen.data);
                self.message = stale.first().map(|m| Message {
                    error: true,
                    warning: false,
                    text: S::describe_missing(m),
                });
            }
            Err(e) => self.error(e),
        }
    }

    /// Saves the note of an area; the note box stays open if it could not.
    pub(crate) fn save_note(&mut self, area: &str) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Err(String::new());
        };
        let Some((_, form)) = &i.note else {
            return Ok(());
        };
        let text = form.text("note");
        let area = area.to_string();
        self.write_interview(&Group::Note(area.clone()), |store, id, v| {
            store.set_answer_note(id, v, &area, &text)
        })?;
        if let Screen::Interview(i) = &mut self.screen {
            i.interview.answer_notes.retain(|(a, _)| *a != area);
            if !text.is_empty() {
                i.interview.answer_notes.push((area, text));
            }
            if let Some((_, form)) = &mut i.note {
                form.mark_all_saved();
            }
        }
        Ok(())
    }
}
