//! The built-in encoding of an embedded CFF font program (`/FontFile3`, Type1C), as TeX's math
//! and symbol fonts carry it: code → glyph → glyph name, through the font's charset and string
//! table (Adobe Technical Note 5176). Only what that needs is read; every offset is checked.

use super::tables_codegen::CFF_STANDARD_STRINGS;

/// Glyph names for codes 0..=255 from the font's own encoding; `None` for CID-keyed fonts, the
/// standard encoding, or anything unreadable.
pub fn builtin_encoding(data: &[u8]) -> Option<Vec<String>> {
    let header_size = *data.get(2)? as usize;
    let (_names, after_names) = index(data, header_size)?;
    let (top_dicts, after_top) = index(data, after_names)?;
    let (strings, _) = index(data, after_top)?;
    let top = top_dicts.first()?;
    let mut charset = 0usize;
    let mut encoding = 0usize;
    let mut char_strings = None;
    for (op, operands) in dict(top) {
        let first = operands.first().copied().unwrap_or(0.0).max(0.0) as usize;
        match op {
            15 => charset = first,
            16 => encoding = first,
            17 => char_strings = Some(first),
            // ROS: a CID-keyed font, whose codes are CIDs, not an encoding.
            0x0C1E => return None,
            _ => {}
        }
    }
    // Offsets 0 and 1 are the standard and expert encodings, which the caller already knows.
    if encoding <= 1 {
        return None;
    }
    let glyphs = index(data, char_strings?)?.0.len();
    let sids = charset_sids(data, charset, glyphs)?;
    let name = |gid: usize| -> Option<String> {
        let sid = *sids.get(gid)? as usize;
        match CFF_STANDARD_STRINGS.get(sid) {
            Some(name) => Some((*name).to_string()),
            None => strings
                .get(sid - CFF_STANDARD_STRINGS.len())
                .map(|s| String::from_utf8_lossy(s).into_owned()),
        }
    };
    let mut names = vec![String::new(); 256];
    let format = *data.get(encoding)?;
    let mut at = encoding + 1;
    match format & 0x7F {
        0 => {
            let count = *data.get(at)? as usize;
            at += 1;
            for gid in 1..=count {
                let code = *data.get(at)? as usize;
                at += 1;
                names[code] = name(gid).unwrap_or_default();
            }
        }
        1 => {
            let ranges = *data.get(at)? as usize;
            at += 1;
            let mut gid = 1;
            for _ in 0..ranges {
                let first = *data.get(at)? as usize;
                let left = *data.get(at + 1)? as usize;
                at += 2;
                let last = (first + left).min(255);
                for slot in names.iter_mut().take(last + 1).skip(first) {
                    *slot = name(gid).unwrap_or_default();
                    gid += 1;
                }
            }
        }
        _ => return None,
    }
    if format & 0x80 != 0 {
        let supplements = *data.get(at)? as usize;
        at += 1;
        for _ in 0..supplements {
            let code = *data.get(at)? as usize;
            let sid = u16::from_be_bytes([*data.get(at + 1)?, *data.get(at + 2)?]) as usize;
            at += 3;
            if let Some(standard) = CFF_STANDARD_STRINGS.get(sid) {
                names[code] = (*standard).to_string();
            }
        }
    }
    Some(names)
}

/// The SID of every glyph (glyph 0 is .notdef, SID 0).
fn charset_sids(data: &[u8], offset: usize, glyphs: usize) -> Option<Vec<u16>> {
    let glyphs = glyphs.min(65_536);
    if offset == 0 {
        // ISOAdobe: glyph i has SID i.
        return Some((0..glyphs.min(229) as u16).collect());
    }
    if offset <= 2 {
        return None;
    }
    let mut sids = vec![0u16];
    let format = *data.get(offset)?;
    let mut at = offset + 1;
    let u16_at =
        |i: usize| -> Option<u16> { Some(u16::from_be_bytes([*data.get(i)?, *data.get(i + 1)?])) };
    while sids.len() < glyphs {
        match format {
            0 => {
                sids.push(u16_at(at)?);
                at += 2;
            }
            1 | 2 => {
                let first = u16_at(at)?;
                let left = if format == 1 {
                    u16::from(*data.get(at + 2)?)
                } else {
                    u16_at(at + 2)?
                };
                at += if format == 1 { 3 } else { 4 };
                for k in 0..=left {
                    sids.push(first.saturating_add(k));
                }
            }
            _ => return None,
        }
    }
    Some(sids)
}

/// A CFF INDEX at `offset`: its items and the offset just after it.
fn index(data: &[u8], offset: usize) -> Option<(Vec<&[u8]>, usize)> {
    let count = u16::from_be_bytes([*data.get(offset)?, *data.get(offset + 1)?]) as usize;
    if count == 0 {
        return Some((Vec::new(), offset + 2));
    }
    let size = *data.get(offset + 2)? as usize;
    if !(1..=4).contains(&size) {
        return None;
    }
    let offsets_at = offset + 3;
    let read = |i: usize| -> Option<usize> {
        let start = offsets_at + i * size;
        let bytes = data.get(start..start + size)?;
        Some(bytes.iter().fold(0usize, |v, &b| (v << 8) | b as usize))
    };
    let base = offsets_at + (count + 1) * size - 1;
    let mut items = Vec::with_capacity(count.min(4096));
    for i in 0..count {
        let (start, end) = (read(i)?, read(i + 1)?);
        items.push(data.get(base + start..base + end)?);
    }
    Some((items, base + read(count)?))
}

/// A DICT's (operator, operands) pairs; two-byte operators are 0x0C00 + the second byte.
fn dict(data: &[u8]) -> Vec<(u16, Vec<f64>)> {
    let mut out = Vec::new();
    let mut operands = Vec::new();
    let mut at = 0;
    while at < data.len() && out.len() < 256 {
        let b0 = data[at];
        at += 1;
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    let second = data.get(at).copied().unwrap_or(0);
                    at += 1;
                    0x0C00 | u16::from(second)
                } else {
                    u16::from(b0)
                };
                out.push((op, std::mem::take(&mut operands)));
            }
            28 => {
                let Some(bytes) = data.get(at..at + 2) else {
                    break;
                };
                operands.push(f64::from(i16::from_be_bytes([bytes[0], bytes[1]])));
                at += 2;
            }
            29 => {
                let Some(bytes) = data.get(at..at + 4) else {
                    break;
                };
                operands.push(f64::from(i32::from_be_bytes([
                    bytes[0], bytes[1], bytes[2], bytes[3],
                ])));
                at += 4;
            }
            30 => {
                // A real number in nibbles; its value is not needed here.
                while at < data.len() {
                    let b = data[at];
                    at += 1;
                    if b & 0x0F == 0x0F || b >> 4 == 0x0F {
                        break;
                    }
                }
                operands.push(0.0);
            }
            32..=246 => operands.push(f64::from(b0) - 139.0),
            247..=250 => {
                let b1 = f64::from(data.get(at).copied().unwrap_or(0));
                at += 1;
                operands.push((f64::from(b0) - 247.0) * 256.0 + b1 + 108.0);
            }
            251..=254 => {
                let b1 = f64::from(data.get(at).copied().unwrap_or(0));
                at += 1;
                operands.push(-(f64::from(b0) - 251.0) * 256.0 - b1 - 108.0);
            }
            _ => {}
        }
        if operands.len() > 48 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{builtin_encoding, dict, index};

    #[test]
    fn dict_operands_decode() {
        // 100 (one byte), 1000 (two bytes), then operator 15; -1000 then operator 16.
        let data = [239, 250, 124, 15, 254, 124, 16];
        assert_eq!(
            dict(&data),
            [(15, vec![100.0, 1000.0]), (16, vec![-1000.0])]
        );
    }

    #[test]
    fn indexes_and_garbage() {
        // Two items "ab" and "c".
        let data = [0, 2, 1, 1, 3, 4, b'a', b'b', b'c'];
        let (items, end) = index(&data, 0).expect("index");
        assert_eq!(items, [&b"ab"[..], &b"c"[..]]);
        assert_eq!(end, data.len());
        assert!(builtin_encoding(&[1, 0, 4]).is_none());
        assert!(builtin_encoding(&[]).is_none());
    }
}
