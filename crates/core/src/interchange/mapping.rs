//! Which contact field a CSV column holds, suggested from its header.
//!
//! The suggestions know the column names of the exports people bring:
//! HubSpot, Salesforce (report labels and API names), Google Contacts (the
//! current and the older layout), Outlook (its whole layout), Zoho CRM,
//! Pipedrive, plain English ones as spreadsheets have them, and Romanian
//! ones. Identifier and owner columns are never suggested.

pub use crate::records::contacts::Field;

/// A header reduced for comparison, without losing a letter: decomposed
/// (NFKD), its diacritics dropped (so `ş` with a cedilla, `ș` with a comma
/// below and a plain `s` compare equal, as do `ă`, `â` and `a`), lower-case,
/// letters and digits only (of any script): `E-mail 1 - Value` becomes
/// `email1value`, `Funcţie` and `Funcție` both `functie`.
pub fn normalize(header: &str) -> String {
    icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd()
        .normalize(header)
        .chars()
        .filter(|c| c.is_alphanumeric() && !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Known headers, normalized, and the field they hold. A header with its
/// digits taken out is looked up too, so `E-mail 2 - Value`, `Phone 3 -
/// Value` and `Business Phone 2` need no line of their own.
const KNOWN: &[(&str, Field)] = &[
    // Plain and shared names (Apple Numbers, LibreOffice, hand-made sheets).
    ("name", Field::Name),
    ("fullname", Field::Name),
    ("contactname", Field::Name),
    ("displayname", Field::Name),
    ("firstname", Field::FirstName),
    ("givenname", Field::FirstName),
    ("middlename", Field::MiddleName),
    ("additionalname", Field::MiddleName),
    ("lastname", Field::LastName),
    ("familyname", Field::LastName),
    ("surname", Field::LastName),
    ("email", Field::Email),
    ("emailaddress", Field::Email),
    ("secondaryemail", Field::Email),
    ("phone", Field::Phone),
    ("phonenumber", Field::Phone),
    ("mobile", Field::Phone),
    ("mobilephone", Field::Phone),
    ("telephone", Field::Phone),
    ("company", Field::Company),
    ("companyname", Field::Company),
    ("organization", Field::Company),
    ("organisation", Field::Company),
    ("title", Field::Title),
    ("jobtitle", Field::Title),
    ("street", Field::Street),
    ("address", Field::Street),
    ("streetaddress", Field::Street),
    ("city", Field::City),
    ("zip", Field::PostalCode),
    ("zipcode", Field::PostalCode),
    ("postalcode", Field::PostalCode),
    ("postcode", Field::PostalCode),
    ("state", Field::Region),
    ("region", Field::Region),
    ("country", Field::Country),
    ("tags", Field::Tags),
    ("tag", Field::Tags),
    ("labels", Field::Tags),
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("description", Field::Notes),
    ("source", Field::Source),
    ("birthday", Field::Birthday),
    ("birthdate", Field::Birthday),
    ("dateofbirth", Field::Birthday),
    // HubSpot.
    ("mobilephonenumber", Field::Phone),
    ("associatedcompany", Field::Company),
    ("stateregion", Field::Region),
    ("countryregion", Field::Country),
    ("originalsource", Field::Source),
    ("unsubscribedfromallemail", Field::MarketingOptOut),
    ("hsemailoptout", Field::MarketingOptOut),
    // Salesforce: report labels, then API names (`Account.Name` is
    // `accountname`, as the label).
    ("accountname", Field::Company),
    ("mailingstreet", Field::Street),
    ("mailingcity", Field::City),
    ("mailingzippostalcode", Field::PostalCode),
    ("mailingpostalcode", Field::PostalCode),
    ("mailingstateprovince", Field::Region),
    ("mailingstate", Field::Region),
    ("mailingcountry", Field::Country),
    ("leadsource", Field::Source),
    ("emailoptout", Field::MarketingOptOut),
    ("hasoptedoutofemail", Field::MarketingOptOut),
    // Zoho CRM (besides the Salesforce-like names above).
    ("mailingzip", Field::PostalCode),
    // Google Contacts, current layout (`E-mail 1 - Label` is not a value).
    ("emailvalue", Field::Email),
    ("phonevalue", Field::Phone),
    ("organizationname", Field::Company),
    ("organizationtitle", Field::Title),
    ("addressstreet", Field::Street),
    ("addresscity", Field::City),
    ("addresspostalcode", Field::PostalCode),
    ("addressregion", Field::Region),
    ("addresscountry", Field::Country),
    ("groupmembership", Field::Tags),
    // Outlook.
    ("primaryphone", Field::Phone),
    ("businessphone", Field::Phone),
    ("homephone", Field::Phone),
    ("otherphone", Field::Phone),
    ("companymainphone", Field::Phone),
    ("businessstreet", Field::Street),
    ("businesscity", Field::City),
    ("businesspostalcode", Field::PostalCode),
    ("businessstate", Field::Region),
    ("businesscountryregion", Field::Country),
    ("homestreet", Field::Street),
    ("homecity", Field::City),
    ("homepostalcode", Field::PostalCode),
    ("homestate", Field::Region),
    ("homecountryregion", Field::Country),
    ("categories", Field::Tags),
    // Pipedrive, after its `Person - ` prefix: e-mails and phones by label.
    ("emailwork", Field::Email),
    ("emailhome", Field::Email),
    ("emailother", Field::Email),
    ("phonework", Field::Phone),
    ("phonehome", Field::Phone),
    ("phonemobile", Field::Phone),
    ("phoneother", Field::Phone),
    ("postaladdress", Field::Street),
    ("postaladdresscity", Field::City),
    ("postaladdresslocality", Field::City),
    ("postaladdresspostalcode", Field::PostalCode),
    ("postaladdresscountry", Field::Country),
    // Romanian, as spreadsheets head them (diacritics dropped by
    // `normalize`): `Nume` is resolved in `suggest_all`.
    ("prenume", Field::FirstName),
    ("numecomplet", Field::Name),
    ("numesiprenume", Field::Name),
    ("numeprenume", Field::Name),
    ("adresaemail", Field::Email),
    ("adresadeemail", Field::Email),
    ("telefon", Field::Phone),
    ("telefonmobil", Field::Phone),
    ("telefonfix", Field::Phone),
    ("mobil", Field::Phone),
    ("firma", Field::Company),
    ("companie", Field::Company),
    ("compania", Field::Company),
    ("societate", Field::Company),
    ("organizatie", Field::Company),
    ("functie", Field::Title),
    ("functia", Field::Title),
    ("adresa", Field::Street),
    ("strada", Field::Street),
    ("oras", Field::City),
    ("localitate", Field::City),
    ("judet", Field::Region),
    ("codpostal", Field::PostalCode),
    ("tara", Field::Country),
    ("observatii", Field::Notes),
    ("notite", Field::Notes),
    ("etichete", Field::Tags),
    ("sursa", Field::Source),
    ("datanasterii", Field::Birthday),
    ("datadenastere", Field::Birthday),
];

/// Whether a column holds an identifier or a record's owner (`Record ID`,
/// `Contact ID`, Zoho's `Account Name.id`, Salesforce's `OwnerId`,
/// `Contact Owner`, `Person - ID`, `ID Steward`): such columns never fill a field, least
/// of all the name.
fn is_id_or_owner(header: &str) -> bool {
    let header = header.trim();
    let lower = header.to_lowercase();
    let last_word = lower
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    // Romanian puts it first: `ID client`, Steward's own `ID Steward`.
    let first_word = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    let camel_id = header
        .strip_suffix("Id")
        .and_then(|rest| rest.chars().last())
        .is_some_and(char::is_lowercase);
    last_word == "id" || first_word == "id" || camel_id || lower.contains("owner")
}

/// The header as looked up: Pipedrive's `Person - ` prefix dropped, then
/// normalized.
fn key(header: &str) -> String {
    let header = crate::csv_cell::unprotect(header.trim());
    let header = header
        .get(..9)
        .filter(|p| p.eq_ignore_ascii_case("person - "))
        .map_or(header, |_| &header[9..]);
    normalize(header)
}

fn lookup(key: &str) -> Option<Field> {
    let find = |k: &str| KNOWN.iter().find(|(known, _)| *known == k).map(|(_, f)| *f);
    find(key).or_else(|| {
        let digitless: String = key.chars().filter(|c| !c.is_ascii_digit()).collect();
        (digitless.len() != key.len())
            .then(|| find(&digitless))
            .flatten()
    })
}

/// The field a header most likely holds, or `None` to ignore the column.
pub fn suggest(header: &str) -> Option<Field> {
    suggest_all(&[header.to_owned()])[0]
}

/// Suggestions for every header. A single-valued field is suggested for its
/// first matching column only. `Nume` is the last name beside `Prenume` and
/// the whole name alone; `Title` is ignored beside `Job Title` (Outlook's
/// `Title` is Mr or Ms).
pub fn suggest_all(headers: &[String]) -> Vec<Option<Field>> {
    let keys: Vec<Option<String>> = headers
        .iter()
        .map(|h| (!is_id_or_owner(h)).then(|| key(h)))
        .collect();
    let has = |k: &str| keys.iter().any(|key| key.as_deref() == Some(k));
    let beside_first_name = has("prenume");
    let beside_job_title = has("jobtitle") || has("organizationtitle");
    let mut taken = Vec::new();
    keys.iter()
        .map(|key| {
            let key = key.as_deref()?;
            let field = match key {
                "nume" if beside_first_name => Field::LastName,
                "nume" => Field::Name,
                "title" if beside_job_title => return None,
                _ => lookup(key)?,
            };
            let multi = matches!(
                field,
                Field::Email | Field::Phone | Field::Tags | Field::Notes
            );
            if !multi && taken.contains(&field) {
                return None;
            }
            taken.push(field);
            Some(field)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(headers: &[&str], expected: &[Option<Field>]) {
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        assert_eq!(suggest_all(&headers), expected, "{headers:?}");
    }

    #[test]
    fn steward_s_own_export_headers_map_back_in_every_language() {
        use crate::locale::Language;
        use crate::locale::documents::contacts_csv_header;
        let expected = [
            Some(Field::Name),
            Some(Field::Email),
            Some(Field::Email),
            Some(Field::Email),
            Some(Field::Phone),
            Some(Field::Phone),
            Some(Field::Phone),
            Some(Field::Company),
            Some(Field::Title),
            Some(Field::Street),
            Some(Field::City),
            Some(Field::PostalCode),
            Some(Field::Region),
            Some(Field::Country),
            Some(Field::Tags),
            Some(Field::Notes),
            Some(Field::Source),
            None,
        ];
        for lang in Language::ALL {
            check(&contacts_csv_header(lang), &expected);
        }
    }

    #[test]
    fn knows_hubspot_exports() {
        use Field::*;
        check(
            &[
                "First Name",
                "Last Name",
                "Email",
                "Phone Number",
                "Company Name",
                "Job Title",
                "City",
                "Country/Region",
                "Record ID",
            ],
            &[
                Some(FirstName),
                Some(LastName),
                Some(Email),
                Some(Phone),
                Some(Company),
                Some(Title),
                Some(City),
                Some(Country),
                None,
            ],
        );
    }

    #[test]
    fn knows_salesforce_exports() {
        use Field::*;
        check(
            &[
                "First Name",
                "Last Name",
                "Account Name",
                "Title",
                "Mailing Street",
                "Mailing City",
                "Mailing Zip/Postal Code",
                "Mailing Country",
                "Email",
                "Lead Source",
            ],
            &[
                Some(FirstName),
                Some(LastName),
                Some(Company),
                Some(Title),
                Some(Street),
                Some(City),
                Some(PostalCode),
                Some(Country),
                Some(Email),
                Some(Source),
            ],
        );
    }

    #[test]
    fn knows_google_contacts_exports() {
        use Field::*;
        check(
            &[
                "First Name",
                "Last Name",
                "E-mail 1 - Value",
                "E-mail 2 - Value",
                "Phone 1 - Value",
                "Organization 1 - Name",
                "Organization 1 - Title",
                "Notes",
                "Labels",
            ],
            &[
                Some(FirstName),
                Some(LastName),
                Some(Email),
                Some(Email),
                Some(Phone),
                Some(Company),
                Some(Title),
                Some(Notes),
                Some(Tags),
            ],
        );
    }

    #[test]
    fn knows_outlook_exports() {
        use Field::*;
        check(
            &[
                "First Name",
                "Last Name",
                "E-mail Address",
                "E-mail 2 Address",
                "Business Phone",
                "Mobile Phone",
                "Company",
                "Job Title",
                "Business City",
                "Categories",
            ],
            &[
                Some(FirstName),
                Some(LastName),
                Some(Email),
                Some(Email),
                Some(Phone),
                Some(Phone),
                Some(Company),
                Some(Title),
                Some(City),
                Some(Tags),
            ],
        );
    }

    #[test]
    fn a_single_valued_field_is_suggested_once() {
        check(&["City", "Business City"], &[Some(Field::City), None]);
    }
}
