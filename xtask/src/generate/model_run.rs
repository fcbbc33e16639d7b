//! Generates the wire types of a components-only document (no operations, such as the events
//! document): typify's output for every component schema, through the same progenitor
//! generator and settings as the clients, without a client.
//!
//! The adaptation ([`super::adapt`]) and the output rewrites ([`super::decoding`]) are the same
//! as for a client document, so the types decode the same way: open enums for `x-acs-extensible`
//! schemas, `null` for an optional array or map decodes as empty, unknown fields are ignored,
//! and properties the service leaves out (`x-acs-omitted-by-service`) are optional.

use proc_macro2::TokenStream;
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
    Ok(decoding::rewrite(quote! {
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
    }))
}
