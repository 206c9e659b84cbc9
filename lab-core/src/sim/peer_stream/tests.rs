//! Stories of one member watching one peer, tick by tick.

use super::*;

fn ms(n: u64) -> SimTime {
    SimTime::from_millis(n)
}

fn refused() -> Reach {
    Reach::Reset("dial tcp 10.0.0.12:2380: connect: connection refused".into())
}

#[test]
fn a_peer_that_comes_up_is_active_once_with_all_four_streams() {
    let mut streams = PeerStreams::default();
    assert!(
        streams
            .step(0, 1, ms(100), &refused(), &refused())
            .is_empty(),
        "inactive peers fail silently"
    );
    let up = streams.step(0, 1, ms(200), &Reach::Up, &Reach::Up);
    assert_eq!(up.first(), Some(&StreamChange::Activated));
    assert_eq!(up.len(), 5);
    assert!(
        streams
            .step(0, 1, ms(300), &Reach::Up, &Reach::Up)
            .is_empty()
    );
}

#[test]
fn a_killed_peer_is_noticed_at_once_and_reported_inactive_only_once() {
    let mut streams = PeerStreams::default();
    streams.step(0, 1, ms(100), &Reach::Up, &Reach::Up);
    let lost = streams.step(0, 1, ms(200), &refused(), &refused());
    assert_eq!(
        lost.first(),
        Some(&StreamChange::Lost(Stream::MessageReader))
    );
    assert!(
        matches!(&lost[1], StreamChange::Deactivated { action, reason, .. } if action == "read" && reason == "unexpected EOF")
    );
    for t in 3..40 {
        let later = streams.step(0, 1, ms(t * 100), &refused(), &refused());
        assert!(
            later
                .iter()
                .all(|c| !matches!(c, StreamChange::Deactivated { .. }))
        );
    }
}

#[test]
fn a_silent_link_is_lost_after_the_read_timeout_and_probed_every_five_seconds() {
    let mut streams = PeerStreams::default();
    let silent = Reach::Silent("dial tcp 10.0.0.12:2380: i/o timeout".into());
    streams.step(0, 1, ms(100), &Reach::Up, &Reach::Up);
    assert!(streams.step(0, 1, ms(200), &silent, &silent).is_empty());
    let lost = streams.step(0, 1, ms(5_200), &silent, &silent);
    assert!(lost.contains(&StreamChange::Lost(Stream::MsgAppReader)));
    let mut probes = Vec::new();
    for t in 53..=401 {
        let changes = streams.step(0, 1, ms(t * 100), &silent, &silent);
        if changes
            .iter()
            .any(|c| matches!(c, StreamChange::HealthCheckFailed { .. }))
        {
            probes.push(t * 100);
        }
    }
    assert_eq!(probes, [30_100, 35_100, 40_100]);
}
