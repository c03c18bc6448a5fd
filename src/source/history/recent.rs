//! Small per-thread memories of the blob ids that trees name, in front of the walk's large
//! shared tables. A pass over trees in a pack's delta order reads the versions of one directory
//! one after another, and they name mostly the same blobs: git/git's reachable trees name a
//! blob ~10^8 times, ~165k different ones. Looking each up in a table of 10^5 ids reads a random
//! place of several MB; most are answered here instead, from a table that stays in the core's
//! cache. An id is remembered at a slot its first bytes choose, and forgotten when another id
//! takes that slot: what is remembered is always right, what is not is looked up as before.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use gix::hashtable::HashMap;
use gix::ObjectId;

use super::tree_sets::Blobs;

/// Slots of each memory (ids of consecutive trees' entries; git/git's largest directory names
/// ~1,300 blobs).
const SLOTS: usize = 8192;

fn slot(id: &gix::oid) -> usize {
    let b = id.as_bytes();
    (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize) % SLOTS
}

/// The ids noted recently; the null id (an empty slot) is never remembered.
pub(super) struct Recent {
    ids: Box<[ObjectId]>,
}

impl Recent {
    pub fn new(hash: gix::hash::Kind) -> Recent {
        Recent {
            ids: vec![ObjectId::null(hash); SLOTS].into_boxed_slice(),
        }
    }

    /// Notes `id`; false when it was remembered (noted before, and not forgotten since).
    pub fn note(&mut self, id: &gix::oid) -> bool {
        if id.is_null() {
            return true;
        }
        let at = &mut self.ids[slot(id)];
        if at.as_ref() == id {
            return false;
        }
        *at = id.to_owned();
        true
    }
}

/// The blobs of the repository (`blobs`, with their name slots, see `Blobs::name_slot`),
/// with the recent lookups remembered for this thread: a remembered blob is present, and has a
/// name slot of this memory's own (a slot only saves testing a name again, so any slot will
/// do, as long as it belongs to that blob).
pub(super) struct NearBlobs<'a> {
    blobs: &'a HashMap<ObjectId, AtomicU64>,
    ids: Box<[Cell<ObjectId>]>,
    slots: Box<[AtomicU64]>,
}

impl<'a> NearBlobs<'a> {
    pub fn new(blobs: &'a HashMap<ObjectId, AtomicU64>, hash: gix::hash::Kind) -> NearBlobs<'a> {
        NearBlobs {
            blobs,
            ids: (0..SLOTS)
                .map(|_| Cell::new(ObjectId::null(hash)))
                .collect(),
            slots: (0..SLOTS).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

impl Blobs for NearBlobs<'_> {
    fn has(&self, id: &gix::oid) -> bool {
        self.name_slot(id).is_some()
    }

    fn name_slot(&self, id: &gix::oid) -> Option<&AtomicU64> {
        if id.is_null() {
            return self.blobs.get(id);
        }
        let at = slot(id);
        if self.ids[at].get().as_ref() == id {
            return Some(&self.slots[at]);
        }
        self.blobs.get(id)?;
        self.ids[at].set(id.to_owned());
        self.slots[at].store(0, Relaxed);
        Some(&self.slots[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(first: u8, last: u8) -> ObjectId {
        let mut bytes = [0u8; 20];
        bytes[0] = first;
        bytes[19] = last;
        ObjectId::from_bytes_or_panic(&bytes)
    }

    #[test]
    fn an_id_is_remembered_until_another_takes_its_slot() {
        let mut recent = Recent::new(gix::hash::Kind::Sha1);
        assert!(recent.note(&id(1, 0)));
        assert!(!recent.note(&id(1, 0)));
        // Same first bytes, another id: same slot.
        assert!(recent.note(&id(1, 7)));
        assert!(recent.note(&id(1, 0)));
        // The null id is never taken for remembered.
        let null = ObjectId::null(gix::hash::Kind::Sha1);
        assert!(recent.note(&null));
        assert!(recent.note(&null));
    }

    #[test]
    fn near_blobs_answer_as_the_table_does() {
        let mut table = HashMap::default();
        table.insert(id(1, 0), AtomicU64::new(0));
        table.insert(ObjectId::null(gix::hash::Kind::Sha1), AtomicU64::new(0));
        let near = NearBlobs::new(&table, gix::hash::Kind::Sha1);
        for _ in 0..2 {
            assert!(near.has(&id(1, 0)));
            // Absent, at the same slot as a present one, before and after it is remembered.
            assert!(!near.has(&id(1, 9)));
            assert!(near.name_slot(&id(1, 9)).is_none());
            assert!(near.has(&ObjectId::null(gix::hash::Kind::Sha1)));
        }
        let empty = HashMap::default();
        let near = NearBlobs::new(&empty, gix::hash::Kind::Sha1);
        // An empty slot holds the null id, which is not taken for a present blob.
        assert!(!near.has(&ObjectId::null(gix::hash::Kind::Sha1)));
        // A slot remembers its own blob's name test.
        let near = NearBlobs::new(&table, gix::hash::Kind::Sha1);
        near.name_slot(&id(1, 0)).unwrap().store(0x500, Relaxed);
        assert_eq!(near.name_slot(&id(1, 0)).unwrap().load(Relaxed), 0x500);
        assert!(!near.has(&id(1, 9)));
        assert!(near.has(&id(1, 0)));
    }
}
