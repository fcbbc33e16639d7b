//! `open_enum!`: the extensible string enums of the services, written once for every client
//! crate.
//!
//! Each enum keeps a value this version does not know in `UnknownValue`, and converts from and
//! to its wire string with `as_str`, `From<&str>`, `From<String>`, `FromStr` and `Display`.

/// Declares a public open enum from its known variants and their wire strings.
///
/// Written `pub enum Name in path::to::module { ... }`, the generated `as_str` gets a doc
/// example that uses the enum by that path (the path users write; it is a doc test).
///
/// ```
/// acs_core::open_enum! {
///     /// The colour of a thing.
///     pub enum Colour {
///         /// `red`
///         Red => "red",
///         /// `blue`
///         Blue => "blue",
///     }
/// }
///
/// assert_eq!(Colour::from("red"), Colour::Red);
/// assert_eq!(Colour::from("green"), Colour::UnknownValue("green".into()));
/// assert_eq!("blue".parse::<Colour>(), Ok(Colour::Blue));
/// assert_eq!(Colour::UnknownValue("green".into()).to_string(), "green");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $($path:ident)::+ {
            $(#[$fmeta:meta])* $first:ident => $fvalue:literal,
            $( $(#[$vmeta:meta])* $variant:ident => $value:literal, )*
        }
    ) => {
        $crate::open_enum! {
            @define concat!(
                "\n\n```\nuse ", stringify!($($path)::+), "::", stringify!($name), ";\n\n",
                "assert_eq!(", stringify!($name), "::", stringify!($first), ".as_str(), ",
                stringify!($fvalue), ");\n",
                "assert_eq!(", stringify!($name), "::UnknownValue(\"new\".into()).as_str(), \"new\");\n```",
            );
            $(#[$meta])*
            pub enum $name {
                $(#[$fmeta])* $first => $fvalue,
                $( $(#[$vmeta])* $variant => $value, )*
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $value:literal, )+
        }
    ) => {
        $crate::open_enum! {
            @define "";
            $(#[$meta])*
            pub enum $name {
                $( $(#[$vmeta])* $variant => $value, )+
            }
        }
    };
    (
        @define $as_str_example:expr;
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as it was sent.
            UnknownValue(String),
        }

        impl $name {
            #[doc = concat!("The value as it goes on the wire.", $as_str_example)]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::UnknownValue(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )+
                    other => Self::UnknownValue(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $value => Self::$variant, )+
                    _ => Self::UnknownValue(value),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
