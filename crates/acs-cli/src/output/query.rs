//! `--query`: a JMESPath expression applied to a command's output, as in the Azure CLI.

use super::doc::Doc;

/// A compiled `--query` expression.
pub(crate) struct Query {
    expression: jmespath::Expression<'static>,
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Query")
            .field(&self.expression.as_str())
            .finish()
    }
}

impl Query {
    /// Compiles an expression.
    ///
    /// # Errors
    ///
    /// A message naming `--query` when the expression is not JMESPath.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        jmespath::compile(text)
            .map(|expression| Self { expression })
            .map_err(|error| format!("--query is not a valid JMESPath expression: {error}"))
    }

    /// The expression applied to a document.
    ///
    /// # Errors
    ///
    /// A message naming `--query` when the expression fails on this document (e.g. a
    /// function given the wrong type).
    pub(crate) fn apply(&self, doc: &Doc) -> Result<Doc, String> {
        let result = self
            .expression
            .search(doc)
            .map_err(|error| format!("--query failed: {error}"))?;
        let value = serde_json::to_value(&*result)
            .map_err(|error| format!("--query result is not JSON: {error}"))?;
        Ok(Doc::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_and_projects() {
        let doc = Doc::Arr(vec![
            Doc::object().field("id", "1").field("topic", "a"),
            Doc::object().field("id", "2").field("topic", "b"),
        ]);
        let ids = Query::parse("[].id").and_then(|q| q.apply(&doc));
        assert_eq!(ids, Ok(Doc::Arr(vec!["1".into(), "2".into()])));
        let picked = Query::parse("[?topic=='b'].id | [0]").and_then(|q| q.apply(&doc));
        assert_eq!(picked, Ok(Doc::Str("2".into())));
        let count = Query::parse("length(@)").and_then(|q| q.apply(&doc));
        assert_eq!(count, Ok(Doc::Int(2)));
        assert!(Query::parse("[?").unwrap_err().contains("--query"));
    }
}
