//! A small made-up business, so a new user can try every screen of Steward
//! before importing real data: forty contacts at ten companies, deals in
//! every stage of the pipeline, tasks due today, overdue and next week, a
//! few meetings, activities, consents given and withdrawn, and one open
//! data-subject request.
//!
//! Every name here is invented. E-mail addresses are at the domains
//! reserved for examples (`example.com`, `example.org`, `example.net` and
//! `*.example`, RFC 2606); phone numbers are in ranges reserved for fiction
//! (the United Kingdom's `020 7946 0xxx` and `0113 496 0xxx` drama ranges
//! and `07700 900xxx`, France's `01 99 00 xx xx`). Romania reserves no such
//! range, so the Romanian contacts have no phone number rather than one
//! that might ring someone. Nothing is random: the same business is made
//! every time, its dates counted from the clock's today. Every row goes
//! through the ordinary operations of a [`Session`], so it is checked,
//! audited and indexed as user data is.

use chrono::{Duration, NaiveTime};

use crate::consent::{Method, NewConsent, Recorded};
use crate::locale::Language;
use crate::locale::defaults::default_stage_name;
use crate::locale::sample::sample_text;
use crate::records::activities::{About, ActivityKind, NewActivity};
use crate::records::companies::NewCompany;
use crate::records::contacts::{Address, NewContact};
use crate::records::deals::NewDeal;
use crate::records::pipeline::StageRef;
use crate::records::tasks::NewTask;
use crate::rights::DsrKind;
use crate::{Result, Session};

/// The companies: name, domain, phone, city, country, notes.
const COMPANIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "Livada Verde SRL",
        "livada-verde.example",
        "",
        "Cluj-Napoca",
        "Romania",
        "Organic orchards; buys packaging every spring.",
    ),
    (
        "Brutăria Sfântul Ștefan",
        "brutaria-stefan.example",
        "",
        "Iași",
        "Romania",
        "Family bakery with four shops.",
    ),
    (
        "Țesătoria Mureș SA",
        "tesatoria-mures.example",
        "",
        "Târgu Mureș",
        "Romania",
        "",
    ),
    (
        "Atelierul de Mobilă Bârsan",
        "mobila-barsan.example",
        "",
        "Brașov",
        "Romania",
        "Custom furniture; slow to decide, loyal once they do.",
    ),
    (
        "Dunărea Logistic SRL",
        "dunarea-logistic.example",
        "",
        "Galați",
        "Romania",
        "",
    ),
    (
        "Northwind Traders",
        "northwind.example",
        "+44 20 7946 0100",
        "Leeds",
        "United Kingdom",
        "Met at the Leeds trade fair.",
    ),
    (
        "Blue Harbor Imports",
        "blueharbor.example",
        "+44 113 496 0200",
        "Leeds",
        "United Kingdom",
        "",
    ),
    (
        "Maison Lefèvre",
        "maison-lefevre.example",
        "+33 1 99 00 12 34",
        "Lyon",
        "France",
        "Wine importer; asks for French invoices.",
    ),
    (
        "Kuusi Design Oy",
        "kuusi.example",
        "",
        "Helsinki",
        "Finland",
        "",
    ),
    (
        "Cliffside Bakery",
        "cliffside.example",
        "+44 20 7946 0300",
        "London",
        "United Kingdom",
        "Signed up through the website.",
    ),
];

/// The contacts: name, e-mail, phone, company (index into [`COMPANIES`]),
/// job title, city, tags (comma-separated), notes.
type SampleContact = (
    &'static str,
    &'static str,
    &'static str,
    Option<usize>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CONTACTS: &[SampleContact] = &[
    (
        "Ana-Maria Popescu",
        "ana.popescu@livada-verde.example",
        "",
        Some(0),
        "Managing director",
        "Cluj-Napoca",
        "client,vip",
        "Decides alone; prefers a call to an e-mail.",
    ),
    (
        "Ștefan Ionescu",
        "stefan.ionescu@livada-verde.example",
        "",
        Some(0),
        "Purchasing",
        "Cluj-Napoca",
        "client",
        "",
    ),
    (
        "Ioana Țăranu",
        "ioana.taranu@livada-verde.example",
        "",
        Some(0),
        "Accountant",
        "Cluj-Napoca",
        "",
        "Sends the invoices back when the VAT code is missing.",
    ),
    (
        "Mihai Dumitrescu",
        "mihai@brutaria-stefan.example",
        "",
        Some(1),
        "Owner",
        "Iași",
        "client",
        "Fourth shop opens in spring.",
    ),
    (
        "Elena Bălan",
        "elena.balan@brutaria-stefan.example",
        "",
        Some(1),
        "Shop manager",
        "Iași",
        "",
        "",
    ),
    (
        "Andrei Mureșan",
        "andrei.muresan@tesatoria-mures.example",
        "",
        Some(2),
        "Production manager",
        "Târgu Mureș",
        "lead",
        "Asked for samples of the heavy cloth.",
    ),
    (
        "Cristina Oprea",
        "cristina.oprea@tesatoria-mures.example",
        "",
        Some(2),
        "Sales",
        "Târgu Mureș",
        "lead",
        "",
    ),
    (
        "Gheorghe Bârsan",
        "gheorghe@mobila-barsan.example",
        "",
        Some(3),
        "Owner",
        "Brașov",
        "client,vip",
        "Third generation; the shop opened in 1962.",
    ),
    (
        "Alexandra Stănescu",
        "alexandra@mobila-barsan.example",
        "",
        Some(3),
        "Designer",
        "Brașov",
        "",
        "",
    ),
    (
        "Radu Căpraru",
        "radu.capraru@dunarea-logistic.example",
        "",
        Some(4),
        "Fleet manager",
        "Galați",
        "lead",
        "Tender in the autumn.",
    ),
    (
        "Irina Vlădescu",
        "irina.vladescu@dunarea-logistic.example",
        "",
        Some(4),
        "Finance director",
        "Galați",
        "",
        "",
    ),
    (
        "Amara Okafor",
        "amara.okafor@northwind.example",
        "+44 20 7946 0011",
        Some(5),
        "Buyer",
        "Leeds",
        "client",
        "Wants a quote for Q3.",
    ),
    (
        "James Whitfield",
        "james.whitfield@northwind.example",
        "+44 20 7946 0012",
        Some(5),
        "Operations",
        "Leeds",
        "",
        "",
    ),
    (
        "Chen Wei",
        "chen.wei@blueharbor.example",
        "+44 113 496 0021",
        Some(6),
        "Director",
        "Leeds",
        "client",
        "",
    ),
    (
        "Priya Natarajan",
        "priya@blueharbor.example",
        "+44 113 496 0022",
        Some(6),
        "Logistics",
        "Leeds",
        "",
        "Back from leave in the second week of the month.",
    ),
    (
        "Camille Lefèvre",
        "camille@maison-lefevre.example",
        "+33 1 99 00 12 35",
        Some(7),
        "Gérante",
        "Lyon",
        "client,vip",
        "Writes in French; answers within the day.",
    ),
    (
        "Étienne Moreau",
        "etienne.moreau@maison-lefevre.example",
        "+33 1 99 00 12 36",
        Some(7),
        "Achats",
        "Lyon",
        "",
        "",
    ),
    (
        "Eero Virtanen",
        "eero.virtanen@kuusi.example",
        "",
        Some(8),
        "Founder",
        "Helsinki",
        "lead",
        "Asked about the consulting package.",
    ),
    (
        "Aino Korhonen",
        "aino.korhonen@kuusi.example",
        "",
        Some(8),
        "Project lead",
        "Helsinki",
        "",
        "",
    ),
    (
        "Grace O'Neill",
        "grace.oneill@cliffside.example",
        "+44 20 7946 0031",
        Some(9),
        "Owner",
        "London",
        "client",
        "",
    ),
    (
        "Tom Becker",
        "tom.becker@cliffside.example",
        "+44 20 7946 0032",
        Some(9),
        "Head baker",
        "London",
        "",
        "",
    ),
    (
        "Vlad Constantinescu",
        "vlad.constantinescu@example.com",
        "",
        None,
        "Consultant",
        "București",
        "partner",
        "Brings in two or three clients a year.",
    ),
    (
        "Oana Dragomir",
        "oana.dragomir@example.com",
        "",
        None,
        "Freelance designer",
        "Timișoara",
        "partner",
        "",
    ),
    (
        "Bogdan Preda",
        "bogdan.preda@example.net",
        "",
        None,
        "",
        "Constanța",
        "lead",
        "Called about the newsletter offer.",
    ),
    (
        "Daniela Sârbu",
        "daniela.sarbu@example.org",
        "",
        None,
        "Teacher",
        "Sibiu",
        "newsletter",
        "",
    ),
    (
        "Florin Neagu",
        "florin.neagu@example.net",
        "",
        None,
        "",
        "Craiova",
        "newsletter",
        "",
    ),
    (
        "Roxana Ilie",
        "roxana.ilie@example.com",
        "",
        None,
        "Architect",
        "Oradea",
        "lead",
        "Met at the Brașov design fair.",
    ),
    (
        "Cătălin Enache",
        "catalin.enache@example.org",
        "",
        None,
        "",
        "Ploiești",
        "",
        "",
    ),
    (
        "Mădălina Toma",
        "madalina.toma@example.com",
        "",
        None,
        "Event planner",
        "București",
        "lead",
        "",
    ),
    (
        "Sorin Pătrașcu",
        "sorin.patrascu@example.net",
        "",
        None,
        "",
        "Pitești",
        "newsletter",
        "",
    ),
    (
        "Bianca Rus",
        "bianca.rus@example.org",
        "",
        None,
        "Pharmacist",
        "Cluj-Napoca",
        "",
        "",
    ),
    (
        "Tudor Anghel",
        "tudor.anghel@example.com",
        "",
        None,
        "",
        "Bacău",
        "",
        "Asked for his data to be sent to him.",
    ),
    (
        "Hiroshi Tanaka",
        "h.tanaka@example.org",
        "+44 20 7946 0041",
        None,
        "Importer",
        "London",
        "lead",
        "Follow up after the demo.",
    ),
    (
        "Dolores Vega",
        "dvega@example.net",
        "+44 20 7946 0042",
        None,
        "",
        "London",
        "client",
        "Renewal due in November.",
    ),
    (
        "Fatima Haddad",
        "fatima.haddad@example.com",
        "+44 7700 900041",
        None,
        "Lawyer",
        "Manchester",
        "",
        "",
    ),
    (
        "Bruno Lehmann",
        "bruno@lehmann-bau.example",
        "+44 113 496 0043",
        None,
        "Builder",
        "Leeds",
        "lead",
        "Prefers phone calls in the morning.",
    ),
    (
        "Sofia Rossi",
        "sofia.rossi@example.org",
        "+44 7700 900042",
        None,
        "",
        "London",
        "newsletter",
        "",
    ),
    (
        "Lucas Martin",
        "lucas.martin@example.net",
        "+33 1 99 00 45 67",
        None,
        "Photographer",
        "Paris",
        "",
        "",
    ),
    (
        "Nadia Petrović",
        "nadia.petrovic@example.com",
        "+44 7700 900043",
        None,
        "Translator",
        "London",
        "partner",
        "",
    ),
    (
        "Olivia Brown",
        "olivia.brown@example.org",
        "+44 20 7946 0044",
        None,
        "",
        "London",
        "newsletter",
        "",
    ),
];

/// The deals: title, stage, amount in minor units, currency, contact
/// (index into [`CONTACTS`]), days from today to the expected close.
const DEALS: &[(&str, &str, i64, &str, usize, i64)] = &[
    (
        "Packaging for the spring harvest",
        "Lead",
        1_200_000,
        "RON",
        1,
        60,
    ),
    ("Heavy cloth samples", "Lead", 450_000, "RON", 5, 45),
    ("Consulting package", "Lead", 800_000, "EUR", 17, 50),
    ("Fourth shop fit-out", "Qualified", 3_500_000, "RON", 3, 40),
    ("Fleet tracking pilot", "Qualified", 1_800_000, "EUR", 9, 35),
    ("Showroom chairs", "Proposal", 2_400_000, "RON", 7, 25),
    ("Q3 order", "Proposal", 1_500_000, "EUR", 11, 20),
    (
        "Wine labels, autumn range",
        "Negotiation",
        950_000,
        "EUR",
        15,
        12,
    ),
    (
        "Warehouse shelving",
        "Negotiation",
        2_100_000,
        "EUR",
        13,
        10,
    ),
    (
        "Orchard packaging, second year",
        "Won",
        1_650_000,
        "RON",
        0,
        -10,
    ),
    ("Bakery website", "Won", 600_000, "EUR", 19, -20),
    (
        "Office furniture for the studio",
        "Lost",
        1_100_000,
        "RON",
        26,
        -5,
    ),
];

/// What a task or an activity is about, by its index into [`CONTACTS`],
/// [`DEALS`] or [`COMPANIES`].
#[derive(Clone, Copy)]
enum On {
    Contact(usize),
    Deal(usize),
    Company(usize),
}

/// A task's time, minutes long and minutes of reminder before it.
type When = Option<(&'static str, Option<u32>, Option<u32>)>;

/// The tasks: two due today, two overdue, four in the coming week (two of
/// them meetings, at a time, for a while, with a reminder), one without
/// a date: title, due in days, when, about.
const TASKS: &[(&str, Option<i64>, When, On)] = &[
    (
        "Call Ana-Maria about the spring order",
        Some(0),
        Some(("10:00", None, Some(15))),
        On::Contact(0),
    ),
    (
        "Send the revised quote for the Q3 order",
        Some(0),
        None,
        On::Deal(6),
    ),
    (
        "Chase the signed contract for the wine labels",
        Some(-3),
        None,
        On::Deal(7),
    ),
    (
        "Reply to Tudor Anghel's access request",
        Some(-1),
        None,
        On::Contact(31),
    ),
    (
        "Meeting: showroom chairs with Gheorghe Bârsan",
        Some(2),
        Some(("11:00", Some(60), Some(60))),
        On::Deal(5),
    ),
    (
        "Meeting: fleet tracking pilot review",
        Some(5),
        Some(("14:30", Some(45), Some(15))),
        On::Deal(4),
    ),
    (
        "Prepare samples of the heavy cloth",
        Some(4),
        None,
        On::Contact(5),
    ),
    (
        "Invoice Maison Lefèvre for the labels deposit",
        Some(7),
        None,
        On::Company(7),
    ),
    ("Tidy up the newsletter list", None, None, On::Contact(24)),
];

/// The activities, meetings among them, in the last few weeks: kind,
/// subject, note, days from today, hour, about.
const ACTIVITIES: &[(ActivityKind, &str, &str, i64, u32, On)] = &[
    (
        ActivityKind::Meeting,
        "Visit to the orchards",
        "Walked the packing line; they need 20% more crates this year.",
        -14,
        9,
        On::Contact(0),
    ),
    (
        ActivityKind::Call,
        "Spring order timing",
        "Order in three deliveries, first one in March.",
        -6,
        10,
        On::Contact(0),
    ),
    (
        ActivityKind::Email,
        "Quote sent",
        "Quote for the fourth shop fit-out, valid 30 days.",
        -4,
        14,
        On::Deal(3),
    ),
    (
        ActivityKind::Meeting,
        "Showroom walk-through",
        "Gheorghe wants oak, not beech.",
        -9,
        11,
        On::Deal(5),
    ),
    (
        ActivityKind::Note,
        "Budget approved",
        "Their board approved the pilot budget.",
        -2,
        16,
        On::Deal(4),
    ),
    (
        ActivityKind::Call,
        "Label proofs",
        "Camille asked for a second proof in matt paper.",
        -1,
        15,
        On::Contact(15),
    ),
    (
        ActivityKind::Email,
        "Thank-you note",
        "Thanked them for the order; delivery next month.",
        -10,
        9,
        On::Deal(9),
    ),
    (
        ActivityKind::Note,
        "Lost to a local supplier",
        "Price was the reason; keep in touch for next year.",
        -5,
        17,
        On::Deal(11),
    ),
    (
        ActivityKind::Meeting,
        "Intro call with Kuusi Design",
        "Eero wants a two-day workshop.",
        -7,
        13,
        On::Company(8),
    ),
    (
        ActivityKind::Call,
        "Warehouse visit booked",
        "Chen will show the site next Tuesday.",
        0,
        8,
        On::Contact(13),
    ),
];

/// A contact's source and a consent's evidence.
const SAMPLE_DATA: &str = "sample data";
/// Why the lost deal was lost.
const LOST_REASON: &str = "chose a cheaper local supplier";
/// The note of the withdrawn consents.
const WITHDRAWN_NOTE: &str = "asked to stop by e-mail";

/// One of the tables' texts in `language` (`locale::sample`); the English
/// text where the table has none, which the test below forbids.
fn say(english: &str, language: Language) -> String {
    sample_text(english, language).unwrap_or(english).to_owned()
}

/// What [`add_sample_business`] made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SampleCounts {
    /// Companies.
    pub companies: usize,
    /// Contacts.
    pub contacts: usize,
    /// Deals.
    pub deals: usize,
    /// Tasks.
    pub tasks: usize,
    /// Activities (meetings among them).
    pub activities: usize,
    /// Consent events (given and withdrawn).
    pub consents: usize,
    /// Open data-subject requests.
    pub requests: usize,
}

/// Adds the sample business as the current user (an owner, at first run)
/// and returns what it made.
///
/// # Errors
/// As the operations it calls ([`Session::add_contact`] and the others):
/// a role that may not do one of them stops it there.
pub fn add_sample_business(session: &mut Session) -> Result<SampleCounts> {
    let mut counts = SampleCounts::default();
    let now = crate::clock::now();
    // The office's date, as the dashboard's "today" and "overdue" count it.
    let today = now.with_timezone(&chrono::Local).date_naive();
    let day = |offset: i64| {
        (today + Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let at = |offset: i64, hour: u32| {
        let t = (today + Duration::days(offset))
            .and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
            .and_utc();
        // Never in the future: an activity is something that happened.
        crate::clock::rfc3339(t.min(now))
    };

    // Every text of the tables below is written in English and said in the
    // vault's language (`locale::sample`); names stay as they are.
    let language = session.vault_language()?;
    let say = |english: &'static str| say(english, language);

    let mut companies = Vec::with_capacity(COMPANIES.len());
    for (name, domain, phone, city, country, notes) in COMPANIES {
        companies.push(session.add_company(&NewCompany {
            name: (*name).into(),
            domain: Some((*domain).into()),
            phone: (!phone.is_empty()).then(|| (*phone).into()),
            city: Some((*city).into()),
            country: Some(say(country)),
            notes: (!notes.is_empty()).then(|| say(notes)),
        })?);
        counts.companies += 1;
    }

    let mut contacts = Vec::with_capacity(CONTACTS.len());
    for (name, email, phone, company, title, city, tags, notes) in CONTACTS {
        contacts.push(session.add_contact(&NewContact {
            name: (*name).into(),
            emails: vec![(*email).into()],
            phones: if phone.is_empty() {
                Vec::new()
            } else {
                vec![(*phone).into()]
            },
            company: company.map(|c| COMPANIES[c].0.into()),
            title: (!title.is_empty()).then(|| say(title)),
            source: Some(say(SAMPLE_DATA)),
            address: Address {
                city: Some((*city).into()),
                ..Address::default()
            },
            tags: tags.split(',').filter(|t| !t.is_empty()).map(say).collect(),
            notes: (!notes.is_empty()).then(|| say(notes)),
            ..NewContact::default()
        })?);
        counts.contacts += 1;
    }

    // The default stages are named in the vault's language from its
    // creation on; the table below names them in English.
    let stage_named = |english: &str| {
        StageRef::Name(
            default_stage_name(english, language)
                .unwrap_or(english)
                .into(),
        )
    };
    let mut deals = Vec::with_capacity(DEALS.len());
    for (title, stage, amount, currency, contact, close_in) in DEALS {
        let lost = *stage == "Lost";
        let id = session.add_deal(&NewDeal {
            title: say(title),
            // A deal cannot start lost: it starts open and is moved there.
            stage: Some(stage_named(if lost { "Proposal" } else { stage })),
            amount_minor: *amount,
            currency: Some((*currency).into()),
            expected_close: Some(day(*close_in)),
            contact_id: Some(contacts[*contact]),
            company_id: CONTACTS[*contact].3.map(|c| companies[c]),
            ..NewDeal::default()
        })?;
        if lost {
            session.move_deal(id, &stage_named("Lost"), Some(&say(LOST_REASON)))?;
        }
        deals.push(id);
        counts.deals += 1;
    }

    let about = |on: On| match on {
        On::Contact(i) => About::Contact(contacts[i]),
        On::Deal(i) => About::Deal(deals[i]),
        On::Company(i) => About::Company(companies[i]),
    };
    for (title, due, when, on) in TASKS {
        session.add_task(&NewTask {
            title: say(title),
            due_date: due.map(day),
            due_time: when.map(|(time, _, _)| time.to_owned()),
            duration_minutes: when.and_then(|(_, minutes, _)| minutes),
            remind_before_minutes: when.and_then(|(_, _, remind)| remind),
            about: Some(about(*on)),
            ..NewTask::default()
        })?;
        counts.tasks += 1;
    }

    for (kind, subject, body, offset, hour, on) in ACTIVITIES {
        session.add_activity(&NewActivity {
            kind: *kind,
            subject: say(subject),
            body: Some(say(body)),
            occurred_at: Some(at(*offset, *hour)),
            about: about(*on),
        })?;
        counts.activities += 1;
    }

    // Consents: the newsletter given by the contacts tagged for it and a
    // few clients; two of them withdrawn since.
    let given = |method| NewConsent {
        state: Recorded::Given,
        method,
        form_id: None,
        evidence: Some(say(SAMPLE_DATA)),
        evidence_file: None,
        expires: None,
    };
    for (i, c) in CONTACTS.iter().enumerate() {
        if c.6.contains("newsletter") || c.6.contains("vip") {
            session.record_consent(contacts[i], "newsletter", &given(Method::WebForm))?;
            counts.consents += 1;
        }
    }
    session.record_consent(contacts[0], "marketing-email", &given(Method::PaperForm))?;
    session.record_consent(contacts[15], "marketing-email", &given(Method::Email))?;
    counts.consents += 2;
    for i in [25, 29] {
        session.withdraw_consent(
            contacts[i],
            "newsletter",
            Method::Email,
            Some(&say(WITHDRAWN_NOTE)),
        )?;
        counts.consents += 1;
    }

    // One open request: Tudor Anghel asked for a copy of his data.
    session.open_request(contacts[31], DsrKind::Access, Some(&day(-3)))?;
    counts.requests += 1;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text the sample says, as the tables write it.
    fn every_text() -> Vec<&'static str> {
        let mut all = vec![SAMPLE_DATA, LOST_REASON, WITHDRAWN_NOTE];
        for (_, _, _, _, country, notes) in COMPANIES {
            all.extend([*country, *notes]);
        }
        for (_, _, _, _, title, _, tags, notes) in CONTACTS {
            all.extend([*title, *notes]);
            all.extend(tags.split(','));
        }
        all.extend(DEALS.iter().map(|d| d.0));
        all.extend(TASKS.iter().map(|t| t.0));
        for (_, subject, body, _, _, _) in ACTIVITIES {
            all.extend([*subject, *body]);
        }
        all.retain(|t| !t.is_empty());
        all
    }

    #[test]
    fn every_text_of_the_sample_is_in_every_language() {
        let all = every_text();
        assert!(all.len() > 100, "{}", all.len());
        for text in all {
            for lang in Language::ALL {
                assert!(sample_text(text, lang).is_some(), "{text:?} in {lang}");
            }
        }
    }
}
