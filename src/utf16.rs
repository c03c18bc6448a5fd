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

fn unit(pair: [u8; 2], order: Order) -> u16 {
    match order {
        Order::Little => u16::from_le_bytes(pair),
        Order::Big => u16::from_be_bytes(pair),
    }
}

/// The code units of `body` (text after the mark); an odd last byte is left out.
fn units(body: &[u8], order: Order) -> impl Iterator<Item = u16> + '_ {
    body.chunks_exact(2)
        .map(move |pair| unit([pair[0], pair[1]], order))
}

/// Whether the first `probe` bytes after the mark hold text: no NUL code unit, as the binary
/// check asks of other text.
pub fn is_text(bytes: &[u8], order: Order, probe: usize) -> bool {
    let end = bytes.len().min(probe.saturating_add(2));
    !units(&bytes[2..end], order).any(|u| u == 0)
}

/// The text as UTF-8, without the mark; unpaired surrogates and an odd last byte become U+FFFD.
/// Line breaks stay line breaks, so line numbers are those of the UTF-16 text.
pub fn to_utf8(bytes: &[u8], order: Order) -> Vec<u8> {
    decode(&bytes[2..], order)
}

/// `body` (text after the mark) as UTF-8, as `to_utf8` gives it.
fn decode(body: &[u8], order: Order) -> Vec<u8> {
    let mut out = String::with_capacity(body.len() / 2);
    out.extend(char::decode_utf16(units(body, order)).map(|c| c.unwrap_or('\u{FFFD}')));
    if body.len() % 2 == 1 {
        out.push('\u{FFFD}');
    }
    out.into_bytes()
}

/// A stream of UTF-16 text (after its byte-order mark) read as UTF-8, piece by piece: a stream
/// too long to hold whole is scanned in windows of the UTF-8 text, like any other stream.
/// Memory stays bounded by one read; a surrogate pair or a code unit split between two reads is
/// carried over to the next.
pub struct Utf8Reader<R> {
    inner: R,
    order: Order,
    /// Bytes read but not yet decoded: an odd byte, or a high surrogate waiting for its pair.
    carry: Vec<u8>,
    /// Decoded UTF-8 not yet handed out, and how much of it was.
    out: Vec<u8>,
    given: usize,
    done: bool,
}

impl<R: std::io::Read> Utf8Reader<R> {
    /// `inner` starts after the byte-order mark.
    pub fn new(inner: R, order: Order) -> Self {
        Utf8Reader {
            inner,
            order,
            carry: Vec::new(),
            out: Vec::new(),
            given: 0,
            done: false,
        }
    }

    /// Decodes the next piece of input into `out`; false at the end of the input.
    fn refill(&mut self) -> std::io::Result<bool> {
        const PIECE: usize = 64 << 10;
        self.out.clear();
        self.given = 0;
        while self.out.is_empty() && !self.done {
            let mut bytes = std::mem::take(&mut self.carry);
            let had = bytes.len();
            bytes.resize(had + PIECE, 0);
            let n = loop {
                match self.inner.read(&mut bytes[had..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            bytes.truncate(had + n);
            self.done = n == 0;
            // Decode whole units; keep an odd byte and a trailing high surrogate for later,
            // unless the input ended (then they become U+FFFD, as `to_utf8` does).
            let mut whole = bytes.len() & !1;
            if !self.done && whole >= 2 {
                let last = unit([bytes[whole - 2], bytes[whole - 1]], self.order);
                if (0xD800..0xDC00).contains(&last) {
                    whole -= 2;
                }
            }
            let (now, later) = if self.done {
                (&bytes[..], &[][..])
            } else {
                bytes.split_at(whole)
            };
            self.out = decode(now, self.order);
            self.carry = later.to_vec();
        }
        Ok(!self.out.is_empty())
    }
}

impl<R: std::io::Read> std::io::Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.given == self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.given);
        buf[..n].copy_from_slice(&self.out[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
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

    #[test]
    fn a_stream_reads_as_utf8_whatever_its_reads_split() {
        // Surrogate pairs and odd bytes straddle reads of every size from 1 to 7 bytes.
        let text = "pass=\u{1F511}Zq3\u{20AC}n8\r\nline 2 \u{1D11E}\n".repeat(50);
        for o in [Order::Little, Order::Big] {
            let bytes = encode(&text, o);
            for step in 1..8 {
                let chunks = Chunked {
                    bytes: &bytes[2..],
                    step,
                };
                let mut got = Vec::new();
                std::io::Read::read_to_end(&mut Utf8Reader::new(chunks, o), &mut got).unwrap();
                assert_eq!(got, text.as_bytes(), "{o:?} in reads of {step}");
            }
        }
        let mut odd = encode("ok", Order::Little);
        odd.extend([0x00, 0xD8, b'x']);
        let mut got = Vec::new();
        std::io::Read::read_to_end(&mut Utf8Reader::new(&odd[2..], Order::Little), &mut got)
            .unwrap();
        assert_eq!(got, "ok\u{FFFD}\u{FFFD}".as_bytes());
    }

    /// A reader that hands out at most `step` bytes a read.
    struct Chunked<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }
}
