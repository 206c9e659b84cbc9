//! `Lab`: a world plus the jobs (shell lines, background commands, programs waiting for
//! replies) running in it, advanced together in virtual time.
//!
//! The world alone is a pure event machine; what a person types is a computation that waits
//! on it. The lab owns both behind an `Rc` so a job can look at the world between waits,
//! and `advance` interleaves them: poll every job, run the world up to the next instant
//! anything is due (an event, or a job's timer), poll again. Jobs are polled in a fixed
//! order, so a seed plus the typed input still replays a run exactly.

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::task::Poll;

use super::jobs::{JobFuture, Jobs, TooManyJobs, poll_once};
use super::systemd_host::HostSystemd;
use super::terminal::Terminal;
use crate::sim::{ClientReply, MAX_CLIENT_REPLIES, World};
use crate::time::{SimDuration, SimTime};

/// Most rounds of polling in one `advance` call: a guard against a job that asks to be woken
/// at the present instant forever.
const MAX_ROUNDS_PER_ADVANCE: usize = 1_000_000;
/// Most client replies held for jobs (unit: replies). A job that gave up waiting never
/// collects its reply, so beyond this the oldest (lowest id) is forgotten.
const MAX_HELD_REPLIES: usize = MAX_CLIENT_REPLIES;

/// State shared by the lab handle and its jobs.
pub(crate) struct LabState {
    world: RefCell<World>,
    pub(crate) jobs: RefCell<Jobs>,
    /// Earliest instant a pending job asked to be polled at (a timer), this round.
    wake_at: Cell<Option<SimTime>>,
    next_pid: Cell<u32>,
    /// The job being polled right now: a program learns its own pid from it (a process
    /// started by a job's program takes the job's pid, as `exec` keeps it).
    current_job: Cell<Option<u32>>,
    /// One terminal per host, by host index.
    pub(crate) terminals: RefCell<Vec<Terminal>>,
    /// systemd on each host, by host index.
    pub(crate) systemd: RefCell<Vec<HostSystemd>>,
    /// Replies the world delivered to clients, by request id, until the job that sent the
    /// request collects it. Filled after every world step.
    client_replies: RefCell<BTreeMap<u64, ClientReply>>,
    /// Last request id handed to a job, for `Command::ClientRequest`.
    last_client_request: Cell<u64>,
}

/// A running lab. Cheap to clone: clones share the same lab.
#[derive(Clone)]
pub struct Lab {
    pub(crate) state: Rc<LabState>,
}

impl Lab {
    /// A lab around `world`.
    pub fn new(world: World) -> Lab {
        Lab {
            state: Rc::new(LabState {
                world: RefCell::new(world),
                jobs: RefCell::new(Jobs::default()),
                wake_at: Cell::new(None),
                next_pid: Cell::new(1_000),
                current_job: Cell::new(None),
                terminals: RefCell::new(Vec::new()),
                systemd: RefCell::new(Vec::new()),
                client_replies: RefCell::new(BTreeMap::new()),
                last_client_request: Cell::new(0),
            }),
        }
    }

    /// The world, to read. Do not hold it across `advance`.
    pub fn world(&self) -> Ref<'_, World> {
        self.state.world.borrow()
    }

    /// The world, to change directly (lab controls such as cutting a link).
    pub fn world_mut(&self) -> RefMut<'_, World> {
        self.state.world.borrow_mut()
    }

    /// Virtual now.
    pub fn now(&self) -> SimTime {
        self.state.world.borrow().now()
    }

    /// Starts `future` as a job; returns its pid.
    pub fn spawn(&self, future: JobFuture) -> Result<u32, TooManyJobs> {
        let pid = self.allocate_pid();
        self.state.jobs.borrow_mut().spawn(pid, future)?;
        Ok(pid)
    }

    /// A pid no job or process has: one counter for the whole lab, so a pid names one
    /// thing wherever it is typed.
    pub fn allocate_pid(&self) -> u32 {
        let pid = self.state.next_pid.get();
        self.state.next_pid.set(pid.wrapping_add(1).max(1_000));
        pid
    }

    /// The pid of the job being polled, for programs that start processes.
    pub fn current_job(&self) -> Option<u32> {
        self.state.current_job.get()
    }

    /// Stops job `pid` without letting it finish (a signal it does not handle); returns
    /// whether it was running.
    pub fn cancel_job(&self, pid: u32, status: i32) -> bool {
        self.state.jobs.borrow_mut().cancel(pid, status)
    }

    /// Is job `pid` still running?
    pub fn is_running(&self, pid: u32) -> bool {
        self.state.jobs.borrow().is_running(pid)
    }

    /// The exit status of job `pid` if it finished recently.
    pub fn status_of(&self, pid: u32) -> Option<i32> {
        self.state.jobs.borrow().status_of(pid)
    }

    /// Asks for the jobs to be polled again at `at` (used by timers).
    pub(crate) fn wake_at(&self, at: SimTime) {
        let earliest = self.state.wake_at.get().map_or(at, |w| w.min(at));
        self.state.wake_at.set(Some(earliest));
    }

    /// Runs the world and the jobs for `d` of virtual time.
    pub fn advance(&self, d: SimDuration) {
        let until = self.now().saturating_add(d);
        for _ in 0..MAX_ROUNDS_PER_ADVANCE {
            self.poll_jobs();
            let now = self.now();
            if self.state.jobs.borrow().is_empty() {
                self.step_world(until.saturating_duration_since(now));
                return;
            }
            let next_event = self.world().next_event_at();
            let next = [next_event, self.state.wake_at.take()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(at) if at <= until => self.step_world(at.saturating_duration_since(now)),
                _ => {
                    self.step_world(until.saturating_duration_since(now));
                    self.poll_jobs();
                    return;
                }
            }
        }
    }

    /// Advances the world alone, then brings its processes in step (log lines, exits).
    fn step_world(&self, d: SimDuration) {
        let mut world = self.world_mut();
        world.advance(d);
        world.sync_processes();
        self.collect_client_replies(&mut world);
    }

    /// A request id no other job's request has (ids of the whole lab, from 1).
    pub(crate) fn next_client_request_id(&self) -> u64 {
        let id = self.state.last_client_request.get().wrapping_add(1).max(1);
        self.state.last_client_request.set(id);
        id
    }

    /// Moves the replies `world` delivered into the lab's map, where jobs look for them.
    pub(crate) fn collect_client_replies(&self, world: &mut World) {
        let mut held = self.state.client_replies.borrow_mut();
        for reply in world.take_client_replies() {
            held.insert(reply.id, reply);
            while held.len() > MAX_HELD_REPLIES {
                held.pop_first();
            }
        }
    }

    /// Takes the reply to request `id`, if it has arrived.
    pub(crate) fn take_client_reply(&self, id: u64) -> Option<ClientReply> {
        self.state.client_replies.borrow_mut().remove(&id)
    }

    /// The text of file `path` on `host`, or the error Go's `os.ReadFile` reports.
    pub fn read_file(&self, host: usize, path: &str) -> Result<String, String> {
        let world = self.world();
        let data = world
            .hosts()
            .get(host)
            .ok_or_else(|| format!("open {path}: no such file or directory"))?
            .vfs
            .read(path)
            .map_err(|e| format!("open {path}: {}", e.to_string().to_lowercase()))?;
        Ok(String::from_utf8_lossy(data).into_owned())
    }

    /// Polls every running job once, in spawn order, including jobs spawned meanwhile.
    fn poll_jobs(&self) {
        let mut i = 0;
        loop {
            let taken = self.state.jobs.borrow_mut().take(i);
            let Some((pid, future)) = taken else {
                return;
            };
            let Some(mut future) = future else {
                i += 1;
                continue;
            };
            self.state.current_job.set(Some(pid));
            let polled = poll_once(&mut future);
            self.state.current_job.set(None);
            let result = match polled {
                Poll::Ready(status) => Ok(status),
                Poll::Pending => Err(future),
            };
            let finished = result.is_ok();
            self.state.jobs.borrow_mut().put_back(pid, result);
            if !finished {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mvcc::KvRequest;
    use crate::sim::{Command, MemberSpec};

    #[test]
    fn replies_wait_by_id_and_the_oldest_are_forgotten_beyond_the_bound() {
        // A member that is configured but not started refuses every request at once.
        let mut world = World::new(1);
        let host = Command::AddHost {
            name: "h".to_owned(),
            ip: std::net::Ipv4Addr::new(10, 0, 0, 1),
        };
        world.apply(host).expect("host");
        let spec = MemberSpec::new("m", "h", &["m"]);
        world.apply(Command::AddMember(spec)).expect("member");
        let lab = Lab::new(world);
        let total = MAX_HELD_REPLIES + 5;
        for _ in 0..total {
            let id = lab.next_client_request_id();
            let request = Command::ClientRequest {
                id,
                client: "h".to_owned(),
                member: "m".to_owned(),
                request: KvRequest::Delete {
                    key: "k".to_owned(),
                },
            };
            let mut world = lab.world_mut();
            world.apply(request).expect("sent");
            lab.collect_client_replies(&mut world);
        }
        assert!(
            lab.take_client_reply(1).is_none(),
            "the oldest was forgotten"
        );
        let newest = u64::try_from(total).expect("fits");
        assert_eq!(lab.take_client_reply(newest).map(|r| r.id), Some(newest));
        assert!(lab.take_client_reply(newest).is_none(), "taken once");
        assert_eq!(
            lab.state.client_replies.borrow().len(),
            MAX_HELD_REPLIES - 1
        );
    }
}
