//! Generates the wire types of a components-only document (no operations, such as the events
//! document): typify's output for every component schema, through the same progenitor
//! generator and settings as the clients, without a client.
//!
//! The adaptation ([`super::adapt`]) and the output rewrites ([`super::decoding`]) are the same
//! as for a client document, so the types decode the same way: open enums for `x-acs-extensible`
//! schemas, `null` for an optional array or map decodes as empty, unknown fields are ignored,
//! and properties the service leaves out (`x-acs-omitted-by-service`) are optional.
//!
//! One more rule holds for model documents only: an optional integer also decodes from a
//! string of digits (the documentation's example events send the thread and message `version`
//! both as `1613694358927` and as `"1613694358927"`). Such a field keeps its Rust type
//! (`Option<i64>`) and gets `deserialize_with = "crate::generated::integer_or_string"`.

use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};
use progenitor::Generator;
use quote::quote;

use super::adapt::Adapted;
use super::{decoding, glue, progenitor_run};

/// The types of `adapted`, its open enums and the decoding glue, as one module's contents.
///
/// # Errors
///
/// When the document has operations (it is a client document), or typify rejects a schema.
pub fn generate_types(adapted: &Adapted) -> Result<TokenStream, String> {
    if !adapted.operations.is_empty() {
        return Err("a model document must have no operations".to_owned());
    }
    let spec: openapiv3::OpenAPI = serde_json::from_value(adapted.document.clone())
        .map_err(|error| format!("not a valid OpenAPI 3.0 document: {error}"))?;
    let settings = progenitor_run::settings(adapted)?;
    let mut generator = Generator::new(&settings);
    generator
        .generate_tokens(&spec)
        .map_err(|error| format!("typify failed: {error}"))?;
    let types = generator.get_type_space().to_stream();
    let open_enums = adapted.open_enums.iter().map(glue::open_enum);
    let null_as_default = decoding::null_as_default_tokens();
    Ok(lenient_integers(decoding::rewrite(quote! {
        /// The wire types of the document.
        #[allow(clippy::all)]
        pub mod types {
            #types
        }

        /// Extensible enums of the specification: values this version does not know
        /// deserialize into `UnknownValue` instead of failing, and serialize back unchanged.
        pub mod open_enums {
            #(#open_enums)*
        }

        #null_as_default

        /// An optional integer sent as a number or as a string of digits; `null` or a missing
        /// value decodes as `None`.
        fn integer_or_string<'de, D>(deserializer: D) -> std::result::Result<Option<i64>, D::Error>
        where
            D: serde::Deserializer<'de>,
        {
            #[derive(serde::Deserialize)]
            #[serde(untagged)]
            enum Wire {
                Number(i64),
                Text(String),
            }
            match <Option<Wire> as serde::Deserialize>::deserialize(deserializer)? {
                None => Ok(None),
                Some(Wire::Number(number)) => Ok(Some(number)),
                Some(Wire::Text(text)) => text.trim().parse().map(Some).map_err(|_| {
                    <D::Error as serde::de::Error>::custom(format!(
                        "expected an integer or a string of digits, found {text:?}"
                    ))
                }),
            }
        }
    })))
}

/// The function the integer rewrite points `deserialize_with` to.
const INTEGER_OR_STRING: &str = "crate::generated::integer_or_string";

/// The tokens of an optional 64-bit integer field type, as typify writes it.
const OPTIONAL_I64: &str = ":: std :: option :: Option < i64 >";

/// Adds `default, deserialize_with = INTEGER_OR_STRING` to the `serde` attribute of every
/// `Option<i64>` field (in the types and in any nested module).
fn lenient_integers(tokens: TokenStream) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < trees.len() {
        if let TokenTree::Group(group) = &trees[index]
            && group.delimiter() != Delimiter::Bracket
        {
            let mut rewritten = Group::new(group.delimiter(), lenient_integers(group.stream()));
            rewritten.set_span(group.span());
            trees[index] = TokenTree::Group(rewritten);
        }
        // `# [serde (..)] pub name : <type> ,`
        if is_serde_attribute(&trees, index)
            && is_optional_i64_field(&trees[index + 2..])
            && let TokenTree::Group(attribute) = &trees[index + 1]
        {
            trees[index + 1] = TokenTree::Group(with_integer_or_string(attribute));
        }
        index += 1;
    }
    trees.into_iter().collect()
}

/// Whether `trees[index..]` starts with `# [serde (..)]`.
fn is_serde_attribute(trees: &[TokenTree], index: usize) -> bool {
    let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(attribute))) =
        (trees.get(index), trees.get(index + 1))
    else {
        return false;
    };
    hash.as_char() == '#'
        && attribute.delimiter() == Delimiter::Bracket
        && matches!(attribute.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "serde")
}

/// Whether `trees` starts with `pub name : Option<i64>` followed by `,` or the end.
fn is_optional_i64_field(trees: &[TokenTree]) -> bool {
    let [
        TokenTree::Ident(public),
        TokenTree::Ident(_),
        TokenTree::Punct(colon),
        rest @ ..,
    ] = trees
    else {
        return false;
    };
    if public != "pub" || colon.as_char() != ':' {
        return false;
    }
    let field_type: TokenStream = rest
        .iter()
        .take_while(|tree| !matches!(tree, TokenTree::Punct(p) if p.as_char() == ','))
        .cloned()
        .collect();
    field_type.to_string() == OPTIONAL_I64
}

/// The attribute `[serde(..)]` with `default, deserialize_with = INTEGER_OR_STRING` added.
fn with_integer_or_string(attribute: &Group) -> Group {
    let mut inner: Vec<TokenTree> = attribute.stream().into_iter().collect();
    if let Some(TokenTree::Group(arguments)) = inner.get(1) {
        let mut stream = arguments.stream();
        stream.extend([
            TokenTree::Punct(Punct::new(',', Spacing::Alone)),
            TokenTree::Ident(proc_macro2::Ident::new(
                "default",
                proc_macro2::Span::call_site(),
            )),
            TokenTree::Punct(Punct::new(',', Spacing::Alone)),
            TokenTree::Ident(proc_macro2::Ident::new(
                "deserialize_with",
                proc_macro2::Span::call_site(),
            )),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(Literal::string(INTEGER_OR_STRING)),
        ]);
        let mut group = Group::new(Delimiter::Parenthesis, stream);
        group.set_span(arguments.span());
        inner[1] = TokenTree::Group(group);
    }
    let mut group = Group::new(Delimiter::Bracket, inner.into_iter().collect());
    group.set_span(attribute.span());
    group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_i64_fields_decode_from_strings_too() {
        let out = lenient_integers(quote! {
            pub struct T {
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub version: ::std::option::Option<i64>,
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub name: ::std::option::Option<::std::string::String>,
                pub count: i64,
            }
        })
        .to_string();
        assert_eq!(out.matches("integer_or_string").count(), 1, "{out}");
        assert!(out.contains("default"), "{out}");
    }
}
