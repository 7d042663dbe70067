//! E-mail as an import reads it: `mbox` splitting and `>From ` unquoting,
//! `mail-parser`'s MIME (encoded words, quoted-printable, base64,
//! charsets, nested multiparts), HTML reduced to text, the limits, and what
//! becomes an activity's subject, text and addresses and an attachment's
//! name. Any input must give messages or one clear "invalid input" error;
//! a panic or another kind of error is a bug, and so is a message that
//! breaks what the reader promises. The seeds are the fixture corpus
//! (`scripts/fuzz`): Thunderbird, Outlook, Gmail and an mbox.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_core::Error;
use steward_core::interchange::email::{EmailFile, MAX_ADDRESSES, read_messages};

fuzz_target!(|bytes: &[u8]| {
    let files = [EmailFile {
        name: "fuzz.eml",
        bytes,
    }];
    let messages = match read_messages(&files) {
        Ok(messages) => messages,
        Err(Error::InvalidInput(_)) => return,
        Err(other) => panic!("not a clear error: {other:?}"),
    };
    for m in messages {
        // A subject an activity accepts: one line, not empty, within 300.
        assert!(!m.subject.trim().is_empty());
        assert!(!m.subject.contains(|c: char| c.is_control()), "{:?}", m.subject);
        assert!(m.subject.chars().count() <= 300);
        if let Some(body) = &m.body {
            assert!(body.chars().count() <= 100_000);
            assert!(
                !body.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
                "{body:?}"
            );
        }
        if let Some(date) = &m.date {
            assert!(date.ends_with('Z') && date.len() == 20, "{date}");
        }
        assert!(m.addresses.len() <= MAX_ADDRESSES);
        for (address, _) in &m.addresses {
            assert!(address.contains('@') && !address.contains(char::is_whitespace));
        }
        for (name, _) in &m.attachments {
            assert!(!name.is_empty() && name.chars().count() <= 255);
            assert!(!name.contains(['/', '\\']) && !name.contains(|c: char| c.is_control()));
        }
    }
});
