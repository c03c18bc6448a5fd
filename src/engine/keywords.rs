//! The keyword gate: which rules can match a blob, and where. Every occurrence of every rule
//! keyword (ASCII case-insensitive, overlapping ones included) is reported, and a keyword that
//! begins with a line break also where the blob begins with the rest of it (a first line has no
//! line break before it).
//!
//! One aho-corasick automaton over all ~850 keywords takes a dependent table transition at every
//! byte; on ordinary source text that made it the largest cost of a scan (~300–440 MB/s), and the
//! crate's SIMD prefilters only apply to a few dozen patterns. So keywords of four bytes or more
//! are found by testing positions independently, which the processor overlaps: each keyword is
//! filed under one four-byte slice of it (its rarest in source text: `adog` for `datadog`), and
//! at every position of the blob the four bytes there, case-folded, are hashed into a 128 Ki-bit
//! table of those slices' hashes. Almost every position fails that one bit test (candidates are
//! collected a block at a time, so the loop stays small); the rest are looked up exactly and the
//! keywords filed there compared. With AVX2, eight positions are tested at a time against a
//! second filter (two bits of one 32-bit word per slice, the eight words one gather), which also
//! lets through about a quarter as many positions as the one-bit table does. A keyword of three bytes (`aws`, `hf_`) is filed under each of
//! its four-byte completions (itself and any byte after it), so the same loop finds it; one with
//! a byte text rarely has (`8q~`) is found from that byte's occurrences instead, and any shorter
//! keyword goes to an aho-corasick searcher of its own. All are built in microseconds, so a
//! one-file pre-commit scan and a whole-history scan take the same path.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::slice_table::COMMON_SLICES;

/// Bits of the slice hash: a 128 Ki-bit (16 KiB) table, small enough for L1; with ~700 slices
/// filed, about 0.5% of positions pass by collision.
const HASH_BITS: u32 = 17;
/// Odd multiplier of the multiplicative hash (the 32-bit golden ratio).
const MULTIPLIER: u32 = 0x9E37_79B1;
/// Bits of the second hash of candidates: a 64 Ki-bit (8 KiB) table.
const SECOND_BITS: u32 = 16;
/// Odd multiplier of the second hash (from MurmurHash3's finalizer).
const SECOND_MULTIPLIER: u32 = 0x85EB_CA6B;
/// Folds ASCII letters to lower case, and some other bytes onto each other (`_` onto DEL, `@`
/// onto `` ` ``): equal under ASCII case-insensitivity implies equal after folding, which is all
/// a filter needs; candidates are then compared exactly.
const FOLD: u32 = 0x2020_2020;
/// Bits of the word index of the blocked filter the AVX2 loop tests (`SliceTable::blocked`):
/// 8 Ki words of 32 bits, 32 KiB.
const BLOCKED_BITS: u32 = 13;
/// Odd multiplier of the blocked filter's two bit positions (MurmurHash3's second constant:
/// not `SECOND_MULTIPLIER`, whose bits `verify` tests next).
const BLOCKED_MULTIPLIER: u32 = 0xC2B2_AE35;
/// Positions tested per block before the candidates among them are verified.
const BLOCK: usize = 256;
/// Keywords shorter than this are not filed under a slice of their own (see `ShortKeywords`).
const SLICE: usize = 4;

/// How common each ASCII byte (lowercased) is in source text: log2 of its frequency per million
/// bytes in the moby/moby tree (Go, Markdown, YAML, shell), 0 for rarer; upper case as lower.
/// Only used to pick which slice of a keyword to file it under; any choice gives the same hits.
#[rustfmt::skip]
const COMMONNESS: [u8; 128] = [
     0,  0,  0,  0,  0,  0,  0,  0,  0, 15, 15,  0,  0,  1,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    17, 10, 13,  9,  9,  9, 10,  9, 13, 13, 11,  9, 14, 12, 14, 13,
    14, 12, 12, 11, 11, 11, 11, 11, 11, 10, 13, 10,  9, 13,  9,  6,
     7, 15, 13, 15, 14, 16, 14, 14, 14, 15, 10, 12, 15, 14, 15, 15,
    14, 11, 16, 15, 16, 14, 13, 13, 13, 13, 10, 11,  9, 11,  6, 12,
    11, 15, 13, 15, 14, 16, 14, 14, 14, 15, 10, 12, 15, 14, 15, 15,
    14, 11, 16, 15, 16, 14, 13, 13, 13, 13, 10, 12,  9, 12,  3,  0,
];

/// The distinct keywords of a rule set and the rules that listed each.
pub struct KeywordIndex {
    /// The keywords, lowercased and deduplicated, end to end (one allocation, not one each:
    /// building the index is part of every scan's start-up).
    text: Vec<u8>,
    /// Per keyword, where it is in `text`.
    spans: Vec<(u32, u32)>,
    /// Per keyword, its range of `rules`.
    listed: Vec<(u32, u32)>,
    /// The rules (by index) that listed each keyword, keyword after keyword.
    rules: Vec<u32>,
    /// The keywords of four bytes or more.
    long: SliceTable,
    /// The shorter keywords, if any.
    short: Option<ShortKeywords>,
    /// The keywords that begin with a line break (`"\nSG."`: a token at the start of a line):
    /// a blob's first line has no line break before it, so these are also looked for, without
    /// it, at the blob's start.
    line_start: Vec<u32>,
}

/// Keywords shorter than a slice. Three-byte ones are completed in the slice table: a separate
/// SIMD search of them (Teddy over every case variant) cost 179M instructions on moby/moby, the
/// collisions their completions add to the slice table 46M. Those with a byte that text rarely has (`~`
/// in `8Q~`) are found from that byte's occurrences (memchr). The rest (one or two bytes): a
/// SIMD multi-literal search (Teddy, over every case variant) finds where one may start, and all
/// of them are compared there; where Teddy is not available (no SSSE3 or NEON, too many
/// variants), an aho-corasick automaton finds them.
struct ShortKeywords {
    /// The keywords of three bytes without a rare byte: filed in the slice table under each of
    /// their four-byte completions (the keyword and any byte after it), so the slice loop finds
    /// them too, except at the very end of a blob, where they are compared directly.
    completed: Vec<u32>,
    /// The rest (keywords of one or two bytes), searched on their own.
    slots: Vec<u32>,
    search: Option<ShortSearch>,
    /// (rare byte, the keywords with it and where it is in each).
    rare: Vec<(u8, Vec<(u32, usize)>)>,
}

enum ShortSearch {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

/// The keywords of four bytes or more, filed under a four-byte slice of each.
struct SliceTable {
    /// One bit per hash value: set when some filed slice has that hash.
    bits: Box<[u64; 1 << (HASH_BITS - 6)]>,
    /// The same under a second hash (`second_hash`), for candidates: with ~2,500 slices filed,
    /// ~2% of positions pass `bits`, most by collision; this rejects nearly all of those with
    /// one more bit before the slot table is probed.
    second: Box<[u64; 1 << (SECOND_BITS - 6)]>,
    /// The filter the AVX2 loop tests, eight positions at a time: each filed slice sets two
    /// bits of one 32-bit word (the word by `hash`'s multiplier, the bits by
    /// `BLOCKED_MULTIPLIER`), and a position passes if both of its bits are set. With ~5,000
    /// slices filed, one position in ~60 passes (the one-bit `bits`: one in ~16, most by
    /// collision, each a call of `verify`), and the eight table words are one gather.
    blocked: Box<[u32; 1 << BLOCKED_BITS]>,
    /// Whether the processor has AVX2 (detected when the table is built).
    avx2: bool,
    /// Open addressing on the hash: (folded slice, range of `entries`); a slice of 0 is a free
    /// slot (a folded slice never is 0).
    slots: Vec<(u32, u32, u32)>,
    /// The keywords filed, grouped by slice.
    entries: Vec<Entry>,
}

/// A keyword filed under a slice.
struct Entry {
    slot: u32,
    /// Where the slice is in the keyword.
    offset: u32,
    /// The keyword's first (up to) eight bytes, folded, and the mask of those bytes.
    prefix: u64,
    mask: u64,
}

/// `FOLD` over eight bytes.
const FOLD64: u64 = (FOLD as u64) << 32 | FOLD as u64;

impl KeywordIndex {
    /// Collects the keywords of `rules` (each given as its list of keywords), lowercased and
    /// deduplicated, and files them. Empty keywords are ignored (rule loading refuses them).
    /// Fails only if the automaton for short keywords cannot be built.
    pub fn new<'a, S: AsRef<str> + 'a>(
        rules: impl Iterator<Item = &'a [S]>,
    ) -> Result<Self, String> {
        let mut text: Vec<u8> = Vec::new();
        let mut spans: Vec<(u32, u32)> = Vec::new();
        // (keyword, rule) in the order listed; each keyword's last rule, to drop repeats.
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut last_rule: Vec<u32> = Vec::new();
        // Open addressing on the FNV hash of the lowercased keyword: keyword index + 1, 0 free.
        let mut table: Vec<u32> = vec![0; 1 << 12];
        let mut lowered: Vec<u8> = Vec::new();
        for (rule, list) in rules.enumerate() {
            let rule = rule as u32;
            for keyword in list
                .iter()
                .map(AsRef::as_ref)
                .filter(|k: &&str| !k.is_empty())
            {
                lowered.clear();
                lowered.extend(keyword.bytes().map(|b| b.to_ascii_lowercase()));
                if 2 * (spans.len() + 1) > table.len() {
                    table = rehash(&text, &spans, table.len() * 2);
                }
                let mask = table.len() - 1;
                let mut at = fnv(&lowered) as usize & mask;
                let slot = loop {
                    match table[at] {
                        0 => {
                            let slot = spans.len() as u32;
                            let start = text.len() as u32;
                            text.extend_from_slice(&lowered);
                            spans.push((start, text.len() as u32));
                            last_rule.push(u32::MAX);
                            table[at] = slot + 1;
                            break slot;
                        }
                        filed => {
                            let (start, end) = spans[filed as usize - 1];
                            if text[start as usize..end as usize] == lowered[..] {
                                break filed - 1;
                            }
                            at = (at + 1) & mask;
                        }
                    }
                };
                if last_rule[slot as usize] != rule {
                    last_rule[slot as usize] = rule;
                    pairs.push((slot, rule));
                }
            }
        }
        // Group the rules by keyword, keeping their order (a counting sort).
        let mut listed: Vec<(u32, u32)> = vec![(0, 0); spans.len()];
        for &(slot, _) in &pairs {
            listed[slot as usize].1 += 1;
        }
        let mut next = 0;
        for range in listed.iter_mut() {
            let count = range.1;
            *range = (next, next);
            next += count;
        }
        let mut rules_flat = vec![0u32; pairs.len()];
        for &(slot, rule) in &pairs {
            let range = &mut listed[slot as usize];
            rules_flat[range.1 as usize] = rule;
            range.1 += 1;
        }
        let keyword = |slot: usize| {
            let (start, end) = spans[slot];
            &text[start as usize..end as usize]
        };
        let short_slots: Vec<u32> = (0..spans.len() as u32)
            .filter(|&slot| keyword(slot as usize).len() < SLICE)
            .collect();
        let short = if short_slots.is_empty() {
            None
        } else {
            Some(ShortKeywords::build(keyword, short_slots)?)
        };
        let completed = short.as_ref().map_or(&[][..], |s| s.completed.as_slice());
        let long = SliceTable::build(spans.len(), keyword, completed);
        let line_start = (0..spans.len() as u32)
            .filter(|&slot| {
                let keyword = keyword(slot as usize);
                keyword.len() > 1 && keyword[0] == b'\n'
            })
            .collect();
        Ok(KeywordIndex {
            text,
            spans,
            listed,
            rules: rules_flat,
            long,
            short,
            line_start,
        })
    }

    /// The keyword `slot`, lowercased.
    #[inline(always)]
    fn keyword(&self, slot: u32) -> &[u8] {
        let (start, end) = self.spans[slot as usize];
        &self.text[start as usize..end as usize]
    }

    /// The rules that listed the keyword `slot`.
    #[inline(always)]
    fn rules_of(&self, slot: u32) -> &[u32] {
        let (start, end) = self.listed[slot as usize];
        &self.rules[start as usize..end as usize]
    }

    /// Calls `hit(rule, start, end)` for every rule of every keyword occurrence in `hay`, each
    /// once, nearly in order of start.
    pub fn find(&self, hay: &[u8], mut hit: impl FnMut(u32, usize, usize)) {
        for &slot in &self.line_start {
            let rest = &self.keyword(slot)[1..];
            if hay
                .get(..rest.len())
                .is_some_and(|there| there.eq_ignore_ascii_case(rest))
            {
                for &rule in self.rules_of(slot) {
                    hit(rule, 0, rest.len());
                }
            }
        }
        if let Some(short) = &self.short {
            self.find_short(short, hay, &mut hit);
            // A keyword completed in the slice table has no fourth byte at the end of `hay`.
            if let Some(start) = hay.len().checked_sub(SLICE - 1) {
                for &slot in &short.completed {
                    self.report_if_there(hay, slot, start, &mut hit);
                }
            }
        }
        if self.long.entries.is_empty() {
            return;
        }
        let body = hay.len().saturating_sub(SLICE - 1);
        let mut candidates = [0u32; BLOCK];
        for block in (0..body).step_by(BLOCK) {
            let end = (block + BLOCK).min(body);
            let found = self.long.candidates(hay, block..end, &mut candidates);
            for &at in &candidates[..found] {
                self.verify(hay, at as usize, &mut hit);
            }
        }
    }

    fn find_short(
        &self,
        short: &ShortKeywords,
        hay: &[u8],
        hit: &mut impl FnMut(u32, usize, usize),
    ) {
        for (byte, filed) in &short.rare {
            for at in memchr::memchr_iter(*byte, hay) {
                for &(slot, offset) in filed {
                    if let Some(start) = at.checked_sub(offset) {
                        self.report_if_there(hay, slot, start, hit);
                    }
                }
            }
        }
        match &short.search {
            None => {}
            Some(ShortSearch::Packed(searcher)) => {
                let mut from = 0;
                while let Some(m) = searcher.find_in(hay, aho_corasick::Span::from(from..hay.len()))
                {
                    let at = m.start();
                    for &slot in &short.slots {
                        self.report_if_there(hay, slot, at, hit);
                    }
                    from = at + 1;
                }
            }
            Some(ShortSearch::Automaton(automaton)) => {
                for m in automaton.find_overlapping_iter(hay) {
                    self.report(short.slots[m.pattern().as_usize()], m.start(), hit);
                }
            }
        }
    }

    /// Reports the keywords whose slice is the one at `at`.
    #[inline(never)]
    fn verify(&self, hay: &[u8], at: usize, hit: &mut impl FnMut(u32, usize, usize)) {
        let word = load(hay, at);
        let second = second_hash(word);
        if self.long.second[second >> 6] & (1 << (second & 63)) == 0 {
            return;
        }
        for entry in self.long.filed(word) {
            let Some(start) = at.checked_sub(entry.offset as usize) else {
                continue;
            };
            // The first eight bytes, folded, in registers: most keywords filed under a slice
            // differ from the text there, and this rejects them without reading the keyword.
            if let Some(bytes) = hay.get(start..start + 8) {
                let word = u64::from_le_bytes(bytes.try_into().expect("eight bytes")) | FOLD64;
                if word & entry.mask != entry.prefix {
                    continue;
                }
            }
            self.report_if_there(hay, entry.slot, start, hit);
        }
    }

    /// Reports the keyword `slot` if it occurs at `start` (ASCII case-insensitively).
    fn report_if_there(
        &self,
        hay: &[u8],
        slot: u32,
        start: usize,
        hit: &mut impl FnMut(u32, usize, usize),
    ) {
        let keyword = self.keyword(slot);
        if hay
            .get(start..start + keyword.len())
            .is_some_and(|there| there.eq_ignore_ascii_case(keyword))
        {
            self.report(slot, start, hit);
        }
    }

    fn report(&self, slot: u32, start: usize, hit: &mut impl FnMut(u32, usize, usize)) {
        let end = start + self.keyword(slot).len();
        for &rule in self.rules_of(slot) {
            hit(rule, start, end);
        }
    }
}

/// The folded little-endian word of the four bytes at `at` (the caller keeps `at + 4` in range).
#[inline(always)]
fn load(hay: &[u8], at: usize) -> u32 {
    let bytes: [u8; SLICE] = hay[at..at + SLICE].try_into().expect("four bytes");
    u32::from_le_bytes(bytes) | FOLD
}

/// FNV-1a of a keyword (keys from the rule pack, not from scanned input).
fn fnv(bytes: &[u8]) -> u64 {
    crate::rules::fnv_extend(crate::rules::FNV_OFFSET, bytes)
}

/// The open-addressed table of `KeywordIndex::new` for the keywords so far, with `size` slots.
fn rehash(text: &[u8], spans: &[(u32, u32)], size: usize) -> Vec<u32> {
    let mut table = vec![0; size];
    for (slot, &(start, end)) in spans.iter().enumerate() {
        let mut at = fnv(&text[start as usize..end as usize]) as usize & (size - 1);
        while table[at] != 0 {
            at = (at + 1) & (size - 1);
        }
        table[at] = slot as u32 + 1;
    }
    table
}

impl ShortKeywords {
    fn build<'k>(
        keyword: impl Fn(usize) -> &'k [u8],
        slots: Vec<u32>,
    ) -> Result<ShortKeywords, String> {
        let mut rare: Vec<(u8, Vec<(u32, usize)>)> = Vec::new();
        let mut searched = Vec::new();
        let mut completed = Vec::new();
        for slot in slots {
            let keyword = keyword(slot as usize);
            match keyword.iter().position(|&b| is_rare(b)) {
                None if keyword.len() == SLICE - 1 => completed.push(slot),
                Some(offset) => {
                    let byte = keyword[offset];
                    match rare.iter_mut().find(|(b, _)| *b == byte) {
                        Some((_, filed)) => filed.push((slot, offset)),
                        None => rare.push((byte, vec![(slot, offset)])),
                    }
                }
                None => searched.push(slot),
            }
        }
        let search = if searched.is_empty() {
            None
        } else {
            let mut packed = aho_corasick::packed::Config::new().builder();
            for &slot in &searched {
                for variant in case_variants(keyword(slot as usize)) {
                    packed.add(variant);
                }
            }
            Some(match packed.build() {
                Some(searcher) => ShortSearch::Packed(searcher),
                None => ShortSearch::Automaton(
                    AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::Standard)
                        .build(searched.iter().map(|&slot| keyword(slot as usize)))
                        .map_err(|e| format!("cannot build the keyword automaton: {e}"))?,
                ),
            })
        };
        Ok(ShortKeywords {
            completed,
            slots: searched,
            search,
            rare,
        })
    }
}

/// Whether `byte` is rare in text and the same in either case: a control byte, DEL or `~`.
fn is_rare(byte: u8) -> bool {
    !byte.is_ascii_alphabetic() && COMMONNESS.get(usize::from(byte)).is_some_and(|&c| c <= 3)
}

/// Every spelling of a lowercase `keyword` under ASCII case-insensitivity.
fn case_variants(keyword: &[u8]) -> Vec<Vec<u8>> {
    let mut variants = vec![keyword.to_vec()];
    for (at, b) in keyword.iter().enumerate() {
        if b.is_ascii_lowercase() {
            for i in 0..variants.len() {
                let mut upper = variants[i].clone();
                upper[at] = b.to_ascii_uppercase();
                variants.push(upper);
            }
        }
    }
    variants
}

impl SliceTable {
    /// Files the keywords of four bytes or more (`count` keywords, by slot), and the three-byte
    /// keywords `completed` under every folded byte that may follow them.
    fn build<'k>(
        count: usize,
        keyword: impl Fn(usize) -> &'k [u8],
        completed: &[u32],
    ) -> SliceTable {
        // (folded slice, keyword, offset), grouped by slice.
        let mut filed: Vec<(u32, u32, u32)> = (0..count)
            .map(|slot| (slot, keyword(slot)))
            .filter(|(_, k)| k.len() >= SLICE)
            .map(|(slot, k)| {
                let offset = rarest_slice(k);
                (load(k, offset), slot as u32, offset as u32)
            })
            .collect();
        for &slot in completed {
            let k = keyword(slot as usize);
            let three = u32::from_le_bytes([k[0], k[1], k[2], 0]) | FOLD;
            // Folding sets bit 5 of every byte: 128 distinct fourth bytes.
            for next in (0..=u8::MAX).filter(|b| b & 0x20 != 0) {
                filed.push((three | u32::from(next) << 24, slot, 0));
            }
        }
        filed.sort_unstable();
        let distinct = filed.windows(2).filter(|w| w[0].0 != w[1].0).count() + 1;
        let mut table = SliceTable {
            bits: Box::new([0; 1 << (HASH_BITS - 6)]),
            blocked: Box::new([0; 1 << BLOCKED_BITS]),
            avx2: has_avx2(),
            second: Box::new([0; 1 << (SECOND_BITS - 6)]),
            slots: vec![(0, 0, 0); (2 * distinct).next_power_of_two()],
            entries: filed
                .iter()
                .map(|&(_, slot, offset)| {
                    let keyword = keyword(slot as usize);
                    let mut bytes = [0u8; 8];
                    let n = keyword.len().min(8);
                    bytes[..n].copy_from_slice(&keyword[..n]);
                    let mask = if n == 8 {
                        u64::MAX
                    } else {
                        (1u64 << (8 * n)) - 1
                    };
                    Entry {
                        slot,
                        offset,
                        prefix: (u64::from_le_bytes(bytes) | FOLD64) & mask,
                        mask,
                    }
                })
                .collect(),
        };
        let mut first = 0;
        while first < filed.len() {
            let word = filed[first].0;
            let last = first + filed[first..].iter().take_while(|f| f.0 == word).count();
            let hash = hash(word);
            table.bits[hash >> 6] |= 1 << (hash & 63);
            let (index, mask) = blocked(word);
            table.blocked[index] |= mask;
            let second = second_hash(word);
            table.second[second >> 6] |= 1 << (second & 63);
            let mut at = hash & (table.slots.len() - 1);
            while table.slots[at].0 != 0 {
                at = (at + 1) & (table.slots.len() - 1);
            }
            table.slots[at] = (word, first as u32, last as u32);
            first = last;
        }
        table
    }

    /// Writes to `out` the positions of `block` (at most `BLOCK` of them, each with a slice's
    /// four bytes in `hay`) where a keyword may be filed, and returns how many there are.
    #[inline(always)]
    fn candidates(&self, hay: &[u8], block: Range<usize>, out: &mut [u32; BLOCK]) -> usize {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the processor has AVX2 (`has_avx2`).
            let (at, found) = unsafe { candidates_avx2(&self.blocked, hay, block.clone(), out) };
            // The last positions (fewer than eight, or too near the end of `hay` for a
            // sixteen-byte read) by the scalar loop: a position passing either filter is a
            // candidate, and `verify` compares them all exactly.
            return self.candidates_scalar(hay, at..block.end, out, found);
        }
        self.candidates_scalar(hay, block, out, 0)
    }

    /// `candidates` with the one-bit filter, one position at a time (eight per step), written
    /// to `out` after the `found` already there; returns the new count.
    #[inline(always)]
    fn candidates_scalar(
        &self,
        hay: &[u8],
        block: Range<usize>,
        out: &mut [u32; BLOCK],
        mut found: usize,
    ) -> usize {
        let bits: &[u64; 1 << (HASH_BITS - 6)] = &self.bits;
        // A branch, not a branch-free append: on source text under 2% of positions pass, so it
        // is nearly always predicted, and the loop does less (measured: 690 against 580 MB/s).
        let mut test = |at: usize, word: u32| {
            let hash = hash(word);
            if bits[hash >> 6] & (1 << (hash & 63)) != 0 {
                out[found % BLOCK] = at as u32;
                found += 1;
            }
        };
        let mut at = block.start;
        // Eight positions a step, four from each of two overlapping eight-byte reads (twelve
        // bytes): one bound test and one loop branch for eight positions.
        let stop = block.end.min(hay.len().saturating_sub(4));
        while at + 8 <= stop {
            let twelve = &hay[at..at + 12];
            let low = u64::from_le_bytes(twelve[..8].try_into().expect("eight bytes")) | FOLD64;
            let high = u64::from_le_bytes(twelve[4..].try_into().expect("eight bytes")) | FOLD64;
            for k in 0..4 {
                test(at + k, (low >> (8 * k)) as u32);
            }
            for k in 0..4 {
                test(at + 4 + k, (high >> (8 * k)) as u32);
            }
            at += 8;
        }
        for at in at..block.end {
            test(at, load(hay, at));
        }
        found
    }

    /// The keywords filed under the folded slice `word`.
    fn filed(&self, word: u32) -> &[Entry] {
        let mut at = hash(word) & (self.slots.len() - 1);
        loop {
            let (filed, first, last) = self.slots[at];
            if filed == word {
                return &self.entries[first as usize..last as usize];
            }
            if filed == 0 {
                return &[];
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
    }
}

#[inline(always)]
fn hash(word: u32) -> usize {
    (word.wrapping_mul(MULTIPLIER) >> (32 - HASH_BITS)) as usize
}

/// The word of `SliceTable::blocked` for a folded slice, and its two bits.
#[inline(always)]
fn blocked(word: u32) -> (usize, u32) {
    let index = word.wrapping_mul(MULTIPLIER) >> (32 - BLOCKED_BITS);
    let bits = word.wrapping_mul(BLOCKED_MULTIPLIER);
    (index as usize, 1 << (bits >> 27) | 1 << ((bits >> 22) & 31))
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// For each mask of eight lanes, the indices of its set lanes in order, one byte each (the
/// low byte first): `candidates_avx2` widens them to 32-bit lanes to write its candidates.
#[cfg(target_arch = "x86_64")]
static PACK: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut mask = 0;
    while mask < 256 {
        let (mut packed, mut count, mut lane) = (0u64, 0, 0);
        while lane < 8 {
            if mask >> lane & 1 == 1 {
                packed |= (lane as u64) << (8 * count);
                count += 1;
            }
            lane += 1;
        }
        table[mask] = packed;
        mask += 1;
    }
    table
};

/// `SliceTable::candidates` with AVX2 over `blocked`, eight positions a step: the sixteen bytes
/// at a position, shuffled into the eight folded four-byte words starting there, hashed with
/// `blocked`'s two multipliers, the eight table words loaded, and both bits tested in each.
/// Stops where fewer than eight positions are left in `block` or the read would pass the end of
/// `hay`; returns that position and how many candidates it wrote to `out`. `block` holds at most
/// `BLOCK` positions.
///
/// The eight words are eight scalar loads, not `vpgatherdd`, and the passing positions are
/// written by one store (`PACK`), not a branch per position: on this project's machine (AMD
/// family 17h) the gather took about half the loop's time, and the branch on whether a step
/// has a candidate (about one step in six on source text) was mispredicted; in a model of the
/// loop over moby's files both together took 0.82x the time, with the same candidates.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn candidates_avx2(
    blocked: &[u32; 1 << BLOCKED_BITS],
    hay: &[u8],
    block: Range<usize>,
    out: &mut [u32; BLOCK],
) -> (usize, usize) {
    use std::arch::x86_64::*;
    // Lane k takes bytes k..k + 4 (each 128-bit half holds the same sixteen bytes).
    let shuffle = _mm256_setr_epi8(
        0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8,
        9, 10,
    );
    let fold = _mm256_set1_epi32(FOLD as i32);
    let index_multiplier = _mm256_set1_epi32(MULTIPLIER as i32);
    let bits_multiplier = _mm256_set1_epi32(BLOCKED_MULTIPLIER as i32);
    let low5 = _mm256_set1_epi32(31);
    // Each step writes eight lanes at `found`: this bounds them within `out` (see below).
    assert!(block.len() <= BLOCK);
    let mut found = 0;
    let mut at = block.start;
    while at + 8 <= block.end && at + 16 <= hay.len() {
        // SAFETY: `at + 16 <= hay.len()`.
        let bytes = unsafe { _mm_loadu_si128(hay.as_ptr().add(at).cast()) };
        let words = _mm256_or_si256(
            _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(bytes), shuffle),
            fold,
        );
        let index = _mm256_srli_epi32::<{ 32 - BLOCKED_BITS as i32 }>(_mm256_mullo_epi32(
            words,
            index_multiplier,
        ));
        let mut slots = [0u32; 8];
        // SAFETY: `slots` holds eight 32-bit lanes.
        unsafe { _mm256_storeu_si256(slots.as_mut_ptr().cast(), index) };
        // Every index is below `1 << BLOCKED_BITS` (a 32-bit value shifted right by
        // `32 - BLOCKED_BITS`), so the masks change nothing and spare the bound checks.
        let word = |lane: usize| blocked[slots[lane] as usize & (blocked.len() - 1)] as i32;
        let got = _mm256_setr_epi32(
            word(0),
            word(1),
            word(2),
            word(3),
            word(4),
            word(5),
            word(6),
            word(7),
        );
        let bits = _mm256_mullo_epi32(words, bits_multiplier);
        let first = _mm256_srlv_epi32(got, _mm256_srli_epi32::<27>(bits));
        let second = _mm256_srlv_epi32(got, _mm256_and_si256(_mm256_srli_epi32::<22>(bits), low5));
        let both = _mm256_slli_epi32::<31>(_mm256_and_si256(first, second));
        let mask = _mm256_movemask_ps(_mm256_castsi256_ps(both)) as usize;
        // The passing lanes' positions, packed to the front of eight lanes and stored whole:
        // the lanes past the last passing one are overwritten by the next step's store, or lie
        // past the count returned.
        let lanes = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(PACK[mask] as i64));
        let positions = _mm256_add_epi32(lanes, _mm256_set1_epi32(at as i32));
        // At most `at - block.start <= BLOCK - 8` positions were written before this step
        // (`block` holds at most `BLOCK` positions, asserted above, and eight are left), so
        // eight more fit.
        debug_assert!(found + 8 <= BLOCK);
        // SAFETY: `found + 8 <= BLOCK`, as above.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr().add(found).cast(), positions) };
        found += mask.count_ones() as usize;
        at += 8;
    }
    (at, found)
}

#[inline(always)]
fn second_hash(word: u32) -> usize {
    (word.wrapping_mul(SECOND_MULTIPLIER) >> (32 - SECOND_BITS)) as usize
}

/// The offset of the four-byte slice of `keyword` least common in source text: by the measured
/// frequency of the whole slice where it is among the most common ones (`slice_table`), then by
/// how common its bytes are.
fn rarest_slice(keyword: &[u8]) -> usize {
    let commonness = |b: u8| u32::from(COMMONNESS.get(usize::from(b)).copied().unwrap_or(0));
    let common = common_slices();
    // The first slice with the least (measure, commonness), the commonness summed as a window
    // slides (a plain loop: this runs for every slice of every keyword at every start-up).
    let (mut best, mut best_at) = ((u8::MAX, u32::MAX), 0);
    let mut sum: u32 = keyword[..SLICE - 1].iter().map(|&b| commonness(b)).sum();
    for at in 0..=keyword.len().saturating_sub(SLICE) {
        sum += commonness(keyword[at + SLICE - 1]);
        let key = (common.get(load(keyword, at)), sum);
        if key < best {
            (best, best_at) = (key, at);
        }
        sum -= commonness(keyword[at]);
    }
    best_at
}

/// `COMMON_SLICES` as an open-addressed hash table: `rarest_slice` looks up every slice of every
/// keyword, ~15,000 binary searches of the 4,096 entries otherwise.
struct CommonSlices {
    /// (folded slice, measure); a slice of 0 is a free slot.
    slots: Vec<(u32, u8)>,
}

impl CommonSlices {
    fn get(&self, word: u32) -> u8 {
        let mask = self.slots.len() - 1;
        let mut at = hash(word) & mask;
        loop {
            match self.slots[at] {
                (0, _) => return 0,
                (slice, measure) if slice == word => return measure,
                _ => at = (at + 1) & mask,
            }
        }
    }
}

fn common_slices() -> &'static CommonSlices {
    static TABLE: std::sync::OnceLock<CommonSlices> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut slots = vec![(0, 0); (2 * COMMON_SLICES.len()).next_power_of_two()];
        let mask = slots.len() - 1;
        for &(slice, measure) in COMMON_SLICES.iter() {
            let mut at = hash(slice) & mask;
            while slots[at].0 != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = (slice, measure);
        }
        CommonSlices { slots }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: every occurrence of every keyword, by plain substring search on the
    /// lowercased text, and a keyword that begins with a line break at the text's start
    /// without it.
    fn naive(index: &KeywordIndex, hay: &[u8]) -> Vec<(u32, usize, usize)> {
        let lowered = hay.to_ascii_lowercase();
        let mut hits = Vec::new();
        for slot in 0..index.spans.len() as u32 {
            let keyword = index.keyword(slot);
            if keyword.len() > 1 && keyword[0] == b'\n' && lowered.starts_with(&keyword[1..]) {
                for &rule in index.rules_of(slot) {
                    hits.push((rule, 0, keyword.len() - 1));
                }
            }
            for at in 0..lowered.len() {
                if lowered[at..].starts_with(keyword) {
                    for &rule in index.rules_of(slot) {
                        hits.push((rule, at, at + keyword.len()));
                    }
                }
            }
        }
        hits.sort_unstable_by_key(|&(rule, start, end)| (start, end, rule));
        hits
    }

    /// The gate's hits, sorted like `naive`'s.
    fn gate(index: &KeywordIndex, hay: &[u8]) -> Vec<(u32, usize, usize)> {
        let mut hits = Vec::new();
        index.find(hay, |rule, start, end| hits.push((rule, start, end)));
        hits.sort_unstable_by_key(|&(rule, start, end)| (start, end, rule));
        hits
    }

    fn index_of(lists: &[Vec<&str>]) -> KeywordIndex {
        let lists: Vec<Vec<String>> = lists
            .iter()
            .map(|l| l.iter().map(|k| k.to_string()).collect())
            .collect();
        KeywordIndex::new(lists.iter().map(|l| l.as_slice())).unwrap()
    }

    #[test]
    fn reports_every_occurrence_once() {
        let index = index_of(&[
            vec!["aaa", "token"],
            vec!["TOKEN_", "ghp_"],
            vec!["aaa", "é_k"],
            vec!["a", "ab"],
            vec!["8q~", "q~x", "~~~"],
        ]);
        for hay in [
            "aaaa Token_x GHP_abc tokentoken \u{e9}_K é_k ghp_".as_bytes(),
            b"",
            b"a",
            b"ab",
            b"aaa",
            b"xaaa",
            b"ghp",
            b"ghp_",
            b"_\x7f@`[{",
            b"8Q~ 8q~ q~X ~~~~ ~ 8q",
            b"~",
        ] {
            let hits = gate(&index, hay);
            assert_eq!(
                hits,
                naive(&index, hay),
                "{:?}",
                String::from_utf8_lossy(hay)
            );
        }
        let hits = gate(&index, b"aaaa");
        assert!(
            hits.contains(&(0, 0, 3)) && hits.contains(&(0, 1, 4)),
            "overlapping hits"
        );
    }

    #[test]
    fn keywords_after_a_line_break_also_match_at_the_start() {
        let index = index_of(&[vec!["\nSG.", "sendgrid"], vec!["\n  password ", "\n"]]);
        assert_eq!(gate(&index, b"SG.abc"), vec![(0, 0, 3)]);
        assert_eq!(
            gate(&index, b"sg.abc\nSG.x"),
            vec![(0, 0, 3), (1, 6, 7), (0, 6, 10)]
        );
        assert_eq!(gate(&index, b"  PASSWORD x"), vec![(1, 0, 11)]);
        // Only at the very start, and never a bare line break: `\n` matches the break itself.
        assert_eq!(gate(&index, b" SG.abc"), vec![]);
        assert_eq!(gate(&index, b"x\n"), vec![(1, 1, 2)]);
        for hay in [&b"SG."[..], b"SG", b"", b"\nSG.", b"  password  password "] {
            assert_eq!(gate(&index, hay), naive(&index, hay));
        }
    }

    #[test]
    fn many_short_keywords_fall_back_to_the_automaton() {
        // 78 two-letter keywords are 312 case variants, more than Teddy takes (three-letter
        // ones are completed in the slice table instead).
        let words: Vec<String> = (0..78u8)
            .map(|i| format!("{}{}", (b'a' + i % 26) as char, (b'a' + i / 26) as char))
            .collect();
        let index = index_of(&[words.iter().map(String::as_str).collect()]);
        let short = index.short.as_ref().unwrap();
        assert!(matches!(short.search, Some(ShortSearch::Automaton(_))));
        let hay = b"aax AAX bAx zbx ycx xx ax aaxbax";
        let hits = gate(&index, hay);
        assert_eq!(hits.len(), 8, "{hits:?}");
        assert_eq!(hits, naive(&index, hay));
    }

    #[test]
    fn three_byte_keywords_are_completed_in_the_slice_table() {
        let index = index_of(&[vec!["aws", "hf_", "8q~"], vec!["AWS", "key", "keys", "ab"]]);
        let short = index.short.as_ref().unwrap();
        assert_eq!(short.completed.len(), 3, "aws, hf_ and key");
        for hay in [
            &b"aws"[..],
            b"xaws",
            b"AWSx",
            b"awsaws",
            b"hf_\xff",
            b"hf_\x00",
            b"\xffkey",
            b"keys",
            b"KEY\n",
            b"ab aws\x7f hf\x7f key",
        ] {
            assert_eq!(gate(&index, hay), naive(&index, hay), "{hay:?}");
        }
    }

    #[test]
    fn random_text_agrees_with_substring_search() {
        // Keywords of three to nine bytes over a small alphabet, so they occur often, at every
        // position of blobs of every length up to 40 (the loop's eight-position steps, the
        // positions after them, and the end of the blob).
        let alphabet = b"abAB_-~\x00\xff";
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut lists = Vec::new();
        for _ in 0..6 {
            let mut list = Vec::new();
            for _ in 0..4 {
                let len = 3 + next() as usize % 7;
                let keyword: String = (0..len)
                    .map(|_| alphabet[next() as usize % 7] as char)
                    .collect();
                list.push(keyword);
            }
            lists.push(list);
        }
        let index = KeywordIndex::new(lists.iter().map(|l| l.as_slice())).unwrap();
        for round in 0..4_000 {
            let len = round % 41;
            let hay: Vec<u8> = (0..len)
                .map(|_| alphabet[next() as usize % alphabet.len()])
                .collect();
            assert_eq!(gate(&index, &hay), naive(&index, &hay), "{hay:?} {lists:?}");
        }
    }

    #[test]
    fn both_filter_loops_agree_with_substring_search() {
        // Blobs of every length up to 80, gated by the AVX2 loop (eight positions a step, each
        // step reading sixteen bytes, the rest by the scalar loop) and by the scalar loop alone.
        let alphabet = b"abAB_-~\x00\xff";
        let mut state = 0x5851_f42d_4c95_7f2du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let lists: Vec<Vec<String>> = (0..8)
            .map(|_| {
                (0..4)
                    .map(|_| {
                        let len = 3 + next() as usize % 7;
                        (0..len)
                            .map(|_| alphabet[next() as usize % 7] as char)
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut index = KeywordIndex::new(lists.iter().map(|l| l.as_slice())).unwrap();
        let avx2 = index.long.avx2;
        for round in 0..8_000 {
            let len = round % 81;
            let hay: Vec<u8> = (0..len)
                .map(|_| alphabet[next() as usize % alphabet.len()])
                .collect();
            let expected = naive(&index, &hay);
            index.long.avx2 = false;
            assert_eq!(gate(&index, &hay), expected, "scalar {hay:?} {lists:?}");
            index.long.avx2 = avx2;
            assert_eq!(gate(&index, &hay), expected, "avx2 {hay:?} {lists:?}");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_avx2_loop_tests_the_blocked_filter_at_every_position() {
        if !has_avx2() {
            return;
        }
        let rules = crate::rules::load_embedded().unwrap();
        let index = KeywordIndex::new(rules.iter().map(|r| r.keywords.as_slice())).unwrap();
        let table = &index.long;
        let mut state = 0x1405_7b7e_f767_814fu64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out = [0u32; BLOCK];
        let mut passed = 0;
        for round in 0..20_000 {
            // Keyword text, random bytes, or both, so positions pass and fail.
            let len = 16 + round % 300;
            let mut hay = Vec::with_capacity(len + 8);
            while hay.len() < len {
                if next() % 3 == 0 {
                    let keyword = index.keyword((next() as usize % index.spans.len()) as u32);
                    hay.extend_from_slice(keyword);
                } else {
                    hay.push(next() as u8);
                }
            }
            hay.truncate(len);
            let start = next() as usize % 8;
            let end = (start + next() as usize % (BLOCK + 1)).min(len - 3);
            // SAFETY: the test returned above unless the processor has AVX2.
            let (stop, found) =
                unsafe { candidates_avx2(&table.blocked, &hay, start..end.max(start), &mut out) };
            let expected: Vec<u32> = (start..stop)
                .filter(|&at| {
                    let (index, mask) = blocked(load(&hay, at));
                    table.blocked[index] & mask == mask
                })
                .map(|at| at as u32)
                .collect();
            assert_eq!(&out[..found], &expected[..], "{hay:?} {start}..{end}");
            // It stops only where fewer than eight positions or sixteen bytes are left.
            assert!(
                stop + 8 > end.max(start) || stop + 16 > hay.len(),
                "{stop} {end}"
            );
            passed += found;
        }
        assert!(passed > 10_000, "{passed} positions passed");
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn pack_lists_each_mask_lanes_in_order() {
        for mask in 0..256usize {
            let lanes: Vec<u64> = (0..8).filter(|lane| mask >> lane & 1 == 1).collect();
            let packed = super::PACK[mask];
            for (i, &lane) in lanes.iter().enumerate() {
                assert_eq!(packed >> (8 * i) & 0xff, lane, "{mask:08b}");
            }
            // Nothing past the last set lane (an unset lane's byte would be lane 0).
            assert_eq!(packed.checked_shr(8 * lanes.len() as u32).unwrap_or(0), 0);
        }
    }

    #[test]
    fn folding_collisions_are_not_hits() {
        // `_` folds onto DEL and `@` onto `` ` ``: the filter lets them through, the comparison
        // must not.
        let index = index_of(&[vec!["ab_c", "x@yz"]]);
        assert!(gate(&index, b"AB\x7fC x`yz").is_empty());
        assert_eq!(gate(&index, b"AB_C X@YZ").len(), 2);
    }

    #[test]
    fn the_builtin_pack_agrees_with_substring_search() {
        let rules = crate::rules::load_embedded().unwrap();
        let index = KeywordIndex::new(rules.iter().map(|r| r.keywords.as_slice())).unwrap();
        // Text dense with keywords, their prefixes and case variants, glued by random bytes.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut hay = Vec::new();
        while hay.len() < 200_000 {
            let keyword = index.keyword((next() as usize % index.spans.len()) as u32);
            let cut = 1 + next() as usize % keyword.len();
            for &b in &keyword[..if next() % 3 == 0 { cut } else { keyword.len() }] {
                hay.push(if next() % 2 == 0 {
                    b.to_ascii_uppercase()
                } else {
                    b
                });
            }
            for _ in 0..next() % 4 {
                hay.push(next() as u8);
            }
        }
        let hits = gate(&index, &hay);
        assert!(hits.len() > 10_000, "{} hits", hits.len());
        let expected = naive(&index, &hay);
        assert_eq!(hits, expected);
        let mut index = index;
        index.long.avx2 = false;
        assert_eq!(gate(&index, &hay), expected, "scalar loop");
    }
}
