//! The documents Steward writes come out in the vault's language and say
//! which: the processing register, the erasure certificate, the access
//! package's cover text, and the CSV exports of contacts and of the audit
//! log; Steward's own import reads its Romanian export back.

use steward_core::audit::AuditFilter;
use steward_core::consent::register::register_markdown;
use steward_core::interchange::{ExportFormat, ImportOptions, preview_csv};
use steward_core::locale::Language;
use steward_core::records::contacts::{Address, NewContact};

use crate::fixtures::*;

fn vault_in(lang: Language) -> TestVault {
    let mut v = new_vault();
    v.session().set_vault_language(lang).unwrap();
    v
}

fn ioana() -> NewContact {
    NewContact {
        name: "Ioana Ștefănescu".into(),
        emails: vec!["ioana@example.ro".into(), "ioana.s@example.com".into()],
        phones: vec!["+40 721 234 567".into()],
        company: Some("Țesătoria Sibiu SRL".into()),
        title: Some("Director".into()),
        address: Address {
            street: Some("Str. Șelarilor 4".into()),
            city: Some("Sibiu".into()),
            postal_code: Some("550000".into()),
            region: Some("Sibiu".into()),
            country: Some("România".into()),
        },
        tags: vec!["clienți".into(), "vip".into()],
        notes: Some("Preferă e-mailul".into()),
        source: Some("târg".into()),
        ..NewContact::default()
    }
}

fn register(lang: Language) -> String {
    let mut v = vault_in(lang);
    let register = v.session().processing_register().unwrap();
    assert!(!register.entries.is_empty());
    assert_eq!(register.language, lang);
    register_markdown(&register, "v-1", "2026-12-06T10:00:00Z")
}

#[test]
fn the_processing_register_is_written_in_the_vault_s_language() {
    let ro = register(Language::Ro);
    for heading in [
        "# Registrul activităților de prelucrare (RGPD, art. 30)",
        "Seiful v-1, generat la 2026-12-06T10:00:00Z.",
        "Limba documentului: română",
        "## Măsuri tehnice și organizatorice (art. 32)",
        "- Scopul prelucrării: ",
        "- Temei juridic: ",
        "- Categorii de persoane vizate: clienți, clienți potențiali",
        "- Categorii de date cu caracter personal: nume, adrese de e-mail",
        "- Destinatari: ",
        "- Termen de ștergere: ",
        "Criptarea în repaus a întregului seif",
    ] {
        assert!(ro.contains(heading), "{heading:?} missing from\n{ro}");
    }
    assert!(ro.contains(" de zile\n") || ro.contains(" zile\n"), "{ro}");
    for english in [
        "Record of processing",
        "Lawful basis",
        "Recipients:",
        " days",
    ] {
        assert!(!ro.contains(english), "{english:?} in\n{ro}");
    }
    let en = register(Language::En);
    assert!(
        en.starts_with("# Record of processing activities (GDPR Art. 30)\n"),
        "{en}"
    );
    assert!(en.contains("Document language: English"), "{en}");
    assert!(en.contains("- Lawful basis: "), "{en}");
    assert!(!en.contains("Registrul"), "{en}");
}

#[test]
fn the_register_s_security_measures_follow_the_language() {
    use steward_core::consent::register::security_measures;
    assert!(security_measures(Language::En).starts_with("Encryption at rest"));
    assert!(security_measures(Language::Ro).starts_with("Criptarea în repaus"));
}

fn erase(lang: Language) -> (String, String) {
    let mut v = vault_in(lang);
    let id = v.session().add_contact(&ioana()).unwrap();
    let report = v.session().erase_contact(id, true).unwrap();
    (report.certificate, all_audit_text(&v))
}

#[test]
fn the_erasure_certificate_is_written_in_the_vault_s_language() {
    let (ro, audit) = erase(Language::Ro);
    assert!(ro.starts_with("Certificat de ștergere\n\n"), "{ro}");
    assert!(
        ro.contains("au fost șterse: 1 fișă de contact, 2 adrese de e-mail, 1 număr de telefon."),
        "{ro}"
    );
    assert!(ro.contains("amprente ireversibile"), "{ro}");
    assert!(ro.ends_with("Limba documentului: română\n"), "{ro}");
    assert!(!ro.contains("erased"), "{ro}");
    assert!(!ro.contains("Ștefănescu"), "{ro}");
    assert!(audit.contains(r#""language":"ro""#), "{audit}");

    let (en, _) = erase(Language::En);
    assert!(en.starts_with("Certificate of erasure\n\n"), "{en}");
    assert!(
        en.contains("was erased: 1 contact, 2 e-mail addresses, 1 phone number."),
        "{en}"
    );
    assert!(en.ends_with("Document language: English\n"), "{en}");
}

#[test]
fn the_access_package_has_a_cover_text_in_the_vault_s_language() {
    for (lang, start) in [
        (
            Language::Ro,
            "Toate datele pe care acest seif Steward le deține despre dumneavoastră",
        ),
        (Language::En, "Everything this Steward vault holds on you"),
    ] {
        let mut v = vault_in(lang);
        let id = v.session().add_contact(&ioana()).unwrap();
        let text = v.session().access_package(id).unwrap();
        let p: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(p["language"], lang.as_str());
        assert!(p["cover"].as_str().unwrap().starts_with(start), "{p}");
        // The data stay as stored.
        assert_eq!(p["person"]["name"], "Ioana Ștefănescu");
    }
}

fn export(v: &mut TestVault, format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    v.session().export_contacts(format, None, &mut out).unwrap();
    out
}

#[test]
fn a_romanian_csv_export_is_headed_in_romanian_and_imports_back_field_by_field() {
    let mut v = vault_in(Language::Ro);
    v.session().add_contact(&ioana()).unwrap();
    let out = export(&mut v, ExportFormat::Csv);
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.starts_with(
            "Nume,E-mail,E-mail 2,E-mail 3,Telefon,Telefon 2,Telefon 3,Companie,Funcție,Adresă,\
             Localitate,Cod poștal,Județ,Țară,Etichete,Observații,Sursă,ID Steward\n"
        ),
        "{text}"
    );
    assert!(all_audit_text(&v).contains(r#""language":"ro""#));

    for (bytes, delimiter) in [(out, ','), (export(&mut v, ExportFormat::ExcelCsv), ';')] {
        let mut other = new_vault();
        let preview = preview_csv(&bytes).unwrap();
        assert_eq!(preview.delimiter, delimiter);
        other
            .session()
            .import_csv(
                &bytes,
                &ImportOptions {
                    mapping: preview.suggested,
                    ..ImportOptions::default()
                },
                &mut |_, _| {},
            )
            .unwrap();
        let items = other.session().list_contacts(None, 5).unwrap().items;
        assert_eq!(items.len(), 1);
        let c = other.session().get_contact(items[0].id).unwrap();
        let want = ioana();
        assert_eq!(c.name, want.name);
        assert_eq!(c.emails, want.emails);
        assert_eq!(c.phones, want.phones);
        assert_eq!(c.company, want.company);
        assert_eq!(c.title, want.title);
        assert_eq!(c.address.street, want.address.street);
        assert_eq!(c.address.city, want.address.city);
        assert_eq!(c.address.postal_code, want.address.postal_code);
        assert_eq!(c.address.region, want.address.region);
        assert_eq!(c.address.country, want.address.country);
        assert_eq!(c.tags, want.tags);
        assert_eq!(c.notes, want.notes);
        assert_eq!(c.source, want.source);
    }
}

#[test]
fn an_english_vault_s_csv_export_keeps_its_english_header() {
    let mut v = vault_in(Language::En);
    v.session().add_contact(&ioana()).unwrap();
    let text = String::from_utf8(export(&mut v, ExportFormat::Csv)).unwrap();
    assert!(text.starts_with("Name,Email,Email 2,"), "{text}");
    assert!(all_audit_text(&v).contains(r#""language":"en""#));
}

#[test]
fn the_audit_csv_export_is_headed_in_the_vault_s_language() {
    for (lang, header) in [
        (
            Language::Ro,
            "Nr.,Data și ora,ID utilizator,Utilizator,Acțiune,Tip obiect,ID obiect,Rezultat,Detalii,Amprentă\n",
        ),
        (
            Language::En,
            "seq,at,actor_id,actor,action,target_type,target_id,outcome,details,hash\n",
        ),
    ] {
        let mut v = vault_in(lang);
        let mut out = Vec::new();
        let n = v
            .session()
            .audit_export_csv(&AuditFilter::default(), &mut out)
            .unwrap();
        assert!(n > 0);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(header), "{text}");
        let audit = all_audit_text(&v);
        assert!(
            audit.contains(&format!(r#""entries":{n},"language":"{lang}""#)),
            "{audit}"
        );
    }
}

#[test]
fn the_register_says_plainly_when_the_controller_is_not_filled_in() {
    let ro = register(Language::Ro);
    assert!(
        ro.contains("## Operatorul (art. 30 alin. (1) lit. (a))\n\n**Necompletat: registrul trebuie să cuprindă numele și datele de contact ale operatorului"),
        "{ro}"
    );
    assert!(
        ro.contains("- Responsabil cu protecția datelor: nu a fost desemnat\n"),
        "{ro}"
    );
    let en = register(Language::En);
    assert!(
        en.contains("## Controller (Art. 30(1)(a))\n\n**Not filled in:"),
        "{en}"
    );
}

#[test]
fn the_register_names_the_controller_an_owner_set_in_the_vault_s_language() {
    use steward_core::consent::ControllerPatch;
    let mut v = vault_in(Language::Ro);
    let set = v
        .session()
        .set_controller(&ControllerPatch {
            name: Some("  Țesătoria Sibiu SRL ".into()),
            address: Some("Str. Șelarilor 4, Sibiu".into()),
            email: Some("date@tesatoria.ro".into()),
            phone: None,
            dpo: Some("Ana Pop, dpo@tesatoria.ro".into()),
        })
        .unwrap();
    assert_eq!(set.name, "Țesătoria Sibiu SRL");
    assert!(set.is_set());
    v.unlock();
    assert_eq!(v.session().controller().unwrap(), set);
    let register = v.session().processing_register().unwrap();
    let md = register_markdown(&register, "v-1", "2026-12-06T10:00:00Z");
    assert!(
        md.contains(
            "## Operatorul (art. 30 alin. (1) lit. (a))\n\n\
             - Denumire: Țesătoria Sibiu SRL\n\
             - Adresă: Str. Șelarilor 4, Sibiu\n\
             - E-mail: date@tesatoria.ro\n\
             - Responsabil cu protecția datelor: Ana Pop, dpo@tesatoria.ro\n"
        ),
        "{md}"
    );
    assert!(!md.contains("Necompletat"), "{md}");
    let audit = all_audit_text(&v);
    assert!(
        audit.contains(r#"controller.update   {"fields":["name","address","email","dpo"]}"#),
        "{audit}"
    );
    // Changing nothing records nothing; an empty value clears a field.
    let s = v.session();
    s.set_controller(&ControllerPatch {
        name: Some("Țesătoria Sibiu SRL".into()),
        ..ControllerPatch::default()
    })
    .unwrap();
    let cleared = s
        .set_controller(&ControllerPatch {
            dpo: Some(String::new()),
            ..ControllerPatch::default()
        })
        .unwrap();
    assert_eq!(cleared.dpo, "");
    assert_eq!(all_audit_text(&v).matches("controller.update").count(), 2);
}

#[test]
fn only_owners_set_the_controller_and_a_field_is_one_line() {
    use steward_core::consent::ControllerPatch;
    use steward_core::{Error, Role};
    let mut v = new_vault();
    let err = v
        .session()
        .set_controller(&ControllerPatch {
            address: Some("Str. Șelarilor 4\nSibiu".into()),
            ..ControllerPatch::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(err.invalid_input().unwrap().reason(), Some("multiline"));
    let mut admin = user_session(&mut v, "ion", Role::Admin);
    let err = admin
        .set_controller(&ControllerPatch {
            name: Some("Altceva SRL".into()),
            ..ControllerPatch::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
    assert_eq!(admin.controller().unwrap().name, "");
}
