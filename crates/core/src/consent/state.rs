//! The consent state machine and the rule that decides whether a contact
//! may be used for a purpose. Pure functions, so they are property-tested
//! against a reference model.

/// A consent event's state as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recorded {
    /// The person agreed.
    Given,
    /// The person said no.
    Refused,
    /// The person took an earlier agreement back.
    Withdrawn,
}

impl Recorded {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Recorded::Given => "given",
            Recorded::Refused => "refused",
            Recorded::Withdrawn => "withdrawn",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "given" => Some(Recorded::Given),
            "refused" => Some(Recorded::Refused),
            "withdrawn" => Some(Recorded::Withdrawn),
            _ => None,
        }
    }
}

/// The state of consent for one contact and purpose now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Nothing recorded.
    None,
    /// Given and not expired.
    Given,
    /// Refused.
    Refused,
    /// Withdrawn.
    Withdrawn,
    /// Given, but past its expiry.
    Expired,
}

impl Status {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::None => "none",
            Status::Given => "given",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
            Status::Expired => "expired",
        }
    }
}

/// The current status from the latest event (`None` when there is none):
/// its state, and for a given consent whether `expires_at` (a
/// `YYYY-MM-DD` day, inclusive) has passed as of `today`.
pub fn status(latest: Option<(Recorded, Option<&str>)>, today: &str) -> Status {
    match latest {
        None => Status::None,
        Some((Recorded::Refused, _)) => Status::Refused,
        Some((Recorded::Withdrawn, _)) => Status::Withdrawn,
        Some((Recorded::Given, Some(expires))) if expires < today => Status::Expired,
        Some((Recorded::Given, _)) => Status::Given,
    }
}

/// Whether an event may follow the current status: anything may be given
/// or refused (a new answer replaces the old), but only a consent that is
/// currently given can be withdrawn.
pub fn may_record(current: Status, next: Recorded) -> bool {
    match next {
        Recorded::Given | Recorded::Refused => true,
        Recorded::Withdrawn => current == Status::Given,
    }
}

/// Whether `answer` is a stricter answer than `than` when two records of
/// one person are merged: a refusal or a withdrawal on either wins over a
/// consent (given, or given and expired) on the other, whichever is newer.
/// The merge restates the stricter answer as the newest event.
pub fn stricter(answer: Recorded, than: Recorded) -> bool {
    let says_no = |r: Recorded| matches!(r, Recorded::Refused | Recorded::Withdrawn);
    says_no(answer) && !says_no(than)
}

/// Why a contact was left out of a use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeftOut {
    /// The purpose needs consent and none was given (none recorded, or refused).
    NoConsent,
    /// Consent was withdrawn.
    Withdrawn,
    /// Consent expired.
    Expired,
    /// Processing is restricted (a data-subject request).
    Restricted,
    /// The person objected to direct marketing.
    Objected,
    /// A hand-picked id whose contact was erased (the audit log's
    /// `dsr.erase` entry names it).
    Erased,
    /// A hand-picked id that names no live contact and was never erased
    /// (deleted, in the recycle bin, or never there).
    NotFound,
    /// A mailing list needs an e-mail address and the contact has none.
    NoEmail,
}

impl LeftOut {
    /// Every reason, in report order.
    pub const ALL: [LeftOut; 8] = [
        LeftOut::NoConsent,
        LeftOut::Withdrawn,
        LeftOut::Expired,
        LeftOut::Restricted,
        LeftOut::Objected,
        LeftOut::Erased,
        LeftOut::NotFound,
        LeftOut::NoEmail,
    ];

    /// The reasons the basis rule gives (consent, restriction, objection):
    /// the columns of the coverage by purpose.
    pub const BASIS: [LeftOut; 5] = [
        LeftOut::NoConsent,
        LeftOut::Withdrawn,
        LeftOut::Expired,
        LeftOut::Restricted,
        LeftOut::Objected,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            LeftOut::NoConsent => "no-consent",
            LeftOut::Withdrawn => "withdrawn",
            LeftOut::Expired => "expired",
            LeftOut::Restricted => "restricted",
            LeftOut::Objected => "objected",
            LeftOut::Erased => "erased",
            LeftOut::NotFound => "not-found",
            LeftOut::NoEmail => "no-email",
        }
    }
}

/// What the rule needs to know about a purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurposeRule {
    /// Whether the purpose's lawful basis is consent.
    pub consent_required: bool,
    /// Whether it is direct marketing (an objection stops it).
    pub marketing: bool,
}

/// Whether a contact may be used for a purpose; the first reason that
/// stops it otherwise. A restriction stops every use; an objection stops
/// marketing; a purpose based on consent needs a given, unexpired one.
pub fn basis(
    rule: PurposeRule,
    status: Status,
    restricted: bool,
    objected: bool,
) -> Result<(), LeftOut> {
    if restricted {
        return Err(LeftOut::Restricted);
    }
    if objected && rule.marketing {
        return Err(LeftOut::Objected);
    }
    if !rule.consent_required {
        return Ok(());
    }
    match status {
        Status::Given => Ok(()),
        Status::None | Status::Refused => Err(LeftOut::NoConsent),
        Status::Withdrawn => Err(LeftOut::Withdrawn),
        Status::Expired => Err(LeftOut::Expired),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn recorded() -> impl Strategy<Value = Recorded> {
        prop_oneof![
            Just(Recorded::Given),
            Just(Recorded::Refused),
            Just(Recorded::Withdrawn)
        ]
    }

    /// A reference model written out longhand: replay the events that the
    /// machine accepts, remember the last accepted one, then look at the day.
    fn model(events: &[(Recorded, Option<u8>)], today: u8) -> Status {
        let mut last: Option<(Recorded, Option<u8>)> = None;
        for &(next, expires) in events {
            let currently_given =
                matches!(last, Some((Recorded::Given, e)) if e.is_none_or(|d| d >= today));
            let accepted = next != Recorded::Withdrawn || currently_given;
            if accepted {
                last = Some((next, expires));
            }
        }
        match last {
            None => Status::None,
            Some((Recorded::Given, Some(d))) if d < today => Status::Expired,
            Some((Recorded::Given, _)) => Status::Given,
            Some((Recorded::Refused, _)) => Status::Refused,
            Some((Recorded::Withdrawn, _)) => Status::Withdrawn,
        }
    }

    fn day(d: u8) -> String {
        format!("2027-01-{:02}", d.clamp(1, 28))
    }

    proptest! {
        #[test]
        fn the_machine_matches_the_model(
            events in proptest::collection::vec((recorded(), proptest::option::of(1u8..=28)), 0..12),
            today in 1u8..=28,
        ) {
            let today_text = day(today);
            let mut latest: Option<(Recorded, Option<String>)> = None;
            for (next, expires) in &events {
                let current = status(latest.as_ref().map(|(r, e)| (*r, e.as_deref())), &today_text);
                if may_record(current, *next) {
                    latest = Some((*next, expires.map(day)));
                }
            }
            let got = status(latest.as_ref().map(|(r, e)| (*r, e.as_deref())), &today_text);
            prop_assert_eq!(got, model(&events, today));
        }

        #[test]
        fn withdrawing_is_possible_exactly_when_consent_is_given(
            events in proptest::collection::vec((recorded(), proptest::option::of(1u8..=28)), 0..12),
        ) {
            let today = day(14);
            let mut latest: Option<(Recorded, Option<String>)> = None;
            for (next, expires) in &events {
                let current = status(latest.as_ref().map(|(r, e)| (*r, e.as_deref())), &today);
                prop_assert_eq!(may_record(current, Recorded::Withdrawn), current == Status::Given);
                if may_record(current, *next) {
                    latest = Some((*next, expires.map(day)));
                }
            }
        }
    }

    #[test]
    fn the_basis_rule_checks_restriction_then_objection_then_consent() {
        let consent = PurposeRule {
            consent_required: true,
            marketing: true,
        };
        let contract = PurposeRule {
            consent_required: false,
            marketing: false,
        };
        assert_eq!(basis(consent, Status::Given, false, false), Ok(()));
        assert_eq!(
            basis(consent, Status::Given, true, false),
            Err(LeftOut::Restricted)
        );
        assert_eq!(
            basis(consent, Status::Given, false, true),
            Err(LeftOut::Objected)
        );
        assert_eq!(
            basis(consent, Status::None, false, false),
            Err(LeftOut::NoConsent)
        );
        assert_eq!(
            basis(consent, Status::Expired, false, false),
            Err(LeftOut::Expired)
        );
        assert_eq!(basis(contract, Status::None, false, true), Ok(()));
        assert_eq!(
            basis(contract, Status::None, true, false),
            Err(LeftOut::Restricted)
        );
    }

    #[test]
    fn a_refusal_or_withdrawal_is_stricter_than_a_consent_and_nothing_else() {
        use Recorded::{Given, Refused, Withdrawn};
        assert!(stricter(Withdrawn, Given));
        assert!(stricter(Refused, Given));
        assert!(!stricter(Given, Withdrawn));
        assert!(!stricter(Given, Given));
        assert!(!stricter(Withdrawn, Refused));
        assert!(!stricter(Refused, Withdrawn));
    }

    #[test]
    fn a_consent_is_valid_through_its_expiry_day() {
        let given = Some((Recorded::Given, Some("2027-03-31")));
        assert_eq!(status(given, "2027-03-31"), Status::Given);
        assert_eq!(status(given, "2027-04-01"), Status::Expired);
    }
}
