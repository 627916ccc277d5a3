//! How far a full build has come, for a progress bar: the build counts, whoever shows the bar
//! reads. Counting is a relaxed atomic add per output, nothing a build notices.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// The stage a build is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing the content.
    Reading,
    /// Rendering the outputs (counted).
    Rendering,
    /// Finishing the search index.
    Indexing,
    /// Moving the new files into the output folder.
    Writing,
}

impl Stage {
    /// Every stage, in the order a build goes through them.
    pub const ALL: [Stage; 4] = [
        Stage::Reading,
        Stage::Rendering,
        Stage::Indexing,
        Stage::Writing,
    ];

    /// Its lowercase name, the key of its words in the message catalogues.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Rendering => "rendering",
            Stage::Indexing => "indexing",
            Stage::Writing => "writing",
        }
    }
}

#[derive(Debug, Default)]
struct Counters {
    /// 0 before the build starts, else 1 + the stage's index in [`Stage::ALL`].
    stage: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// A build's progress, shared by cloning.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<Counters>);

impl Progress {
    /// Enters `stage`, with `total` steps to count (0: not counted).
    pub fn start(&self, stage: Stage, total: usize) {
        let at = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        self.0.done.store(0, Ordering::Relaxed);
        self.0.total.store(total, Ordering::Relaxed);
        self.0.stage.store(at as u8 + 1, Ordering::Release);
    }

    /// Counts one step of the stage.
    pub fn step(&self) {
        self.0.done.fetch_add(1, Ordering::Relaxed);
    }

    /// The stage, the steps done and the steps in all; `None` before the build starts.
    pub fn get(&self) -> Option<(Stage, usize, usize)> {
        let stage = usize::from(self.0.stage.load(Ordering::Acquire));
        let stage = *Stage::ALL.get(stage.checked_sub(1)?)?;
        let total = self.0.total.load(Ordering::Relaxed);
        let done = self.0.done.load(Ordering::Relaxed).min(total);
        Some((stage, done, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_stage_from_zero() {
        let p = Progress::default();
        assert_eq!(p.get(), None);
        p.start(Stage::Rendering, 3);
        p.step();
        p.step();
        assert_eq!(p.clone().get(), Some((Stage::Rendering, 2, 3)));
        p.start(Stage::Writing, 0);
        assert_eq!(p.get(), Some((Stage::Writing, 0, 0)));
    }
}
