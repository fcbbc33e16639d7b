//! Findings and how they are printed.

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Severity {
    /// Upstream has it, ours does not: fails.
    Missing,
    /// Both have it, but they differ: fails.
    Mismatch,
    /// Only ours has it: informational.
    Extra,
    /// Informational difference (media types, `readOnly`, naming, …).
    Note,
}

impl Severity {
    /// The label that starts a report line.
    pub(super) fn label(self) -> &'static str {
        match self {
            Self::Missing => "MISSING",
            Self::Mismatch => "MISMATCH",
            Self::Extra => "EXTRA",
            Self::Note => "NOTE",
        }
    }

    /// Whether findings of this severity fail the check.
    pub(super) fn fails(self) -> bool {
        matches!(self, Self::Missing | Self::Mismatch)
    }
}

/// The part of the report a finding belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Section {
    /// Operations as a whole (presence, method, path).
    Operations,
    /// Parameters and request bodies.
    Parameters,
    /// Responses.
    Responses,
    /// Models.
    Models,
}

impl Section {
    /// All sections, in report order.
    const ALL: [Self; 4] = [
        Self::Operations,
        Self::Parameters,
        Self::Responses,
        Self::Models,
    ];

    /// The section heading.
    fn title(self) -> &'static str {
        match self {
            Self::Operations => "Operations",
            Self::Parameters => "Parameters",
            Self::Responses => "Responses",
            Self::Models => "Models",
        }
    }
}

/// One difference. Field order gives the report order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Finding {
    /// Where it is reported.
    pub(super) section: Section,
    /// The operation or model it concerns.
    pub(super) subject: String,
    /// What differs.
    pub(super) message: String,
    /// How much it matters.
    pub(super) severity: Severity,
}

/// All findings of one comparison, sorted and without duplicates.
#[derive(Debug, Default)]
pub(super) struct Report {
    /// What was compared, printed before the findings.
    pub(super) scope: Option<String>,
    /// The findings.
    pub(super) findings: BTreeSet<Finding>,
}

impl Report {
    /// Number of findings of a severity.
    pub(super) fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether any finding fails the check.
    pub(super) fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.severity.fails())
    }

    /// The full report: what was compared, findings by section, then the summary line.
    pub(super) fn render(&self, ours: &str, upstream: &str) -> String {
        let mut out = String::new();
        if let Some(scope) = &self.scope {
            let _ = writeln!(out, "{scope}\n");
        }
        for section in Section::ALL {
            let _ = writeln!(out, "== {} ==", section.title());
            let mut any = false;
            for finding in self.findings.iter().filter(|f| f.section == section) {
                let _ = writeln!(
                    out,
                    "{:<8} {}: {}",
                    finding.severity.label(),
                    finding.subject,
                    finding.message
                );
                any = true;
            }
            if !any {
                out.push_str("(no differences)\n");
            }
            out.push('\n');
        }
        out.push_str(&self.summary(ours, upstream));
        out.push('\n');
        out
    }

    /// The one-line summary.
    pub(super) fn summary(&self, ours: &str, upstream: &str) -> String {
        format!(
            "spec-diff: {ours} vs {upstream}: {} missing, {} mismatched, {} extra, {} notes",
            self.count(Severity::Missing),
            self.count(Severity::Mismatch),
            self.count(Severity::Extra),
            self.count(Severity::Note),
        )
    }
}
