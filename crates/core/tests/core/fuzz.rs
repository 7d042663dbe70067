//! Property-based fuzzing of the two parsers that read files from outside:
//! random bytes and random mutations of real exports must give a clear
//! error or a result — never a panic — and an import is all or nothing.
//! (`STEWARD_FUZZ_CASES` raises the case count for longer runs.)

use proptest::prelude::*;
use steward_core::Error;
use steward_core::interchange::{ImportOptions, OnDuplicate, csv_file, preview_csv, vcard};

use crate::fixtures::*;

const CSV_SEED: &str = "First Name,Last Name,E-mail Address,Business Phone,Company,Notes,Categories\n\
Ada,Lovelace,ada@example.com,+44 20 7946 0000,\"Analytical, Engines\",\"multi\nline\",vip;math\n\
Alan,Turing,alan@example.org,,Bletchley,,\n";

fn vcard_seed() -> Vec<u8> {
    vcard_fixture("apple-contacts.vcf")
}

fn vcard_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/vcard")
            .join(name),
    )
    .unwrap()
}

/// The vCard 2.1 and 4.0 paths: quoted-printable with soft breaks inside
/// letters and charsets, bare parameters, base64 up to a blank line,
/// legacy 8-bit text, `tel:` URIs, preferences, birthdays.
fn vcard_seeds() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        mutated(vcard_fixture("android-2.1.vcf")),
        mutated(vcard_fixture("outlook-2.1.vcf")),
        mutated(vcard_fixture("legacy-8bit-charset-2.1.vcf")),
        mutated(vcard_fixture("nextcloud-4.0.vcf")),
        mutated(vcard_fixture("apple-icloud.vcf")),
    ]
}

/// What the vCard reader promises of every record it returns.
fn well_formed(
    records: &[(String, steward_core::records::contacts::NewContact)],
) -> Result<(), TestCaseError> {
    for (n, (place, c)) in records.iter().enumerate() {
        prop_assert_eq!(place, &format!("card {}", n + 1));
        prop_assert!(
            !c.name.trim().is_empty() && !c.name.contains('\n'),
            "{:?}",
            c.name
        );
        if let Some(d) = &c.sensitive.date_of_birth {
            let ok =
                (d.len() == 10 && d.as_bytes()[4] == b'-') || (d.len() == 7 && d.starts_with("--"));
            prop_assert!(ok, "birthday {:?}", d);
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("STEWARD_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

/// A seed with a few bytes replaced, inserted or removed.
fn mutated(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = seed.len();
    proptest::collection::vec((0..len, any::<u8>(), 0u8..3), 1..8).prop_map(move |edits| {
        let mut bytes = seed.clone();
        for (at, byte, op) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match op {
                0 if !bytes.is_empty() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ if !bytes.is_empty() => {
                    bytes.remove(at);
                }
                _ => {}
            }
        }
        bytes
    })
}

fn only_clear_errors<T>(result: steward_core::Result<T>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) | Err(Error::InvalidInput(_)) => Ok(()),
        Err(other) => Err(TestCaseError::fail(format!(
            "unexpected error kind: {other}"
        ))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn the_csv_reader_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        only_clear_errors(csv_file::read(&bytes))?;
        only_clear_errors(preview_csv(&bytes))?;
        for encoding in ["utf-8", "windows-1250", "utf-16le", "utf-16be"] {
            only_clear_errors(csv_file::read_as(&bytes, Some(encoding)))?;
        }
    }

    #[test]
    fn the_csv_reader_never_panics_on_mutated_exports(bytes in mutated(CSV_SEED.as_bytes().to_vec())) {
        only_clear_errors(preview_csv(&bytes))?;
    }

    #[test]
    fn the_vcard_reader_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        only_clear_errors(vcard::parse(&bytes))?;
    }

    #[test]
    fn the_vcard_reader_never_panics_on_mutated_cards(bytes in mutated(vcard_seed())) {
        only_clear_errors(vcard::parse(&bytes))?;
    }

    #[test]
    fn the_vcard_reader_keeps_its_promises_on_mutated_2_1_and_4_0_cards(bytes in vcard_seeds()) {
        match vcard::parse(&bytes) {
            Ok(records) => well_formed(&records)?,
            other => only_clear_errors(other)?,
        }
    }
}

fn email_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/email")
            .join(name),
    )
    .unwrap()
}

/// Real producers' messages and an mbox, mutated.
fn email_seeds() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        mutated(email_fixture("thunderbird-qp.eml")),
        mutated(email_fixture("outlook-1250.eml")),
        mutated(email_fixture("gmail-html-only.eml")),
        mutated(email_fixture("three.mbox")),
    ]
}

/// What the e-mail reader promises of every message it returns.
fn well_formed_email(bytes: &[u8]) -> Result<(), TestCaseError> {
    use steward_core::interchange::email::{EmailFile, read_messages};
    let files = [EmailFile {
        name: "m.eml",
        bytes,
    }];
    match read_messages(&files) {
        Ok(messages) => {
            for m in messages {
                prop_assert!(!m.subject.trim().is_empty());
                prop_assert!(!m.subject.contains(char::is_control), "{:?}", m.subject);
                if let Some(body) = &m.body {
                    prop_assert!(
                        !body.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
                        "{:?}",
                        body
                    );
                }
                for (address, _) in &m.addresses {
                    prop_assert!(address.contains('@'), "{:?}", address);
                }
                for (name, _) in &m.attachments {
                    prop_assert!(!name.is_empty() && !name.contains(['/', '\\']));
                }
            }
            Ok(())
        }
        other => only_clear_errors(other),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn the_email_reader_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        well_formed_email(&bytes)?;
    }

    #[test]
    fn the_email_reader_keeps_its_promises_on_mutated_messages(bytes in email_seeds()) {
        well_formed_email(&bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_file_imports_entirely_or_not_at_all(csv in mutated(CSV_SEED.as_bytes().to_vec()), card in mutated(vcard_seed())) {
        let mut v = new_vault();
        let total = |v: &mut TestVault| v.session().count_contacts(&Default::default()).unwrap();
        if let Ok(preview) = preview_csv(&csv) {
            let options = ImportOptions { mapping: preview.suggested, on_duplicate: OnDuplicate::Create, dry_run: false, custom_columns: Vec::new(), readmit_known: false, encoding: None, skip_rejected: false, notes_as_activities: false };
            match v.session().import_csv(&csv, &options, &mut |_, _| {}) {
                Ok(report) => prop_assert_eq!(total(&mut v), report.created as u64),
                Err(e) => {
                    prop_assert!(matches!(e, Error::InvalidInput(_)), "{}", e);
                    prop_assert_eq!(total(&mut v), 0);
                }
            }
        }
        let before = total(&mut v);
        match v.session().import_vcard(&card, &ImportOptions { on_duplicate: OnDuplicate::Create, ..ImportOptions::default() }, &mut |_, _| {}) {
            Ok(report) => prop_assert_eq!(total(&mut v), before + report.created as u64),
            Err(e) => {
                prop_assert!(matches!(e, Error::InvalidInput(_)), "{}", e);
                prop_assert_eq!(total(&mut v), before);
            }
        }
    }
}
