//! Progress bars on stderr for long runs: drawn only when stderr is a terminal and `-q` is off.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar, or nothing (hidden bars cost next to nothing and print nothing).
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar over `len` items, shown when stderr is a terminal, `-q` is off and `show` holds
    /// (callers pass false when their output goes to the same terminal, or the run is short).
    pub fn bar(len: usize, what: &str, show: bool) -> Progress {
        if !visible(show) {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::new(len as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:>10} [{bar:32}] {pos}/{len} ({percent}%) eta {eta} {wide_msg}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.set_prefix(what.to_string());
        Progress(bar)
    }

    /// A spinner with a message, for a step whose length is unknown (fitting a model).
    pub fn spinner(message: &str) -> Progress {
        if !visible(true) {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("a valid template"),
        );
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(bar)
    }

    /// Advances by `n` items.
    pub fn inc(&self, n: usize) {
        self.0.inc(n as u64);
    }

    /// Sets the message after the bar (e.g. the current file).
    pub fn message(&self, message: String) {
        self.0.set_message(message);
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn warn(&self, line: &str) {
        self.0.suspend(|| eprintln!("{line}"));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.0.is_finished() {
            self.0.finish_and_clear();
        }
    }
}

/// Advances a bar by one when dropped: one page done, however its closure returned.
pub struct Tick<'a>(pub &'a Progress);

impl Drop for Tick<'_> {
    fn drop(&mut self) {
        self.0.inc(1);
    }
}

fn visible(show: bool) -> bool {
    show && !super::quiet() && std::io::stderr().is_terminal()
}
