//! Property test of path encoding for every generated operation (issue 17, item 2): whatever
//! the ids, each one arrives as exactly one path segment that decodes back to it, or the call is
//! refused locally with `InvalidInput` (empty, `.` and `..`, which the URL parser would turn
//! into a path to another resource).
//!
//! The URL is built the way the generated code builds it (`encode_path_segment` per parameter,
//! the base URL prepended, then parsed by reqwest), then put through
//! `acs_core::encode_path_parameters`, the check the generated hooks make with the same
//! operation tables.

use acs_core::ErrorKind;
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

/// Every operation of both generated clients: `(method name, path template)`.
fn operations() -> Vec<(&'static str, &'static str)> {
    acs_identity_rest::OPERATIONS
        .iter()
        .map(|op| (op.method_name, op.path))
        .chain(
            acs_chat_rest::OPERATIONS
                .iter()
                .map(|op| (op.method_name, op.path)),
        )
        .collect()
}

fn parameters(template: &str) -> usize {
    template
        .split('/')
        .filter(|segment| segment.starts_with('{'))
        .count()
}

/// Ids an attacker or a careless caller could pass.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            ".",
            "..",
            "...",
            "/",
            "a/b",
            "../x",
            "?",
            "a?b=c",
            "#",
            "a#b",
            "%2F",
            "%2E%2E",
            "%2e",
            ".%2E",
            "%",
            "%%",
            "19:a@thread.v2",
            "8:acs:r_u",
            " ",
            "\u{e9}",
            "a\\b",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,12}",
        "[./%2EeFf?#]{0,6}",
        any::<String>(),
        (0usize..6000).prop_map(|n| "x".repeat(n)),
    ]
}

fn check(base: &str, template: &str, ids: &[String]) -> Result<(), TestCaseError> {
    let ids = &ids[..parameters(template).min(ids.len())];
    let mut values = ids.iter();
    let path: Vec<String> = template
        .trim_start_matches('/')
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                acs_core::encode_path_segment(values.next().map_or("", String::as_str))
            } else {
                segment.to_owned()
            }
        })
        .collect();
    let built = format!("{base}/{}", path.join("/"));
    let mut url = reqwest::Url::parse(&built)
        .map_err(|error| TestCaseError::fail(format!("{built}: {error}")))?;
    url.query_pairs_mut().append_pair("api-version", "1");
    let refusable = ids.iter().any(|id| matches!(id.as_str(), "" | "." | ".."));
    match acs_core::encode_path_parameters(&mut url, base, template) {
        Err(error) => {
            prop_assert_eq!(error.kind(), &ErrorKind::InvalidInput);
            prop_assert!(refusable, "{template} refused {ids:?}: {error}");
        }
        Ok(()) => {
            prop_assert!(!refusable, "{template} accepted {ids:?} as {url}");
            prop_assert_eq!(url.query(), Some("api-version=1"));
            let base_segments = reqwest::Url::parse(base)
                .map(|b| {
                    b.path()
                        .trim_matches('/')
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .count()
                })
                .unwrap_or(0);
            let segments: Vec<&str> = url.path().trim_start_matches('/').split('/').collect();
            let template: Vec<&str> = template.trim_start_matches('/').split('/').collect();
            prop_assert_eq!(segments.len(), base_segments + template.len(), "{}", url);
            let mut values = ids.iter();
            for (segment, expected) in segments[base_segments..].iter().zip(&template) {
                if expected.starts_with('{') {
                    let id = values.next().map_or("", String::as_str);
                    let decoded = percent_decode_str(segment).decode_utf8_lossy();
                    prop_assert_eq!(decoded.as_ref(), id, "{}", url);
                    prop_assert!(
                        segment
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
                        "only unreserved characters and escapes: {segment}"
                    );
                } else {
                    prop_assert_eq!(segment, expected);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2048,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_id_of_every_operation_is_one_segment_or_refused(
        operation in prop::sample::select(operations()),
        ids in prop::collection::vec(id(), 2),
        base in prop::sample::select(vec![
            "https://contoso.communication.azure.com",
            "http://127.0.0.1:8080/proxy",
            "http://localhost:1/a/b",
        ]),
    ) {
        let (_, template) = operation;
        prop_assert!(parameters(template) <= 2);
        check(base, template, &ids)?;
    }
}

#[test]
fn the_fixed_hostile_ids_on_every_operation() -> Result<(), TestCaseError> {
    let hostile = [
        ".",
        "..",
        "/",
        "?",
        "#",
        "%2F",
        "",
        "a/../b",
        "%2E%2E",
        &"x".repeat(5000),
    ];
    let mut checked = 0;
    for (_, template) in operations() {
        if parameters(template) == 0 {
            continue;
        }
        for id in hostile {
            for position in 0..parameters(template) {
                let mut ids = vec!["ok".to_owned(); 2];
                ids[position] = id.to_owned();
                check("https://contoso.communication.azure.com", template, &ids)?;
                checked += 1;
            }
        }
    }
    assert!(checked >= 10 * 20, "{checked} cases");
    Ok(())
}
