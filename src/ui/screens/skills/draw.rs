//! Drawing the bilancio di competenze: the page switcher, then the page or the open form. At
//! 80 columns every row of the comparison fits on one line; long names end with "…".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::competences::{GapRow, GapStatus, training_need};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};
use crate::ui::screens::skills::forms::resolve_competence;
use crate::ui::screens::skills::{ComparisonItem, SkillForm, SkillGapScreen, SkillPage};

/// `text` in at most `width` characters, "…" at the end when cut.
pub fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// `text` cut or padded to exactly `width` characters.
fn cell(text: &str, width: usize) -> String {
    format!("{:<width$}", fit(text, width))
}

fn period(from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>) -> String {
    match (from, to) {
        (None, None) => String::new(),
        (Some(f), None) => format!("{}–{}", f.format("%d/%m/%Y"), S::skills::ONGOING),
        (f, t) => format!("{}–{}", date_text(f), date_text(t)),
    }
}

/// The first line shown so that line `at` is visible in `height` lines.
fn scroll(at: usize, height: usize) -> usize {
    at.saturating_sub(height.saturating_sub(1))
}

pub(crate) fn render_skill_gap(app: &App, s: &SkillGapScreen, frame: &mut Frame, area: Rect) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let mut spans = Vec::new();
    for (page, name) in SkillPage::ALL.iter().zip(S::skills::PAGES) {
        if *page == s.page {
            spans.push(Span::styled(format!("[{name}]"), app.theme.selected));
        } else {
            spans.push(Span::raw(format!(" {name} ")));
        }
        spans.push(Span::raw(" "));
    }
    let page_key = app.keymap.hint(Context::Skills, Action::NextPage);
    spans.push(Span::styled(
        S::skills::pages_hint(&page_key),
        app.theme.dim,
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
    if let Some(form) = &s.form {
        return render_form(app, form, frame, body);
    }
    let width = body.width as usize;
    let height = body.height as usize;
    let (lines, at) = match s.page {
        SkillPage::History => history_lines(app, s, width),
        SkillPage::Competences => competence_lines(app, s, width),
        SkillPage::Comparison => comparison_lines(app, s, width),
    };
    let first = scroll(at, height);
    let shown: Vec<Line> = lines.into_iter().skip(first).collect();
    frame.render_widget(Paragraph::new(shown), body);
}

fn style_for(app: &App, on: bool) -> Style {
    if on {
        app.theme.selected
    } else {
        Style::default()
    }
}

fn history_lines(app: &App, s: &SkillGapScreen, width: usize) -> (Vec<Line<'static>>, usize) {
    let mut lines = vec![Line::from(Span::styled(
        S::skills::HISTORY_HEADING,
        app.theme.title,
    ))];
    if s.history.is_empty() {
        let key = app.keymap.hint(Context::Skills, Action::Add);
        lines.push(Line::from(Span::styled(
            S::skills::no_history(&key),
            app.theme.dim,
        )));
        return (lines, 0);
    }
    for (n, h) in s.history.iter().enumerate() {
        let e = &h.data;
        let mut what = e.title.clone();
        if !e.organisation.trim().is_empty() {
            what.push_str(&format!(" · {}", e.organisation));
        }
        if !e.tasks.trim().is_empty() {
            what.push_str(&format!(" — {}", e.tasks));
        }
        let text = format!(
            "  {} {} {}",
            cell(S::skills::kind_label(e.kind), 10),
            cell(&period(e.from, e.to), 21),
            what
        );
        lines.push(Line::from(Span::styled(
            fit(&text, width),
            style_for(app, n == s.history_cursor),
        )));
    }
    (lines, s.history_cursor + 1)
}

fn competence_lines(app: &App, s: &SkillGapScreen, width: usize) -> (Vec<Line<'static>>, usize) {
    let name_w = (width / 3).clamp(28, 48);
    let mut lines = vec![
        Line::from(Span::styled(
            S::skills::COMPETENCES_HEADING,
            app.theme.title,
        )),
        Line::from(Span::styled(
            fit(
                &format!(
                    "  {} {} {} {}",
                    cell(S::skills::COL_COMPETENCE, name_w),
                    cell(S::skills::COL_LEVEL, 14),
                    cell(S::skills::COL_EVIDENCE, 11),
                    S::skills::COL_SOURCE
                ),
                width,
            ),
            app.theme.label,
        )),
    ];
    if s.competences.is_empty() {
        let key = app.keymap.hint(Context::Skills, Action::Add);
        lines.push(Line::from(Span::styled(
            S::skills::no_competences(&key),
            app.theme.dim,
        )));
        return (lines, 0);
    }
    for (n, c) in s.competences.iter().enumerate() {
        let d = &c.data;
        let mark = if d.competence.id.is_some() { ' ' } else { '*' };
        let text = format!(
            " {mark}{} {} {} {}",
            cell(&d.competence.name, name_w),
            cell(&format!("{} {}", d.level.number(), d.level), 14),
            cell(d.evidence.code(), 11),
            d.source
        );
        lines.push(Line::from(Span::styled(
            fit(&text, width),
            style_for(app, n == s.competence_cursor),
        )));
    }
    lines.push(Line::from(Span::styled(
        fit(S::skills::FREE_MARK_NOTE, width),
        app.theme.dim,
    )));
    (lines, s.competence_cursor + 2)
}

fn possessed_text(row: &GapRow) -> String {
    match (row.possessed, row.evidence) {
        (Some(l), Some(e)) => format!("{} {}", l.number(), e.code()),
        (Some(l), None) => l.number().to_string(),
        _ => "—".to_string(),
    }
}

fn status_text(row: &GapRow) -> String {
    if row.to_certify() {
        S::skills::TO_CERTIFY.to_string()
    } else {
        row.status.to_string()
    }
}

fn comparison_lines(app: &App, s: &SkillGapScreen, width: usize) -> (Vec<Line<'static>>, usize) {
    let Some(a) = s.analysis() else {
        let key = app.keymap.hint(Context::Skills, Action::NewAnalysis);
        let mut lines = vec![Line::from(Span::styled(
            S::skills::no_analysis(&key),
            app.theme.dim,
        ))];
        if !s.propensities.is_empty() {
            lines.push(Line::from(S::skills::PROPENSITIES_HEADING));
        }
        for p in &s.propensities {
            lines.push(Line::from(format!(
                "  {}",
                S::skills::propensity_option(&p.data.cp2021_code, &p.data.title)
            )));
        }
        return (lines, 0);
    };
    let item = s.comparison_item(app);
    let mut at = 0;
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &S::skills::target_line(
                &a.target.cp2021,
                &a.target.title,
                &a.created_on.format("%d/%m/%Y").to_string(),
                &a.operator,
                a.closed,
            ),
            width,
        ),
        app.theme.title,
    ))];
    let (level_w, has_w, gap_w) = (4, 14, 14);
    let name_w = width
        .saturating_sub(level_w + has_w + gap_w + 5)
        .clamp(10, 60);
    lines.push(Line::from(Span::styled(
        fit(
            &format!(
                "  {} {} {} {}",
                cell(S::skills::COL_REQUIRED, name_w),
                cell(S::skills::COL_REQ_LEVEL, level_w),
                cell(S::skills::COL_POSSESSED, has_w),
                S::skills::COL_GAP
            ),
            width,
        ),
        app.theme.label,
    )));
    let rows = s.rows();
    if rows.is_empty() {
        let key = app.keymap.hint(Context::Skills, Action::Add);
        lines.push(Line::from(Span::styled(
            S::skills::no_required(&key),
            app.theme.dim,
        )));
    }
    for (n, row) in rows.iter().enumerate() {
        let on = item == ComparisonItem::Required(n);
        if on {
            at = lines.len();
        }
        let gap_style = match row.status {
            _ if on => app.theme.selected,
            GapStatus::Missing => app.theme.error,
            GapStatus::BelowLevel => app.theme.label,
            GapStatus::Met => Style::default(),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "  {} {} {} ",
                    cell(&row.competence.name, name_w),
                    cell(&row.required.number().to_string(), level_w),
                    cell(&possessed_text(row), has_w)
                ),
                style_for(app, on),
            ),
            Span::styled(cell(&status_text(row), gap_w), gap_style),
        ]));
    }
    let need = training_need(&rows);
    lines.push(Line::from(fit(
        &S::skills::need_summary(
            need.to_acquire.len(),
            need.to_update.len(),
            need.met,
            need.total,
        ),
        width,
    )));
    if item == ComparisonItem::Need {
        at = lines.len();
    }
    let written = a
        .training_need
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let need_key = app.keymap.hint(Context::Skills, Action::EditNeed);
    lines.push(Line::from(Span::styled(
        fit(&S::skills::need_line(&written, &need_key), width),
        style_for(app, item == ComparisonItem::Need),
    )));
    let suggestions = s.suggestions(app);
    let toggle = app.keymap.hint(Context::Skills, Action::ToggleSuggestion);
    let add = app.keymap.hint(Context::Skills, Action::AddToPlan);
    lines.push(Line::from(Span::styled(
        fit(&S::skills::suggestions_heading(&toggle, &add), width),
        app.theme.title,
    )));
    if suggestions.is_empty() {
        lines.push(Line::from(Span::styled(
            S::skills::NO_SUGGESTIONS,
            app.theme.dim,
        )));
    }
    for (n, x) in suggestions.iter().enumerate() {
        let on = item == ComparisonItem::Suggestion(n);
        if on {
            at = lines.len();
        }
        let names: Vec<&str> = x.competences.iter().map(|c| c.name.as_str()).collect();
        let text = format!(
            "  [{}] {:<4} {}: {} — {}",
            if s.is_selected(x) { "x" } else { " " },
            x.code,
            x.reason,
            names.join(", "),
            app.data.actions.name(&x.code).unwrap_or("")
        );
        lines.push(Line::from(Span::styled(
            fit(&text, width),
            style_for(app, on),
        )));
    }
    (lines, at)
}

fn render_form(app: &App, form: &SkillForm, frame: &mut Frame, area: Rect) {
    let title = match form {
        SkillForm::History(None, _) => S::skills::NEW_HISTORY,
        SkillForm::History(Some(_), _) => S::skills::EDIT_HISTORY,
        SkillForm::Competence(None, _) => S::skills::NEW_COMPETENCE,
        SkillForm::Competence(Some(_), _) => S::skills::EDIT_COMPETENCE,
        SkillForm::Target(_) => S::skills::NEW_ANALYSIS,
        SkillForm::Required(None, _) => S::skills::NEW_REQUIRED,
        SkillForm::Required(Some(_), _) => S::skills::EDIT_REQUIRED,
        SkillForm::Need(_) => S::skills::EDIT_NEED,
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(app.theme.border)
        .title(Span::styled(title, app.theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [top, note] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
    let active = app.dialog.is_none() && !app.help;
    form.form().render(frame, top, &app.theme, active);
    let hint = match form {
        SkillForm::Competence(_, f) | SkillForm::Required(_, f) => {
            let typed = f.text("name");
            if typed.trim().is_empty() {
                S::skills::COMPETENCE_HINT.to_string()
            } else {
                match resolve_competence(&app.data.competences, &typed) {
                    Ok(r) if r.id.is_some() => S::skills::from_list(&r.name),
                    Ok(_) => S::skills::NOT_IN_LIST.to_string(),
                    Err(why) => why,
                }
            }
        }
        SkillForm::Target(_) => S::skills::TARGET_NOTE.to_string(),
        SkillForm::History(..) | SkillForm::Need(_) => String::new(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(hint, app.theme.dim)).wrap(Wrap { trim: true }),
        note,
    );
}
