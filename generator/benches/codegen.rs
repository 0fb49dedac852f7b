//! Code generation speed, phase by phase, beside the time to parse the YAML
//! alone. The floor every phase is compared with is the fastest such parse:
//! into `serde_json::Value` (maps of `String` keys), which is cheaper than
//! `serde_yaml::Value` (maps of YAML values, which must keep the text's key
//! order and tags). Specs: ours, and the published ones in `../shared/specs`
//! when present.
//!
//! `cargo bench -p generator --bench codegen`

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use generator::diagnostics::Diagnostics;
use generator::emit::Emitter;
use std::path::Path;
use std::time::Duration;

fn specs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut out = vec![(
        "portkey-assistants".to_owned(),
        root.join("spec/portkey-assistants.yaml"),
    )];
    for name in [
        "portkey-openapi",
        "openai-openapi-3.0.0",
        "openai-openapi",
        "twilio-api-v2010",
        "stripe-spec3",
    ] {
        out.push((
            name.to_owned(),
            root.join(format!("../shared/specs/{name}.yaml")),
        ));
    }
    out.into_iter()
        .filter_map(|(name, path)| Some((name, std::fs::read_to_string(path).ok()?)))
        .collect()
}

fn options() -> generator::Options {
    generator::Options {
        crate_name: "bench".into(),
        spec_label: "bench.yaml".into(),
        command: "bench".into(),
    }
}

fn phases(c: &mut Criterion) {
    for (name, text) in specs() {
        let mut group = c.benchmark_group(format!("codegen/{name}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));

        // serde_yaml cannot read OpenAI's out-of-range integers without the
        // (one-scan) rewrite the loader does first, so both parses include it.
        group.bench_function("yaml_parse_only", |b| {
            b.iter(|| {
                serde_yaml::from_str::<serde_yaml::Value>(&generator::load::widen_big_integers(
                    &text,
                ))
                .unwrap()
            })
        });
        group.bench_function("yaml_parse_to_json_value", |b| {
            b.iter(|| {
                serde_yaml::from_str::<serde_json::Value>(&generator::load::widen_big_integers(
                    &text,
                ))
                .unwrap()
            })
        });
        group.bench_function("load", |b| {
            b.iter(|| {
                generator::load::load(&text, &[], &mut Diagnostics::default())
                    .unwrap()
                    .doc
            })
        });

        let doc = generator::load::load(&text, &[], &mut Diagnostics::default())
            .unwrap()
            .doc;
        group.bench_function("lower", |b| {
            b.iter(|| generator::lower::lower(&doc, &mut Diagnostics::default()))
        });

        let api = generator::lower::lower(&doc, &mut Diagnostics::default());
        group.bench_function("emit", |b| {
            b.iter(|| {
                let emitter = Emitter::new(&api);
                (emitter.models(), emitter.client())
            })
        });

        let emitter = Emitter::new(&api);
        let tokens = (emitter.models(), emitter.client());
        group.bench_function("format", |b| {
            b.iter_batched(
                || tokens.clone(),
                |(models, client)| {
                    (
                        generator::format::format(models, "models").unwrap(),
                        generator::format::format(client, "client").unwrap(),
                    )
                },
                BatchSize::LargeInput,
            )
        });

        let files = generator::generate(&text, &options()).unwrap().files;
        let out = std::env::temp_dir().join(format!("codegen-bench-{name}"));
        group.bench_function("write", |b| {
            b.iter(|| {
                for f in &files {
                    let path = out.join(&f.path);
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(path, &f.contents).unwrap();
                }
            })
        });

        group.bench_function("generate_total", |b| {
            b.iter(|| generator::generate(&text, &options()).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, phases);
criterion_main!(benches);
