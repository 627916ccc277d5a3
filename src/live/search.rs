//! Watch mode's search indexer. A rebuild writes the pages and the preview reloads at once;
//! this worker then re-indexes the pages from the output folder on a thread of its own and
//! swaps the new index in. Requests that arrive while it works are coalesced: it indexes the
//! newest state once. It writes only while holding the output lock, which the watch loop holds
//! through every build, so the two never write the output folder at the same time.

use crate::error::Result;
use crate::search::Refresh;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What one refresh of the index did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indexed {
    /// Pages indexed (0 when search is off and the index was removed).
    pub pages: usize,
    /// Wall time, indexing and swapping.
    pub elapsed: Duration,
}

/// A thread that refreshes the search index on request.
pub struct SearchWorker {
    jobs: Option<Sender<Refresh>>,
    done: Receiver<Answer>,
    pending: usize,
    thread: Option<JoinHandle<()>>,
}

impl SearchWorker {
    /// Starts the worker; it writes the output only while holding `writing`.
    pub fn start(writing: Arc<Mutex<()>>) -> Self {
        let (jobs, queue) = channel::<Refresh>();
        let (report, done) = channel();
        let thread = std::thread::Builder::new()
            .name("search-refresh".into())
            .spawn(move || work(&queue, &report, &writing))
            .ok();
        SearchWorker {
            jobs: Some(jobs),
            done,
            pending: 0,
            thread,
        }
    }

    /// Asks for the index to be brought up to date with `refresh`'s pages.
    pub fn request(&mut self, refresh: Refresh) {
        if let Some(jobs) = &self.jobs
            && jobs.send(refresh).is_ok()
        {
            self.pending += 1;
        }
    }

    /// Whether a request has not been answered yet.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The result of a refresh that finished since the last call, if any.
    pub fn finished(&mut self) -> Option<Result<Indexed>> {
        let mut last = None;
        loop {
            match self.done.try_recv() {
                Ok((answered, result)) => {
                    self.pending = self.pending.saturating_sub(answered);
                    last = Some(result);
                }
                Err(TryRecvError::Empty) => return last,
                Err(TryRecvError::Disconnected) => {
                    // The thread is gone: nothing more will be answered.
                    self.pending = 0;
                    return last;
                }
            }
        }
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A refresh's result and how many requests it answered.
type Answer = (usize, Result<Indexed>);

fn work(queue: &Receiver<Refresh>, report: &Sender<Answer>, writing: &Mutex<()>) {
    while let Ok(mut refresh) = queue.recv() {
        let mut answered = 1;
        // Only the newest state matters.
        while let Ok(newer) = queue.try_recv() {
            refresh = newer;
            answered += 1;
        }
        let start = Instant::now();
        let result = refresh.run(writing).map(|pages| Indexed {
            pages,
            elapsed: start.elapsed(),
        });
        if report.send((answered, result)).is_err() {
            return;
        }
    }
}
