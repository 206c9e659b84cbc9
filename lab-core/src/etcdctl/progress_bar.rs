//! The progress bar `check perf` draws: cheggaaa/pb v1 as etcdctl 3.4 configures it
//! (`pb.New(60)`, format `Bom !`, refreshed every 200 ms), counting seconds of the run.
//!
//! Each frame is written after a carriage return so a terminal redraws one line. The
//! recordings were made without a terminal: pb then knows no width and draws no bar and no
//! padding, only the counters, the percentage and the time left, which is what the lab
//! prints too.

/// How often pb redraws (unit: microseconds of virtual time): its default `RefreshRate`.
pub(super) const REFRESH_MICROS: u64 = 200_000;

/// One bar: its total, where it started and when its count last changed (unix µs).
#[derive(Clone, Copy, Debug)]
pub(super) struct ProgressBar {
    total: u64,
    current: u64,
    start: u64,
    changed: u64,
}

impl ProgressBar {
    /// `pb.New(total)` then `Start()` at `now`.
    pub(super) fn start(total: u64, now: u64) -> Self {
        Self {
            total,
            current: 0,
            start: now,
            changed: now,
        }
    }

    /// `Add(1)` at `now`.
    pub(super) fn add(&mut self, now: u64) {
        self.current = self.current.saturating_add(1).min(self.total);
        self.changed = now;
    }

    /// The count it ends at.
    pub(super) fn total(&self) -> u64 {
        self.total
    }

    /// The count so far.
    pub(super) fn current(&self) -> u64 {
        self.current
    }

    /// A redraw at `now`: `\r`, counters, percentage and, once the count has moved, the time
    /// left as pb estimates it (whole seconds; none once it reaches zero).
    pub(super) fn frame(&self, now: u64) -> String {
        let mut line = self.counters_and_percent();
        if let Some(left) = self.left_micros(now) {
            let secs = left / 1_000_000;
            let hours = secs / 3600;
            if hours > 0 {
                line.push_str(&format!(" {hours}h"));
            } else {
                line.push(' ');
            }
            line.push_str(&format!("{:02}m{:02}s", (secs / 60) % 60, secs % 60));
        }
        line
    }

    /// `Finish()` at `now`: the last frame with the time taken (Go's `Duration` text of
    /// whole seconds), then a newline.
    pub(super) fn finish(&self, now: u64) -> String {
        let taken = now.saturating_sub(self.start) / 1_000_000;
        format!("{} {}\n", self.counters_and_percent(), whole_seconds(taken))
    }

    fn counters_and_percent(&self) -> String {
        let percent = if self.total == 0 {
            0.0
        } else {
            self.current as f64 * 100.0 / self.total as f64
        };
        format!("\r {} / {}  {percent:6.2}%", self.current, self.total)
    }

    /// pb's estimate: the time per step so far times the steps left, minus the time since
    /// the last step, truncated to whole seconds.
    fn left_micros(&self, now: u64) -> Option<u64> {
        if self.current == 0 {
            return None;
        }
        let per_step = self.changed.saturating_sub(self.start) / self.current;
        let left = (self.total - self.current)
            .saturating_mul(per_step)
            .saturating_sub(now.saturating_sub(self.changed));
        let left = left / 1_000_000 * 1_000_000;
        (left > 0).then_some(left)
    }
}

/// Go's `time.Duration.String` for a whole number of seconds: `59s`, `1m0s`, `1h0m0s`.
fn whole_seconds(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s}s"),
        _ => format!("{h}h{m}m{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: u64 = 1_000_000;

    #[test]
    fn a_fresh_bar_shows_only_counters_and_percentage() {
        let bar = ProgressBar::start(60, 0);
        assert_eq!(bar.frame(0), "\r 0 / 60    0.00%");
        assert_eq!(bar.frame(800_000), "\r 0 / 60    0.00%");
    }

    #[test]
    fn after_the_first_second_the_bar_estimates_the_time_left() {
        let mut bar = ProgressBar::start(60, 0);
        bar.add(SEC);
        assert_eq!(bar.frame(SEC), "\r 1 / 60    1.67% 00m59s");
        assert_eq!(bar.frame(SEC + 200_000), "\r 1 / 60    1.67% 00m58s");
    }

    #[test]
    fn the_last_second_loses_its_estimate_then_finish_prints_the_time_taken() {
        let mut bar = ProgressBar::start(60, 0);
        for s in 1..=59 {
            bar.add(s * SEC);
        }
        assert_eq!(bar.frame(59 * SEC), "\r 59 / 60   98.33% 00m01s");
        assert_eq!(bar.frame(59 * SEC + 200_000), "\r 59 / 60   98.33%");
        bar.add(60 * SEC);
        assert_eq!(bar.finish(60 * SEC + 5), "\r 60 / 60  100.00% 1m0s\n");
    }

    #[test]
    fn durations_read_as_go_prints_them() {
        assert_eq!(whole_seconds(0), "0s");
        assert_eq!(whole_seconds(59), "59s");
        assert_eq!(whole_seconds(3600), "1h0m0s");
    }
}
