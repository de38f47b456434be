//! Plafond and closing notes: the plafond is saved whole (section, points, motivation).

use crate::domain::records::Interview;
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::{Plafond, check_plafond, plafond_affects_path, score};
use crate::store::{FlagField, TextField};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::screens::interview::*;
use crate::ui::widgets::field::Field;
use crate::ui::widgets::form::Form;

/// Fields of the plafond saved together.
pub(crate) const PLAFOND_FIELDS: [&str; 3] = ["target", "points", "plafond_note"];

pub(crate) fn plafond_form(data: &ReferenceData, interview: &Interview) -> Form {
    let targets: Vec<(String, String)> = data
        .instrument
        .targets()
        .map(|t| (t.id.to_string(), format!("{} {}", t.id, t.name)))
        .collect();
    let plafond = interview.plafond.as_ref();
    Form::new(vec![
        Field::choice(
            "target",
            S::F_PLAFOND_TARGET,
            targets.iter().map(|(_, n)| n.clone()).collect(),
            plafond.and_then(|p| targets.iter().position(|(id, _)| *id == p.target)),
            true,
        ),
        Field::choice(
            "points",
            S::F_PLAFOND_POINTS,
            S::PLAFOND_POINTS.iter().map(|s| s.to_string()).collect(),
            plafond.and_then(|p| {
                S::PLAFOND_POINTS
                    .iter()
                    .position(|x| x.parse::<i32>().ok() == Some(p.points))
            }),
            true,
        ),
        Field::line(
            "plafond_note",
            S::F_PLAFOND_NOTE,
            plafond.map_or("", |p| p.note.as_str()),
        ),
        Field::note("final_note", S::F_FINAL_NOTE, &interview.final_note),
        Field::flag("social", S::F_SOCIAL, interview.social_services_involved),
        Field::line("fragility_note", S::F_FRAGILITY, &interview.fragility_note),
    ])
}

impl App {
    pub(crate) fn commit_plafond(&mut self, id: &str, group: &[String]) -> Result<(), String> {
        let Screen::Interview(i) = &mut self.screen else {
            return Ok(());
        };
        let fields = Group::Fields(Page::Plafond, group.to_vec());
        match id {
            "final_note" | "fragility_note" => {
                let column = if id == "final_note" {
                    TextField::FinalNote
                } else {
                    TextField::FragilityNote
                };
                let text = i.plafond.text(id);
                self.write_interview(&fields, |s, iid, v| s.set_text(iid, v, column, &text))?;
                self.reload_interview();
                return Ok(());
            }
            "social" => {
                let value = i.plafond.field("social").and_then(Field::flag_value);
                self.write_interview(&fields, |s, iid, v| {
                    s.set_flag(iid, v, FlagField::SocialServicesInvolved, value)
                })?;
                self.reload_interview();
                return Ok(());
            }
            _ => {}
        }
        let targets: Vec<String> = self
            .data
            .instrument
            .targets()
            .map(|t| t.id.to_string())
            .collect();
        let target = i
            .plafond
            .field("target")
            .and_then(Field::selected)
            .and_then(|t| targets.get(t).cloned());
        let points = i
            .plafond
            .field("points")
            .and_then(Field::selected)
            .and_then(|p| S::PLAFOND_POINTS.get(p))
            .and_then(|p| p.parse::<i32>().ok());
        let note = i.plafond.text("plafond_note");
        match (target, points) {
            (None, None) if note.is_empty() => {
                if i.interview.plafond.is_some() {
                    self.write_interview(&fields, |s, iid, v| s.set_plafond(iid, v, None))?;
                    self.reload_interview();
                    self.info(S::PLAFOND_REMOVED);
                }
                Ok(())
            }
            // Choosing no section takes an applied plafond away, points and motivation with it.
            (None, _) if i.interview.plafond.is_some() => {
                self.write_interview(&fields, |s, iid, v| s.set_plafond(iid, v, None))?;
                if let Screen::Interview(i) = &mut self.screen {
                    if let Some(f) = i.plafond.field_mut("points") {
                        f.set_selected(None);
                    }
                    if let Some(f) = i.plafond.field_mut("plafond_note") {
                        f.set_text("");
                    }
                }
                self.reload_interview();
                self.info(S::PLAFOND_REMOVED);
                Ok(())
            }
            (Some(target), Some(points)) if !note.is_empty() => {
                let plafond = Plafond {
                    target,
                    points,
                    note,
                };
                let base = score(&self.data.instrument, &i.interview.answers, None);
                if let Err(e) = check_plafond(&self.data.instrument, &base, &plafond) {
                    let field = match e {
                        crate::domain::scoring::PlafondError::MissingNote => "plafond_note",
                        crate::domain::scoring::PlafondError::ZeroPoints
                        | crate::domain::scoring::PlafondError::PointsOutOfRange { .. }
                        | crate::domain::scoring::PlafondError::OutOfBounds { .. } => "points",
                        _ => "target",
                    };
                    i.plafond.set_error(field, Some(e.to_string()));
                    return Err(self.fail(e));
                }
                let reaches = plafond_affects_path(&self.data.instrument, &base, &plafond);
                self.write_interview(&fields, |s, iid, v| s.set_plafond(iid, v, Some(&plafond)))?;
                self.reload_interview();
                if reaches {
                    self.info(S::PLAFOND_APPLIED);
                } else {
                    self.info(S::plafond_applied_far(
                        self.data.instrument.plafond.max_distance,
                    ));
                }
                Ok(())
            }
            _ => Err(self.fail(S::PLAFOND_INCOMPLETE)),
        }
    }
}
