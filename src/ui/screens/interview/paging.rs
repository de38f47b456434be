//! Where the questionnaire puts things, chosen so that answering moves as little as possible on
//! screen: the list of areas moves by pages, and the options of the scale stay on the same rows
//! from one area to the next. Each answer then rewrites a few rows, not the whole list.

use ratatui::layout::Rect;

use crate::domain::instrument::{Area, Instrument};

/// The first line shown of a list of `total` lines with section headers at `headers`, `height`
/// rows high, the cursor on line `cursor`. The list moves by pages, never by a row: a page holds
/// whole sections while they fit (a longer one is cut) and the last page fills the rows. So an
/// answer rewrites two rows of the list, not all of them.
pub(crate) fn page_start(headers: &[usize], total: usize, height: usize, cursor: usize) -> usize {
    let height = height.max(1);
    let mut start = 0;
    loop {
        let end = headers
            .iter()
            .copied()
            .chain([total])
            .filter(|&b| b > start && b <= start + height)
            .max()
            .unwrap_or(start + height);
        if end >= total {
            return start.min(total.saturating_sub(height));
        }
        if cursor < end {
            return start;
        }
        start = end;
    }
}

/// Rows `text` takes in `width` columns, wrapped at spaces (a longer word is cut).
fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let mut len = word.chars().count();
        let needed = if used == 0 { len } else { used + 1 + len };
        if needed <= width {
            used = needed;
            continue;
        }
        if used > 0 {
            rows += 1;
        }
        while len > width {
            len -= width;
            rows += 1;
        }
        used = len;
    }
    rows
}

fn head_rows(area: &Area, width: usize) -> usize {
    wrapped_rows(&format!("{} {}", area.id, area.name), width) + wrapped_rows(&area.hint, width)
}

/// Empty rows to put under the name and hint of `area` (drawn in `inner`, with `below` rows of
/// options and note under them) so that its options start on the row where those of most areas
/// start; none when that would not fit.
pub(crate) fn steady_head_rows(
    instrument: &Instrument,
    area: &Area,
    inner: Rect,
    below: usize,
) -> usize {
    let width = usize::from(inner.width);
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for rows in instrument
        .sections
        .iter()
        .flat_map(|s| &s.areas)
        .map(|a| head_rows(a, width))
    {
        match counts.iter_mut().find(|(r, _)| *r == rows) {
            Some((_, n)) => *n += 1,
            None => counts.push((rows, 1)),
        }
    }
    let usual = counts
        .iter()
        .max_by_key(|(rows, n)| (*n, *rows))
        .map_or(0, |(rows, _)| *rows);
    let own = head_rows(area, width);
    if usual + below <= usize::from(inner.height) {
        usual.saturating_sub(own)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::{page_start, wrapped_rows};

    #[test]
    fn the_list_moves_by_pages_of_whole_sections() {
        // A: header and 6 areas, B and C: header and 5, D: header and 5; 10 rows.
        let headers = [0, 7, 13, 19];
        let starts: Vec<usize> = (0..25).map(|c| page_start(&headers, 25, 10, c)).collect();
        assert!(starts[..7].iter().all(|&s| s == 0));
        assert!(starts[7..13].iter().all(|&s| s == 7));
        assert!(starts[13..19].iter().all(|&s| s == 13));
        // The last page fills the rows.
        assert!(starts[19..].iter().all(|&s| s == 15));
        for (cursor, start) in starts.iter().enumerate() {
            assert!((*start..start + 10).contains(&cursor));
        }
    }

    #[test]
    fn a_section_longer_than_the_rows_is_cut() {
        let starts: Vec<usize> = (0..30).map(|c| page_start(&[0], 30, 8, c)).collect();
        for (cursor, start) in starts.iter().enumerate() {
            assert!((*start..start + 8).contains(&cursor), "{cursor}: {start}");
        }
        assert_eq!(starts[7], 0);
        assert_eq!(starts[8], 8);
    }

    #[test]
    fn a_list_that_fits_stays_still() {
        assert!((0..12).all(|c| page_start(&[0, 5], 12, 20, c) == 0));
    }

    #[test]
    fn rows_of_wrapped_text() {
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("uno due tre", 11), 1);
        assert_eq!(wrapped_rows("uno due tre", 10), 2);
        assert_eq!(wrapped_rows("abcdefghijklmnopqrstuvwxyz", 10), 3);
        assert_eq!(wrapped_rows("ab abcdefghijklmnopqrstuvwxyz", 10), 4);
    }
}
