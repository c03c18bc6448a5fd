//! A progress line on stderr for long scans: what has been scanned so far, redrawn a few times a
//! second and erased when the scan ends. Shown only when asked (stderr is a terminal and the user
//! did not pass `-q`) and only after half a second, so quick scans never flicker. The line names
//! counts, never a file or a secret.

use std::{
    io::Write,
    sync::atomic::{AtomicBool, Ordering},
    time::{Duration, Instant},
};

use leakhound::report::text::human_bytes;

const DELAY: Duration = Duration::from_millis(500);
const REDRAW: Duration = Duration::from_millis(200);
const TICK: Duration = Duration::from_millis(50);

/// Runs `work`, drawing progress from `counts` (items and bytes so far) meanwhile when `unit`
/// names what is counted (files, blobs); without a unit it just runs the work.
pub fn while_running<T>(
    unit: Option<&str>,
    counts: impl Fn() -> (u64, u64) + Sync,
    work: impl FnOnce() -> T,
) -> T {
    let Some(unit) = unit else {
        return work();
    };
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let started = Instant::now();
            let mut last_draw: Option<Instant> = None;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                let due = last_draw.is_none_or(|t| t.elapsed() >= REDRAW);
                if started.elapsed() >= DELAY && due {
                    let (scanned, bytes) = counts();
                    let mut err = std::io::stderr().lock();
                    let _ = write!(
                        err,
                        "\r\x1b[2Kleakhound: scanning… {scanned} {unit}, {} ({:.0}s)",
                        human_bytes(bytes),
                        started.elapsed().as_secs_f64()
                    );
                    let _ = err.flush();
                    last_draw = Some(Instant::now());
                }
            }
            if last_draw.is_some() {
                let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            }
        });
        let result = work();
        done.store(true, Ordering::Relaxed);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_progress_just_runs_the_work() {
        assert_eq!(while_running(None, || (0, 0), || 7), 7);
    }

    #[test]
    fn enabled_progress_returns_the_result_and_stops() {
        let value = while_running(
            Some("files"),
            || (0, 0),
            || {
                std::thread::sleep(Duration::from_millis(10));
                42
            },
        );
        assert_eq!(value, 42);
    }
}
