//! The citizen's card: registry data in short, CV, interviews, signed pacts; starts, resumes
//! and discards interviews.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::records::{
    Citizen, Interview, InterviewKind, InterviewStatus, PactVersion, cv_obsolete,
};
use crate::store::{StoreError, StoredCv};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::render::*;
use crate::ui::screens::citizen::*;

pub struct Card {
    pub citizen: Citizen,
    pub interviews: Vec<Interview>,
    pub pacts: Vec<PactVersion>,
    pub cv: Option<StoredCv>,
    pub selected: usize,
    pub viewing: Option<usize>,
}

impl App {
    pub(crate) fn open_card(&mut self, citizen_id: i64) {
        self.deferred_conflict = None;
        let loaded = (|| -> Result<Card, StoreError> {
            Ok(Card {
                citizen: self.store.citizen(citizen_id)?,
                interviews: self.store.interviews_of(citizen_id)?,
                pacts: self.store.pact_versions_of(citizen_id)?,
                cv: self.store.cvs_of(citizen_id)?.into_iter().next(),
                selected: 0,
                viewing: None,
            })
        })();
        match loaded {
            Ok(card) => self.screen = Screen::Card(card),
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn update_card(&mut self, action: Action) {
        let Screen::Card(card) = &mut self.screen else {
            return;
        };
        if card.viewing.is_some() {
            if matches!(action, Action::Back | Action::Open) {
                card.viewing = None;
            }
            return;
        }
        let last = card.pacts.len().saturating_sub(1);
        match action {
            Action::Up => card.selected = card.selected.saturating_sub(1),
            Action::Down => card.selected = (card.selected + 1).min(last),
            Action::Open if !card.pacts.is_empty() => card.viewing = Some(card.selected),
            Action::Back => self.leave_card(),
            Action::EditCitizen => {
                let citizen = card.citizen.clone();
                let id = citizen.id;
                self.screen = Screen::CitizenForm(CitizenForm {
                    form: citizen_form(&self.data, Some(&citizen.data)),
                    citizen: Some(citizen),
                    changed: false,
                });
                self.offer_recovery(Some(id), None);
            }
            Action::DiscardDraft => {
                let Some(draft) = card
                    .interviews
                    .iter()
                    .find(|i| i.status == InterviewStatus::Bozza)
                else {
                    return self.error(S::no_draft(
                        &self.keymap.hint(Context::Card, Action::NewInterview),
                    ));
                };
                self.dialog = Some(Dialog {
                    title: S::DISCARD_DRAFT_TITLE.into(),
                    lines: vec![S::discard_draft_text(
                        &draft.operator,
                        &S::datetime_text(&draft.started_at),
                    )],
                    question: S::DISCARD_DRAFT_QUESTION.into(),
                    pending: Pending::DiscardDraft,
                });
            }
            Action::NewInterview | Action::NewInterviewOther => {
                if card
                    .interviews
                    .iter()
                    .any(|i| i.status == InterviewStatus::Bozza)
                {
                    self.error(S::draft_exists(
                        &self.keymap.hint(Context::Card, Action::ResumeInterview),
                    ));
                    return;
                }
                let kind = if action == Action::NewInterview {
                    InterviewKind::Did150
                } else {
                    InterviewKind::Altro
                };
                let citizen = card.citizen.clone();
                match self.store.start_interview(citizen.id, kind) {
                    Ok(interview) => {
                        self.wrote = true;
                        self.open_interview(citizen, interview);
                    }
                    Err(e) => {
                        // Someone else may have opened one meanwhile: show the card as it is.
                        self.open_card(citizen.id);
                        self.error(e);
                    }
                }
            }
            Action::ResumeInterview => {
                let draft = card
                    .interviews
                    .iter()
                    .find(|i| i.status == InterviewStatus::Bozza)
                    .cloned();
                let citizen = card.citizen.clone();
                match draft {
                    Some(interview) => self.open_interview(citizen, interview),
                    None => self.error(S::no_draft(
                        &self.keymap.hint(Context::Card, Action::NewInterview),
                    )),
                }
            }
            _ => {}
        }
    }

    pub(crate) fn discard_draft(&mut self) {
        let Screen::Card(card) = &self.screen else {
            return;
        };
        let citizen = card.citizen.id;
        let Some(draft) = card
            .interviews
            .iter()
            .find(|i| i.status == InterviewStatus::Bozza)
        else {
            return;
        };
        let result = self.store.discard_draft(draft.id, draft.version);
        self.open_card(citizen);
        match result {
            Ok(()) => {
                self.wrote = true;
                self.info(S::DRAFT_DISCARDED);
            }
            Err(e) => self.error(e),
        }
    }
}
pub(crate) fn render_card(app: &App, card: &Card, frame: &mut Frame, area: Rect) {
    if let Some(index) = card.viewing
        && let Some(pact) = card.pacts.get(index)
    {
        let mut lines = vec![Line::from(Span::styled(
            S::pact_line(
                &pact.number,
                pact.version,
                &date_of(&pact.signed_at),
                &pact.operator,
            ),
            app.theme.title,
        ))];
        lines.extend(pact_lines(&pact.content).into_iter().map(Line::from));
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(app.theme.border)
                    .title(S::PACT_VIEW_TITLE),
            ),
            area,
        );
        return;
    }
    let d = &card.citizen.data;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<22}"), app.theme.label),
            Span::raw(value),
        ])
    };
    let education = app
        .data
        .education
        .iter()
        .find(|e| e.id == d.education)
        .map_or(String::new(), |e| e.name.clone());
    let mut lines = vec![
        field(
            S::F_BIRTH_DATE,
            format!(
                "{} ({}) {}",
                d.birth_date.format("%d/%m/%Y"),
                d.sex.code(),
                d.birth_place
            ),
        ),
        field(
            S::F_CONTACTS,
            [d.phone.as_str(), d.email.as_str()]
                .iter()
                .map(|v| if v.trim().is_empty() { "—" } else { v })
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        field(S::F_EDUCATION, education),
        field(
            S::F_DID,
            format!(
                "{}  {}",
                d.did_date
                    .map(|x| x.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                d.income_support
            ),
        ),
        field(
            S::F_CATEGORIES,
            d.special_categories
                .iter()
                .map(|id| {
                    app.data
                        .categories
                        .iter()
                        .find(|c| c.id == *id)
                        .map_or(id.clone(), |c| c.short.clone())
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Line::from(match &card.cv {
            None => S::NO_CV.to_string(),
            Some(cv) => S::cv_status(
                &cv.data.filed_on.format("%d/%m/%Y").to_string(),
                cv_obsolete(cv.data.filed_on, app.today),
                &valid_until(cv.data.filed_on),
            ),
        }),
        Line::from(""),
        Line::from(Span::styled(S::CARD_INTERVIEWS, app.theme.title)),
    ];
    if card.interviews.is_empty() {
        lines.push(Line::from(Span::styled(
            S::CARD_NO_INTERVIEWS,
            app.theme.dim,
        )));
    }
    for i in card.interviews.iter().take(5) {
        let path = i
            .final_path
            .and_then(|p| app.data.instrument.path(p))
            .map(|p| format!("percorso {} {}", p.id, p.name))
            .unwrap_or_default();
        lines.push(Line::from(format!(
            "  {}  {:<16} {:<7} {}",
            date_of(&i.started_at),
            kind_label(i.kind),
            status_label(i.status),
            path
        )));
    }
    if let Some(draft) = card
        .interviews
        .iter()
        .find(|i| i.status == InterviewStatus::Bozza)
    {
        lines.push(Line::from(Span::styled(
            S::draft_holder(&draft.operator, &S::datetime_text(&draft.started_at)),
            app.theme.dim,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(S::CARD_PACTS, app.theme.title)));
    if card.pacts.is_empty() {
        lines.push(Line::from(Span::styled(S::CARD_NO_PACTS, app.theme.dim)));
    }
    for (n, p) in card.pacts.iter().enumerate() {
        let style = if n == card.selected {
            app.theme.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!(
                "  {}",
                S::pact_line(&p.number, p.version, &date_of(&p.signed_at), &p.operator)
            ),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A signed pact in words: the content as stored, read field by field.
pub(crate) fn pact_lines(content: &serde_json::Value) -> Vec<String> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".to_string(),
        serde_json::Value::Bool(true) => S::YES.to_string(),
        serde_json::Value::Bool(false) => S::NO.to_string(),
        other => other.to_string(),
    };
    let profile = &content["profilo_di_occupabilita"];
    let mut out = vec![
        format!("{}: {}", S::F_RESPONSIBLE, text(&content["responsabile"])),
        format!(
            "{}: {} {} ({} {})",
            S::PACT_PATH,
            text(&profile["percorso"]),
            text(&profile["nome_percorso"]),
            S::PACT_PROPOSED,
            text(&profile["percorso_proposto"])
        ),
    ];
    if let Some(targets) = profile["punteggi"].as_object() {
        let scores: Vec<String> = targets
            .iter()
            .map(|(id, t)| {
                format!(
                    "{} {}/{}",
                    id.replace("CD", "C+D"),
                    text(&t["punteggio_rettificato"]),
                    text(&t["soglia"])
                )
            })
            .collect();
        out.push(format!("{}: {}", S::PACT_SCORES, scores.join("  ")));
    }
    out.push(format!("{}:", S::PACT_ACTIONS));
    for a in content["atti_di_ricerca_attiva"]
        .as_array()
        .into_iter()
        .flatten()
    {
        out.push(format!(
            "  {} {} · {} · {}",
            text(&a["codice"]),
            text(&a["descrizione"]),
            text(&a["tipo"]),
            // Stored as AAAA-MM-GG, read as GG/MM/AAAA.
            a["scadenza"]
                .as_str()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map_or_else(
                    || text(&a["scadenza"]),
                    |d| d.format("%d/%m/%Y").to_string()
                )
        ));
    }
    out.push(format!(
        "{}: {}",
        S::F_FREQUENCY,
        text(&content["frequenza_contatti"])
    ));
    out.push(format!(
        "{}: {}",
        S::F_PROOF,
        text(&content["prova_della_ricerca"])
    ));
    let d = &content["disponibilita"];
    out.push(format!(
        "{}: {} {}, {} {}, {} {}",
        S::PACT_AVAILABILITY,
        S::PACT_WORKSHOPS,
        text(&d["laboratori_ricerca_lavoro"]),
        S::PACT_TRAINING,
        text(&d["formazione_riqualificazione"]),
        S::PACT_OFFERS,
        text(&d["offerte_congrue"])
    ));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_signed_pact_shows_dates_as_the_operator_writes_them() {
        let content = serde_json::json!({
            "atti_di_ricerca_attiva": [
                {"codice": "A06", "descrizione": "Colloquio", "tipo": "cpi", "scadenza": "2027-01-15"}
            ]
        });
        let lines = super::pact_lines(&content).join("\n");
        assert!(lines.contains("15/01/2027"), "{lines}");
        assert!(!lines.contains("2027-01-15"), "{lines}");
    }
}
