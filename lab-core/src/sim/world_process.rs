//! Signals to a member's process short of killing it: freezing it (`kill -STOP`, a long GC
//! pause, a VM stall), thawing it, and the crash point `lab check` uses to verify that nothing
//! is promised before it is on disk.
//!
//! A frozen process neither ticks nor handles messages; what arrives waits in its backlog, as
//! in socket buffers, and is handled in arrival order once thawed. That is how a leader can
//! wake up still believing it leads, the situation leases and ReadIndex exist for.

use super::event::Event;
use super::{TraceKind, World};
use crate::error::LabError;

/// Most events waiting at one frozen process (unit: events). Past it, arrivals are dropped as
/// a full socket buffer would drop them, and the drop is traced.
pub const MAX_BACKLOG: usize = 10_000;

impl World {
    pub(crate) fn pause_member(&mut self, name: &str) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        let member = &mut self.members[idx];
        if member.node.is_none() {
            return Err(LabError::MemberNotRunning(name.to_owned()));
        }
        if member.paused {
            return Err(LabError::MemberPaused(name.to_owned()));
        }
        member.paused = true;
        self.record(TraceKind::MemberPaused {
            member: name.to_owned(),
        });
        Ok(())
    }

    pub(crate) fn resume_member(&mut self, name: &str) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        let member = &mut self.members[idx];
        if !member.paused {
            return Err(LabError::MemberNotPaused(name.to_owned()));
        }
        member.paused = false;
        let backlog = std::mem::take(&mut member.backlog);
        self.record(TraceKind::MemberResumed {
            member: name.to_owned(),
            backlog: backlog.len() as u64,
        });
        for event in backlog {
            // Back on the wire for an instant, so the delivery path counts it once more.
            self.network.redeliver();
            let scheduled = self.queue.push(self.now, event);
            debug_assert!(scheduled, "event queue full");
        }
        Ok(())
    }

    pub(crate) fn crash_after_next_send(&mut self, name: &str) -> Result<(), LabError> {
        let idx = self.member_index(name)?;
        let member = &mut self.members[idx];
        if member.node.is_none() {
            return Err(LabError::MemberNotRunning(name.to_owned()));
        }
        member.crash_after_send = true;
        Ok(())
    }

    /// Holds `event` for member `idx` if its process is frozen (or drops it if the backlog is
    /// full); otherwise hands it back to be handled now.
    pub(crate) fn hold_if_paused(&mut self, idx: usize, event: Event) -> Option<Event> {
        let Some(member) = self.members.get_mut(idx) else {
            return Some(event);
        };
        if !member.paused {
            return Some(event);
        }
        if member.backlog.len() < MAX_BACKLOG {
            member.backlog.push(event);
        } else {
            let member = member.name().to_owned();
            self.record(TraceKind::BacklogFull { member });
        }
        None
    }

    /// After member `idx` sent messages: dies there if a crash point was armed.
    pub(crate) fn maybe_crash_after_send(&mut self, idx: usize) -> bool {
        let armed = self
            .members
            .get(idx)
            .is_some_and(|m| m.crash_after_send && m.node.is_some());
        if armed {
            let name = self.members[idx].name().to_owned();
            let _ = self.apply(crate::sim::Command::StopMember(name));
        }
        armed
    }
}
