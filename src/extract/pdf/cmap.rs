//! CMaps: the `/ToUnicode` maps that say which characters a font's codes stand for, and the
//! encoding CMaps of composite (Type0) fonts that say how many bytes make one code.
//!
//! Only the parts text extraction needs are read: `codespacerange`, `bfchar`, `bfrange` (both
//! the incrementing and the array form) and `cidchar` / `cidrange`. Everything else in the
//! PostScript wrapper is skipped. Ranges are kept as ranges, so a hostile `<0000> <FFFFFFFF>`
//! costs one entry, not four billion.

use std::collections::HashMap;

use super::glyph_names::glyph_text;

/// A parsed CMap.
#[derive(Debug, Default, Clone)]
pub struct CMap {
    /// Code space ranges as (byte length, low, high).
    codespace: Vec<(u8, u32, u32)>,
    chars: HashMap<u32, String>,
    ranges: Vec<Range>,
    cids: HashMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
}

#[derive(Debug, Clone)]
struct Range {
    low: u32,
    high: u32,
    target: Target,
}

#[derive(Debug, Clone)]
enum Target {
    /// UTF-16 units of the first code's text; later codes add to the last unit.
    Start(Vec<u16>),
    /// One text per code.
    List(Vec<String>),
}

/// Most entries a CMap may hold; real ones have a few thousand.
const MAX_ENTRIES: usize = 200_000;

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut tokens = Tokens { data, at: 0 };
        while let Some(token) = tokens.next() {
            let Token::Word(word) = &token else {
                continue;
            };
            match word.as_slice() {
                b"begincodespacerange" => cmap.read_codespace(&mut tokens),
                b"beginbfchar" => cmap.read_bfchar(&mut tokens),
                b"beginbfrange" => cmap.read_bfrange(&mut tokens),
                b"begincidchar" => cmap.read_cidchar(&mut tokens),
                b"begincidrange" => cmap.read_cidrange(&mut tokens),
                _ => {}
            }
        }
        cmap
    }

    fn full(&self) -> bool {
        self.chars.len() + self.ranges.len() + self.cids.len() + self.cid_ranges.len()
            >= MAX_ENTRIES
    }

    fn read_codespace(&mut self, tokens: &mut Tokens) {
        while let Some(token) = tokens.next() {
            match token {
                Token::Hex(low) => {
                    let Some(Token::Hex(high)) = tokens.next() else {
                        return;
                    };
                    if !low.is_empty() && low.len() <= 4 && low.len() == high.len() {
                        self.codespace
                            .push((low.len() as u8, code_of(&low), code_of(&high)));
                    }
                }
                _ => return,
            }
        }
    }

    fn read_bfchar(&mut self, tokens: &mut Tokens) {
        while let Some(token) = tokens.next() {
            let Token::Hex(source) = token else { return };
            let text = match tokens.next() {
                Some(Token::Hex(target)) => utf16_text(&target),
                Some(Token::Name(name)) => glyph_text(&name).unwrap_or_default(),
                _ => return,
            };
            if !self.full() && source.len() <= 4 {
                self.chars.insert(code_of(&source), text);
            }
        }
    }

    fn read_bfrange(&mut self, tokens: &mut Tokens) {
        while let Some(token) = tokens.next() {
            let Token::Hex(low) = token else { return };
            let Some(Token::Hex(high)) = tokens.next() else {
                return;
            };
            let target = match tokens.next() {
                Some(Token::Hex(start)) => Target::Start(utf16_units(&start)),
                Some(Token::ArrayStart) => {
                    let mut list = Vec::new();
                    while let Some(Token::Hex(item)) = tokens.next() {
                        if list.len() < 65_536 {
                            list.push(utf16_text(&item));
                        }
                    }
                    Target::List(list)
                }
                _ => return,
            };
            let (low, high) = (code_of(&low), code_of(&high));
            if !self.full() && low <= high {
                self.ranges.push(Range { low, high, target });
            }
        }
    }

    fn read_cidchar(&mut self, tokens: &mut Tokens) {
        while let Some(token) = tokens.next() {
            let Token::Hex(source) = token else { return };
            let Some(Token::Number(cid)) = tokens.next() else {
                return;
            };
            if !self.full() {
                self.cids.insert(code_of(&source), cid);
            }
        }
    }

    fn read_cidrange(&mut self, tokens: &mut Tokens) {
        while let Some(token) = tokens.next() {
            let Token::Hex(low) = token else { return };
            let Some(Token::Hex(high)) = tokens.next() else {
                return;
            };
            let Some(Token::Number(cid)) = tokens.next() else {
                return;
            };
            if !self.full() {
                self.cid_ranges.push((code_of(&low), code_of(&high), cid));
            }
        }
    }

    /// The text for a code, if the CMap maps it.
    pub fn text(&self, code: u32) -> Option<String> {
        if let Some(text) = self.chars.get(&code) {
            return Some(text.clone());
        }
        // Later ranges win over earlier ones, as later definitions do in PostScript.
        let range = self
            .ranges
            .iter()
            .rev()
            .find(|r| r.low <= code && code <= r.high)?;
        let offset = code - range.low;
        match &range.target {
            Target::List(list) => list.get(offset as usize).cloned(),
            Target::Start(units) => {
                let mut units = units.clone();
                let last = units.last_mut()?;
                *last = last.wrapping_add(offset as u16);
                Some(String::from_utf16_lossy(&units))
            }
        }
    }

    /// The CID for a code under an encoding CMap.
    pub fn cid(&self, code: u32) -> Option<u32> {
        if let Some(&cid) = self.cids.get(&code) {
            return Some(cid);
        }
        self.cid_ranges
            .iter()
            .rev()
            .find(|&&(low, high, _)| low <= code && code <= high)
            .map(|&(low, _, cid)| cid + (code - low))
    }

    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// Split the next code off `bytes`: its value and its length in bytes. Follows the code
    /// space ranges; bytes that match none are taken one at a time.
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        for length in 1..=4u8 {
            let n = length as usize;
            if bytes.len() < n {
                break;
            }
            let code = code_of(&bytes[..n]);
            if self
                .codespace
                .iter()
                .any(|&(l, low, high)| l == length && low <= code && code <= high)
            {
                return (code, n);
            }
        }
        // No range matches: use the shortest length the code space declares.
        let n = self
            .codespace
            .iter()
            .map(|&(l, _, _)| l as usize)
            .min()
            .unwrap_or(1)
            .min(bytes.len())
            .max(1);
        (code_of(&bytes[..n.min(bytes.len())]), n)
    }
}

/// A big-endian code from up to four bytes.
fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |code, &b| (code << 8) | u32::from(b))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    let mut units: Vec<u16> = bytes
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            [single] => u16::from(*single),
            _ => 0,
        })
        .collect();
    if units.is_empty() {
        units.push(0);
    }
    units
}

fn utf16_text(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        // Some producers write one-byte targets; read them as Latin-1.
        return char::from(bytes[0]).to_string();
    }
    String::from_utf16_lossy(&utf16_units(bytes))
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Number(u32),
    Name(String),
    Word(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    Other,
}

struct Tokens<'a> {
    data: &'a [u8],
    at: usize,
}

impl Tokens<'_> {
    fn next(&mut self) -> Option<Token> {
        let data = self.data;
        loop {
            let &byte = data.get(self.at)?;
            if byte.is_ascii_whitespace() || byte == 0 {
                self.at += 1;
            } else if byte == b'%' {
                while self.at < data.len() && !matches!(data[self.at], b'\n' | b'\r') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
        let start = self.at;
        let byte = data[start];
        self.at += 1;
        let token = match byte {
            b'<' if data.get(self.at) == Some(&b'<') => {
                self.at += 1;
                Token::Other
            }
            b'<' => {
                let mut digits = Vec::new();
                while let Some(&b) = data.get(self.at) {
                    self.at += 1;
                    if b == b'>' {
                        break;
                    }
                    if let Some(d) = (b as char).to_digit(16) {
                        digits.push(d as u8);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                Token::Hex(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
            }
            b'>' => {
                if data.get(self.at) == Some(&b'>') {
                    self.at += 1;
                }
                Token::Other
            }
            b'[' => Token::ArrayStart,
            b']' => Token::ArrayEnd,
            b'(' => {
                let mut depth = 1;
                while let Some(&b) = data.get(self.at) {
                    self.at += 1;
                    match b {
                        b'\\' => self.at += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Token::Other
            }
            b'{' | b'}' => Token::Other,
            _ => {
                while let Some(&b) = data.get(self.at) {
                    if b.is_ascii_whitespace() || b"<>[]{}()/%".contains(&b) {
                        break;
                    }
                    self.at += 1;
                }
                let word = &data[start..self.at];
                if byte == b'/' {
                    let word = &data[start + 1..self.at];
                    Token::Name(String::from_utf8_lossy(word).into_owned())
                } else if let Some(n) = std::str::from_utf8(word)
                    .ok()
                    .and_then(|w| w.parse::<u32>().ok())
                {
                    Token::Number(n)
                } else {
                    Token::Word(word.to_vec())
                }
            }
        };
        Some(token)
    }
}

#[cfg(test)]
mod tests {
    use super::CMap;

    const TO_UNICODE: &[u8] = br"/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0003> <0020>
<0011> <FB01>
endbfchar
2 beginbfrange
<0024> <0026> <0041>
<0030> <0032> [<0066006C> <00A3> <20AC>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end";

    #[test]
    fn reads_chars_ranges_and_code_space() {
        let cmap = CMap::parse(TO_UNICODE);
        assert_eq!(cmap.text(0x03).as_deref(), Some(" "));
        assert_eq!(cmap.text(0x11).as_deref(), Some("\u{FB01}"));
        assert_eq!(cmap.text(0x25).as_deref(), Some("B"));
        assert_eq!(cmap.text(0x30).as_deref(), Some("fl"));
        assert_eq!(cmap.text(0x31).as_deref(), Some("£"));
        assert_eq!(cmap.text(0x32).as_deref(), Some("€"));
        assert_eq!(cmap.text(0x27), None);
        assert_eq!(cmap.next_code(&[0x00, 0x24, 0x00]), (0x24, 2));
    }

    #[test]
    fn surrogate_pairs_and_huge_ranges_are_cheap() {
        let cmap = CMap::parse(b"1 beginbfrange <0000> <FFFF> <D835DC00> endbfrange");
        assert_eq!(cmap.text(1).as_deref(), Some("\u{1D401}"));
        assert_eq!(cmap.ranges.len(), 1);
    }

    #[test]
    fn garbage_does_not_panic() {
        for data in [
            &b"beginbfchar <"[..],
            b"beginbfrange <00> <01> [<0041",
            b"begincodespacerange <00> endcodespacerange",
            b"(unbalanced \\",
            b"<<<<>>>>",
        ] {
            let cmap = CMap::parse(data);
            let _ = cmap.next_code(b"\x01");
        }
    }
}
