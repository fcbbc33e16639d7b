//! Builds each request's URL from the endpoint parsed once, instead of parsing the whole text.
//!
//! progenitor's builders format the URL as text (`format!("{}/chat/threads/{}", baseurl, ..)`)
//! and hand it to `reqwest::Client::post(url)`, which parses it whole on every call: scheme,
//! host and path. `acs_core::Pipeline::request_url` sets the path on a copy of the endpoint
//! parsed once and gives the same URL (anything else it parses whole), so each
//! `client.client.<method>(url)` of the builders gets `client.inner().request_url(..)?`.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;

use super::tokens::{ident, parenthesized, punct};

/// The `reqwest::Client` methods progenitor starts a request with.
const HTTP_METHODS: [&str; 6] = ["get", "post", "put", "patch", "delete", "head"];

/// `generated` with the URL of every `client . client . <method> ( url )` made by
/// `Pipeline::request_url`.
///
/// # Errors
///
/// When progenitor's output has a different number of those calls than `operations` (a
/// progenitor upgrade): then some requests would not be built the same way, so generation
/// stops.
pub fn rewrite(generated: TokenStream, operations: usize) -> Result<TokenStream, String> {
    let mut count = 0;
    let tokens = rewrite_trees(generated, &mut count);
    if count != operations {
        return Err(format!(
            "progenitor's output has {count} `client.client.<method>(url)` calls for \
             {operations} operations; update generate::request_url"
        ));
    }
    Ok(tokens)
}

fn rewrite_trees(tokens: TokenStream, count: &mut usize) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    for (index, tree) in trees.iter().enumerate() {
        let tree = match tree {
            TokenTree::Group(group)
                if parenthesized(tree, "url") && follows_client_method(&trees[..index]) =>
            {
                *count += 1;
                let argument = quote! {
                    client
                        .inner()
                        .request_url(&client.baseurl, &url)
                        .map_err(|error| Error::InvalidRequest(error.to_string()))?
                };
                let mut rewritten = Group::new(Delimiter::Parenthesis, argument);
                rewritten.set_span(group.span());
                TokenTree::Group(rewritten)
            }
            TokenTree::Group(group) => {
                let mut rewritten =
                    Group::new(group.delimiter(), rewrite_trees(group.stream(), count));
                rewritten.set_span(group.span());
                TokenTree::Group(rewritten)
            }
            other => other.clone(),
        };
        out.push(tree);
    }
    out.into_iter().collect()
}

/// Whether `before` ends with `client . client . <method>` for an HTTP method.
fn follows_client_method(before: &[TokenTree]) -> bool {
    let [.., client, first_dot, field, second_dot, method] = before else {
        return false;
    };
    ident(client, "client")
        && punct(first_dot, '.')
        && ident(field, "client")
        && punct(second_dot, '.')
        && HTTP_METHODS.iter().any(|name| ident(method, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> TokenStream {
        r#"
            async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                let url = format!("{}/things/{}", client.baseurl, encode_path(&id.to_string()));
                let request = client.client.post(url).json(&body).build()?;
                let other = client.client.get(url).build()?;
                let untouched = client.client.post(elsewhere);
                let also_untouched = reqwest::Client::new().get(url);
            }
        "#
        .parse()
        .unwrap_or_default()
    }

    #[test]
    fn every_builder_url_goes_through_the_pipeline() {
        let text = rewrite(generated(), 2).unwrap_or_default().to_string();
        assert_eq!(
            text.matches("request_url (& client . baseurl , & url)")
                .count(),
            2,
            "{text}"
        );
        assert!(text.contains("post (elsewhere)"), "{text}");
        assert!(text.contains("new () . get (url)"), "{text}");
    }

    #[test]
    fn a_count_other_than_the_operations_stops_generation() {
        assert!(rewrite(generated(), 3).is_err());
        assert!(rewrite(TokenStream::new(), 1).is_err());
    }
}
