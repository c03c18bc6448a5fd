//! A reader of git's index file that keeps only what the staged comparison needs. gix decodes
//! every entry into an `Entry` and copies every path (in a 100,000-file repository: 18 million
//! instructions and ~2,700 page faults, most of a pre-commit scan); this reader maps the file,
//! steps over the entries once to find the extensions (only the cache-tree is decoded), and then
//! reads in place only the entries of directories the cache-tree could not prove unchanged.
//!
//! Anything it does not handle the way gix does (a split index, a sparse index, unknown mandatory
//! extensions, paths of 4,095 bytes or more, unknown flags, a truncated or malformed file) makes
//! `open` answer `None`, and the caller decodes the file with gix instead, which then gives the
//! same result or error as before.

use std::fs::File;
use std::ops::Range;
use std::path::Path;

use gix::bstr::{BStr, ByteSlice};
use gix::index::entry::Mode;
use gix::index::extension::{self, Tree as CacheTree};

/// The index file, mapped, with its cache-tree decoded.
pub struct MappedIndex {
    map: memmap2::Mmap,
    version: u32,
    num_entries: u32,
    /// Where each entry starts (versions 2 and 3; empty for version 4, whose paths can only be
    /// read in order).
    offsets: Vec<u32>,
    /// Where the entries end (and the extensions begin).
    entries_end: usize,
    hash_len: usize,
    tree: Option<CacheTree>,
}

/// One index entry, as the staged comparison sees it.
pub struct RawEntry<'a> {
    pub path: &'a BStr,
    pub id: &'a gix::oid,
    /// Unconflicted, not added with `--intent-to-add`, and a regular (or executable) file.
    pub staged_file: bool,
}

/// Whether an index entry is a staged file the comparison reads: unconflicted, not added with
/// `--intent-to-add`, and a regular (or executable) file.
pub fn is_staged_file(unconflicted: bool, intent_to_add: bool, mode: Mode) -> bool {
    unconflicted && !intent_to_add && matches!(mode, Mode::FILE | Mode::FILE_EXECUTABLE)
}

const HEADER: usize = 12;
/// ctime, mtime (8 bytes each) and six 4-byte stat fields, before the object id.
const STAT: usize = 40;
const MODE_AT: usize = 24;
const EXTENDED: u16 = 0x4000;
const STAGE_MASK: u16 = 0x3000;
const PATH_LEN: u16 = 0x0fff;
/// The extended flags gix knows (`--intent-to-add`, skip-worktree): any other makes it fail.
const KNOWN_EXTENDED: u16 = 0x6000;
const INTENT_TO_ADD: u16 = 0x2000;

impl MappedIndex {
    /// Maps and checks the index at `path`; `None` when gix should decode it instead.
    pub fn open(path: &Path, object_hash: gix::hash::Kind) -> Option<MappedIndex> {
        let file = File::open(path).ok()?;
        // SAFETY: git never writes an index in place: it writes `index.lock` and renames it over
        // the index, so the mapped file does not change while it is read (gix maps it the same
        // way). Every read below is bounds-checked against the mapping's length.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        let hash_len = object_hash.len_in_bytes();
        if map.len() < HEADER + hash_len || &map[..4] != b"DIRC" {
            return None;
        }
        let version = be32(&map, 4)?;
        if !(2..=4).contains(&version) {
            return None;
        }
        let num_entries = be32(&map, 8)?;
        let mut index = MappedIndex {
            map,
            version,
            num_entries,
            offsets: Vec::new(),
            entries_end: 0,
            hash_len,
            tree: None,
        };
        let mut at = HEADER;
        if version == 4 {
            for _ in 0..num_entries {
                at = index.next_v4(at)?;
            }
        } else {
            // Each entry takes at least 64 bytes (with 20-byte ids): more cannot be in the file.
            // Offsets are kept as `u32`; a larger file (none seen in practice) is left to gix.
            if num_entries as usize > index.map.len() / 64 || index.map.len() > u32::MAX as usize {
                return None;
            }
            let mut offsets = Vec::with_capacity(num_entries as usize);
            for _ in 0..num_entries {
                offsets.push(at as u32);
                let (path_at, len) = index.path_v2(at)?;
                at += (path_at - at + len + 8) & !7;
            }
            index.offsets = offsets;
        }
        if at > index.map.len() {
            return None;
        }
        index.entries_end = at;
        index.tree = index.extensions(object_hash)?;
        Some(index)
    }

    /// The cache-tree extension, if the index has one.
    pub fn tree(&self) -> Option<&CacheTree> {
        self.tree.as_ref()
    }

    /// Calls `f` with every entry, in the index's order, except those whose path starts with one
    /// of `skip` (sorted; none a prefix of another).
    pub fn for_each_outside(&self, skip: &[&BStr], mut f: impl FnMut(RawEntry<'_>)) {
        let mut path = Vec::new();
        if self.version == 4 {
            let mut skip = skip.iter().peekable();
            let mut at = HEADER;
            for _ in 0..self.num_entries {
                let Some((entry, next)) = self.entry(at, &mut path) else {
                    return; // `open` read these same entries
                };
                at = next;
                while skip
                    .peek()
                    .is_some_and(|p| **p < entry.path && !entry.path.starts_with(p))
                {
                    skip.next();
                }
                if !skip.peek().is_some_and(|p| entry.path.starts_with(p)) {
                    f(entry);
                }
            }
            return;
        }
        let path_of = |i: usize| {
            let at = self.offsets[i] as usize;
            match self.path_v2(at) {
                Some((path_at, len)) => self.map[path_at..path_at + len].as_bstr(),
                None => BStr::new(b""), // `open` read these same entries
            }
        };
        let ranges = skip
            .iter()
            .map(|p| prefix_range(self.offsets.len(), path_of, p));
        for i in outside(self.offsets.len(), ranges) {
            if let Some((entry, _)) = self.entry(self.offsets[i] as usize, &mut path) {
                f(entry);
            }
        }
    }

    /// Where the path of the version 2 or 3 entry at `at` starts, and its length.
    fn path_v2(&self, at: usize) -> Option<(usize, usize)> {
        let flags_at = at + STAT + self.hash_len;
        let flags = be16(&self.map, flags_at)?;
        let len = usize::from(flags & PATH_LEN);
        if len == usize::from(PATH_LEN) {
            return None; // a path of 4,095 bytes or more: left to gix
        }
        let path_at = flags_at + if flags & EXTENDED != 0 { 4 } else { 2 };
        (path_at + len < self.map.len()).then_some((path_at, len))
    }

    /// Where the version 4 entry after the one at `at` starts.
    fn next_v4(&self, at: usize) -> Option<usize> {
        let flags_at = at.checked_add(STAT + self.hash_len)?;
        let flags = be16(&self.map, flags_at)?;
        let path_at = flags_at + if flags & EXTENDED != 0 { 4 } else { 2 };
        let (_, suffix_at) = varint(&self.map, path_at)?;
        let len = memchr::memchr(0, self.map.get(suffix_at..)?)?;
        Some(suffix_at + len + 1)
    }

    /// The entry at `at` and where the next one starts. `path` holds the previous entry's path
    /// for version 4 (whose paths are stored as a change of the previous one).
    fn entry<'a>(&'a self, at: usize, path: &'a mut Vec<u8>) -> Option<(RawEntry<'a>, usize)> {
        let data = &self.map[..];
        let id_at = at.checked_add(STAT)?;
        let flags_at = id_at + self.hash_len;
        let flags = be16(data, flags_at)?;
        let mut path_at = flags_at + 2;
        let mut intent_to_add = false;
        if flags & EXTENDED != 0 {
            let extended = be16(data, path_at)?;
            if extended & !KNOWN_EXTENDED != 0 {
                return None;
            }
            intent_to_add = extended & INTENT_TO_ADD != 0;
            path_at += 2;
        }
        let mode = Mode::from_bits_truncate(be32(data, at + MODE_AT)?);
        let id = gix::oid::try_from_bytes(data.get(id_at..flags_at)?).ok()?;
        let staged_file = is_staged_file(flags & STAGE_MASK == 0, intent_to_add, mode);
        let (path, next): (&[u8], usize) = if self.version == 4 {
            let (strip, suffix_at) = varint(data, path_at)?;
            let suffix_len = memchr::memchr(0, data.get(suffix_at..)?)?;
            let keep = path.len().checked_sub(usize::try_from(strip).ok()?)?;
            path.truncate(keep);
            path.extend_from_slice(&data[suffix_at..suffix_at + suffix_len]);
            (path.as_slice(), suffix_at + suffix_len + 1)
        } else {
            let (path_at, len) = self.path_v2(at)?;
            let next = at + ((path_at - at + len + 8) & !7);
            (data.get(path_at..path_at + len)?, next)
        };
        if next > data.len() {
            return None;
        }
        let entry = RawEntry {
            path: path.as_bstr(),
            id,
            staged_file,
        };
        Some((entry, next))
    }

    /// Reads the extensions after the entries: the cache-tree when there is one. `None` (left
    /// to gix) for a mandatory extension (a split or sparse index) or a malformed list.
    fn extensions(&self, object_hash: gix::hash::Kind) -> Option<Option<CacheTree>> {
        let end = self.map.len() - self.hash_len;
        let mut at = self.entries_end;
        let mut tree = None;
        while at < end {
            let signature = self.map.get(at..at + 4)?;
            let size = usize::try_from(be32(&self.map, at + 4)?).ok()?;
            let body = self.map.get(at + 8..(at + 8).checked_add(size)?)?;
            if signature[0].is_ascii_lowercase() {
                return None;
            }
            if signature == extension::tree::SIGNATURE {
                tree = extension::tree::decode(body, object_hash, None);
            }
            at += 8 + size;
        }
        (at == end).then_some(tree)
    }
}

/// The entries (of `len`, sorted by path) whose path starts with `prefix`: contiguous.
pub fn prefix_range<'a>(
    len: usize,
    path_of: impl Fn(usize) -> &'a BStr,
    prefix: &BStr,
) -> Range<usize> {
    if prefix.is_empty() {
        return 0..len;
    }
    let start = partition_point(0..len, |i| path_of(i) < prefix);
    let end = partition_point(start..len, |i| path_of(i).starts_with(prefix));
    start..end
}

/// The first index in `range` for which `pred` is false (`pred` true before it, false after).
fn partition_point(range: Range<usize>, pred: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (range.start, range.end);
    while low < high {
        let mid = low + (high - low) / 2;
        if pred(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

/// The indices below `len` outside every range of `ranges` (in any order, possibly empty or
/// overlapping).
pub fn outside(
    len: usize,
    ranges: impl Iterator<Item = Range<usize>>,
) -> impl Iterator<Item = usize> {
    let mut ranges: Vec<Range<usize>> = ranges.filter(|r| !r.is_empty()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut ranges = ranges.into_iter().peekable();
    let mut i = 0;
    std::iter::from_fn(move || loop {
        if i >= len {
            return None;
        }
        match ranges.peek() {
            Some(r) if r.start <= i => {
                i = i.max(r.end);
                ranges.next();
            }
            _ => {
                i += 1;
                return Some(i - 1);
            }
        }
    })
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// Git's variable-length integer (as in pack offsets): 7 bits a byte, most significant first,
/// each continuation adding one. Returns the value and where it ends.
fn varint(data: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let mut c = *data.get(at)?;
    at += 1;
    let mut value = u64::from(c & 0x7f);
    while c & 0x80 != 0 {
        c = *data.get(at)?;
        at += 1;
        value = value
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(u64::from(c & 0x7f))?;
    }
    Some((value, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}");
    }

    /// The index of a repository of 60 files in 12 directories (one added with intent to add),
    /// written in index version `version`.
    fn real_index(dir: &Path, version: &str) -> Vec<u8> {
        git(dir, &["init", "-q"]);
        for i in 0..60 {
            let d = dir.join(format!("d{:02}", i % 12));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join(format!("file-{i}.txt")), format!("{i}\n")).unwrap();
        }
        git(dir, &["add", "-A"]);
        git(dir, &["write-tree"]); // a cache-tree
        std::fs::write(dir.join("later.txt"), "x\n").unwrap();
        git(dir, &["add", "-N", "later.txt"]);
        git(dir, &["update-index", "--index-version", version]);
        std::fs::read(dir.join(".git/index")).unwrap()
    }

    fn entries(index: &MappedIndex, skip: &[&BStr]) -> usize {
        let mut n = 0;
        index.for_each_outside(skip, |e| {
            assert!(e.path.len() < 4096);
            n += 1;
        });
        n
    }

    /// A damaged index (cut short, bytes flipped, a length or count overwritten) is refused or
    /// read within its bounds: never a panic, never a read past the mapping.
    #[test]
    fn damaged_indexes_are_refused_or_read_within_bounds() {
        let skips: [&[&BStr]; 3] = [
            &[],
            &[BStr::new(b"d03/")],
            &[BStr::new(b"d0"), BStr::new(b"d1")],
        ];
        for version in ["2", "3", "4"] {
            let dir = tempfile::tempdir().unwrap();
            let good = real_index(dir.path(), version);
            let path = dir.path().join("mutated-index");
            std::fs::write(&path, &good).unwrap();
            let index = MappedIndex::open(&path, gix::hash::Kind::Sha1).expect("a clean index");
            assert!(index.tree().is_some(), "version {version}: a cache-tree");
            assert_eq!(entries(&index, &[]), 61, "version {version}");
            assert_eq!(entries(&index, skips[1]), 56, "version {version}");
            let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ version.len() as u64;
            let mut next = |below: usize| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % below as u64) as usize
            };
            let mut read = 0;
            for round in 0..600 {
                let mut bytes = good.clone();
                match round % 3 {
                    0 => bytes.truncate(next(good.len())),
                    1 => {
                        for _ in 0..1 + next(4) {
                            let at = next(bytes.len());
                            bytes[at] ^= 1 << next(8);
                        }
                    }
                    _ => {
                        let at = next(bytes.len() - 4);
                        let value = [0u32, 1, 0x7fff_ffff, u32::MAX, next(1 << 16) as u32][next(5)];
                        bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
                    }
                }
                std::fs::write(&path, &bytes).unwrap();
                if let Some(index) = MappedIndex::open(&path, gix::hash::Kind::Sha1) {
                    read += 1;
                    for skip in skips {
                        entries(&index, skip);
                    }
                }
            }
            // Flipped bits in stat data, ids and names still parse: the readers were exercised.
            assert!(
                read >= 100,
                "version {version}: only {read} damaged indexes read"
            );
        }
    }

    #[test]
    fn varints_add_one_per_continuation() {
        assert_eq!(varint(&[0x05], 0), Some((5, 1)));
        assert_eq!(varint(&[0x80, 0x00], 0), Some((128, 2)));
        assert_eq!(varint(&[0x81, 0x7f], 0), Some((383, 2)));
        assert_eq!(varint(&[0x80], 0), None);
    }
}
