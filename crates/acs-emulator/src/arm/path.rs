//! The ARM paths of `Microsoft.Communication`, parsed from the decoded segments. Literal
//! segments compare case-insensitively, as ARM does.

use http::Method;

/// A kind of resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    CommunicationService,
    EmailService,
    Domain,
    SenderUsername,
}

impl Kind {
    /// The path segment of a collection of this kind.
    pub(crate) fn segment(self) -> &'static str {
        match self {
            Self::CommunicationService => "communicationServices",
            Self::EmailService => "emailServices",
            Self::Domain => "domains",
            Self::SenderUsername => "senderUsernames",
        }
    }

    /// The ARM resource type.
    pub(crate) fn resource_type(self) -> &'static str {
        match self {
            Self::CommunicationService => "Microsoft.Communication/CommunicationServices",
            Self::EmailService => "Microsoft.Communication/EmailServices",
            Self::Domain => "Microsoft.Communication/EmailServices/Domains",
            Self::SenderUsername => "Microsoft.Communication/EmailServices/Domains/SenderUsernames",
        }
    }

    /// How errors name it.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Self::CommunicationService => "communication service",
            Self::EmailService => "email service",
            Self::Domain => "domain",
            Self::SenderUsername => "sender username",
        }
    }

    fn from_segment(segment: &str) -> Option<Self> {
        [
            Self::CommunicationService,
            Self::EmailService,
            Self::Domain,
            Self::SenderUsername,
        ]
        .into_iter()
        .find(|kind| kind.segment().eq_ignore_ascii_case(segment))
    }
}

/// Where a resource lives: subscription, resource group and the chain of kinds and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    pub(crate) subscription: String,
    pub(crate) group: String,
    pub(crate) chain: Vec<(Kind, String)>,
}

impl Address {
    /// The ARM id, as cased in the request.
    pub(crate) fn id(&self) -> String {
        let mut id = format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Communication",
            self.subscription, self.group
        );
        for (kind, name) in &self.chain {
            id.push('/');
            id.push_str(kind.segment());
            id.push('/');
            id.push_str(name);
        }
        id
    }

    pub(crate) fn kind(&self) -> Kind {
        self.chain
            .last()
            .map_or(Kind::CommunicationService, |(kind, _)| *kind)
    }

    pub(crate) fn name(&self) -> &str {
        self.chain.last().map_or("", |(_, name)| name.as_str())
    }

    /// The address of the parent resource, for nested kinds.
    pub(crate) fn parent(&self) -> Option<Address> {
        (self.chain.len() > 1).then(|| Address {
            subscription: self.subscription.clone(),
            group: self.group.clone(),
            chain: self.chain[..self.chain.len() - 1].to_vec(),
        })
    }
}

/// A POST action on a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    ListKeys,
    RegenerateKey,
    LinkNotificationHub,
    InitiateVerification,
    CancelVerification,
}

/// What an ARM path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A list: of a kind in a subscription (`group` none) or resource group, or of the children
    /// of `parent`.
    Collection {
        subscription: String,
        group: Option<String>,
        parent: Option<Address>,
        kind: Kind,
    },
    Resource(Address),
    Action(Address, Action),
    CheckNameAvailability {
        subscription: String,
    },
    /// `POST .../listVerifiedExchangeOnlineDomains`.
    VerifiedExchangeOnlineDomains {
        subscription: String,
    },
    /// `.../locations/{location}/operationStatuses/{id}` (`result` false) or
    /// `.../operationResults/{id}` (`result` true).
    Operation {
        subscription: String,
        location: String,
        id: String,
        result: bool,
    },
    /// `GET /providers/Microsoft.Communication/operations`.
    ProviderOperations,
}

impl Target {
    /// The methods the target answers.
    pub(crate) fn methods(&self) -> &'static [Method] {
        match self {
            Self::Collection { .. } | Self::Operation { .. } | Self::ProviderOperations => {
                &[Method::GET]
            }
            Self::Action(..)
            | Self::CheckNameAvailability { .. }
            | Self::VerifiedExchangeOnlineDomains { .. } => &[Method::POST],
            Self::Resource(address) if address.kind() == Kind::SenderUsername => {
                &[Method::GET, Method::PUT, Method::DELETE]
            }
            Self::Resource(_) => &[Method::GET, Method::PUT, Method::PATCH, Method::DELETE],
        }
    }
}

/// Whether a path is one of the ARM surface's (`/subscriptions/...`, `/providers/...`).
pub(crate) fn is_arm(segments: &[String]) -> bool {
    segments.first().is_some_and(|first| {
        first.eq_ignore_ascii_case("subscriptions") || first.eq_ignore_ascii_case("providers")
    })
}

fn eq(segment: &str, literal: &str) -> bool {
    segment.eq_ignore_ascii_case(literal)
}

/// Parses an ARM path; `None` when it names nothing of this provider.
pub(crate) fn parse(segments: &[String]) -> Option<Target> {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match s.as_slice() {
        [p, ns, ops]
            if eq(p, "providers") && eq(ns, "Microsoft.Communication") && eq(ops, "operations") =>
        {
            Some(Target::ProviderOperations)
        }
        [subs, sub, p, ns, rest @ ..]
            if eq(subs, "subscriptions")
                && eq(p, "providers")
                && eq(ns, "Microsoft.Communication") =>
        {
            let subscription = (*sub).to_owned();
            match rest {
                [check] if eq(check, "checkNameAvailability") => {
                    Some(Target::CheckNameAvailability { subscription })
                }
                [list] if eq(list, "listVerifiedExchangeOnlineDomains") => {
                    Some(Target::VerifiedExchangeOnlineDomains { subscription })
                }
                [collection] => {
                    let kind = Kind::from_segment(collection).filter(|kind| {
                        matches!(kind, Kind::CommunicationService | Kind::EmailService)
                    })?;
                    Some(Target::Collection {
                        subscription,
                        group: None,
                        parent: None,
                        kind,
                    })
                }
                [locations, location, operations, id] if eq(locations, "locations") => {
                    let result = if eq(operations, "operationResults") {
                        true
                    } else if eq(operations, "operationStatuses") {
                        false
                    } else {
                        return None;
                    };
                    Some(Target::Operation {
                        subscription,
                        location: (*location).to_owned(),
                        id: (*id).to_owned(),
                        result,
                    })
                }
                _ => None,
            }
        }
        [subs, sub, groups, group, p, ns, rest @ ..]
            if eq(subs, "subscriptions")
                && eq(groups, "resourceGroups")
                && eq(p, "providers")
                && eq(ns, "Microsoft.Communication") =>
        {
            parse_in_group(sub, group, rest)
        }
        _ => None,
    }
}

/// The allowed chains: a communication service, an email service, its domains, their senders.
fn allowed(chain: &[Kind]) -> bool {
    matches!(
        chain,
        [Kind::CommunicationService]
            | [Kind::EmailService]
            | [Kind::EmailService, Kind::Domain]
            | [Kind::EmailService, Kind::Domain, Kind::SenderUsername]
    )
}

fn parse_in_group(subscription: &str, group: &str, rest: &[&str]) -> Option<Target> {
    let mut chain = Vec::new();
    let mut pairs = rest.chunks(2);
    let address = |chain: Vec<(Kind, String)>| Address {
        subscription: subscription.to_owned(),
        group: group.to_owned(),
        chain,
    };
    loop {
        let Some(pair) = pairs.next() else {
            let kinds: Vec<Kind> = chain.iter().map(|(kind, _)| *kind).collect();
            return (!chain.is_empty() && allowed(&kinds))
                .then(|| Target::Resource(address(chain)));
        };
        match pair {
            [segment, name] => {
                if let Some(kind) = Kind::from_segment(segment) {
                    chain.push((kind, (*name).to_owned()));
                    let kinds: Vec<Kind> = chain.iter().map(|(kind, _)| *kind).collect();
                    if !allowed(&kinds) {
                        return None;
                    }
                } else {
                    return None;
                }
            }
            [last] => {
                if let Some(kind) = Kind::from_segment(last) {
                    let mut kinds: Vec<Kind> = chain.iter().map(|(kind, _)| *kind).collect();
                    kinds.push(kind);
                    if !allowed(&kinds) {
                        return None;
                    }
                    let parent = (!chain.is_empty()).then(|| address(chain.clone()));
                    return Some(Target::Collection {
                        subscription: subscription.to_owned(),
                        group: Some(group.to_owned()),
                        parent,
                        kind,
                    });
                }
                let kinds: Vec<Kind> = chain.iter().map(|(kind, _)| *kind).collect();
                let action = match (kinds.as_slice(), *last) {
                    ([Kind::CommunicationService], a) if eq(a, "listKeys") => Action::ListKeys,
                    ([Kind::CommunicationService], a) if eq(a, "regenerateKey") => {
                        Action::RegenerateKey
                    }
                    ([Kind::CommunicationService], a) if eq(a, "linkNotificationHub") => {
                        Action::LinkNotificationHub
                    }
                    ([Kind::EmailService, Kind::Domain], a) if eq(a, "initiateVerification") => {
                        Action::InitiateVerification
                    }
                    ([Kind::EmailService, Kind::Domain], a) if eq(a, "cancelVerification") => {
                        Action::CancelVerification
                    }
                    _ => return None,
                };
                return Some(Target::Action(address(chain), action));
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(path: &str) -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn parses_every_kind_of_path() {
        let rg = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Communication";
        let domain = Address {
            subscription: "s1".into(),
            group: "rg".into(),
            chain: vec![
                (Kind::EmailService, "mail".into()),
                (Kind::Domain, "AzureManagedDomain".into()),
            ],
        };
        assert_eq!(
            parse(&segments(&format!(
                "{rg}/emailServices/mail/domains/AzureManagedDomain"
            ))),
            Some(Target::Resource(domain.clone()))
        );
        assert_eq!(
            domain.id(),
            format!("{rg}/emailServices/mail/domains/AzureManagedDomain")
        );
        assert_eq!(
            parse(&segments(&format!(
                "{rg}/emailServices/mail/domains/AzureManagedDomain/initiateVerification"
            ))),
            Some(Target::Action(domain.clone(), Action::InitiateVerification))
        );
        assert_eq!(
            parse(&segments(&format!(
                "{rg}/emailServices/mail/domains/AzureManagedDomain/senderUsernames"
            ))),
            Some(Target::Collection {
                subscription: "s1".into(),
                group: Some("rg".into()),
                parent: Some(domain),
                kind: Kind::SenderUsername
            })
        );
        assert_eq!(
            parse(&segments(
                "/SUBSCRIPTIONS/s1/providers/microsoft.communication/communicationservices"
            )),
            Some(Target::Collection {
                subscription: "s1".into(),
                group: None,
                parent: None,
                kind: Kind::CommunicationService
            })
        );
        assert!(matches!(
            parse(&segments(&format!(
                "{rg}/communicationServices/cs/listKeys"
            ))),
            Some(Target::Action(_, Action::ListKeys))
        ));
        assert!(matches!(
            parse(&segments(
                "/subscriptions/s1/providers/Microsoft.Communication/locations/global/operationStatuses/x"
            )),
            Some(Target::Operation { result: false, .. })
        ));
        for bad in [
            format!("{rg}/communicationServices/cs/domains/d"),
            format!("{rg}/domains/d"),
            format!("{rg}/communicationServices/cs/initiateVerification"),
            "/subscriptions/s1/providers/Microsoft.Storage/accounts".to_owned(),
            format!("{rg}/emailServices/mail/domains/d/senderUsernames/u/extra"),
        ] {
            assert_eq!(parse(&segments(&bad)), None, "{bad}");
        }
    }
}
