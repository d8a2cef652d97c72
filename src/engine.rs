//! Many documents, checked in parallel and contained, with deterministic output. The engine
//! only schedules: it reads each file and hands it to the pure per-document pipeline
//! ([`crate::lint`]) on a pool of worker threads (one per CPU, or `--threads`).
//!
//! Results come back in the order the files were given, each as soon as it and the ones before
//! it are done ([`check_paths`]), and findings within a file are sorted by position then rule
//! id, so output never depends on thread scheduling. A result keeps what the reports need from
//! its document (places, quoted passages) but not the document, so memory follows the largest
//! document rather than the run. A file that cannot be read becomes a [`FileError`] in its own
//! result; the other files are still checked.
//!
//! Containment: each document is read, analysed and checked on a worker (64 MiB stack) under
//! [`limits::within`]: the readers check the document's deadline as they go and stop with a
//! `limit-exceeded` error. Should anything still run past the deadline (a loop inside a
//! dependency), the calling thread, which watches the clock, stops waiting a moment later,
//! reports the limit for that file, starts a new worker in place of the stuck one and goes on;
//! the stray thread ends with the process. (rayon's pool cannot abandon a stuck task, so the
//! pool is ours; a thread per document instead cost 50% in cold regex caches.) A panic is
//! caught on the worker and becomes an `internal-error` for that file. Stack overflow and allocation
//! failure cannot be caught in-process; they are prevented by construction instead: every
//! recursion over document structure has a depth limit (tested at 100,000 levels) and every
//! allocation a document can drive is bounded by a limit (README, "Robustness").

use std::collections::VecDeque;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::analyse;
use crate::diagnostic::{FileError, FileResult};
use crate::extract::ReadError;
use crate::limits::{self, Limits};
use crate::lint;
use crate::rules::RuleSet;

/// Settings that apply to every document in a run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// What the pipeline needs besides the rules: `--kind`, the configuration, the rule ids.
    pub lint: lint::Options,
    /// Safety limits for each document (`[limits]`, `--limit`).
    pub limits: Limits,
    /// Worker threads (`--threads`); `None`: one per CPU.
    pub threads: Option<usize>,
}

/// Check every path (files, not folders) with `rules`, on `options.threads` worker threads,
/// handing each result to `each` as soon as it and every earlier path's are done: in the order
/// of `paths`, whatever order the workers finish in. A caller that prints and drops each result
/// holds no more than the results finished out of order. `done` is called after each file (for
/// a progress bar). Both run on the calling thread.
pub fn check_paths(
    paths: &[PathBuf],
    rules: &RuleSet,
    options: &Options,
    done: &dyn Fn(),
    each: &mut dyn FnMut(FileResult),
) {
    let jobs = paths.iter().map(|p| Job::File(p.clone(), None)).collect();
    run(jobs, rules, options, done, each);
}

/// What to check: a file, or a pack of files read as one ([`lint::lint_pack`]).
#[derive(Clone, Debug)]
pub enum Input {
    File(PathBuf),
    Pack(lint::PackSpec),
}

/// Check every input like [`check_paths`]; a pack hands over one result per member, main
/// document first, each naming the pack. `done` is called after each input.
pub fn check_inputs(
    inputs: &[Input],
    rules: &RuleSet,
    options: &Options,
    done: &dyn Fn(),
    each: &mut dyn FnMut(FileResult),
) {
    let jobs = inputs
        .iter()
        .map(|input| match input {
            Input::File(path) => Job::File(path.clone(), None),
            Input::Pack(spec) => Job::Pack(spec.clone(), None),
        })
        .collect();
    run(jobs, rules, options, done, each);
}

/// Documents given as bytes rather than read from their paths (uploads to `tenderlint serve`):
/// each path only names its document.
#[derive(Clone, Debug)]
pub enum Given {
    File(PathBuf, Vec<u8>),
    /// A pack and its members' bytes, in the order of `spec.files`.
    Pack(lint::PackSpec, Vec<Vec<u8>>),
}

/// Check documents held in memory like [`check_inputs`]: nothing is read from disk.
pub fn check_given(
    given: Vec<Given>,
    rules: &RuleSet,
    options: &Options,
    each: &mut dyn FnMut(FileResult),
) {
    let jobs = given
        .into_iter()
        .map(|input| match input {
            Given::File(path, bytes) => Job::File(path, Some(bytes)),
            Given::Pack(spec, bytes) => Job::Pack(spec, Some(bytes)),
        })
        .collect();
    run(jobs, rules, options, &|| {}, each);
}

/// Check one file, read from `path` or given as `bytes` (standard input, named `path`). Never
/// panics and returns within the time limit: a failure becomes an error for this file.
pub fn check_file(
    path: &Path,
    bytes: Option<&[u8]>,
    rules: &RuleSet,
    options: &Options,
) -> FileResult {
    let jobs = vec![Job::File(path.to_path_buf(), bytes.map(<[u8]>::to_vec))];
    let mut results = Vec::with_capacity(1);
    run(jobs, rules, options, &|| {}, &mut |result| {
        results.push(result)
    });
    results
        .pop()
        .unwrap_or_else(|| FileResult::failed(path, ReadError::Io("no result".into()).into()))
}

/// Stack for a worker thread. No recursion a document drives is deeper than its limit; this
/// is headroom for the dependencies' parsers.
const WORKER_STACK: usize = 64 << 20;
/// How long past its deadline a document may run before the engine stops waiting for it.
const GRACE: Duration = Duration::from_secs(2);
/// How often the engine looks for a document past its deadline.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// A document to check (its path, and its bytes when they do not come from the path), or a
/// pack.
enum Job {
    File(PathBuf, Option<Vec<u8>>),
    /// A pack, and its members' bytes when they are not read from their paths.
    Pack(lint::PackSpec, Option<Vec<Vec<u8>>>),
}

impl Job {
    /// The files the job reports on.
    fn paths(&self) -> Vec<PathBuf> {
        match self {
            Job::File(path, _) => vec![path.clone()],
            Job::Pack(spec, _) => spec.files.clone(),
        }
    }

    /// How many documents' time the job may take: a pack, one per member.
    fn documents(&self) -> u32 {
        match self {
            Job::File(..) => 1,
            Job::Pack(spec, _) => u32::try_from(spec.files.len()).unwrap_or(u32::MAX).max(1),
        }
    }
}

/// The same error for every file of a job.
fn failed(paths: &[PathBuf], error: &FileError) -> Vec<FileResult> {
    paths
        .iter()
        .map(|path| FileResult::failed(path, error.clone()))
        .collect()
}

enum Message {
    Started(usize, Instant),
    Finished(usize, Box<Result<Vec<FileResult>, String>>),
}

/// What the workers share: the rules, the options and the queue of jobs.
struct Shared {
    rules: RuleSet,
    options: Options,
    queue: Mutex<VecDeque<(usize, Job)>>,
}

/// Run the jobs on persistent worker threads (warm caches: the regex engines keep one per
/// thread) and hand the results to `deliver` in job order. The calling thread watches the clock: a
/// document still running `GRACE` after its deadline is reported as over the time limit, its
/// worker is abandoned (it ends with the process) and a new worker takes its place, so one
/// stuck document never stops the run.
fn run(
    jobs: Vec<Job>,
    rules: &RuleSet,
    options: &Options,
    done: &dyn Fn(),
    deliver: &mut dyn FnMut(FileResult),
) {
    let total = jobs.len();
    let paths: Vec<Vec<PathBuf>> = jobs.iter().map(Job::paths).collect();
    let documents: Vec<u32> = jobs.iter().map(Job::documents).collect();
    let shared = Arc::new(Shared {
        rules: rules.clone(),
        options: options.clone(),
        queue: Mutex::new(jobs.into_iter().enumerate().collect()),
    });
    let (send, receive) = mpsc::channel();
    let threads = options
        .threads
        .unwrap_or_else(default_threads)
        .clamp(1, total.max(1));
    let mut results: Vec<Option<Vec<FileResult>>> = (0..total).map(|_| None).collect();
    // Whether each job has its result (a stuck worker's may still arrive after its timeout).
    let mut settled = vec![false; total];
    // With two workers or more, the second compiles the rules' and the analyses' patterns before
    // it takes a job, from the last pattern back, while the first reads documents and compiles
    // what it meets from the front: otherwise both meet each pattern at once, one compiling and
    // the other waiting (bench md -j2: 2.52 s to 2.28 s; 1 thread is left as it is).
    let spawned = (0..threads)
        .filter(|&i| spawn_worker(&shared, &send, i == 1).is_ok())
        .count();
    if spawned == 0 {
        // No thread could be started: check here, without the watchdog (the readers' own
        // deadline checks still apply).
        work(&shared, &send);
    } else if options.threads.is_none() && default_threads() > threads {
        // A spare CPU (one file, or fewer files than CPUs) compiles the later analyses' and the
        // rules' patterns while the workers read and analyse: most of start-up on a small file. Not when the user
        // chose the number of threads. The thread is not joined: it ends with the process.
        let shared = Arc::clone(&shared);
        let _ = std::thread::Builder::new()
            .name("tenderlint-warm-up".into())
            .spawn(move || {
                analyse::warm_up();
                shared.rules.warm_up();
            });
    }
    let allowed = |index: usize| {
        options
            .limits
            .time_per_document
            .saturating_mul(documents[index])
            .saturating_add(GRACE)
    };
    let mut running: Vec<(usize, Instant)> = Vec::new();
    let mut left = total;
    // Results finished ahead of an earlier job wait here; `next` is the first not delivered.
    let mut next = 0;
    let mut hand_over = |results: &mut [Option<Vec<FileResult>>], next: &mut usize| {
        while let Some(finished) = results.get_mut(*next).and_then(Option::take) {
            for result in finished {
                deliver(result);
            }
            *next += 1;
        }
    };
    while left > 0 {
        match receive.recv_timeout(WATCH_EVERY) {
            Ok(Message::Started(index, at)) => running.push((index, at)),
            Ok(Message::Finished(index, outcome)) => {
                let outcome = *outcome;
                running.retain(|(i, _)| *i != index);
                if !settled[index] {
                    settled[index] = true;
                    results[index] = Some(outcome.unwrap_or_else(|message| {
                        failed(&paths[index], &FileError::internal(&message))
                    }));
                    left -= 1;
                    done();
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            // Every worker gone with jobs left: cannot happen while `send` is held here.
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        let now = Instant::now();
        let stuck: Vec<usize> = running
            .iter()
            .filter(|(i, at)| now.duration_since(*at) > allowed(*i))
            .map(|(i, _)| *i)
            .collect();
        for index in stuck {
            running.retain(|(i, _)| *i != index);
            settled[index] = true;
            let allowed = options
                .limits
                .time_per_document
                .saturating_mul(documents[index]);
            results[index] = Some(failed(
                &paths[index],
                &ReadError::from(limits::time_exceeded(allowed)).into(),
            ));
            left -= 1;
            done();
            // The stuck worker may never return: another takes its place.
            if spawn_worker(&shared, &send, false).is_err() {
                work(&shared, &send);
            }
        }
        hand_over(&mut results, &mut next);
    }
    for ((slot, paths), settled) in results.iter_mut().zip(&paths).zip(&settled).skip(next) {
        if !settled {
            *slot = Some(failed(
                paths,
                &FileError::internal("the document was never checked"),
            ));
        }
    }
    hand_over(&mut results, &mut next);
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn spawn_worker(
    shared: &Arc<Shared>,
    send: &mpsc::Sender<Message>,
    warm: bool,
) -> std::io::Result<()> {
    let shared = Arc::clone(shared);
    let send = send.clone();
    std::thread::Builder::new()
        .name(WORKER_NAME.into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            if warm {
                // A pattern that cannot compile fails again where a document meets it, and is
                // reported there as that document's internal error.
                let _ = catch_unwind(AssertUnwindSafe(|| {
                    shared.rules.warm_up();
                    analyse::warm_up();
                }));
            }
            work(&shared, &send)
        })
        .map(|_| ())
}

/// A worker's loop: take the next job, check it under its limits, report, until none are left
/// (or nobody is listening).
fn work(shared: &Shared, send: &mpsc::Sender<Message>) {
    loop {
        let job = shared.queue.lock().ok().and_then(|mut q| q.pop_front());
        let Some((index, job)) = job else {
            return;
        };
        if send.send(Message::Started(index, Instant::now())).is_err() {
            return;
        }
        let options = &shared.options;
        let outcome = catch_unwind(AssertUnwindSafe(|| match &job {
            Job::File(path, bytes) => vec![limits::within(&options.limits, || {
                check_file_inner(path, bytes.as_deref(), &shared.rules, options)
            })],
            Job::Pack(spec, given) => {
                let mut limits = options.limits;
                limits.time_per_document = limits.time_per_document.saturating_mul(job.documents());
                limits::within(&limits, || {
                    check_pack(spec, given.as_deref(), &shared.rules, options)
                })
            }
        }));
        let outcome = outcome.map_err(|payload| panic_message(&*payload));
        if send
            .send(Message::Finished(index, Box::new(outcome)))
            .is_err()
        {
            return;
        }
    }
}

const WORKER_NAME: &str = "tenderlint-document";

/// The message of a caught panic, with where it happened when a worker recorded it.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into());
    let place = LAST_PANIC.with(|p| p.take()).unwrap_or_default();
    format!("{text}{place}")
}

thread_local! {
    /// Where the last panic on this thread happened, recorded by [`quiet_panics`].
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replace the default panic hook, which prints "thread … panicked at …" to standard error,
/// with one that records where a document's worker panicked for its `internal-error`, and
/// prints only with `TENDERLINT_DEBUG` set. Panics outside a worker print as before.
pub fn quiet_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let on_worker = std::thread::current().name() == Some(WORKER_NAME);
        if on_worker && std::env::var_os("TENDERLINT_DEBUG").is_none() {
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(place));
        } else {
            default(info);
        }
    }));
}

/// Test builds only: make the file named by `TENDERLINT_TEST_PANIC` panic, and the one named
/// by `TENDERLINT_TEST_HANG` loop without ever checking its deadline, so that the integration
/// tests can prove containment with the real binary. Release builds have no such hook.
#[cfg(debug_assertions)]
fn fault_injection(path: &Path) {
    let named = |var: &str| {
        std::env::var_os(var).is_some_and(|name| path.file_name() == Some(name.as_os_str()))
    };
    if named("TENDERLINT_TEST_PANIC") {
        panic!("injected by TENDERLINT_TEST_PANIC");
    }
    if named("TENDERLINT_TEST_HANG") {
        loop {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Read a file, refusing one larger than the `file-size-mb` limit (also a device or a file
/// still growing: at most one byte past the limit is read).
fn read_limited(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::from_io(&e))?;
    if let Ok(meta) = file.metadata()
        && meta.is_dir()
    {
        return Err(ReadError::Io("it is a folder, not a file".into()));
    }
    let mut bytes = Vec::new();
    file.take(limits.file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::from_io(&e))?;
    check_size(bytes.len(), limits)?;
    Ok(bytes)
}

fn check_size(len: usize, limits: &Limits) -> Result<(), ReadError> {
    if len as u64 > limits.file_size {
        return Err(limits::exceeded(
            "file-size-mb",
            format!("the file is larger than {} MiB", limits.file_size >> 20),
        )
        .into());
    }
    Ok(())
}

/// Read every member of a pack (each under the limits of one document) and check those read
/// as one; a member that cannot be read is reported on its own, the others are still checked.
fn check_pack(
    spec: &lint::PackSpec,
    given: Option<&[Vec<u8>]>,
    rules: &RuleSet,
    options: &Options,
) -> Vec<FileResult> {
    let mut documents = Vec::new();
    let mut unread = Vec::new();
    for (i, path) in spec.files.iter().enumerate() {
        #[cfg(debug_assertions)]
        fault_injection(path);
        let read = limits::within(&options.limits, || match given.and_then(|all| all.get(i)) {
            Some(bytes) => {
                check_size(bytes.len(), &options.limits)?;
                crate::extract::extract(path, bytes)
            }
            None => {
                let bytes = read_limited(path, &options.limits)?;
                crate::extract::extract(path, &bytes)
            }
        });
        match read {
            Ok(document) => documents.push(document),
            Err(error) => unread.push(FileResult::failed(path, error.into())),
        }
    }
    let mut results = if documents.is_empty() {
        Vec::new()
    } else {
        let paths: Vec<PathBuf> = documents.iter().map(|d| d.path.clone()).collect();
        match lint::lint_pack(spec, documents, rules, &options.lint) {
            Ok(linted) => linted.into_results(),
            Err(error) => failed(&paths, &error.into()),
        }
    };
    // An unreadable member still belongs to the pack.
    let info = results.first().and_then(|r| r.pack.clone());
    results.extend(unread.into_iter().map(|mut result| {
        result.pack.clone_from(&info);
        result
    }));
    results
}

fn check_file_inner(
    path: &Path,
    given: Option<&[u8]>,
    rules: &RuleSet,
    options: &Options,
) -> FileResult {
    #[cfg(debug_assertions)]
    fault_injection(path);
    let read;
    let bytes = match given {
        Some(bytes) => bytes,
        None => match read_limited(path, &options.limits) {
            Ok(bytes) => {
                read = bytes;
                &read
            }
            Err(error) => return FileResult::failed(path, error.into()),
        },
    };
    if let Err(error) = check_size(bytes.len(), &options.limits) {
        return FileResult::failed(path, error.into());
    }
    match lint::lint(path, bytes, rules, &options.lint) {
        Ok(linted) => linted.into_result(path),
        Err(error) => FileResult::failed(path, error.into()),
    }
}
