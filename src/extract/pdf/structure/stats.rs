//! The measures of the document's own body text that every later step compares against:
//! [`Stats`], with the body font size, line pitch, heading sizes, the words the document uses and
//! the right edge of the text on each page.
//!
//! [`Stats::measure`] reads them once from all pages (furniture left out). A new measure belongs
//! in [`Stats`], computed in [`Stats::measure`].

use std::collections::HashMap;

use super::list_marker;
use crate::document::is_title_line;
use crate::extract::pdf::layout::Line;

pub(super) struct Stats {
    pub(super) body_size: f32,
    /// Baseline-to-baseline distance of body lines, per point of font size.
    pitch_ratio: f32,
    heading_sizes: Vec<f32>,
    /// Every word in the document, lower-cased, without surrounding punctuation: a word broken
    /// across lines is joined only into a word the document uses elsewhere.
    pub(super) words: HashMap<String, u32>,
    /// Right edge of the text on each page.
    pub(super) right_edge: Vec<f32>,
}

impl Stats {
    pub(super) fn measure(pages: &[Vec<Line>]) -> Stats {
        let mut sizes: HashMap<i32, usize> = HashMap::new();
        let mut words: HashMap<String, u32> = HashMap::new();
        for line in pages.iter().flatten().filter(|l| !l.furniture) {
            for word in &line.words {
                *sizes.entry((word.size * 2.0).round() as i32).or_default() +=
                    word.text.chars().count();
                let inner = word.text.trim_matches(|c: char| !c.is_alphanumeric());
                if !inner.is_empty() {
                    *words.entry(inner.to_lowercase()).or_default() += 1;
                }
            }
        }
        let body_size = sizes
            .iter()
            .max_by_key(|&(size, n)| (*n, -size))
            .map_or(10.0, |(&s, _)| s as f32 / 2.0);
        // Line pitch of body text.
        let mut pitches: HashMap<i32, usize> = HashMap::new();
        for lines in pages {
            for pair in lines.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                if a.furniture
                    || b.furniture
                    || !near(a.size, body_size)
                    || !near(b.size, body_size)
                {
                    continue;
                }
                let gap = a.y - b.y;
                if gap > 0.9 * body_size && gap < 2.5 * body_size {
                    *pitches.entry((gap * 4.0).round() as i32).or_default() += 1;
                }
            }
        }
        let pitch = pitches
            .iter()
            .max_by_key(|&(g, n)| (*n, -g))
            .map_or(1.2 * body_size, |(&g, _)| g as f32 / 4.0);
        let mut heading_sizes: Vec<f32> = Vec::new();
        for line in pages.iter().flatten() {
            if !line.furniture
                && line.size >= body_size * 1.12
                && line.words.len() <= 25
                && !heading_sizes.iter().any(|&s| (s - line.size).abs() < 0.6)
            {
                heading_sizes.push(line.size);
            }
        }
        heading_sizes.sort_by(|a, b| b.total_cmp(a));
        let right_edge = pages
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .filter(|l| !l.furniture)
                    .map(Line::x1)
                    .fold(0.0, f32::max)
            })
            .collect();
        Stats {
            body_size,
            pitch_ratio: pitch / body_size,
            heading_sizes,
            words,
            right_edge,
        }
    }

    /// Largest baseline gap that still continues a paragraph of this size.
    pub(super) fn paragraph_gap(&self, size: f32) -> f32 {
        size * self.pitch_ratio * 1.25 + 0.5
    }

    pub(super) fn heading_level(&self, line: &Line) -> Option<u8> {
        if line.furniture || line.words.len() > 25 || !line.text.chars().any(char::is_alphabetic) {
            return None;
        }
        if list_marker(&line.words[0].text).is_some() && line.words.len() > 1 && !line.bold {
            return None;
        }
        if let Some(i) = self
            .heading_sizes
            .iter()
            .position(|&s| (s - line.size).abs() < 0.6)
        {
            return Some((i + 1).min(6) as u8);
        }
        if line.bold && near(line.size, self.body_size) && is_title_line(&line.text) {
            return Some((self.heading_sizes.len() + 1).min(6) as u8);
        }
        None
    }
}

pub(super) fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.6
}
