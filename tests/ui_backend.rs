//! The terminal backend writes only what changed, in short sequences: what it writes, read back
//! by a terminal emulator (vt100), must show every frame exactly, colours and attributes included.

mod common;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier, Style};

use common::TestApp;
use orienta::ui::backend::LeanBackend;
use orienta::ui::theme::Theme;

type Lean = Terminal<LeanBackend<Vec<u8>>>;

fn vt_colour(color: Color) -> vt100::Color {
    match color {
        Color::Reset => vt100::Color::Default,
        Color::Black => vt100::Color::Idx(0),
        Color::Red => vt100::Color::Idx(1),
        Color::Green => vt100::Color::Idx(2),
        Color::Yellow => vt100::Color::Idx(3),
        Color::Blue => vt100::Color::Idx(4),
        Color::Magenta => vt100::Color::Idx(5),
        Color::Cyan => vt100::Color::Idx(6),
        Color::Gray => vt100::Color::Idx(7),
        Color::DarkGray => vt100::Color::Idx(8),
        Color::LightRed => vt100::Color::Idx(9),
        Color::LightGreen => vt100::Color::Idx(10),
        Color::LightYellow => vt100::Color::Idx(11),
        Color::LightBlue => vt100::Color::Idx(12),
        Color::LightMagenta => vt100::Color::Idx(13),
        Color::LightCyan => vt100::Color::Idx(14),
        Color::White => vt100::Color::Idx(15),
        Color::Indexed(n) => vt100::Color::Idx(n),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
    }
}

/// A space with nothing that shows on a space: it looks like an erased cell.
fn blank(cell: &Cell) -> bool {
    cell.symbol() == " "
        && cell.bg == Color::Reset
        && !cell.modifier.intersects(
            Modifier::REVERSED
                | Modifier::UNDERLINED
                | Modifier::CROSSED_OUT
                | Modifier::SLOW_BLINK
                | Modifier::RAPID_BLINK,
        )
}

/// The emulator shows exactly the frame: symbols, colours, bold, italic, underline, reverse.
fn assert_shows(parser: &vt100::Parser, frame: &Buffer) {
    let screen = parser.screen();
    for y in 0..frame.area.height {
        for x in 0..frame.area.width {
            let want = &frame[(x, y)];
            let got = screen.cell(y, x).expect("cell");
            let here = format!("({x},{y}) in\n{}", screen.contents());
            let shown = match got.contents() {
                "" => " ",
                text => text,
            };
            assert_eq!(shown, want.symbol(), "symbol at {here}");
            if blank(want) {
                // An empty cell looks the same whatever its foreground and weight.
                assert_eq!(got.bgcolor(), vt100::Color::Default, "bg at {here}");
                assert!(!got.inverse() && !got.underline(), "blank at {here}");
                continue;
            }
            assert_eq!(got.fgcolor(), vt_colour(want.fg), "fg at {here}");
            assert_eq!(got.bgcolor(), vt_colour(want.bg), "bg at {here}");
            let m = want.modifier;
            assert_eq!(got.bold(), m.contains(Modifier::BOLD), "bold at {here}");
            assert_eq!(
                got.italic(),
                m.contains(Modifier::ITALIC),
                "italic at {here}"
            );
            assert_eq!(got.underline(), m.contains(Modifier::UNDERLINED), "{here}");
            assert_eq!(got.inverse(), m.contains(Modifier::REVERSED), "{here}");
        }
    }
}

/// The backend under test, the emulator reading it, and ratatui's test backend drawing the same
/// frames: what should be shown, and where the cursor should be.
struct Check {
    lean: Lean,
    parser: vt100::Parser,
    reference: Terminal<TestBackend>,
}

impl Check {
    fn new(width: u16, height: u16) -> Check {
        Check {
            lean: Terminal::new(LeanBackend::fixed(Vec::new(), width, height)).expect("lean"),
            parser: vt100::Parser::new(height, width, 0),
            reference: Terminal::new(TestBackend::new(width, height)).expect("reference"),
        }
    }

    /// Draws one frame, checks what the emulator shows, and returns the bytes written.
    fn frame(&mut self, draw: impl Fn(&mut ratatui::Frame)) -> usize {
        self.lean.draw(&draw).expect("draw");
        self.reference.draw(&draw).expect("draw");
        let bytes = std::mem::take(self.lean.backend_mut().writer_mut());
        self.parser.process(&bytes);
        let reference = self.reference.backend();
        assert_shows(&self.parser, reference.buffer());
        let screen = self.parser.screen();
        assert_eq!(
            screen.hide_cursor(),
            !reference.cursor_visible(),
            "cursor shown"
        );
        if reference.cursor_visible() {
            let at = reference.cursor_position();
            assert_eq!(screen.cursor_position(), (at.y, at.x), "cursor position");
        }
        bytes.len()
    }
}

const W: u16 = 20;
const H: u16 = 6;

fn style_of(n: u8) -> Style {
    let colours = [
        Color::Reset,
        Color::Yellow,
        Color::DarkGray,
        Color::White,
        Color::Blue,
        Color::Indexed(200),
        Color::Rgb(1, 2, 3),
    ];
    // No faint: the emulator takes bold and faint as one setting.
    let modifiers = [
        Modifier::empty(),
        Modifier::BOLD,
        Modifier::REVERSED,
        Modifier::BOLD | Modifier::REVERSED,
        Modifier::UNDERLINED | Modifier::ITALIC,
        Modifier::ITALIC,
    ];
    Style::default()
        .fg(colours[usize::from(n) % colours.len()])
        .bg(colours[usize::from(n / 7) % colours.len()])
        .add_modifier(modifiers[usize::from(n / 3) % modifiers.len()])
}

/// Text written at a place in a style: frames are made of these.
type Stroke = (u16, u16, String, u8);

fn strokes() -> impl Strategy<Value = Vec<Stroke>> {
    proptest::collection::vec((0..W, 0..H, "[a-c ─●é]{0,12}", any::<u8>()), 0..8)
}

/// The strokes of a frame, and where its cursor is, if shown.
type Drawing = (Vec<Stroke>, Option<(u16, u16)>);

fn draw_all(frames: &[Drawing]) -> usize {
    let mut check = Check::new(W, H);
    let mut written = 0;
    for (strokes, cursor) in frames {
        written += check.frame(|f| {
            for (x, y, text, style) in strokes {
                f.buffer_mut().set_string(*x, *y, text, style_of(*style));
            }
            if let Some(c) = cursor {
                f.set_cursor_position(*c);
            }
        });
    }
    written
}

proptest! {
    #[test]
    fn the_terminal_shows_every_frame(
        frames in proptest::collection::vec(
            (strokes(), proptest::option::of((0..W, 0..H))),
            1..6,
        )
    ) {
        draw_all(&frames);
    }
}

#[test]
fn a_character_typed_at_the_cursor_is_one_byte() {
    let field = |text: &str| {
        (
            vec![(2, 1, text.to_string(), 3u8)],
            Some((2 + text.len() as u16, 1)),
        )
    };
    let first = draw_all(&[field("ab")]);
    let both = draw_all(&[field("ab"), field("abc")]);
    assert_eq!(both - first, 1);
}

#[test]
fn colours_use_the_short_codes() {
    let mut terminal: Lean = Terminal::new(LeanBackend::fixed(Vec::new(), W, H)).expect("terminal");
    terminal
        .draw(|f| {
            let style = Style::default().fg(Color::DarkGray).bg(Color::Blue);
            f.buffer_mut().set_string(0, 0, "x", style);
        })
        .expect("draw");
    let bytes = String::from_utf8_lossy(terminal.backend_mut().writer_mut()).to_string();
    assert!(bytes.contains("\x1b[0;90;44mx"), "{bytes:?}");
}

/// Every screen of a whole session at 80x24, in colour, frame after frame as the keys come.
#[test]
fn every_screen_of_a_session_is_shown_exactly() {
    let mut t = TestApp::new();
    t.app.theme = Theme::colour();
    let mut check = Check::new(80, 24);
    let mut step = |t: &mut TestApp, keys: &[&str], text: &str| {
        t.keys(keys).text(text);
        check.frame(|f| orienta::ui::render::render(&t.app, f));
    };
    step(&mut t, &[], "");
    step(&mut t, &[], "Ross");
    step(&mut t, &["esc"], "");
    t.rossi();
    step(&mut t, &[], "");
    step(&mut t, &["n"], "");
    step(&mut t, &["shift-tab"], "");
    for c in "aspettative scritte una lettera alla volta, finché vanno a capo più volte".chars() {
        step(&mut t, &[], &c.to_string());
    }
    step(&mut t, &["tab"], "");
    step(&mut t, &["ctrl-right"], "");
    for digit in "1111112222233333012".chars() {
        step(&mut t, &[], &digit.to_string());
    }
    for _ in 0..20 {
        step(&mut t, &["up"], "");
    }
    step(&mut t, &["n"], "nota");
    step(&mut t, &["f1"], "");
    step(&mut t, &["esc"], "");
    step(&mut t, &["ctrl-l"], "");
    step(&mut t, &["ctrl-l", "pagedown"], "");
    step(&mut t, &["pagedown"], "");
    step(&mut t, &["ctrl-q"], "");
}
