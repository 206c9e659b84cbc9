//! [`IdGenerator`]: etcd's `pkg/idutil.Generator`, which every member uses for request and
//! lease ids: the member id's low 16 bits on top, then the member's start time in
//! milliseconds (40 bits) and an 8-bit counter that carries into it. Ids from different
//! members differ in their prefix; ids of one member grow by one per call.

use serde::{Deserialize, Serialize};

/// Bits of the id below the member prefix.
const SUFFIX_BITS: u32 = 48;
/// Bits of the start time kept (unit: milliseconds since the Unix epoch).
const TIME_BITS: u32 = 40;
/// Bits of the counter under the time.
const COUNT_BITS: u32 = 8;

/// One member's id source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdGenerator {
    prefix: u64,
    suffix: u64,
}

impl IdGenerator {
    /// The generator of member `member_id` started at `unix_millis`.
    pub fn new(member_id: u64, unix_millis: u64) -> IdGenerator {
        let time = unix_millis & ((1 << TIME_BITS) - 1);
        IdGenerator {
            prefix: (member_id & 0xffff) << SUFFIX_BITS,
            suffix: time << COUNT_BITS,
        }
    }

    /// The next id (etcd's `Next`): the suffix wraps within its 48 bits.
    pub fn next_id(&mut self) -> u64 {
        self.suffix = self.suffix.wrapping_add(1) & ((1 << SUFFIX_BITS) - 1);
        self.prefix | self.suffix
    }

    /// The next lease id: etcd clears the top bit so the id is a positive `int64`, and
    /// skips 0, which means "no lease".
    pub fn next_lease_id(&mut self) -> i64 {
        loop {
            let id = (self.next_id() & (u64::MAX >> 1)) as i64;
            if id != super::NO_LEASE {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lease_ids_look_like_the_reference_ones() {
        // Reference 01: etcd3 (id …c813) granted 4813a202c25ba814: the prefix is the member
        // id's low 16 bits without the top bit, then 40 bits of start time and a counter.
        let start_millis = 0xa2_02c2_5ba8;
        let mut ids = IdGenerator::new(0xa3b3_2f1e_9e1f_c813, start_millis);
        let ids: Vec<i64> = (0..3).map(|_| ids.next_lease_id()).collect();
        assert_eq!(
            ids,
            vec![
                0x4813_a202_c25b_a801,
                0x4813_a202_c25b_a802,
                0x4813_a202_c25b_a803
            ]
        );
    }

    #[test]
    fn the_counter_carries_into_the_time_and_wraps_in_48_bits() {
        let mut ids = IdGenerator::new(1, (1 << TIME_BITS) - 1);
        for _ in 0..255 {
            ids.next_id();
        }
        assert_eq!(ids.next_id(), 1 << SUFFIX_BITS, "wrapped to a zero suffix");
        assert_eq!(ids.next_id(), (1 << SUFFIX_BITS) | 1);
    }
}
