//! The signed version a new interview started from: named on the first page, and on the
//! percorso and plan pages with its percorso and the reasons for it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use serde_json::Value;

use crate::strings as S;
use crate::ui::app::*;
use crate::ui::render::date_of;
use crate::ui::screens::interview::{InterviewScreen, Page};

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The lines about the version the interview started from, for `page`.
pub(crate) fn carried_lines(app: &App, i: &InterviewScreen, page: Page) -> Vec<String> {
    let Some(pact) = &i.carried else {
        return Vec::new();
    };
    let mut out = vec![S::carried_from_pact(
        &pact.number,
        pact.version,
        &date_of(&pact.signed_at),
    )];
    if !matches!(page, Page::Path | Page::Plan) {
        return out;
    }
    let profile = &pact.content["profilo_di_occupabilita"];
    let path = format!(
        "{} {}",
        text(&profile["percorso"]),
        text(&profile["nome_percorso"])
    );
    if !path.trim().is_empty() {
        out.push(S::previous_path(pact.version, path.trim()));
    }
    let change = &profile["cambio_percorso"];
    if change.is_object() {
        let id = text(&change["categoria"]);
        let category = app
            .data
            .categories
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.name.clone());
        out.push(S::previous_path_change(&category, &text(&change["nota"])));
    }
    let plafond = &profile["plafond"];
    if plafond.is_object() {
        out.push(S::previous_plafond(
            &text(&plafond["sezione"]).replace("CD", "C+D"),
            &text(&plafond["punti"]),
            &text(&plafond["nota"]),
        ));
    }
    out
}

/// Draws the lines at the top of `area` and returns what is left for the page.
pub(crate) fn render_carried(
    app: &App,
    i: &InterviewScreen,
    frame: &mut Frame,
    area: Rect,
) -> Rect {
    let lines = carried_lines(app, i, i.current_page());
    if lines.is_empty() || i.closed() {
        return area;
    }
    let height = (lines.len() as u16).min(area.height.saturating_sub(3));
    let [top, rest] =
        Layout::vertical([Constraint::Length(height), Constraint::Min(1)]).areas(area);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(Span::styled(l, app.theme.dim)))
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), top);
    rest
}
