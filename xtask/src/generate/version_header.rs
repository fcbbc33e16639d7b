//! Takes progenitor's `api-version` header out of the generated builders.
//!
//! progenitor 0.15 starts every request's header map with `api-version: <info.version>`. The
//! ACS api-version is a query parameter, so the header must not reach the wire. Removing it
//! once in the hooks cost every call a header map allocation, a header name check, a merge into
//! the request and a removal; taking the statement out of the generated code costs nothing at
//! run time. The header map's capacity is lowered by one to match (`with_capacity(0)` does not
//! allocate).

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};

use super::tokens::{ident, parenthesized, punct};

/// `generated` without the `header_map.append(HeaderName::from_static("api-version"), ..);`
/// statements, and with each `HeaderMap::with_capacity(n)` that preceded one lowered to `n - 1`.
///
/// # Errors
///
/// When progenitor's output no longer has that statement (a progenitor upgrade), or has a
/// different number of them than header maps: then the header could reach the wire, so
/// generation stops.
pub fn remove(generated: TokenStream) -> Result<TokenStream, String> {
    let mut counts = Counts::default();
    let tokens = rewrite(generated, &mut counts)?;
    if counts.appends == 0 || counts.appends != counts.capacities {
        return Err(format!(
            "progenitor's output has {} `api-version` header statements and {} header maps; \
             update generate::version_header",
            counts.appends, counts.capacities
        ));
    }
    Ok(tokens)
}

#[derive(Default)]
struct Counts {
    appends: usize,
    capacities: usize,
}

fn rewrite(tokens: TokenStream, counts: &mut Counts) -> Result<TokenStream, String> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut index = 0;
    while index < trees.len() {
        let rest = trees.get(index..).unwrap_or_default();
        if is_version_append(rest) {
            counts.appends += 1;
            index += 5;
            continue;
        }
        if follows_header_map(&out)
            && let Some(lowered) = lowered_capacity(rest)?
        {
            counts.capacities += 1;
            out.extend(rest.iter().take(1).cloned());
            out.push(lowered);
            index += 2;
            continue;
        }
        let tree = match &trees[index] {
            TokenTree::Group(group) => {
                let mut rewritten = Group::new(group.delimiter(), rewrite(group.stream(), counts)?);
                rewritten.set_span(group.span());
                TokenTree::Group(rewritten)
            }
            other => other.clone(),
        };
        out.push(tree);
        index += 1;
    }
    Ok(out.into_iter().collect())
}

/// Whether `out` ends with `HeaderMap ::`.
fn follows_header_map(out: &[TokenTree]) -> bool {
    let [.., name, first, second] = out else {
        return false;
    };
    ident(name, "HeaderMap") && punct(first, ':') && punct(second, ':')
}

/// `header_map . append ( <.. "api-version" ..> ) ;`
fn is_version_append(trees: &[TokenTree]) -> bool {
    let [map, dot, append, TokenTree::Group(arguments), semicolon, ..] = trees else {
        return false;
    };
    ident(map, "header_map")
        && punct(dot, '.')
        && ident(append, "append")
        && arguments.delimiter() == Delimiter::Parenthesis
        && punct(semicolon, ';')
        && arguments
            .stream()
            .into_iter()
            .any(|tree| is_version_name(&tree))
}

/// The group `( "api-version" )` of `HeaderName::from_static("api-version")`.
fn is_version_name(tree: &TokenTree) -> bool {
    parenthesized(tree, "\"api-version\"")
}

/// For `with_capacity ( <n>usize )`, the argument group with `n - 1`.
fn lowered_capacity(trees: &[TokenTree]) -> Result<Option<TokenTree>, String> {
    let [TokenTree::Ident(name), TokenTree::Group(argument), ..] = trees else {
        return Ok(None);
    };
    if name != "with_capacity" || argument.delimiter() != Delimiter::Parenthesis {
        return Ok(None);
    }
    let text = argument.stream().to_string();
    let Some(number) = text.strip_suffix("usize") else {
        return Ok(None);
    };
    let capacity: usize = number
        .trim()
        .parse()
        .map_err(|_| format!("a header map capacity `{text}` that is not a number"))?;
    let lowered = capacity
        .checked_sub(1)
        .ok_or_else(|| "a header map of capacity 0 before its `api-version` header".to_owned())?;
    let mut group = Group::new(
        Delimiter::Parenthesis,
        TokenTree::Literal(Literal::usize_suffixed(lowered)).into(),
    );
    group.set_span(argument.span());
    Ok(Some(TokenTree::Group(group)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_goes_and_the_capacity_follows() {
        let generated: TokenStream = r#"
            fn send() {
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                );
                header_map.append("operation-id", value.to_string().try_into()?);
            }
        "#
        .parse()
        .unwrap_or_default();
        let text = remove(generated).unwrap_or_default().to_string();
        assert!(!text.contains("api-version"), "{text}");
        assert!(text.contains("with_capacity (1usize)"), "{text}");
        assert!(text.contains("\"operation-id\""), "{text}");
    }

    #[test]
    fn output_without_the_header_stops_generation() {
        let generated: TokenStream =
            "fn send() { let mut header_map = HeaderMap::with_capacity(1usize); }"
                .parse()
                .unwrap_or_default();
        assert!(remove(generated).is_err());
    }
}
