//! How the generated code decodes what the service sends, where typify's and progenitor's own
//! decoding is not what the wire needs. Two rewrites of progenitor's output, plus the glue they
//! call:
//!
//! - `null` for an optional array or map: typify gives such a property `#[serde(default)]`,
//!   which accepts a missing field but fails on `null` (the service sends `"metadata": null`,
//!   `"participants": null`, ...). Every such field also gets
//!   `deserialize_with = "crate::generated::null_as_default"`: `null` decodes as empty. The
//!   Rust types stay `Vec`/`HashMap`.
//! - success bodies: progenitor decodes them with `serde_json::from_slice` and keeps neither the
//!   status nor the headers when that fails. Every `=> ResponseValue::from_response(response)
//!   .await` arm calls `decode_success` instead, which decodes through
//!   `acs_core::decode_response`: a body that does not fit comes back as an unexpected response
//!   carrying the operation, the JSON path of the field, the status and the request id (and
//!   whether the status is one the spec documents), which `acs_core::from_rest` turns into a
//!   decode error (documented status) or an unexpected-response error (another 2xx).

use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};
use quote::quote;

use super::adapt::Adapted;
use super::tokens::{ident, parenthesized, punct};

/// The function the null rewrite points `deserialize_with` to.
const NULL_AS_DEFAULT: &str = "crate::generated::null_as_default";

/// Applies both rewrites to progenitor's output.
pub fn rewrite(tokens: TokenStream) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < trees.len() {
        if let Some(length) = success_decode(&trees[index..]) {
            // `=>` then `ResponseValue :: from_response (response) . await`, maybe in a group.
            out.extend(trees[index..index + 2].iter().cloned());
            let call = quote!(crate::generated::decode_success(response, &info).await);
            match &trees[index + 2] {
                TokenTree::Group(group) if length == 1 => {
                    out.push(TokenTree::Group(Group::new(group.delimiter(), call)));
                }
                _ => out.extend(call),
            }
            index += 2 + length;
            continue;
        }
        let tree = match &trees[index] {
            TokenTree::Group(group) => {
                let stream = if group.delimiter() == Delimiter::Bracket {
                    null_as_default(group.stream())
                } else {
                    group.stream()
                };
                let mut rewritten = Group::new(group.delimiter(), rewrite(stream));
                rewritten.set_span(group.span());
                TokenTree::Group(rewritten)
            }
            other => other.clone(),
        };
        out.push(tree);
        index += 1;
    }
    out.into_iter().collect()
}

/// When `trees` starts with `=> ResponseValue::from_response(response).await` (a match arm
/// decoding a success body; error arms wrap the call in `Err(Error::ErrorResponse(..))`), the
/// number of tokens after `=>` that make the call: 7, or 1 when progenitor put the call in a
/// block or an invisible group (kept around the new call).
fn success_decode(trees: &[TokenTree]) -> Option<usize> {
    let [arrow1, arrow2, rest @ ..] = trees else {
        return None;
    };
    if !(punct(arrow1, '=') && punct(arrow2, '>')) {
        return None;
    }
    if let Some(TokenTree::Group(group)) = rest.first()
        && matches!(group.delimiter(), Delimiter::None | Delimiter::Brace)
    {
        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
        return (inner.len() == 7 && is_from_response(&inner)).then_some(1);
    }
    is_from_response(rest).then_some(7)
}

/// Whether `trees` starts with `ResponseValue :: from_response (response) . await`.
fn is_from_response(trees: &[TokenTree]) -> bool {
    let [value, colon1, colon2, from, args, dot, wait, ..] = trees else {
        return false;
    };
    ident(value, "ResponseValue")
        && punct(colon1, ':')
        && punct(colon2, ':')
        && ident(from, "from_response")
        && parenthesized(args, "response")
        && punct(dot, '.')
        && ident(wait, "await")
}

/// Adds `deserialize_with = NULL_AS_DEFAULT` to a `serde(default, skip_serializing_if =
/// "..::is_empty")` attribute (the attribute of an optional array or map); other attribute
/// contents are returned unchanged.
fn null_as_default(attribute: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = attribute.clone().into_iter().collect();
    let [TokenTree::Ident(serde), TokenTree::Group(arguments)] = trees.as_slice() else {
        return attribute;
    };
    if serde != "serde" || arguments.delimiter() != Delimiter::Parenthesis {
        return attribute;
    }
    let inner: Vec<TokenTree> = arguments.stream().into_iter().collect();
    let bare_default = inner.iter().enumerate().any(|(i, tree)| {
        matches!(tree, TokenTree::Ident(ident) if ident == "default")
            && !matches!(inner.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=')
    });
    let skips_empty = inner.iter().any(|tree| {
        matches!(tree, TokenTree::Literal(literal) if literal.to_string().ends_with("::is_empty\""))
    });
    let already = inner
        .iter()
        .any(|tree| matches!(tree, TokenTree::Ident(ident) if ident == "deserialize_with"));
    if !bare_default || !skips_empty || already {
        return attribute;
    }
    let mut stream = arguments.stream();
    stream.extend([
        TokenTree::Punct(Punct::new(',', Spacing::Alone)),
        TokenTree::Ident(proc_macro2::Ident::new(
            "deserialize_with",
            proc_macro2::Span::call_site(),
        )),
        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
        TokenTree::Literal(Literal::string(NULL_AS_DEFAULT)),
    ]);
    let mut group = Group::new(Delimiter::Parenthesis, stream);
    group.set_span(arguments.span());
    [TokenTree::Ident(serde.clone()), TokenTree::Group(group)]
        .into_iter()
        .collect()
}

/// The glue the rewrites call, and the table of documented success statuses.
pub fn tokens(adapted: &Adapted) -> TokenStream {
    let statuses = adapted.operations.iter().map(|operation| {
        let method_name = &operation.method_name;
        let codes = &operation.success_statuses;
        quote!((#method_name, &[#(#codes),*]),)
    });
    let null_as_default = null_as_default_tokens();
    quote! {
        /// The success statuses each operation documents, by method name (any other 2xx whose
        /// body fits is a success too).
        pub const DOCUMENTED_SUCCESS: &[(&str, &[u16])] = &[#(#statuses)*];

        #null_as_default

        /// Decodes a success body through `acs_core::decode_response`; a body that does not
        /// fit comes back as an unexpected response that `acs_core::from_rest` explains.
        async fn decode_success<T: serde::de::DeserializeOwned, E>(
            response: reqwest::Response,
            info: &OperationInfo,
        ) -> std::result::Result<ResponseValue<T>, Error<E>> {
            let status = response.status().as_u16();
            let documented = DOCUMENTED_SUCCESS
                .iter()
                .any(|(operation, codes)| *operation == info.operation_id && codes.contains(&status));
            match acs_core::decode_response::<T>(response, info.operation_id, documented).await {
                Ok(decoded) => Ok(ResponseValue::new(decoded.value, decoded.status, decoded.headers)),
                Err(acs_core::DecodeFailure::Body(error)) => Err(Error::ResponseBodyError(error)),
                Err(acs_core::DecodeFailure::Mismatch(response)) => {
                    Err(Error::UnexpectedResponse(*response))
                }
            }
        }
    }
}

/// The function the null rewrite points `deserialize_with` to.
pub fn null_as_default_tokens() -> TokenStream {
    quote! {
        /// `null` or a missing value decodes as the default (empty) value.
        fn null_as_default<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
        where
            D: serde::Deserializer<'de>,
            T: serde::Deserialize<'de> + Default,
        {
            <Option<T> as serde::Deserialize>::deserialize(deserializer)
                .map(Option::unwrap_or_default)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(tokens: TokenStream) -> String {
        rewrite(tokens).to_string()
    }

    #[test]
    fn optional_arrays_and_maps_accept_null() {
        let out = rewritten(quote! {
            pub struct T {
                #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                pub a: Vec<u8>,
                #[serde(default, skip_serializing_if = ":: std :: collections :: HashMap::is_empty")]
                pub m: HashMap<String, String>,
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub o: Option<u8>,
                #[serde(default = "defaults::x")]
                pub d: Vec<u8>,
            }
        });
        assert_eq!(out.matches("deserialize_with").count(), 2, "{out}");
        assert!(out.contains("\"crate::generated::null_as_default\""));
    }

    #[test]
    fn success_arms_decode_through_the_glue() {
        let out = rewritten(quote! {
            match response.status().as_u16() {
                200u16..=299u16 => ResponseValue::from_response(response).await,
                400u16..=499u16 => Err(Error::ErrorResponse(
                    ResponseValue::from_response(response).await?,
                )),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        });
        assert_eq!(out.matches("decode_success").count(), 1, "{out}");
        assert_eq!(out.matches("from_response").count(), 1, "{out}");
    }

    #[test]
    fn success_arms_in_blocks_are_found() {
        let call = Group::new(
            Delimiter::Brace,
            quote!(ResponseValue::from_response(response).await),
        );
        let out = rewritten(quote!(match status { 200u16 => #call, _ => x }));
        assert_eq!(out.matches("decode_success").count(), 1, "{out}");
        assert!(!out.contains("from_response"), "{out}");
    }
}
