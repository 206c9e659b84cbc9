//! Virtual-time waits for jobs: `sleep`, and waiting for a condition on the world with a
//! deadline (a reply, a unit becoming ready).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Lab;
use crate::sim::World;
use crate::time::{SimDuration, SimTime};

/// Resolves once virtual time reaches `until`.
pub struct Sleep {
    lab: Lab,
    until: SimTime,
}

/// Waits `d` of virtual time.
pub fn sleep(lab: &Lab, d: SimDuration) -> Sleep {
    Sleep {
        lab: lab.clone(),
        until: lab.now().saturating_add(d),
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.lab.now() >= self.until {
            Poll::Ready(())
        } else {
            self.lab.wake_at(self.until);
            Poll::Pending
        }
    }
}

/// Resolves to `Some(value)` as soon as `check` finds one in the world, or `None` at
/// `deadline`.
pub struct WaitFor<T, F: FnMut(&World) -> Option<T>> {
    lab: Lab,
    deadline: SimTime,
    check: F,
}

/// Waits until `check(world)` returns something, for at most `timeout`.
pub fn wait_for<T, F: FnMut(&World) -> Option<T>>(
    lab: &Lab,
    timeout: SimDuration,
    check: F,
) -> WaitFor<T, F> {
    WaitFor {
        lab: lab.clone(),
        deadline: lab.now().saturating_add(timeout),
        check,
    }
}

impl<T, F: FnMut(&World) -> Option<T> + Unpin> Future for WaitFor<T, F> {
    type Output = Option<T>;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = &mut *self;
        let found = (this.check)(&this.lab.world());
        if found.is_some() {
            return Poll::Ready(found);
        }
        if this.lab.now() >= this.deadline {
            return Poll::Ready(None);
        }
        this.lab.wake_at(this.deadline);
        Poll::Pending
    }
}
