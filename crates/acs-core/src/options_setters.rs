//! `options_setters!`: the `with_*` setters every acs-rs options struct has.

/// `with_*` setters for the public fields of an options struct (every acs-rs options struct
/// is `#[non_exhaustive]`, so other crates build them from `Default` and these setters).
///
/// Each row is `some with_name => field: Type;` (the field is an `Option<Type>`; the setter
/// takes `impl Into<Type>` and sets `Some`), `set with_name => field: Type;` (the setter
/// takes `impl Into<Type>`), or `some_exact` / `set_exact` for numbers, whose setters take
/// exactly `Type` (so a literal like `5` needs no suffix).
///
/// Written as `path::to::module => Type { ... }` with an example value after each row
/// (`some with_name => name: String = "Ada";`), every setter's documentation gets a compiled
/// example that calls it on `path::to::module::Type::default()`; the path must be the one
/// users write (the example is a doc test, compiled outside the crate), and the example value
/// must be an expression that compiles there, so it names its types by full path.
///
/// ```
/// #[derive(Debug, Default)]
/// #[non_exhaustive]
/// pub struct GreetOptions {
///     /// The name.
///     pub name: Option<String>,
///     /// The call options.
///     pub call: acs_core::CallOptions,
/// }
/// acs_core::options_setters!(GreetOptions {
///     some with_name => name: String;
///     set with_call => call: acs_core::CallOptions;
/// });
/// assert_eq!(GreetOptions::default().with_name("Ada").name.as_deref(), Some("Ada"));
/// ```
#[macro_export]
macro_rules! options_setters {
    ($($path:ident)::+ => $name:ident { $($rows:tt)* }) => {
        $crate::options_setters!(@with_examples stringify!($($path)::+), $name { $($rows)* });
    };
    (@with_examples $path:expr, $name:ident {
        $($kind:ident $setter:ident => $field:ident : $value:ty = $example:expr;)*
    }) => {
        impl $name {
            $( $crate::options_setters!(
                @one $kind $setter $field $value,
                concat!(
                    "\n\n# Example\n\n```\nlet options = ", $path, "::",
                    stringify!($name), "::default().", stringify!($setter), "(",
                    stringify!($example), ");\n",
                    $crate::options_setters!(@check $kind $field),
                    "```\n",
                )
            ); )*
        }
    };
    ($type:ty { $($kind:ident $setter:ident => $field:ident : $value:ty;)* }) => {
        impl $type {
            $( $crate::options_setters!(@one $kind $setter $field $value, ""); )*
        }
    };
    (@check some $field:ident) => {
        concat!("assert!(options.", stringify!($field), ".is_some());\n")
    };
    (@check some_exact $field:ident) => {
        concat!("assert!(options.", stringify!($field), ".is_some());\n")
    };
    (@check $kind:ident $field:ident) => {
        concat!("let _set = &options.", stringify!($field), ";\n")
    };
    (@one some $setter:ident $field:ident $value:ty, $example:expr) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").", $example)]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$value>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    (@one some_exact $setter:ident $field:ident $value:ty, $example:expr) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").", $example)]
        #[must_use]
        pub fn $setter(mut self, value: $value) -> Self {
            self.$field = Some(value);
            self
        }
    };
    (@one set_exact $setter:ident $field:ident $value:ty, $example:expr) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").", $example)]
        #[must_use]
        pub fn $setter(mut self, value: $value) -> Self {
            self.$field = value;
            self
        }
    };
    (@one set $setter:ident $field:ident $value:ty, $example:expr) => {
        #[doc = concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").", $example)]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$value>) -> Self {
            self.$field = value.into();
            self
        }
    };
}
