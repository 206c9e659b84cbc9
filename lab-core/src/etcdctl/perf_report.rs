//! The figures `check perf` judges the cluster by, as etcd's `pkg/report` computes them from
//! each request's start and end: requests per second over the whole run, the slowest
//! request and the standard deviation of the latencies, plus the count of each error text.
//!
//! Latencies are folded in as they come (Welford's running mean and variance) so a run of any
//! length holds a fixed amount of memory; only [`MAX_ERROR_KINDS`] distinct error texts are
//! kept.

use std::collections::BTreeMap;

/// The most distinct error texts remembered (unit: texts); later new ones are counted
/// under the last kept.
pub(super) const MAX_ERROR_KINDS: usize = 16;

/// Throughput below this share of the load's rate fails the check.
const MIN_RATE_SHARE: f64 = 0.9;
/// A slower request fails the check (unit: seconds).
const MAX_SLOWEST_SECS: f64 = 0.5;
/// A larger standard deviation fails the check (unit: seconds).
const MAX_STDDEV_SECS: f64 = 0.1;

/// What the run measured so far.
#[derive(Clone, Debug, Default)]
pub(super) struct PerfReport {
    count: u64,
    mean: f64,
    m2: f64,
    slowest: f64,
    errors: BTreeMap<String, u64>,
}

impl PerfReport {
    /// A request that succeeded after `micros` of virtual time.
    pub(super) fn success(&mut self, micros: u64) {
        let secs = micros as f64 / 1e6;
        self.count = self.count.saturating_add(1);
        let delta = secs - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (secs - self.mean);
        self.slowest = self.slowest.max(secs);
    }

    /// A request that failed with `text`.
    pub(super) fn error(&mut self, text: String) {
        let key = if self.errors.len() < MAX_ERROR_KINDS || self.errors.contains_key(&text) {
            text
        } else {
            self.errors.keys().next_back().cloned().unwrap_or(text)
        };
        let count = self.errors.entry(key).or_default();
        *count = count.saturating_add(1);
    }

    /// The verdict lines over a run of `total_micros` against a load of `limit` writes per
    /// second, and whether every check passed.
    pub(super) fn verdict(&self, total_micros: u64, limit: u64) -> (String, bool) {
        let mut out = String::new();
        let mut ok = true;
        if !self.errors.is_empty() {
            out.push_str("FAIL: too many errors\n");
            for (text, count) in &self.errors {
                out.push_str(&format!("FAIL: ERROR({text}) -> {count}\n"));
            }
            ok = false;
        }
        let rps = self.rps(total_micros);
        let shown = rps as i64 + 1;
        if limit == 0 || rps / limit as f64 <= MIN_RATE_SHARE {
            out.push_str(&format!("FAIL: Throughput too low: {shown} writes/s\n"));
            ok = false;
        } else {
            out.push_str(&format!("PASS: Throughput is {shown} writes/s\n"));
        }
        if self.slowest > MAX_SLOWEST_SECS {
            out.push_str(&format!(
                "Slowest request took too long: {:.6}s\n",
                self.slowest
            ));
            ok = false;
        } else {
            out.push_str(&format!(
                "PASS: Slowest request took {:.6}s\n",
                self.slowest
            ));
        }
        let stddev = self.stddev();
        if stddev > MAX_STDDEV_SECS {
            out.push_str(&format!("Stddev too high: {stddev:.6}s\n"));
            ok = false;
        } else {
            out.push_str(&format!("PASS: Stddev is {stddev:.6}s\n"));
        }
        out.push_str(if ok { "PASS\n" } else { "FAIL\n" });
        (out, ok)
    }

    /// Successful requests per second of the whole run (Go divides by zero seconds into
    /// +Inf; the lab's runs always last).
    fn rps(&self, total_micros: u64) -> f64 {
        if total_micros == 0 {
            return 0.0;
        }
        self.count as f64 / (total_micros as f64 / 1e6)
    }

    /// The population standard deviation (`pkg/report` divides by the count); NaN with no
    /// latencies at all, as Go's 0/0 gives.
    fn stddev(&self) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        (self.m2 / self.count as f64).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_steady_cluster_passes_every_check() {
        let mut report = PerfReport::default();
        for _ in 0..9000 {
            report.success(10_000);
        }
        let (text, ok) = report.verdict(60_020_000, 150);
        assert!(ok);
        assert_eq!(
            text,
            "PASS: Throughput is 150 writes/s\nPASS: Slowest request took 0.010000s\n\
             PASS: Stddev is 0.000000s\nPASS\n"
        );
    }

    #[test]
    fn one_slow_request_fails_the_run_as_the_recording_did() {
        let mut report = PerfReport::default();
        for _ in 0..8999 {
            report.success(10_000);
        }
        report.success(624_930);
        let (text, ok) = report.verdict(60_000_000, 150);
        assert!(!ok);
        assert!(text.contains("Slowest request took too long: 0.624930s\n"));
        assert!(text.ends_with("FAIL\n"));
    }

    #[test]
    fn stddev_is_the_population_one() {
        let mut report = PerfReport::default();
        report.success(0);
        report.success(200_000);
        assert!((report.stddev() - 0.1).abs() < 1e-12);
    }

    #[test]
    fn errors_are_counted_by_text_and_fail_the_run() {
        let mut report = PerfReport::default();
        report.error("etcdserver: request timed out".to_owned());
        report.error("etcdserver: request timed out".to_owned());
        let (text, ok) = report.verdict(60_000_000, 150);
        assert!(!ok);
        assert!(text.starts_with(
            "FAIL: too many errors\nFAIL: ERROR(etcdserver: request timed out) -> 2\n"
        ));
        assert!(text.contains("FAIL: Throughput too low: 1 writes/s\n"));
    }

    #[test]
    fn error_kinds_stay_bounded() {
        let mut report = PerfReport::default();
        for i in 0..100 {
            report.error(format!("error {i}"));
        }
        assert_eq!(report.errors.len(), MAX_ERROR_KINDS);
        assert_eq!(report.errors.values().sum::<u64>(), 100);
    }
}
