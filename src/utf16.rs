//! UTF-16 text with a byte-order mark (what Windows tools write as "Unicode": PowerShell
//! scripts, `.reg` exports, SQL Server scripts). Its ASCII is interleaved with NUL bytes, so it
//! would otherwise pass for binary and never be scanned; it is read as UTF-8 instead.

/// The byte order a UTF-16 byte-order mark at the start of `bytes` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Little,
    Big,
}

/// The byte order of `bytes` when they start with a UTF-16 byte-order mark (and not with the
/// UTF-32 little-endian one, `FF FE 00 00`).
pub fn order(bytes: &[u8]) -> Option<Order> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => None,
        [0xFF, 0xFE, ..] => Some(Order::Little),
        [0xFE, 0xFF, ..] => Some(Order::Big),
        _ => None,
    }
}

fn units(bytes: &[u8], order: Order) -> impl Iterator<Item = u16> + '_ {
    bytes[2..].chunks_exact(2).map(move |pair| match order {
        Order::Little => u16::from_le_bytes([pair[0], pair[1]]),
        Order::Big => u16::from_be_bytes([pair[0], pair[1]]),
    })
}

/// Whether the first `probe` bytes after the mark hold text: no NUL code unit, as the binary
/// check asks of other text.
pub fn is_text(bytes: &[u8], order: Order, probe: usize) -> bool {
    let end = bytes.len().min(probe.saturating_add(2));
    !units(&bytes[..end], order).any(|u| u == 0)
}

/// The text as UTF-8, without the mark; unpaired surrogates and an odd last byte become U+FFFD.
/// Line breaks stay line breaks, so line numbers are those of the UTF-16 text.
pub fn to_utf8(bytes: &[u8], order: Order) -> Vec<u8> {
    let mut out = String::with_capacity(bytes.len() / 2);
    out.extend(char::decode_utf16(units(bytes, order)).map(|c| c.unwrap_or('\u{FFFD}')));
    if bytes.len() % 2 == 1 {
        out.push('\u{FFFD}');
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, order: Order) -> Vec<u8> {
        let mut out = match order {
            Order::Little => vec![0xFF, 0xFE],
            Order::Big => vec![0xFE, 0xFF],
        };
        for u in text.encode_utf16() {
            out.extend(match order {
                Order::Little => u.to_le_bytes(),
                Order::Big => u.to_be_bytes(),
            });
        }
        out
    }

    #[test]
    fn reads_both_byte_orders_as_utf8() {
        for o in [Order::Little, Order::Big] {
            let bytes = encode("$p = \"Zq3€n8\"\r\nline 2\n", o);
            assert_eq!(order(&bytes), Some(o));
            assert!(is_text(&bytes, o, 8000));
            assert_eq!(to_utf8(&bytes, o), "$p = \"Zq3€n8\"\r\nline 2\n".as_bytes());
        }
    }

    #[test]
    fn other_bytes_are_not_utf16() {
        assert_eq!(order(b"plain"), None);
        assert_eq!(order(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]), None);
        assert_eq!(order(&[0xFF]), None);
        let binary = encode("ab\0cd", Order::Little);
        assert!(!is_text(&binary, Order::Little, 8000));
    }

    #[test]
    fn broken_units_become_replacement_characters() {
        let mut bytes = encode("ok", Order::Little);
        bytes.extend([0x00, 0xD8]); // an unpaired high surrogate
        bytes.push(b'x'); // an odd last byte
        assert_eq!(
            to_utf8(&bytes, Order::Little),
            "ok\u{FFFD}\u{FFFD}".as_bytes()
        );
    }
}
