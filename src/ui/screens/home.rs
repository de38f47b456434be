//! Home: the search of citizens while typing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::records::{CitizenSummary, cv_obsolete};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::render::*;
use crate::ui::screens::citizen::*;
use crate::ui::widgets::field::LineInput;

/// Rows of search results fetched per query.
/// Matches are counted up to this many; beyond, the count says "more than".
pub(crate) const COUNT_CAP: usize = 1000;

pub struct Home {
    pub query: LineInput,
    /// The rows on screen (and those above the selected one): only what is shown is read.
    pub results: Vec<CitizenSummary>,
    pub selected: usize,
    /// How many people the search finds, up to [`COUNT_CAP`].
    pub count: usize,
}

impl App {
    pub(crate) fn refresh_search(&mut self) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        let rows = usize::from(self.viewport.1.max(crate::ui::render::MIN_HEIGHT));
        let query = home.query.text.clone();
        let found = self
            .store
            .search_citizens(&query, home.selected + rows)
            .and_then(|results| Ok((results, self.store.count_matches(&query, COUNT_CAP)?)));
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        match found {
            Ok((results, count)) => {
                home.results = results;
                home.count = count.max(home.results.len());
                home.selected = home.selected.min(home.results.len().saturating_sub(1));
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn update_home(&mut self, action: Action) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        // Moving past the rows read reads the next ones.
        let last = home.count.max(home.results.len()).saturating_sub(1);
        let read = home.results.len();
        match action {
            Action::Up => home.selected = home.selected.saturating_sub(1),
            Action::Down | Action::PageDown => {
                let step = if action == Action::Down { 1 } else { 10 };
                home.selected = (home.selected + step).min(last);
                if home.selected >= read {
                    self.refresh_search();
                }
            }
            Action::PageUp => home.selected = home.selected.saturating_sub(10),
            Action::Back => {
                home.query = LineInput::default();
                self.refresh_search();
            }
            Action::Open => {
                if let Some(id) = home.results.get(home.selected).map(|r| r.id) {
                    // Coming back from the card finds the same search and row.
                    self.last_search = Some((home.query.clone(), home.selected));
                    self.open_card(id);
                }
            }
            Action::OpenAgenda => self.open_agenda(0),
            Action::GroupSessions => self.open_groups(0),
            Action::NewCitizen => {
                let prefill = home.query.text.trim().to_uppercase();
                let mut form = citizen_form(&self.data, None);
                if CodiceFiscale::parse(&prefill).is_ok()
                    && let Some(f) = form.field_mut("cf")
                {
                    f.set_text(&prefill);
                    f.dirty = true;
                }
                self.screen = Screen::CitizenForm(Box::new(CitizenForm {
                    citizen: None,
                    form,
                    changed: false,
                }));
                self.message = None;
                self.offer_recovery(None, None);
            }
            _ => {}
        }
    }

    pub(crate) fn go_home(&mut self) {
        let (query, selected) = match &self.screen {
            Screen::Home(h) => (h.query.clone(), h.selected),
            _ => self.last_search.clone().unwrap_or_default(),
        };
        self.screen = Screen::Home(Home {
            query,
            results: Vec::new(),
            selected,
            count: 0,
        });
        self.refresh_search();
    }
}
pub(crate) fn render_home(app: &App, home: &Home, frame: &mut Frame, area: Rect) {
    let [search, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let (shown, cursor) = home
        .query
        .view((search.width as usize).saturating_sub(S::SEARCH_LABEL.chars().count() + 1));
    let [input, count] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(search);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(S::SEARCH_LABEL, app.theme.label),
            Span::styled(shown, app.theme.input_focus),
        ])),
        input,
    );
    if !home.query.text.trim().is_empty() {
        let found = S::results_count(home.count, home.count >= COUNT_CAP);
        frame.render_widget(Paragraph::new(found).style(app.theme.dim), count);
    }
    if app.dialog.is_none() && !app.help {
        frame.set_cursor_position((
            search.x + S::SEARCH_LABEL.chars().count() as u16 + cursor as u16,
            search.y,
        ));
    }
    if home.results.is_empty() {
        frame.render_widget(
            Paragraph::new(S::home_empty(
                &app.keymap.hint(Context::Home, Action::NewCitizen),
            ))
            .style(app.theme.dim),
            list,
        );
        return;
    }
    let name_width = (list.width as usize)
        .saturating_sub(17 + 15 + 6 + 7 + 9)
        .max(12);
    let header = format!(
        "{:<17}{:<name_width$}{:<15}{:<6}{:<7}{}",
        S::HOME_HEADER[0],
        S::HOME_HEADER[1],
        S::HOME_HEADER[2],
        S::HOME_HEADER[3],
        S::HOME_HEADER[4],
        S::HOME_HEADER[5]
    );
    let mut lines = vec![Line::from(Span::styled(header, app.theme.title))];
    let visible = list.height.saturating_sub(1) as usize;
    let first = home.selected.saturating_sub(visible.saturating_sub(1));
    for (i, r) in home.results.iter().enumerate().skip(first).take(visible) {
        let name: String = format!("{} {}", r.surname, r.name)
            .chars()
            .take(name_width - 1)
            .collect();
        let cv = match r.cv_filed_on {
            None => "",
            Some(d) if cv_obsolete(d, app.today) => S::CV_OBSOLETE_FLAG,
            Some(_) => S::CV_VALID_FLAG,
        };
        let row = format!(
            "{:<17}{:<name_width$}{:<15}{:<6}{:<7}{}",
            r.codice_fiscale,
            name,
            r.last_interview_at
                .as_deref()
                .map(date_of)
                .unwrap_or_default(),
            r.last_path.map(|p| p.to_string()).unwrap_or_default(),
            r.last_status.map(status_label).unwrap_or_default(),
            cv
        );
        let style = if i == home.selected {
            app.theme.selected
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(row, style)));
    }
    frame.render_widget(Paragraph::new(lines), list);
}
