//! Stories of jobs waiting in virtual time while the world runs.

use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use crate::sim::World;
use crate::time::{SimDuration, SimTime};

#[test]
fn a_sleeping_job_wakes_exactly_when_its_time_comes() {
    let lab = Lab::new(World::demo_cluster(1));
    let woke = Rc::new(RefCell::new(None));
    let (l, w) = (lab.clone(), woke.clone());
    let pid = lab
        .spawn(Box::pin(async move {
            sleep(&l, SimDuration::from_millis(1_500)).await;
            *w.borrow_mut() = Some(l.now());
            0
        }))
        .expect("spawns");
    lab.advance(SimDuration::from_secs(1));
    assert!(lab.is_running(pid));
    lab.advance(SimDuration::from_secs(1));
    assert_eq!(*woke.borrow(), Some(SimTime::from_millis(1_500)));
    assert_eq!(lab.status_of(pid), Some(0));
    assert_eq!(lab.now(), SimTime::from_millis(2_000));
}

#[test]
fn a_job_sees_the_world_change_while_it_waits() {
    // The demo cluster elects a leader within a few seconds; a job waiting for one sees it
    // at the instant the world does, not at the end of the advance.
    let lab = Lab::new(World::demo_cluster(1));
    let seen = Rc::new(RefCell::new(None));
    let (l, s) = (lab.clone(), seen.clone());
    lab.spawn(Box::pin(async move {
        let leader = wait_for(&l, SimDuration::from_secs(10), |w| w.leader()).await;
        *s.borrow_mut() = leader.map(|m| (m.name, l.now()));
        0
    }))
    .expect("spawns");
    lab.advance(SimDuration::from_secs(10));
    let (name, at) = seen.borrow().clone().expect("a leader within 10 s");
    let mut alone = World::demo_cluster(1);
    let mut first = None;
    while first.is_none() {
        alone.advance(SimDuration::from_millis(1));
        first = alone.leader().map(|m| (m.name, alone.now()));
    }
    let (alone_name, alone_at) = first.expect("leader");
    assert_eq!(name, alone_name, "jobs do not change what the world does");
    assert!(at <= alone_at && alone_at.saturating_duration_since(at) < SimDuration::from_millis(1));
}

#[test]
fn a_wait_gives_up_at_its_deadline() {
    let lab = Lab::new(World::new(1));
    let out = Rc::new(RefCell::new(None));
    let (l, o) = (lab.clone(), out.clone());
    lab.spawn(Box::pin(async move {
        let r = wait_for(&l, SimDuration::from_secs(5), |w| w.leader()).await;
        *o.borrow_mut() = Some((r.is_none(), l.now()));
        1
    }))
    .expect("spawns");
    lab.advance(SimDuration::from_secs(60));
    assert_eq!(*out.borrow(), Some((true, SimTime::from_secs(5))));
}
