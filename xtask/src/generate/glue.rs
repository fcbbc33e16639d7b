//! The code appended to progenitor's output: what the adaptation took out of the document is put
//! back here, generated from the same document.
//!
//! - `open_enums`: one open enum per `x-acs-extensible` schema (unknown values deserialize into
//!   `UnknownValue`), used by progenitor through type replacements.
//! - `impl ClientHooks<acs_core::Pipeline> for Client`: refuses ids that cannot be one path
//!   segment (empty, `.`, `..`), percent-encodes `:` and `@` in path parameters, restores each
//!   operation's wire content type (merge-patch), and hands the request to the shared pipeline.
//! - `OPERATIONS` and `API_VERSION`: the operation table of the document, for tests and servers.

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::adapt::{Adapted, OpenEnum};

/// The glue tokens for `adapted`.
pub fn tokens(adapted: &Adapted) -> TokenStream {
    let open_enums = adapted.open_enums.iter().map(open_enum);
    let api_version = adapted
        .document
        .pointer("/info/version")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let operations = adapted.operations.iter().map(|operation| {
        let operation_id = &operation.operation_id;
        let method_name = &operation.method_name;
        let http_method = &operation.http_method;
        let path = &operation.path;
        let content_type = match &operation.request_content_type {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        quote! {
            OperationSpec {
                operation_id: #operation_id,
                method_name: #method_name,
                http_method: #http_method,
                path: #path,
                request_content_type: #content_type,
            },
        }
    });
    quote! {
        /// Extensible enums of the specification: values this version of the SDK does not know
        /// deserialize into `UnknownValue` instead of failing, and serialize back unchanged.
        pub mod open_enums {
            #(#open_enums)*
        }

        /// Percent-encodes one path parameter strictly, for the generated builders (see
        /// `acs_core::encode_path_segment`).
        #[doc(hidden)]
        pub(crate) fn encode_path(value: &str) -> String {
            acs_core::encode_path_segment(value)
        }

        /// The api-version of the specification this code was generated from.
        pub const API_VERSION: &str = #api_version;

        /// One operation of the specification.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct OperationSpec {
            /// The `operationId` in the specification.
            pub operation_id: &'static str,
            /// The name of the client method (and of `OperationInfo::operation_id`).
            pub method_name: &'static str,
            /// The HTTP method.
            pub http_method: &'static str,
            /// The path template.
            pub path: &'static str,
            /// The media type of the request body on the wire, when the operation has a body.
            pub request_content_type: Option<&'static str>,
        }

        /// Every operation of the specification, in path order.
        pub const OPERATIONS: &[OperationSpec] = &[#(#operations)*];

        impl ClientHooks<acs_core::Pipeline> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                info: &OperationInfo,
            ) -> std::result::Result<(), Error<E>> {
                let operation = OPERATIONS
                    .iter()
                    .find(|operation| operation.method_name == info.operation_id);
                if let Some(operation) = operation {
                    // Every id must arrive as exactly one segment: the URL parser has removed
                    // dot segments (`..` would address the parent resource), so those and
                    // empty ids are refused; `:` and `@`, which progenitor leaves, are encoded.
                    acs_core::encode_path_parameters(request.url_mut(), self.baseurl(), operation.path)
                        .map_err(|error| Error::Custom(error.to_string()))?;
                    // Bodies are generated as JSON; put the wire media type back (merge-patch).
                    // A JSON body already has its own (`RequestBuilder::json`).
                    if let Some(content_type) = operation
                        .request_content_type
                        .filter(|content_type| *content_type != "application/json")
                    {
                        request.headers_mut().insert(
                            reqwest::header::CONTENT_TYPE,
                            reqwest::header::HeaderValue::from_static(content_type),
                        );
                    }
                }
                self.inner()
                    .prepare(request, info.operation_id)
                    .await
                    .map_err(|error| Error::Custom(error.to_string()))
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                self.inner().execute(request, info.operation_id).await
            }
        }
    }
}

/// Makes the generated code encode path parameters with acs-core's strict encoder.
///
/// progenitor's `encode_path` leaves `\` unencoded, which the URL parser reads as `/` (an id
/// `x\messages\..` would address another resource), and `:`, `@`. The generated builders
/// call `encode_path` through `use super::{.., encode_path}`, so taking it out of the top-level
/// `use progenitor_client::{..}` and defining `encode_path` in the glue ([`tokens`]) routes every
/// path parameter of every operation through `acs_core::encode_path_segment`.
///
/// # Errors
///
/// When progenitor's output no longer imports `encode_path` that way (a progenitor upgrade):
/// then the glue would not be used, so generation stops.
pub fn strict_path_encoding(generated: TokenStream) -> Result<TokenStream, String> {
    let mut trees: Vec<TokenTree> = generated.into_iter().collect();
    let mut replaced = false;
    for index in 0..trees.len() {
        let is_import = matches!(
            (trees.get(index), trees.get(index + 1)),
            (Some(TokenTree::Ident(keyword)), Some(TokenTree::Ident(krate)))
                if keyword == "use" && krate == "progenitor_client"
        );
        if !is_import {
            continue;
        }
        let Some(TokenTree::Group(group)) = trees.get(index + 4) else {
            continue;
        };
        if group.delimiter() != Delimiter::Brace {
            continue;
        }
        let items: Vec<TokenTree> = group.stream().into_iter().collect();
        let Some(position) = items
            .iter()
            .position(|tree| matches!(tree, TokenTree::Ident(ident) if ident == "encode_path"))
        else {
            continue;
        };
        let mut kept = items;
        kept.remove(position);
        // Drop the comma that separated it.
        let comma = |tree: Option<&TokenTree>| matches!(tree, Some(TokenTree::Punct(punct)) if punct.as_char() == ',');
        if position > 0 && comma(kept.get(position - 1)) {
            kept.remove(position - 1);
        } else if comma(kept.get(position)) {
            kept.remove(position);
        }
        let mut group = Group::new(Delimiter::Brace, kept.into_iter().collect());
        group.set_span(trees[index + 4].span());
        trees[index + 4] = TokenTree::Group(group);
        replaced = true;
        break;
    }
    if replaced {
        Ok(trees.into_iter().collect())
    } else {
        Err(
            "progenitor's output no longer imports `encode_path` from progenitor_client; \
             update glue::strict_path_encoding"
                .to_owned(),
        )
    }
}

/// One open enum with its conversions and serde implementations.
pub fn open_enum(open: &OpenEnum) -> TokenStream {
    let name = format_ident!("{}", open.rust_name());
    let doc = open
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` values of the specification.", open.name));
    let doc = Literal::string(&doc);
    let variants: Vec<_> = open
        .values
        .iter()
        .map(|(value, variant)| (value.as_str(), format_ident!("{}", variant)))
        .collect();
    let declarations = variants.iter().map(|(value, variant)| {
        let doc = Literal::string(&format!("`{value}`"));
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = variants
        .iter()
        .map(|(value, variant)| quote!(Self::#variant => #value,));
    let from_str = variants
        .iter()
        .map(|(value, variant)| quote!(#value => Self::#variant,));
    let from_string = variants
        .iter()
        .map(|(value, variant)| quote!(#value => Self::#variant,));
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#declarations)*
            /// A value this version of the SDK does not know, kept as it was sent.
            UnknownValue(String),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::UnknownValue(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::UnknownValue(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_string)*
                    _ => Self::UnknownValue(value),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
