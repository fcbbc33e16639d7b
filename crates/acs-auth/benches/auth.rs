//! Benchmarks of the hot paths: signing a request with a 1 KiB body, and a `get_token` that
//! is answered from the cache.
//!
//! Run with `cargo bench -p acs-auth` (add `-- --quick` for a short run).

#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark of the real cache against real time"
)]
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented public functions"
)]

use std::hint::black_box;

use acs_auth::{
    AccessKey, AccessToken, CommunicationTokenCredential, CommunicationTokenCredentialOptions, hmac,
};
use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use futures::FutureExt as _;

fn signing(c: &mut Criterion) {
    let key = AccessKey::new(
        "AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dzj6vH4/wYNFBsiKTA3PkVMU1phaG92fYSLkpmgp661vA==",
    )
    .expect("a valid key");
    let url = url::Url::parse(
        "https://contoso.communication.azure.com/identities/8%3Aacs%3Aabc_123/:issueAccessToken?api-version=2023-10-01",
    )
    .expect("a valid URL");
    let body = vec![b'x'; 1024];
    let date: DateTime<Utc> = "2024-01-01T00:00:00Z".parse().expect("a valid date");

    c.bench_function("hmac::sign_request (1 KiB body)", |b| {
        b.iter(|| {
            hmac::sign_request(
                black_box("POST"),
                black_box(&url),
                black_box(&body),
                date,
                &key,
            )
        });
    });
    // Its parts, to see where the time goes.
    c.bench_function("hmac::content_sha256 (1 KiB body)", |b| {
        b.iter(|| hmac::content_sha256(black_box(&body)));
    });
    c.bench_function("hmac::http_date", |b| {
        b.iter(|| hmac::http_date(black_box(date)));
    });
}

fn cached_get_token(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let token = AccessToken::new("a-cached-token", Utc::now() + TimeDelta::days(365));
    let credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::default().access_token(token),
    )
    .expect("a credential");

    c.bench_function(
        "CommunicationTokenCredential::get_token (cached, polled once)",
        |b| {
            b.iter(|| {
                credential
                    .get_token()
                    .now_or_never()
                    .expect("ready at once")
            });
        },
    );
    c.bench_function(
        "CommunicationTokenCredential::get_token (cached, on a Tokio runtime)",
        |b| {
            b.to_async(&runtime).iter(|| credential.get_token());
        },
    );
}

criterion_group!(benches, signing, cached_get_token);
criterion_main!(benches);
