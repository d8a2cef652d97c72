//! The text-state interpreter: runs a page's content stream and records every shown glyph with
//! its text, position, extent and size on the page.
//!
//! It follows the text operators of ISO 32000-1 §9.4: the text and line matrices (`Tm`, `Td`,
//! `TD`, `T*`), character and word spacing (`Tc`, `Tw`), horizontal scaling (`Tz`), leading
//! (`TL`), rise (`Ts`), `TJ` adjustments, and the graphics state stack (`q`/`Q`, `cm`). Form
//! XObjects are entered with their matrix and resources, to a depth limit and never twice on one
//! path. Paths, colours and images are ignored except that images are counted, so that a page
//! of scanned images with no text can be reported as such.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};

use super::font::{self, Decoded, Font, real};

/// One glyph on the page, in the coordinates of its writing direction: `x` grows along the
/// text, `y` grows up the page.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    /// Text range in [`PageContent::text`].
    pub start: u32,
    pub end: u32,
    pub bold: bool,
    /// Writing direction in quarter turns anticlockwise: 0 is left to right.
    pub dir: u8,
}

#[derive(Debug, Default)]
pub struct PageContent {
    pub text: String,
    pub glyphs: Vec<Glyph>,
    pub images: usize,
    /// Bytes of page content before and after decompression (for the bomb limits).
    pub packed: u64,
    pub unpacked: u64,
    /// The page's content inflates past the `part-size-mb` limit (what lopdf said).
    pub too_large: Option<String>,
    /// Something went wrong part-way (a damaged stream, a limit): what was read is kept.
    pub problem: Option<String>,
}

/// Bounds on the work one page may cause.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_stream: usize,
    pub max_operations: usize,
    pub max_glyphs: usize,
    pub max_form_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream: 64 << 20,
            max_operations: 4_000_000,
            max_glyphs: 2_000_000,
            max_form_depth: 12,
        }
    }
}

/// Fonts already loaded, by object id, and the stand-in for a font that cannot be found: built
/// once per document and shared by its pages.
pub struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
    fallback: Rc<Font>,
}

impl FontCache {
    pub fn new() -> FontCache {
        FontCache {
            by_id: HashMap::new(),
            fallback: Rc::new(Font::fallback()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `other`: the PDF product self × other.
    fn then(self, other: Matrix) -> Matrix {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a1 * a2 + b1 * c2,
            a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2,
            c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2,
            e1 * b2 + f1 * d2 + f2,
        ])
    }

    fn translate(self, tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty]).then(self)
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        if operands.len() < 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (slot, operand) in m.iter_mut().zip(operands) {
            *slot = real(operand)?;
        }
        Some(Matrix(m))
    }
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    font: Option<Rc<Font>>,
    font_size: f32,
}

impl Default for State {
    fn default() -> Self {
        State {
            ctm: Matrix::IDENTITY,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font: None,
            font_size: 0.0,
        }
    }
}

/// The resource dictionaries in force, nearest first.
#[derive(Clone)]
struct Resources<'a> {
    dicts: Vec<&'a Dictionary>,
}

impl<'a> Resources<'a> {
    fn lookup(&self, pdf: &'a Pdf, category: &[u8], name: &[u8]) -> Option<&'a Object> {
        self.dicts.iter().find_map(|dict| {
            let group = font::deref(pdf, dict.get(category).ok())?.as_dict().ok()?;
            group.get(name).ok()
        })
    }
}

struct Interpreter<'a> {
    pdf: &'a Pdf,
    fonts: &'a mut FontCache,
    limits: Limits,
    out: PageContent,
    operations: usize,
    decoded: Vec<Decoded>,
    /// Form XObjects on the current path, to refuse cycles.
    forms: Vec<ObjectId>,
}

/// Run the content of one page.
pub fn page(pdf: &Pdf, page_id: ObjectId, fonts: &mut FontCache, limits: Limits) -> PageContent {
    let mut interpreter = Interpreter {
        pdf,
        fonts,
        limits,
        out: PageContent::default(),
        operations: 0,
        decoded: Vec::new(),
        forms: Vec::new(),
    };
    let resources = page_resources(pdf, page_id);
    interpreter.out.packed = pdf
        .get_page_contents(page_id)
        .iter()
        .filter_map(|id| pdf.get_object(*id).and_then(Object::as_stream).ok())
        .map(|stream| stream.content.len() as u64)
        .sum();
    match pdf.get_page_content_with_limit(page_id, limits.max_stream) {
        Ok(content) => {
            interpreter.out.unpacked = content.len() as u64;
            interpreter.run(&content, &resources, State::default(), 0);
        }
        Err(lopdf::Error::Decompress(error)) => interpreter.out.too_large = Some(error.to_string()),
        Err(error) => interpreter.out.problem = Some(format!("page content unreadable: {error}")),
    }
    interpreter.out
}

fn page_resources(pdf: &Pdf, page_id: ObjectId) -> Resources<'_> {
    let mut dicts = Vec::new();
    if let Ok((inline, ids)) = pdf.get_page_resources(page_id) {
        dicts.extend(inline);
        dicts.extend(ids.into_iter().filter_map(|id| pdf.get_dictionary(id).ok()));
    }
    Resources { dicts }
}

impl<'a> Interpreter<'a> {
    fn run(&mut self, content: &[u8], resources: &Resources<'a>, state: State, depth: usize) {
        let mut state = state;
        let mut stack: Vec<State> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        for operation in Content::decode_iter(content) {
            let Ok(operation) = operation else {
                self.out.problem =
                    Some("a damaged content stream was read up to the damage".into());
                break;
            };
            self.operations += 1;
            if self.operations.is_multiple_of(4096) && crate::limits::out_of_time() {
                self.out.problem = Some("the document ran out of time on this page".into());
                return;
            }
            if self.operations > self.limits.max_operations
                || self.out.glyphs.len() > self.limits.max_glyphs
            {
                self.out.problem = Some("the page has more drawing operations than tenderlint reads; the rest was skipped".into());
                return;
            }
            let ops = &operation.operands;
            match operation.operator.as_str() {
                "q" if stack.len() < 256 => {
                    stack.push(state.clone());
                }
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(ops) {
                        state.ctm = m.then(state.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tc" => state.char_spacing = first(ops).unwrap_or(0.0),
                "Tw" => state.word_spacing = first(ops).unwrap_or(0.0),
                "Tz" => state.scale = first(ops).unwrap_or(100.0) / 100.0,
                "TL" => state.leading = first(ops).unwrap_or(0.0),
                "Ts" => state.rise = first(ops).unwrap_or(0.0),
                "Tf" => {
                    let name = ops
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .unwrap_or_default();
                    state.font = Some(self.font(resources, name));
                    state.font_size = ops.get(1).and_then(real).unwrap_or(0.0);
                }
                "Td" | "TD" => {
                    let tx = ops.first().and_then(real).unwrap_or(0.0);
                    let ty = ops.get(1).and_then(real).unwrap_or(0.0);
                    if operation.operator == "TD" {
                        state.leading = -ty;
                    }
                    tlm = tlm.translate(tx, ty);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = tlm.translate(0.0, -state.leading);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(bytes) = ops.first().and_then(|o| o.as_str().ok()) {
                        self.show(bytes, &state, &mut tm);
                    }
                }
                "'" | "\"" => {
                    if operation.operator == "\"" {
                        state.word_spacing = ops.first().and_then(real).unwrap_or(0.0);
                        state.char_spacing = ops.get(1).and_then(real).unwrap_or(0.0);
                    }
                    tlm = tlm.translate(0.0, -state.leading);
                    tm = tlm;
                    if let Some(bytes) = ops.last().and_then(|o| o.as_str().ok()) {
                        self.show(bytes, &state, &mut tm);
                    }
                }
                "TJ" => {
                    let Some(items) = ops.first().and_then(|o| o.as_array().ok()) else {
                        continue;
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => self.show(bytes, &state, &mut tm),
                            other => {
                                if let Some(adjust) = real(other) {
                                    let tx = -adjust / 1000.0 * state.font_size * state.scale;
                                    tm = tm.translate(tx, 0.0);
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(name) = ops.first().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    self.draw_xobject(resources, name, &state, depth);
                }
                "BI" => self.out.images += 1,
                _ => {}
            }
        }
    }

    fn font(&mut self, resources: &Resources<'a>, name: &[u8]) -> Rc<Font> {
        let Some(object) = resources.lookup(self.pdf, b"Font", name) else {
            return self.fonts.fallback.clone();
        };
        if let Object::Reference(id) = object {
            if let Some(font) = self.fonts.by_id.get(id) {
                return font.clone();
            }
            let font = match self.pdf.get_dictionary(*id) {
                Ok(dict) => Rc::new(Font::load(self.pdf, dict)),
                Err(_) => self.fonts.fallback.clone(),
            };
            self.fonts.by_id.insert(*id, font.clone());
            return font;
        }
        match object.as_dict() {
            Ok(dict) => Rc::new(Font::load(self.pdf, dict)),
            Err(_) => self.fonts.fallback.clone(),
        }
    }

    fn draw_xobject(
        &mut self,
        resources: &Resources<'a>,
        name: &[u8],
        state: &State,
        depth: usize,
    ) {
        let pdf = self.pdf;
        let Some(Object::Reference(id)) = resources.lookup(pdf, b"XObject", name) else {
            return;
        };
        let Ok(stream) = pdf.get_object(*id).and_then(Object::as_stream) else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.out.images += 1,
            Ok(b"Form") => {
                if depth >= self.limits.max_form_depth || self.forms.contains(id) {
                    return;
                }
                let content = if stream.dict.get(b"Filter").is_ok() {
                    match stream.decompressed_content_with_limit(self.limits.max_stream) {
                        Ok(content) => content,
                        Err(_) => return,
                    }
                } else {
                    stream.content.clone()
                };
                self.out.packed += stream.content.len() as u64;
                self.out.unpacked += content.len() as u64;
                let mut inner = state.clone();
                if let Some(m) = font::deref(pdf, stream.dict.get(b"Matrix").ok())
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| Matrix::from_operands(a))
                {
                    inner.ctm = m.then(state.ctm);
                }
                let mut form_resources = resources.clone();
                if let Some(own) = font::deref(pdf, stream.dict.get(b"Resources").ok())
                    .and_then(|o| o.as_dict().ok())
                {
                    form_resources.dicts.insert(0, own);
                }
                self.forms.push(*id);
                self.run(&content, &form_resources, inner, depth + 1);
                self.forms.pop();
            }
            _ => {}
        }
    }

    /// Show a string: record each glyph and advance the text matrix.
    fn show(&mut self, bytes: &[u8], state: &State, tm: &mut Matrix) {
        let font = state
            .font
            .clone()
            .unwrap_or_else(|| self.fonts.fallback.clone());
        self.decoded.clear();
        font.decode(bytes, &mut self.out.text, &mut self.decoded);
        let size = state.font_size;
        let scale = state.scale;
        for i in 0..self.decoded.len() {
            let glyph = self.decoded[i];
            let trm = Matrix([size * scale, 0.0, 0.0, size, 0.0, state.rise])
                .then(*tm)
                .then(state.ctm);
            if glyph.end > glyph.start {
                self.record(glyph, &trm, font.bold);
            }
            let spacing = state.char_spacing
                + if glyph.word_space {
                    state.word_spacing
                } else {
                    0.0
                };
            let tx = (glyph.width * size + spacing) * scale;
            *tm = tm.translate(tx, 0.0);
        }
    }

    fn record(&mut self, glyph: Decoded, trm: &Matrix, bold: bool) {
        let [a, b, c, d, e, f] = trm.0;
        let size = (c * c + d * d).sqrt();
        if !(size.is_finite() && e.is_finite() && f.is_finite()) || size < 0.1 {
            return;
        }
        // The direction of the text's x axis on the page.
        let dir = if a.abs() >= b.abs() {
            if a >= 0.0 { 0 } else { 2 }
        } else if b > 0.0 {
            1
        } else {
            3
        };
        let (ex, ey) = (e + glyph.width * a, f + glyph.width * b);
        let rotate = |x: f32, y: f32| match dir {
            0 => (x, y),
            1 => (y, -x),
            2 => (-x, -y),
            _ => (-y, x),
        };
        let (x0, y) = rotate(e, f);
        let (x1, _) = rotate(ex, ey);
        self.out.glyphs.push(Glyph {
            x0,
            x1: x1.max(x0),
            y,
            size,
            start: glyph.start,
            end: glyph.end,
            bold,
            dir,
        });
    }
}

fn first(operands: &[Object]) -> Option<f32> {
    operands.first().and_then(real)
}

#[cfg(test)]
mod tests {
    use super::Matrix;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix([1.0, 0.0, 0.0, 1.0, 10.0, 20.0]);
        // Scale first, then shift: the origin lands at the shift.
        assert_eq!(scale.then(shift).0, [2.0, 0.0, 0.0, 2.0, 10.0, 20.0]);
        assert_eq!(shift.then(scale).0, [2.0, 0.0, 0.0, 2.0, 20.0, 40.0]);
        assert_eq!(Matrix::IDENTITY.translate(5.0, 0.0).0[4], 5.0);
    }
}
