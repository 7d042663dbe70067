//! A handful of made-up contacts, so a new user can try Steward before
//! importing real data. Every name, address and number here is fictitious.

use crate::records::contacts::NewContact;
use crate::{Result, Session};

const SAMPLES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Amara Okafor",
        "amara.okafor@example.com",
        "+44 20 7946 0011",
        "Northwind Traders",
        "Met at the Leeds trade fair; wants a quote for Q3.",
    ),
    (
        "Bruno Lehmann",
        "bruno@lehmann-bau.example",
        "+49 30 901820",
        "Lehmann Bau GmbH",
        "Prefers phone calls in the morning.",
    ),
    (
        "Chen Wei",
        "chen.wei@example.org",
        "+86 10 5555 0199",
        "Blue Harbor Imports",
        "",
    ),
    (
        "Dolores Vega",
        "dvega@example.net",
        "+34 91 555 0142",
        "Vega & Hijos",
        "Renewal due in November.",
    ),
    (
        "Eero Virtanen",
        "eero.virtanen@example.fi",
        "+358 9 555 0123",
        "Kuusi Design Oy",
        "Asked about the consulting package.",
    ),
    (
        "Fatima Haddad",
        "fatima@haddad-law.example",
        "+971 4 555 0166",
        "Haddad Legal",
        "",
    ),
    (
        "Grace O'Neill",
        "grace.oneill@example.ie",
        "+353 1 555 0177",
        "Cliffside Bakery",
        "Signed up through the website.",
    ),
    (
        "Hiroshi Tanaka",
        "h.tanaka@example.jp",
        "+81 3 5555 0188",
        "Sakura Logistics",
        "Follow up after the demo.",
    ),
];

/// Adds the sample contacts as the current user and returns how many.
///
/// # Errors
/// As [`Session::add_contact`].
pub fn add_sample_contacts(session: &mut Session) -> Result<usize> {
    for (name, email, phone, company, notes) in SAMPLES {
        session.add_contact(&NewContact {
            name: (*name).into(),
            emails: vec![(*email).into()],
            phones: vec![(*phone).into()],
            company: Some((*company).into()),
            notes: (!notes.is_empty()).then(|| (*notes).into()),
            ..NewContact::default()
        })?;
    }
    Ok(SAMPLES.len())
}
