//! The terminal backend: ratatui's changed cells written in as few bytes as the terminal needs.
//!
//! It remembers what the terminal already has (the cursor's place and visibility, the current
//! colours and attributes, and what every cell shows), so a frame carries only what changed: a
//! character typed in a field is that character, not a cursor move, a colour and a reset each
//! time. Colours use the short SGR codes (`33`, not `38;5;3`); the cursor moves by the shortest
//! sequence, or by writing again the few unchanged cells in between.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};

/// Colours and attributes of what is written next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// Where the size comes from: the terminal on standard output, or a fixed one (tests).
#[derive(Debug, Clone, Copy)]
enum SizeSource {
    Terminal,
    Fixed(Size),
}

/// The backend the interface draws with, writing to `out`.
pub struct LeanBackend<W: Write> {
    out: W,
    /// Bytes of the frame being drawn, written at `flush`.
    pending: Vec<u8>,
    /// What the terminal shows, when `screen_known`.
    screen: Buffer,
    screen_known: bool,
    /// Where the terminal's cursor is, when known.
    at: Option<Position>,
    /// The terminal's current colours and attributes, when known.
    pen: Option<Pen>,
    cursor_shown: Option<bool>,
    size: SizeSource,
}

impl<W: Write> LeanBackend<W> {
    /// A backend for the terminal on standard output, writing to `out`.
    pub fn new(out: W) -> Self {
        Self::with_size(out, SizeSource::Terminal)
    }

    /// A backend of a fixed size, for tests.
    pub fn fixed(out: W, width: u16, height: u16) -> Self {
        Self::with_size(out, SizeSource::Fixed(Size { width, height }))
    }

    fn with_size(out: W, size: SizeSource) -> Self {
        LeanBackend {
            out,
            pending: Vec::with_capacity(4096),
            screen: Buffer::empty(Rect::ZERO),
            screen_known: false,
            at: None,
            pen: None,
            cursor_shown: None,
            size,
        }
    }

    /// Where the bytes go (for tests, a `Vec<u8>` to read back).
    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn width(&self) -> u16 {
        self.screen.area.width
    }

    /// An empty mirror of the screen at the current size, as after clearing it.
    fn blank_screen(&mut self) {
        let size = self.size().unwrap_or_default();
        self.screen = Buffer::empty(Rect::new(0, 0, size.width, size.height));
        self.screen_known = true;
    }

    fn set_pen(&mut self, to: Pen) {
        if self.pen == Some(to) {
            return;
        }
        let mut full = String::new();
        if to != Pen::PLAIN {
            full.push('0');
            push_pen(&mut full, Pen::PLAIN, to);
        }
        let sequence = match self.pen {
            Some(from) => {
                let mut changes = String::new();
                push_pen(&mut changes, from, to);
                if changes.len() < full.len() {
                    changes
                } else {
                    full
                }
            }
            None => full,
        };
        self.pending.extend_from_slice(b"\x1b[");
        self.pending.extend_from_slice(sequence.as_bytes());
        self.pending.push(b'm');
        self.pen = Some(to);
    }

    /// Puts the cursor on `to` by the shortest way from where it is.
    fn move_to(&mut self, to: Position) {
        if self.at == Some(to) {
            return;
        }
        let mut best = cursor_position(to);
        if let Some(from) = self.at {
            let mut consider = |candidate: Vec<u8>| {
                if candidate.len() < best.len() {
                    best = candidate;
                }
            };
            if from.y == to.y {
                consider(self.along_row(from.x, to));
            } else if to.y == from.y + 1 {
                let mut down = b"\r\n".to_vec();
                down.extend(self.along_row(0, to));
                consider(down);
            }
        }
        self.pending.extend_from_slice(&best);
        self.at = Some(to);
    }

    /// The bytes that move the cursor from column `from` to `to` on `to`'s row.
    fn along_row(&self, from: u16, to: Position) -> Vec<u8> {
        let mut best: Vec<u8> = if to.x > from {
            relative(to.x - from, b'C')
        } else if to.x == from {
            Vec::new()
        } else {
            relative(from - to.x, b'D')
        };
        if to.x < from {
            let mut back = b"\r".to_vec();
            if to.x > 0 {
                back.extend(relative(to.x, b'C'));
            }
            if back.len() < best.len() {
                best = back;
            }
        }
        // Writing again what is already there, when it is short and in the current colours.
        if to.x > from
            && self.screen_known
            && let Some(pen) = self.pen
        {
            let mut again = Vec::new();
            for x in from..to.x {
                let Some(cell) = self.screen.cell((x, to.y)) else {
                    return best;
                };
                let symbol = cell.symbol();
                if Pen::of(cell) != pen || !single_width(symbol) || again.len() >= best.len() {
                    return best;
                }
                again.extend_from_slice(symbol.as_bytes());
            }
            if again.len() < best.len() {
                best = again;
            }
        }
        best
    }

    /// Whether row `y` is blank from column `x` to its end in the new frame: the changed cells
    /// `changes` (of that row, from `x`) and, elsewhere, what the screen already shows.
    fn rest_is_blank(&self, x: u16, y: u16, changes: &[(u16, u16, &Cell)]) -> bool {
        if !self.screen_known {
            return false;
        }
        // Erasing from the second half of a wide character would break it.
        if x > 0
            && self
                .screen
                .cell((x - 1, y))
                .is_none_or(|c| !single_width(c.symbol()))
        {
            return false;
        }
        let mut changes = changes.iter().peekable();
        for column in x..self.width() {
            let cell = match changes.peek() {
                Some((cx, _, cell)) if *cx == column => {
                    changes.next();
                    *cell
                }
                _ => match self.screen.cell((column, y)) {
                    Some(cell) => cell,
                    None => return false,
                },
            };
            if !blank(cell) {
                return false;
            }
        }
        true
    }

    fn erase_rest_of_row(&mut self, x: u16, y: u16) {
        self.move_to(Position { x, y });
        // Erased cells may take the current background and attributes.
        match self.pen {
            Some(pen) if pen.bg == Color::Reset && !pen.modifier.intersects(SHOWN_ON_SPACES) => {}
            _ => self.set_pen(Pen::PLAIN),
        }
        self.pending.extend_from_slice(b"\x1b[K");
        for column in x..self.width() {
            if let Some(cell) = self.screen.cell_mut((column, y)) {
                *cell = Cell::default();
            }
        }
    }

    fn put(&mut self, x: u16, y: u16, cell: &Cell) {
        self.move_to(Position { x, y });
        self.set_pen(Pen::of(cell));
        let symbol = cell.symbol();
        self.pending.extend_from_slice(symbol.as_bytes());
        // After the last column the terminal waits to wrap; after a wide or empty symbol it is
        // not sure where the cursor went: the next write moves it explicitly.
        self.at = if single_width(symbol) && x + 1 < self.width() {
            Some(Position { x: x + 1, y })
        } else {
            None
        };
        match self.screen.cell_mut((x, y)) {
            Some(mirror) => *mirror = cell.clone(),
            None => self.screen_known = false,
        }
    }
}

/// Changed cells from which erasing the rest of a row is cheaper than writing them.
const ERASE_FROM: usize = 4;

/// Attributes that show on a space.
const SHOWN_ON_SPACES: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK);

/// A cell that looks like an erased one.
fn blank(cell: &Cell) -> bool {
    cell.symbol() == " " && cell.bg == Color::Reset && !cell.modifier.intersects(SHOWN_ON_SPACES)
}

/// One column wide, as far as the terminal and ratatui both count.
fn single_width(symbol: &str) -> bool {
    match symbol.as_bytes() {
        [b] => (0x20..0x7f).contains(b),
        [] => false,
        _ => ratatui::text::Span::raw(symbol).width() == 1,
    }
}

/// `ESC [ n letter`, with the count left out when it is 1.
fn relative(n: u16, letter: u8) -> Vec<u8> {
    let mut out = b"\x1b[".to_vec();
    if n != 1 {
        out.extend_from_slice(n.to_string().as_bytes());
    }
    out.push(letter);
    out
}

fn cursor_position(to: Position) -> Vec<u8> {
    match (to.x, to.y) {
        (0, 0) => b"\x1b[H".to_vec(),
        (0, y) => format!("\x1b[{}H", y + 1).into_bytes(),
        (x, y) => format!("\x1b[{};{}H", y + 1, x + 1).into_bytes(),
    }
}

/// SGR parameters that turn `from` into `to`, separated by `;`, appended to `out`.
fn push_pen(out: &mut String, from: Pen, to: Pen) {
    let mut add = |code: &str| {
        if !out.is_empty() {
            out.push(';');
        }
        out.push_str(code);
    };
    let removed = from.modifier - to.modifier;
    // 22 ends both bold and faint: one that stays is set again below.
    let mut again = Modifier::empty();
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        add("22");
        again = to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    for (modifier, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK, "25"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.intersects(modifier) {
            add(off);
            again |= to.modifier & modifier;
        }
    }
    let added = (to.modifier - from.modifier) | again;
    for (modifier, on) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if added.contains(modifier) {
            add(on);
        }
    }
    if from.fg != to.fg {
        add(&colour(to.fg, false));
    }
    if from.bg != to.bg {
        add(&colour(to.bg, true));
    }
}

/// The shortest SGR code of a colour, foreground or background.
fn colour(color: Color, background: bool) -> String {
    let base = |n: u8| -> String {
        let (normal, bright) = if background { (40, 100) } else { (30, 90) };
        if n < 8 {
            (normal + n).to_string()
        } else {
            (bright + n - 8).to_string()
        }
    };
    let extended = if background { 48 } else { 38 };
    match color {
        Color::Reset => (if background { "49" } else { "39" }).to_string(),
        Color::Black => base(0),
        Color::Red => base(1),
        Color::Green => base(2),
        Color::Yellow => base(3),
        Color::Blue => base(4),
        Color::Magenta => base(5),
        Color::Cyan => base(6),
        Color::Gray => base(7),
        Color::DarkGray => base(8),
        Color::LightRed => base(9),
        Color::LightGreen => base(10),
        Color::LightYellow => base(11),
        Color::LightBlue => base(12),
        Color::LightMagenta => base(13),
        Color::LightCyan => base(14),
        Color::White => base(15),
        Color::Indexed(n) if n < 16 => base(n),
        Color::Indexed(n) => format!("{extended};5;{n}"),
        Color::Rgb(r, g, b) => format!("{extended};2;{r};{g};{b}"),
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if self.screen.area.is_empty() {
            // The first frame: the alternate screen starts empty.
            self.blank_screen();
        }
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        let mut i = 0;
        while i < cells.len() {
            let (x, y, cell) = cells[i];
            let row_end = cells[i..]
                .iter()
                .position(|(_, cy, _)| *cy != y)
                .map_or(cells.len(), |n| i + n);
            // The rest of the row turns blank: erased at once rather than written over.
            if row_end - i >= ERASE_FROM
                && blank(cell)
                && self.rest_is_blank(x, y, &cells[i..row_end])
            {
                self.erase_rest_of_row(x, y);
                i = row_end;
                continue;
            }
            self.put(x, y, cell);
            i += 1;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.pending.extend_from_slice(b"\x1b[?25l");
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.pending.extend_from_slice(b"\x1b[?25h");
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Never asked to the terminal: its answer would arrive among the keys.
        Ok(self.at.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.move_to(position.into());
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erased cells take the current background: plain first.
        self.set_pen(Pen::PLAIN);
        let sequence: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.pending.extend_from_slice(sequence);
        // After a resize the terminal may have moved the cursor.
        self.at = None;
        self.blank_screen();
        // What a partial clear leaves is not followed: no rewrites from the mirror then.
        self.screen_known = clear_type == ClearType::All;
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.size {
            SizeSource::Fixed(size) => Ok(size),
            SizeSource::Terminal => terminal_size(),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size()?,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.out.write_all(&self.pending)?;
            self.pending.clear();
        }
        self.out.flush()
    }
}

/// The size of the terminal on standard output.
fn terminal_size() -> io::Result<Size> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize it is given.
    let result = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    if result == 0 && size.ws_col > 0 && size.ws_row > 0 {
        return Ok(Size {
            width: size.ws_col,
            height: size.ws_row,
        });
    }
    let (width, height) = crossterm::terminal::size()?;
    Ok(Size { width, height })
}
