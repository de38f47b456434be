//! A small PDF writer for A4 documents of wrapped paragraphs: pdf-writer for the objects,
//! ttf-parser for the glyph metrics and subsetter to embed only the glyphs used of the
//! DejaVu Sans font shipped in `data/fonts` (so every accented letter is drawn and
//! extractable as text, on any reader).

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

/// The font embedded in every PDF (its license is `data/fonts/LICENSE-DejaVu.txt`).
const FONT: &[u8] = include_bytes!("../data/fonts/DejaVuSans.ttf");
const FONT_NAME: &[u8] = b"ORIENT+DejaVuSans";

/// A4 in points, and the margins.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 56.0;
const MARGIN_BOTTOM: f32 = 60.0;

/// How a paragraph is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Heading,
    Body,
    /// A body paragraph indented, with its first line starting with a bullet-like prefix.
    Item,
    /// Space kept empty for a handwritten signature, then the line of text.
    Signature,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Title => 15.0,
            Style::Heading => 12.0,
            Style::Body | Style::Item | Style::Signature => 10.0,
        }
    }

    fn space_before(self) -> f32 {
        match self {
            Style::Title => 0.0,
            Style::Heading => 10.0,
            Style::Body | Style::Item => 2.0,
            Style::Signature => 34.0,
        }
    }

    fn indent(self) -> f32 {
        match self {
            Style::Item => 14.0,
            _ => 0.0,
        }
    }
}

/// A paragraph of text, wrapped to the page width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub style: Style,
    pub text: String,
}

impl Paragraph {
    pub fn new(style: Style, text: impl Into<String>) -> Self {
        Paragraph {
            style,
            text: text.into(),
        }
    }
}

/// The font could not be read or subset (the embedded file is damaged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError(pub String);

struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
    units: f32,
}

impl Metrics<'_> {
    fn glyph(&self, c: char) -> u16 {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .map_or(0, |g| g.0)
    }

    fn advance(&self, gid: u16) -> f32 {
        f32::from(
            self.face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0),
        ) * 1000.0
            / self.units
    }

    /// `text` with every character the font cannot draw written as `?`, so that the text
    /// copied from the PDF is what is printed.
    fn drawable(&self, text: &str) -> String {
        text.chars()
            .map(|c| {
                if c == '\n' || self.face.glyph_index(c).is_some() {
                    c
                } else {
                    '?'
                }
            })
            .collect()
    }

    /// Width of `text` at `size`, in points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Greedy word wrapping within `width` points; a word longer than a line is cut.
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for source in text.split('\n') {
            let mut line = String::new();
            for word in source.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut rest = word.to_string();
                while self.width(&rest, size) > width {
                    let mut cut = String::new();
                    for c in rest.chars() {
                        if self.width(&format!("{cut}{c}"), size) > width && !cut.is_empty() {
                            break;
                        }
                        cut.push(c);
                    }
                    rest = rest[cut.len()..].to_string();
                    lines.push(cut);
                }
                line = rest;
            }
            lines.push(line);
        }
        lines
    }
}

/// A line placed on a page: baseline from the top, x, size, text.
struct Placed {
    x: f32,
    y: f32,
    size: f32,
    text: String,
}

/// Lays `paragraphs` out on A4 pages and writes the PDF; `footer(page, pages)` is printed at
/// the bottom of every page.
pub fn render(
    paragraphs: &[Paragraph],
    footer: impl Fn(usize, usize) -> String,
) -> Result<Vec<u8>, FontError> {
    let face = ttf_parser::Face::parse(FONT, 0).map_err(|e| FontError(e.to_string()))?;
    let metrics = Metrics {
        units: f32::from(face.units_per_em()),
        face,
    };
    let text_width = PAGE_WIDTH - 2.0 * MARGIN_X;
    let bottom = PAGE_HEIGHT - MARGIN_BOTTOM;
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = MARGIN_TOP;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let style = paragraph.style;
        let size = style.size();
        let leading = size * 1.35;
        let indent = style.indent();
        let lines = metrics.wrap(
            &metrics.drawable(&paragraph.text),
            size,
            text_width - indent,
        );
        // A heading is never left alone at the bottom of a page; the signatures stay together.
        let keep = match style {
            Style::Heading => leading * 3.0,
            Style::Signature => {
                paragraphs[index..]
                    .iter()
                    .take_while(|p| p.style == Style::Signature)
                    .map(|p| p.style.space_before() + p.style.size() * 1.35)
                    .sum::<f32>()
                    - style.space_before()
            }
            _ => leading,
        };
        y += style.space_before();
        if y + keep > bottom && pages.last().is_some_and(|p| !p.is_empty()) {
            pages.push(Vec::new());
            y = MARGIN_TOP;
        }
        for (i, line) in lines.into_iter().enumerate() {
            if y + leading > bottom {
                pages.push(Vec::new());
                y = MARGIN_TOP;
            }
            y += leading;
            let x = if style == Style::Item && i == 0 {
                MARGIN_X + 4.0
            } else {
                MARGIN_X + indent
            };
            if let Some(page) = pages.last_mut() {
                page.push(Placed {
                    x,
                    y,
                    size,
                    text: line,
                });
            }
        }
    }
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        let text = metrics.drawable(&footer(n + 1, total));
        let size = 8.0;
        let x = PAGE_WIDTH - MARGIN_X - metrics.width(&text, size);
        page.push(Placed {
            x,
            y: PAGE_HEIGHT - MARGIN_BOTTOM / 2.0,
            size,
            text,
        });
    }
    write(&metrics, &pages)
}

fn write(metrics: &Metrics, pages: &[Vec<Placed>]) -> Result<Vec<u8>, FontError> {
    // Glyphs used, renumbered from 1 (0 is .notdef) in the order met.
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut to_unicode: BTreeMap<u16, char> = BTreeMap::new();
    for placed in pages.iter().flatten() {
        for c in placed.text.chars() {
            let new = remapper.remap(metrics.glyph(c));
            to_unicode.entry(new).or_insert(c);
        }
    }
    let subset = subsetter::subset(FONT, 0, &remapper).map_err(|e| FontError(format!("{e:?}")))?;

    let mut next = 1;
    let mut new_ref = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = new_ref();
    let tree = new_ref();
    let type0 = new_ref();
    let cid = new_ref();
    let descriptor = new_ref();
    let cmap_ref = new_ref();
    let file = new_ref();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (new_ref(), new_ref())).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(page_refs.len() as i32);
    let font_name = Name(b"F1");
    for (placed, (page_ref, content_ref)) in pages.iter().zip(&page_refs) {
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(*content_ref);
        page.resources().fonts().pair(font_name, type0);
        page.finish();
        let mut content = Content::new();
        for line in placed {
            let mut encoded = Vec::with_capacity(line.text.len() * 2);
            for c in line.text.chars() {
                let gid = remapper.get(metrics.glyph(c)).unwrap_or(0);
                encoded.extend_from_slice(&gid.to_be_bytes());
            }
            content
                .begin_text()
                .set_font(font_name, line.size)
                .next_line(line.x, PAGE_HEIGHT - line.y)
                .show(Str(&encoded))
                .end_text();
        }
        let compressed = compress(&content.finish());
        pdf.stream(*content_ref, &compressed)
            .filter(Filter::FlateDecode);
    }

    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(Name(FONT_NAME))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap_ref);
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| metrics.advance(old))
        .collect();
    let mut font = pdf.cid_font(cid);
    font.subtype(CidFontType::Type2)
        .base_font(Name(FONT_NAME))
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    font.widths().consecutive(0, widths);
    font.finish();

    let face = &metrics.face;
    let scale = |v: i16| f32::from(v) * 1000.0 / metrics.units;
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(Name(FONT_NAME))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file2(file);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
    for (gid, c) in &to_unicode {
        cmap.pair(*gid, *c);
    }
    pdf.cmap(cmap_ref, &cmap.finish());
    pdf.stream(file, &compress(&subset))
        .filter(Filter::FlateDecode);
    Ok(pdf.finish())
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_and_goes_on_new_pages() {
        let paragraphs: Vec<Paragraph> = (0..200)
            .map(|i| Paragraph::new(Style::Body, format!("Riga {i}: disponibilità e attività")))
            .collect();
        let pdf = render(&paragraphs, |n, of| format!("pagina {n} di {of}")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages = doc.get_pages();
        // 46 one-line paragraphs fit on a page (13.5 points each and 2 between).
        assert_eq!(pages.len(), 5);
        let last: Vec<u32> = pages.keys().copied().skip(4).collect();
        let text = doc.extract_text(&last).unwrap();
        assert!(
            text.contains("Riga 199: disponibilità e attività"),
            "{text}"
        );
        assert!(text.contains("pagina 5 di 5"), "{text}");
    }

    #[test]
    fn a_character_the_font_lacks_is_printed_and_copied_as_a_question_mark() {
        let paragraphs = [Paragraph::new(Style::Body, "città 中 più")];
        let pdf = render(&paragraphs, |_, _| String::new()).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let text = doc.extract_text(&[1]).unwrap();
        assert!(text.contains("città ? più"), "{text}");
    }

    #[test]
    fn wrapping_respects_the_width_and_keeps_every_word() {
        let face = ttf_parser::Face::parse(FONT, 0).unwrap();
        let m = Metrics {
            units: f32::from(face.units_per_em()),
            face,
        };
        let text = "una frase abbastanza lunga da andare a capo più volte, con parole accentate";
        let lines = m.wrap(text, 10.0, 100.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| m.width(l, 10.0) <= 100.0));
        assert_eq!(lines.join(" "), text);
        let long = m.wrap(&"x".repeat(200), 10.0, 100.0);
        assert!(long.len() > 1);
        assert_eq!(long.concat(), "x".repeat(200));
    }
}
