//! From glyphs to lines and words on each page.
//!
//! Glyphs are grouped into lines by baseline and ordered along the line. A space is inserted
//! where the producer drew a space glyph or where the gap between two glyphs is wider than a
//! tenth of the font size (poppler's rule); widths come from the font, so the gap is measured,
//! not guessed. A gap of most of an em splits a line into segments, which is how table cells and
//! columns show up.

use super::interpret::{Glyph, PageContent};

/// Gap between glyphs, in ems, above which a new word starts.
const WORD_GAP: f32 = 0.1;
/// Gap between words, in ems, above which a new segment (cell or column) starts.
pub const SEGMENT_GAP: f32 = 0.8;

#[derive(Clone, Debug)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Distance from the previous word's end (infinite for the first word of a line).
    pub gap: f32,
    pub size: f32,
    pub bold: bool,
}

#[derive(Clone, Debug)]
pub struct Line {
    pub page: u32,
    /// 1-based line number on the page, top to bottom, running headers and footers included.
    pub number: u32,
    /// Baseline, growing up the page.
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub words: Vec<Word>,
    /// 1-based character column of each word in [`Line::text`].
    pub columns: Vec<u32>,
    pub text: String,
    /// A running header, footer or page number.
    pub furniture: bool,
    /// The direction of the line's text on the page: 0 left to right, 1, 2, 3 turned a
    /// quarter, a half, three quarters (its coordinates are turned to read left to right).
    pub dir: u8,
}

impl Line {
    pub fn x0(&self) -> f32 {
        self.words.first().map_or(0.0, |w| w.x0)
    }

    pub fn x1(&self) -> f32 {
        self.words.last().map_or(0.0, |w| w.x1)
    }

    /// Word index ranges separated by gaps wider than [`SEGMENT_GAP`] ems.
    pub fn segments(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, word) in self.words.iter().enumerate().skip(1) {
            if word.gap > SEGMENT_GAP * word.size.max(self.words[i - 1].size) {
                out.push(start..i);
                start = i;
            }
        }
        if start < self.words.len() {
            out.push(start..self.words.len());
        }
        out
    }
}

/// The lines of one page, top to bottom. Text in other writing directions (a rotated stamp, a
/// vertical margin note) follows the page's main text.
pub fn page_lines(content: &PageContent, page: u32) -> Vec<Line> {
    let mut counts = [0usize; 4];
    for glyph in &content.glyphs {
        counts[glyph.dir as usize & 3] += 1;
    }
    let main = (0..4).max_by_key(|&d| (counts[d], 4 - d)).unwrap_or(0) as u8;
    let mut lines = Vec::new();
    for dir in std::iter::once(main).chain((0..4).filter(|&d| d != main)) {
        let glyphs: Vec<&Glyph> = content.glyphs.iter().filter(|g| g.dir == dir).collect();
        if !glyphs.is_empty() {
            lines.extend(
                direction_lines(&content.text, glyphs, page)
                    .into_iter()
                    .map(|line| Line { dir, ..line }),
            );
        }
    }
    for (i, line) in lines.iter_mut().enumerate() {
        line.number = i as u32 + 1;
    }
    lines
}

fn direction_lines(text: &str, mut glyphs: Vec<&Glyph>, page: u32) -> Vec<Line> {
    // Top to bottom; the sort is stable, so content order breaks ties.
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut reference = (f32::INFINITY, 0.0f32);
    for glyph in glyphs {
        let (y, size) = reference;
        let tolerance = 0.5 * size.max(glyph.size).min(2.0 * size.min(glyph.size));
        match groups.last_mut() {
            Some(group) if y - glyph.y <= tolerance => group.push(glyph),
            _ => {
                groups.push(vec![glyph]);
                reference = (glyph.y, glyph.size);
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|group| build_line(text, group, page))
        .collect()
}

fn build_line(text: &str, mut glyphs: Vec<&Glyph>, page: u32) -> Option<Line> {
    glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // The baseline most glyphs sit on (superscripts and subscripts are few).
    let mut ys: Vec<f32> = glyphs.iter().map(|g| g.y).collect();
    ys.sort_by(f32::total_cmp);
    let y = ys[ys.len() / 2];

    let mut words: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    let mut space = false;
    let mut previous: Option<&Glyph> = None;
    for glyph in glyphs {
        let piece = text
            .get(glyph.start as usize..glyph.end as usize)
            .unwrap_or("");
        // Drawn twice at the same place (fake bold, shadows): keep one.
        if let Some(p) = previous {
            let same = text.get(p.start as usize..p.end as usize) == Some(piece);
            if same
                && (glyph.x0 - p.x0).abs() < 0.15 * glyph.size
                && (glyph.y - p.y).abs() < 0.15 * glyph.size
            {
                continue;
            }
        }
        previous = Some(glyph);
        if piece.trim().is_empty() {
            space = true;
            continue;
        }
        let break_here = match &current {
            Some(word) => {
                space
                    || glyph.x0 - word.x1
                        > WORD_GAP * glyph.size.max(word.size.min(glyph.size * 2.0))
            }
            None => true,
        };
        space = false;
        if break_here {
            if let Some(word) = current.take() {
                words.push(word);
            }
            let gap = words.last().map_or(f32::INFINITY, |w| glyph.x0 - w.x1);
            current = Some(Word {
                text: String::new(),
                x0: glyph.x0,
                x1: glyph.x1,
                gap,
                size: glyph.size,
                bold: glyph.bold,
            });
        }
        let Some(word) = current.as_mut() else {
            continue;
        };
        for c in piece.chars() {
            if c.is_whitespace() {
                continue;
            }
            word.text.push(c);
        }
        word.x1 = word.x1.max(glyph.x1);
        word.size = word.size.max(glyph.size);
        word.bold &= glyph.bold;
    }
    words.extend(current);
    if words.is_empty() {
        return None;
    }
    let mut text = String::new();
    let mut columns = Vec::with_capacity(words.len());
    let mut column = 1u32;
    for word in &words {
        if !text.is_empty() {
            text.push(' ');
            column += 1;
        }
        columns.push(column);
        text.push_str(&word.text);
        column += word.text.chars().count() as u32;
    }
    // The line's size is that of most of its characters.
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    for word in &words {
        let n = word.text.chars().count();
        match sizes.iter_mut().find(|(s, _)| (s - word.size).abs() < 0.5) {
            Some(entry) => entry.1 += n,
            None => sizes.push((word.size, n)),
        }
    }
    let size = sizes
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(words[0].size, |(s, _)| *s);
    let bold = words.iter().all(|w| w.bold);
    Some(Line {
        page,
        number: 0,
        y,
        size,
        bold,
        words,
        columns,
        text,
        furniture: false,
        dir: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::page_lines;
    use crate::extract::pdf::interpret::{Glyph, PageContent};

    /// A page from (text, x, y) runs of 10pt glyphs each 5pt wide, with explicit spaces.
    fn page(runs: &[(&str, f32, f32)]) -> PageContent {
        let mut content = PageContent::default();
        for &(run, x, y) in runs {
            let mut x = x;
            for c in run.chars() {
                let start = content.text.len() as u32;
                content.text.push(c);
                content.glyphs.push(Glyph {
                    x0: x,
                    x1: x + 5.0,
                    y,
                    size: 10.0,
                    start,
                    end: content.text.len() as u32,
                    bold: false,
                    dir: 0,
                });
                x += 5.0;
            }
        }
        content
    }

    #[test]
    fn lines_are_ordered_by_baseline_and_words_by_gaps() {
        // Drawn bottom line first; the second line's words are positioned without spaces.
        let content = page(&[
            ("second", 100.0, 688.0),
            ("first line", 100.0, 700.0),
            ("word", 135.0, 688.0),
        ]);
        let lines = page_lines(&content, 1);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["first line", "second word"]);
        assert_eq!(lines[1].number, 2);
        assert_eq!(lines[1].columns, [1, 8]);
    }

    #[test]
    fn glyphs_that_touch_stay_one_word_and_wide_gaps_make_segments() {
        let content = page(&[
            ("Fern", 100.0, 700.0),
            ("lea", 120.0, 700.0),
            ("£210,000", 200.0, 700.0),
        ]);
        let lines = page_lines(&content, 1);
        assert_eq!(lines[0].text, "Fernlea £210,000");
        assert_eq!(lines[0].segments(), [0..1, 1..2]);
    }

    #[test]
    fn doubled_glyphs_are_read_once() {
        let content = page(&[("Bold", 100.0, 700.0), ("Bold", 100.3, 700.0)]);
        assert_eq!(page_lines(&content, 1)[0].text, "Bold");
    }
}
