//! The lessor's stories: grant, attach, renew, expire, revoke, promote and demote.

use super::*;
use crate::time::{SimDuration, SimTime};

fn at(secs: u64) -> SimTime {
    SimTime::from_secs(secs)
}

fn leader() -> Lessor {
    let mut lessor = Lessor::new();
    lessor.promote(at(0), SimDuration::from_secs(1));
    lessor
}

#[test]
fn a_grant_is_raised_to_the_minimum_ttl() {
    let mut lessor = leader();
    assert_eq!(lessor.grant(7, 1, at(0)).map(|l| l.ttl), Ok(2));
    assert_eq!(min_ttl_secs(1_000), 2, "etcd's defaults: 1.5 s rounded up");
    assert_eq!(min_ttl_secs(5_000), 8);
    assert_eq!(lessor.grant(7, 60, at(0)), Err(LeaseError::Exists));
    assert_eq!(lessor.grant(0, 60, at(0)), Err(LeaseError::NotFound));
    assert_eq!(
        lessor.grant(8, MAX_LEASE_TTL_SECS + 1, at(0)),
        Err(LeaseError::TtlTooLarge)
    );
}

#[test]
fn the_primary_counts_down_and_a_keep_alive_starts_over() {
    let mut lessor = leader();
    lessor.grant(1, 60, at(10)).expect("granted");
    let ttl = lessor.time_to_live(1, SimTime::from_millis(10_900), false);
    assert_eq!(
        (ttl.granted_ttl, ttl.ttl),
        (60, 59),
        "seconds left round down"
    );
    assert_eq!(lessor.renew(1, at(40)), Ok(60));
    assert_eq!(lessor.time_to_live(1, at(41), false).ttl, 59);
    assert!(lessor.take_expired(at(99), 10).is_empty());
    assert_eq!(lessor.take_expired(at(100), 10), vec![1]);
    assert!(
        lessor.take_expired(at(101), 10).is_empty(),
        "one revocation at a time"
    );
    assert_eq!(
        lessor.take_expired(at(103), 10),
        vec![1],
        "retried after 3 s"
    );
    assert_eq!(lessor.renew(1, at(103)), Err(LeaseError::NotFound));
}

#[test]
fn revoking_hands_back_the_attached_keys_and_forgets_the_lease() {
    let mut lessor = leader();
    lessor.grant(1, 60, at(0)).expect("granted");
    lessor.attach(1, "b").expect("attached");
    lessor.attach(1, "a").expect("attached");
    lessor.attach(1, "c").expect("attached");
    lessor.detach(1, "c");
    assert_eq!(lessor.attach(2, "x"), Err(LeaseError::NotFound));
    assert_eq!(
        lessor.time_to_live(1, at(0), true).keys,
        vec!["a".to_owned(), "b".to_owned()]
    );
    assert_eq!(lessor.revoke(1), Ok(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(lessor.revoke(1), Err(LeaseError::NotFound));
    let gone = lessor.time_to_live(1, at(0), true);
    assert_eq!(
        (gone.ttl, gone.granted_ttl),
        (-1, 0),
        "printed as already expired"
    );
}

#[test]
fn followers_hold_leases_forever_until_promoted_with_an_extension() {
    let mut follower = Lessor::new();
    follower.grant(1, 10, at(0)).expect("granted");
    assert_eq!(follower.renew(1, at(1)), Err(LeaseError::NotPrimary));
    assert!(follower.take_expired(at(1_000), 10).is_empty());
    follower.promote(at(1_000), SimDuration::from_secs(1));
    assert_eq!(follower.time_to_live(1, at(1_000), false).ttl, 11);
    assert!(follower.take_expired(at(1_010), 10).is_empty());
    assert_eq!(follower.take_expired(at(1_011), 10), vec![1]);
    follower.demote();
    assert!(follower.take_expired(at(2_000), 10).is_empty());
}

#[test]
fn a_snapshot_keeps_leases_and_keys_but_not_their_clocks() {
    let mut lessor = leader();
    lessor.grant(5, 3_600, at(0)).expect("granted");
    lessor.attach(5, "/app/leased").expect("attached");
    let json = serde_json::to_string(&lessor).expect("encodes");
    let mut restored: Lessor = serde_json::from_str(&json).expect("decodes");
    assert!(!restored.is_primary());
    assert_eq!(restored.leases(), vec![5]);
    restored.promote(at(3_000), SimDuration::from_secs(1));
    let ttl = restored.time_to_live(5, at(3_006), true);
    assert_eq!((ttl.ttl, ttl.keys.len()), (3_595, 1), "the TTL starts over");
}

#[test]
fn an_id_asked_for_is_granted_once_negative_too() {
    let mut lessor = Lessor::new();
    assert_eq!(lessor.grant(-3, 60, at(0)).map(|l| l.id), Ok(-3));
    assert_eq!(lessor.grant(-3, 60, at(0)), Err(LeaseError::Exists));
}

#[test]
fn the_number_of_leases_is_bounded() {
    let mut lessor = Lessor::new();
    for id in 1..=MAX_LEASES as i64 {
        lessor.grant(id, 60, at(0)).expect("under the bound");
    }
    assert_eq!(
        lessor.grant(0, 60, at(0)),
        Err(LeaseError::NotFound),
        "0 is etcd's NoLease"
    );
    assert_eq!(
        lessor.grant(MAX_LEASES as i64 + 1, 60, at(0)),
        Err(LeaseError::TooMany(MAX_LEASES))
    );
}

proptest::proptest! {
    /// Whatever happens, a primary never hands out a lease that has not expired, and never
    /// the same one twice within the retry interval.
    #[test]
    fn only_expired_leases_are_handed_out(
        ops in proptest::collection::vec((0u8..4, 1i64..6, 0i64..20), 1..60)
    ) {
        let mut lessor = leader();
        let mut now = at(0);
        for (op, id, arg) in ops {
            now = now.saturating_add(SimDuration::from_millis(u64::try_from(arg).unwrap_or(0) * 300));
            match op {
                0 => { let _ = lessor.grant(id, arg, now); }
                1 => { let _ = lessor.renew(id, now); }
                2 => { let _ = lessor.revoke(id); }
                _ => {
                    for expired in lessor.take_expired(now, 100) {
                        let lease = lessor.lookup(expired).expect("still there until revoked");
                        proptest::prop_assert!(lease.is_expired(now));
                        proptest::prop_assert!(lessor.take_expired(now, 100).is_empty());
                    }
                }
            }
        }
    }
}

#[test]
fn lease_list_puts_the_soonest_expiry_first_as_etcd_sorts_it() {
    let mut lessor = leader();
    lessor.grant(9, 60, at(0)).expect("granted");
    lessor.grant(3, 60, at(5)).expect("granted");
    lessor.grant(5, 30, at(5)).expect("granted");
    assert_eq!(lessor.leases(), vec![5, 9, 3]);
    let mut follower = Lessor::new();
    for id in [9, 3, 5] {
        follower.grant(id, 60, at(0)).expect("granted");
    }
    assert_eq!(follower.leases(), vec![3, 5, 9], "no expiry here: by id");
}
