//! Comparing the upstream [`Api`] with ours.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Api, Body, EnumInfo, Model, Operation, Param, ParamKey, Property, Shape};
use super::report::{Finding, Report, Section, Severity};

/// Compares `upstream` with `ours`.
pub(super) fn compare(upstream: &Api, ours: &Api) -> Report {
    let mut cx = Cx {
        up: upstream,
        ours,
        report: Report::default(),
    };
    cx.operations();
    cx.models();
    for remark in &upstream.remarks {
        cx.push(
            Severity::Note,
            Section::Models,
            "(upstream)",
            remark.clone(),
        );
    }
    cx.report
}

/// How two types relate.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// The same type.
    Same,
    /// The same type, written differently (a named model on one side, inline on the other).
    Equivalent(String),
    /// Different types.
    Different,
}

/// The comparison state.
struct Cx<'a> {
    /// Upstream.
    up: &'a Api,
    /// Ours.
    ours: &'a Api,
    /// Findings so far.
    report: Report,
}

impl Cx<'_> {
    /// Records a finding.
    fn push(&mut self, severity: Severity, section: Section, subject: &str, message: String) {
        self.report.findings.insert(Finding {
            section,
            subject: subject.to_owned(),
            message,
            severity,
        });
    }

    /// Operations missing, extra or matched by `operationId`.
    fn operations(&mut self) {
        let (up, ours) = (self.up, self.ours);
        for (id, u) in &up.operations {
            match ours.operations.get(id) {
                Some(o) => self.operation(id, u, o),
                None => {
                    let mut message = format!("operation ({} {})", u.method.to_uppercase(), u.path);
                    let twin = ours.operations.iter().find(|(other, o)| {
                        !up.operations.contains_key(*other)
                            && o.method == u.method
                            && o.path == u.path
                    });
                    if let Some((other, _)) = twin {
                        message
                            .push_str(&format!("; ours has `{other}` at the same method and path"));
                    }
                    self.push(Severity::Missing, Section::Operations, id, message);
                }
            }
        }
        for (id, o) in &ours.operations {
            if !up.operations.contains_key(id) {
                let message = format!("operation ({} {})", o.method.to_uppercase(), o.path);
                self.push(Severity::Extra, Section::Operations, id, message);
            }
        }
    }

    /// A matched operation.
    fn operation(&mut self, id: &str, u: &Operation, o: &Operation) {
        if u.method != o.method {
            let message = format!(
                "method: upstream {}, ours {}",
                u.method.to_uppercase(),
                o.method.to_uppercase()
            );
            self.push(Severity::Mismatch, Section::Operations, id, message);
        }
        if u.path != o.path {
            let message = format!("path: upstream {}, ours {}", u.path, o.path);
            self.push(Severity::Mismatch, Section::Operations, id, message);
        }
        self.params(id, &u.params, &o.params);
        self.body(id, u.body.as_ref(), o.body.as_ref());
        self.responses(id, &u.responses, &o.responses);
    }

    /// Non-body parameters of a matched operation.
    fn params(&mut self, id: &str, u: &BTreeMap<ParamKey, Param>, o: &BTreeMap<ParamKey, Param>) {
        for (key, up) in u {
            let Some(ours) = o.get(key) else {
                self.push(Severity::Missing, Section::Parameters, id, key.to_string());
                continue;
            };
            let what = key.to_string();
            self.required(Section::Parameters, id, &what, up.required, ours.required);
            self.shape(Section::Parameters, id, &what, &up.shape, &ours.shape);
            self.inline_enum(
                Section::Parameters,
                id,
                &what,
                (&up.shape, up.enumeration.as_ref()),
                (&ours.shape, ours.enumeration.as_ref()),
            );
        }
        for (key, ours) in o {
            if !u.contains_key(key) {
                let required = if ours.required { " (required)" } else { "" };
                self.push(
                    Severity::Extra,
                    Section::Parameters,
                    id,
                    format!("{key}{required}"),
                );
            }
        }
    }

    /// The request body of a matched operation.
    fn body(&mut self, id: &str, u: Option<&Body>, o: Option<&Body>) {
        let (u, o) = match (u, o) {
            (None, None) => return,
            (Some(_), None) => {
                let message = "request body".to_owned();
                return self.push(Severity::Missing, Section::Parameters, id, message);
            }
            (None, Some(_)) => {
                let message = "request body".to_owned();
                return self.push(Severity::Extra, Section::Parameters, id, message);
            }
            (Some(u), Some(o)) => (u, o),
        };
        self.required(
            Section::Parameters,
            id,
            "request body",
            u.required,
            o.required,
        );
        if u.media_types != o.media_types {
            let message = format!(
                "request body media types: upstream {}, ours {}",
                list(&u.media_types),
                list(&o.media_types)
            );
            self.push(Severity::Note, Section::Parameters, id, message);
        }
        self.shape(
            Section::Parameters,
            id,
            "request body schema",
            &u.shape,
            &o.shape,
        );
    }

    /// The responses of a matched operation.
    fn responses(
        &mut self,
        id: &str,
        u: &BTreeMap<String, Option<Shape>>,
        o: &BTreeMap<String, Option<Shape>>,
    ) {
        for (code, up) in u {
            let Some(ours) = o.get(code) else {
                self.push(
                    Severity::Missing,
                    Section::Responses,
                    id,
                    format!("response {code}"),
                );
                continue;
            };
            let what = format!("response {code} schema");
            match (up, ours) {
                (Some(up), Some(ours)) => self.shape(Section::Responses, id, &what, up, ours),
                (None, None) => {}
                _ => {
                    let message = format!("{what}: upstream {}, ours {}", opt(up), opt(ours));
                    self.push(Severity::Mismatch, Section::Responses, id, message);
                }
            }
        }
        for code in o.keys().filter(|code| !u.contains_key(*code)) {
            self.push(
                Severity::Extra,
                Section::Responses,
                id,
                format!("response {code}"),
            );
        }
    }

    /// Every upstream model (found in ours by name or alias), and our models upstream lacks.
    fn models(&mut self) {
        let (up, ours) = (self.up, self.ours);
        let mut matched = BTreeSet::new();
        for (name, u) in &up.models {
            let aliases = up.aliases.get(name).into_iter().flatten();
            let found = std::iter::once(name)
                .chain(aliases)
                .find_map(|candidate| ours.models.get(candidate).map(|o| (candidate, o)));
            let Some((ours_name, o)) = found else {
                self.push(Severity::Missing, Section::Models, name, "model".to_owned());
                continue;
            };
            if ours_name != name {
                let message = format!("ours names this model `{ours_name}` (an upstream alias)");
                self.push(Severity::Note, Section::Models, name, message);
            }
            matched.insert(ours_name.clone());
            self.model(name, u, o);
        }
        for name in ours.models.keys().filter(|name| !matched.contains(*name)) {
            let message = if up.inline_enums.contains(name) {
                format!("model (upstream declares this enum inline, as x-ms-enum `{name}`)")
            } else {
                "model (not used by the upstream operations)".to_owned()
            };
            self.push(Severity::Extra, Section::Models, name, message);
        }
    }

    /// A matched model.
    fn model(&mut self, name: &str, u: &Model, o: &Model) {
        if self.same_shape(&u.kind, &o.kind) == Verdict::Different {
            let message = format!("type: upstream {}, ours {}", u.kind, o.kind);
            self.push(Severity::Mismatch, Section::Models, name, message);
        }
        self.enumeration(
            Section::Models,
            name,
            "enum",
            u.enumeration.as_ref(),
            o.enumeration.as_ref(),
        );
        match (&u.additional, &o.additional) {
            (Some(up), Some(ours)) => {
                self.shape(Section::Models, name, "additionalProperties", up, ours)
            }
            (Some(up), None) => {
                let message = format!("additionalProperties: upstream {up}, ours none");
                self.push(Severity::Mismatch, Section::Models, name, message);
            }
            (None, Some(ours)) => {
                let message = format!("additionalProperties: {ours}");
                self.push(Severity::Extra, Section::Models, name, message);
            }
            (None, None) => {}
        }
        if u.discriminator != o.discriminator {
            let message = format!(
                "discriminator: upstream {}, ours {}",
                u.discriminator.as_deref().unwrap_or("none"),
                o.discriminator.as_deref().unwrap_or("none")
            );
            let severity = if u.discriminator.is_some() {
                Severity::Mismatch
            } else {
                Severity::Extra
            };
            self.push(severity, Section::Models, name, message);
        }
        for (property, up) in &u.properties {
            match o.properties.get(property) {
                Some(ours) => self.property(name, property, up, ours),
                None => {
                    let message = format!("property `{property}`");
                    self.push(Severity::Missing, Section::Models, name, message);
                }
            }
        }
        for (property, ours) in &o.properties {
            if !u.properties.contains_key(property) {
                let required = if ours.required { " (required)" } else { "" };
                let message = format!("property `{property}`{required}");
                self.push(Severity::Extra, Section::Models, name, message);
            }
        }
    }

    /// A property both sides have.
    fn property(&mut self, model: &str, name: &str, u: &Property, o: &Property) {
        let what = format!("property `{name}`");
        self.required(Section::Models, model, &what, u.required, o.required);
        match &o.deviation {
            Some(reason) if self.same_shape(&u.shape, &o.shape) == Verdict::Different => {
                let message = format!(
                    "{what}: type: upstream {}, ours {} (x-acs-upstream-differs: {reason})",
                    u.shape, o.shape
                );
                self.push(Severity::Note, Section::Models, model, message);
            }
            _ => self.shape(Section::Models, model, &what, &u.shape, &o.shape),
        }
        self.inline_enum(
            Section::Models,
            model,
            &what,
            (&u.shape, u.enumeration.as_ref()),
            (&o.shape, o.enumeration.as_ref()),
        );
        if u.read_only != o.read_only {
            let message = format!(
                "{what}: readOnly: upstream {}, ours {}",
                u.read_only, o.read_only
            );
            self.push(Severity::Note, Section::Models, model, message);
        }
    }

    /// A `required` flag both sides have.
    fn required(&mut self, section: Section, subject: &str, what: &str, u: bool, o: bool) {
        if u != o {
            let message = format!("{what}: required: upstream {u}, ours {o}");
            self.push(Severity::Mismatch, section, subject, message);
        }
    }

    /// Two types: different is a mismatch, equivalent but written differently a note.
    fn shape(&mut self, section: Section, subject: &str, what: &str, u: &Shape, o: &Shape) {
        match self.same_shape(u, o) {
            Verdict::Same => {}
            Verdict::Equivalent(how) => {
                self.push(Severity::Note, section, subject, format!("{what}: {how}"));
            }
            Verdict::Different => {
                let message = format!("{what}: type: upstream {u}, ours {o}");
                self.push(Severity::Mismatch, section, subject, message);
            }
        }
    }

    /// How two types relate; models match by name or upstream alias.
    fn same_shape(&self, u: &Shape, o: &Shape) -> Verdict {
        match (u, o) {
            (Shape::Ref(a), Shape::Ref(b)) => {
                let alias = self
                    .up
                    .aliases
                    .get(a)
                    .is_some_and(|names| names.contains(b));
                if a == b || alias {
                    Verdict::Same
                } else {
                    Verdict::Different
                }
            }
            (Shape::Array(a), Shape::Array(b)) | (Shape::Map(a), Shape::Map(b)) => {
                self.same_shape(a, b)
            }
            (Shape::Ref(a), inline) => match self.up.models.get(a) {
                Some(model) if self.same_shape(&model.as_shape(), inline) != Verdict::Different => {
                    Verdict::Equivalent(format!(
                        "upstream uses model `{a}`, ours an inline {inline}"
                    ))
                }
                _ => Verdict::Different,
            },
            (inline, Shape::Ref(b)) => match self.ours.models.get(b) {
                Some(model) if self.same_shape(inline, &model.as_shape()) != Verdict::Different => {
                    Verdict::Equivalent(format!(
                        "upstream uses an inline {inline}, ours model `{b}`"
                    ))
                }
                _ => Verdict::Different,
            },
            (a, b) if a == b => Verdict::Same,
            _ => Verdict::Different,
        }
    }

    /// The enum of a parameter or property, when at least one side declares it inline (enums of
    /// named models are compared with the models).
    fn inline_enum(
        &mut self,
        section: Section,
        subject: &str,
        what: &str,
        (u_shape, u_enum): (&Shape, Option<&EnumInfo>),
        (o_shape, o_enum): (&Shape, Option<&EnumInfo>),
    ) {
        if u_enum.is_none() && o_enum.is_none() {
            return;
        }
        let u_enum = u_enum.or_else(|| model_enum(self.up, u_shape));
        let o_enum = o_enum.or_else(|| model_enum(self.ours, o_shape));
        self.enumeration(section, subject, &format!("{what} enum"), u_enum, o_enum);
    }

    /// Enum values and extensibility.
    fn enumeration(
        &mut self,
        section: Section,
        subject: &str,
        what: &str,
        u: Option<&EnumInfo>,
        o: Option<&EnumInfo>,
    ) {
        let (u, o) = match (u, o) {
            (None, None) => return,
            (Some(u), None) => {
                let message = format!("{what}: upstream {}, ours not an enum", list(&u.values));
                return self.push(Severity::Mismatch, section, subject, message);
            }
            (None, Some(o)) => {
                let message = format!("{what}: upstream not an enum, ours {}", list(&o.values));
                return self.push(Severity::Mismatch, section, subject, message);
            }
            (Some(u), Some(o)) => (u, o),
        };
        for value in u.values.difference(&o.values) {
            self.push(
                Severity::Missing,
                section,
                subject,
                format!("{what} value `{value}`"),
            );
        }
        for value in o.values.difference(&u.values) {
            self.push(
                Severity::Extra,
                section,
                subject,
                format!("{what} value `{value}`"),
            );
        }
        if u.extensible != o.extensible {
            let message = format!(
                "{what}: upstream modelAsString {}, ours x-acs-extensible {}",
                u.extensible, o.extensible
            );
            // Ours tolerating unknown values where upstream is closed is harmless.
            let severity = if u.extensible {
                Severity::Mismatch
            } else {
                Severity::Note
            };
            self.push(severity, section, subject, message);
        }
    }
}

/// The enum of the model a type refers to.
fn model_enum<'a>(api: &'a Api, shape: &Shape) -> Option<&'a EnumInfo> {
    match shape {
        Shape::Ref(name) => api.models.get(name)?.enumeration.as_ref(),
        _ => None,
    }
}

/// `[a, b, c]`.
fn list(items: &BTreeSet<String>) -> String {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    format!("[{}]", items.join(", "))
}

/// A response schema, or `none`.
fn opt(shape: &Option<Shape>) -> String {
    shape
        .as_ref()
        .map_or_else(|| "none".to_owned(), Shape::to_string)
}
