//! Token predicates shared by the rewrites of progenitor's output ([`super::decoding`],
//! [`super::version_header`], [`super::request_url`]).

use proc_macro2::{Delimiter, TokenTree};

/// Whether `tree` is the identifier `name`.
pub fn ident(tree: &TokenTree, name: &str) -> bool {
    matches!(tree, TokenTree::Ident(ident) if ident == name)
}

/// Whether `tree` is the punctuation `c`.
pub fn punct(tree: &TokenTree, c: char) -> bool {
    matches!(tree, TokenTree::Punct(punct) if punct.as_char() == c)
}

/// Whether `tree` is a parenthesized group whose tokens print as `text` (`(response)`,
/// `("api-version")`).
pub fn parenthesized(tree: &TokenTree, text: &str) -> bool {
    matches!(tree, TokenTree::Group(group)
        if group.delimiter() == Delimiter::Parenthesis && group.stream().to_string() == text)
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;

    use super::*;

    #[test]
    fn each_predicate_matches_its_token_only() {
        let stream: TokenStream = r#"client . ("api-version") [url]"#.parse().unwrap_or_default();
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        assert!(ident(&trees[0], "client") && !ident(&trees[0], "clients"));
        assert!(punct(&trees[1], '.') && !punct(&trees[1], ':') && !punct(&trees[0], '.'));
        assert!(parenthesized(&trees[2], "\"api-version\""));
        assert!(
            !parenthesized(&trees[3], "url"),
            "brackets are not parentheses"
        );
        assert!(!ident(&trees[2], "client"));
    }
}
