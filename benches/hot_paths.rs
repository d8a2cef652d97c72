//! Micro-benchmarks of the hot paths (`cargo bench`; not run by CI): each extractor per MB,
//! the analysis per document, and the rules per document. Inputs are the bundled fixtures, so
//! the figures are comparable between commits on one machine; the whole-program comparison
//! with other tools is `bench/suite.py`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tenderlint::analyse;
use tenderlint::extract;
use tenderlint::lint::check_document;
use tenderlint::rules::RuleSet;

fn fixture(path: &str) -> (PathBuf, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, bytes)
}

/// The same bid in three formats.
const BID: [&str; 3] = [
    "bids/youth-employment-bid.md",
    "docx/pandoc/bids/youth-employment-bid.docx",
    "pdf/latex/bids/youth-employment-bid.pdf",
];

fn extractors(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    for name in BID {
        let (path, bytes) = fixture(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("?")
            .to_string();
        group.bench_function(format, |b| {
            b.iter(|| extract::extract(&path, &bytes).expect("the fixture reads"))
        });
    }
    group.finish();
}

fn analysis_and_rules(c: &mut Criterion) {
    let rules = RuleSet::builtin().expect("the built-in rules load");
    let (path, bytes) = fixture(BID[0]);
    let document = extract::extract(&path, &bytes).expect("the fixture reads");
    let analysis = analyse::analyse(&document, None);
    let mut group = c.benchmark_group("per-document");
    group.throughput(Throughput::Bytes(document.text.len() as u64));
    group.bench_function("analyse", |b| b.iter(|| analyse::analyse(&document, None)));
    group.bench_function("rules", |b| {
        b.iter(|| check_document(&document, &analysis, &rules))
    });
    group.finish();
    // Loading defers compiling the patterns to their first use; the second figure is what
    // compiling all of them costs (a run on one file compiles only those it reaches).
    c.bench_function("load the built-in rules", |b| {
        b.iter(|| RuleSet::builtin().expect("loads"))
    });
    c.bench_function("load and compile every built-in pattern", |b| {
        b.iter(|| RuleSet::builtin().expect("loads").warm_up())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).sample_size(20);
    targets = extractors, analysis_and_rules
}
criterion_main!(benches);
