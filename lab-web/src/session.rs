//! A lab session: the simulated world behind the page, advanced by wall-clock frames.
//!
//! The page calls [`Session::frame`] from a timer with the wall time that passed; the session turns
//! it into virtual time at the chosen speed. Kept free of Leptos so it is tested natively.

use lab_core::sim::TraceKind;
use lab_core::{Command, LabError, MemberView, SimDuration, SimTime, World};

/// One line of the page's event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The trace sequence number: a stable key for the view.
    pub seq: u64,
    pub at: SimTime,
    pub text: String,
}

/// Longest wall-clock gap (ms) one frame may turn into virtual time. Browsers throttle timers in
/// background tabs; without a cap, returning to the tab would jump the cluster minutes ahead.
pub const MAX_FRAME_MS: f64 = 250.0;

/// Virtual-time speeds the page offers, as multiples of real time.
pub const SPEEDS: [f64; 4] = [0.25, 1.0, 4.0, 16.0];

pub struct Session {
    world: World,
    /// Virtual milliseconds per wall millisecond.
    speed: f64,
    paused: bool,
    /// Virtual time owed but not yet run, in microseconds (frames are not whole ms).
    carry_us: f64,
}

impl Session {
    /// The demo: three hosts, one etcd member each, started together.
    pub fn demo(seed: u64) -> Self {
        Session {
            world: World::demo_cluster(seed),
            speed: 1.0,
            paused: false,
            carry_us: 0.0,
        }
    }

    /// Runs the virtual time that corresponds to `wall_ms` of real time.
    pub fn frame(&mut self, wall_ms: f64) {
        if self.paused || !wall_ms.is_finite() || wall_ms <= 0.0 {
            return;
        }
        self.carry_us += wall_ms.min(MAX_FRAME_MS) * self.speed * 1000.0;
        let whole = self.carry_us.floor();
        self.carry_us -= whole;
        if whole >= 1.0 {
            self.world.advance(SimDuration::from_micros(whole as u64));
        }
    }

    pub fn command(&mut self, cmd: Command) -> Result<(), LabError> {
        self.world.apply(cmd)
    }

    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() && speed > 0.0 {
            self.speed = speed;
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn now(&self) -> SimTime {
        self.world.now()
    }

    pub fn members(&self) -> Vec<MemberView> {
        self.world.members()
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// The newest `limit` events worth telling, newest first: elections, votes, starts and
    /// stops, links. Per-message drops and commit progress are left out: they would drown them.
    pub fn story(&self, limit: usize) -> Vec<LogLine> {
        self.world
            .trace()
            .iter()
            .rev()
            .filter(|e| {
                !matches!(
                    e.kind,
                    TraceKind::MessageDropped { .. } | TraceKind::CommitAdvanced { .. }
                )
            })
            .take(limit)
            .map(|e| LogLine {
                seq: e.seq,
                at: e.at,
                text: e.kind.to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_advance_virtual_time_at_the_chosen_speed() {
        let mut session = Session::demo(1);
        session.frame(100.0);
        assert_eq!(session.now().as_micros(), 100_000);
        session.set_speed(4.0);
        session.frame(100.0);
        assert_eq!(session.now().as_micros(), 500_000);
    }

    #[test]
    fn a_long_gap_is_capped() {
        let mut session = Session::demo(1);
        session.frame(60_000.0);
        assert_eq!(session.now().as_micros(), (MAX_FRAME_MS * 1000.0) as u64);
    }

    #[test]
    fn paused_sessions_and_bad_frames_do_not_move() {
        let mut session = Session::demo(1);
        session.set_paused(true);
        session.frame(100.0);
        session.set_paused(false);
        session.frame(f64::NAN);
        session.frame(-5.0);
        assert_eq!(session.now().as_micros(), 0);
    }

    #[test]
    fn fractional_frames_add_up() {
        let mut session = Session::demo(1);
        for _ in 0..3 {
            session.frame(16.6667);
        }
        assert_eq!(session.now().as_micros(), 50_000);
    }

    #[test]
    fn the_demo_elects_a_leader_and_survives_its_loss() {
        let mut session = Session::demo(7);
        for _ in 0..40 {
            session.frame(100.0);
        }
        let leader = session.world().leader().expect("a leader within 4 s");
        session
            .command(Command::StopMember(leader.name.clone()))
            .expect("the leader can be stopped");
        for _ in 0..40 {
            session.frame(100.0);
        }
        let next = session.world().leader().expect("a new leader within 4 s");
        assert_ne!(next.name, leader.name);
        assert!(next.term > leader.term);
    }

    #[test]
    fn the_story_tells_the_election_newest_first() {
        let mut session = Session::demo(7);
        for _ in 0..40 {
            session.frame(100.0);
        }
        let leader = session.world().leader().expect("a leader within 4 s");
        let story = session.story(50);
        assert!(
            story.windows(2).all(|w| w[0].seq > w[1].seq),
            "newest first"
        );
        let elected = format!("{} became leader at term {}", leader.name, leader.term);
        assert!(story.iter().any(|l| l.text == elected), "{story:#?}");
        assert!(story.iter().all(|l| !l.text.contains("dropped")));
        assert_eq!(session.story(3).len(), 3);
    }
}
