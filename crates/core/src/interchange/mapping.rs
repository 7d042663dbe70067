//! Which contact field a CSV column holds, suggested from its header.
//!
//! The suggestions know the column names of the exports people bring:
//! HubSpot, Salesforce, Google Contacts and Outlook, plus plain English ones.

pub use crate::records::contacts::Field;

/// A header reduced to lower-case letters and digits: `E-mail 1 - Value`
/// becomes `email1value`.
fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Known headers, normalized, and the field they hold.
const KNOWN: &[(&str, Field)] = &[
    // Plain and shared names.
    ("name", Field::Name),
    ("fullname", Field::Name),
    ("contactname", Field::Name),
    ("displayname", Field::Name),
    ("firstname", Field::FirstName),
    ("givenname", Field::FirstName),
    ("lastname", Field::LastName),
    ("familyname", Field::LastName),
    ("surname", Field::LastName),
    ("email", Field::Email),
    ("email2", Field::Email),
    ("email3", Field::Email),
    ("emailaddress", Field::Email),
    ("phone", Field::Phone),
    ("phone2", Field::Phone),
    ("phone3", Field::Phone),
    ("phonenumber", Field::Phone),
    ("mobile", Field::Phone),
    ("mobilephone", Field::Phone),
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
    ("labels", Field::Tags),
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("description", Field::Notes),
    ("source", Field::Source),
    // HubSpot.
    ("mobilephonenumber", Field::Phone),
    ("stateregion", Field::Region),
    ("countryregion", Field::Country),
    ("originalsource", Field::Source),
    // Salesforce.
    ("accountname", Field::Company),
    ("mailingstreet", Field::Street),
    ("mailingcity", Field::City),
    ("mailingzippostalcode", Field::PostalCode),
    ("mailingstateprovince", Field::Region),
    ("mailingcountry", Field::Country),
    ("leadsource", Field::Source),
    // Google Contacts.
    ("email1value", Field::Email),
    ("email2value", Field::Email),
    ("email3value", Field::Email),
    ("phone1value", Field::Phone),
    ("phone2value", Field::Phone),
    ("phone3value", Field::Phone),
    ("organization1name", Field::Company),
    ("organization1title", Field::Title),
    ("address1street", Field::Street),
    ("address1city", Field::City),
    ("address1postalcode", Field::PostalCode),
    ("address1region", Field::Region),
    ("address1country", Field::Country),
    ("groupmembership", Field::Tags),
    // Outlook.
    ("email2address", Field::Email),
    ("email3address", Field::Email),
    ("businessphone", Field::Phone),
    ("homephone", Field::Phone),
    ("businessstreet", Field::Street),
    ("businesscity", Field::City),
    ("businesspostalcode", Field::PostalCode),
    ("businessstate", Field::Region),
    ("businesscountryregion", Field::Country),
    ("categories", Field::Tags),
];

/// The field a header most likely holds, or `None` to ignore the column.
pub fn suggest(header: &str) -> Option<Field> {
    let key = normalize(header);
    KNOWN
        .iter()
        .find(|(known, _)| *known == key)
        .map(|(_, f)| *f)
}

/// Suggestions for every header. A single-valued field is suggested for its
/// first matching column only.
pub fn suggest_all(headers: &[String]) -> Vec<Option<Field>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let field = suggest(h)?;
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
