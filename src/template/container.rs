//! The `object.xml` a named template comes in: the `SMS_TaskSequencePackage` instance of a
//! console export, with the name, the description, the sequence and the package type.

use crate::model::Sequence;
use crate::xml::{Container, Document, PackageInfo};

pub(super) fn package_object(
    name: Option<&str>,
    description: Option<&str>,
    sequence: Sequence,
) -> Document {
    let mut before = String::from("<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n");
    let mut property = |property: &str, origin: &str, value: Option<&str>| {
        if let Some(value) = value {
            before.push_str(&format!(
                "  <PROPERTY NAME=\"{property}\" CLASSORIGIN=\"{origin}\" TYPE=\"string\">\n    <VALUE>{}</VALUE>\n  </PROPERTY>\n",
                escape(value)
            ));
        }
    };
    property("Description", "SMS_PackageBaseclass", description);
    property("Name", "SMS_PackageBaseclass", name);
    before.push_str(
        "  <PROPERTY NAME=\"Sequence\" CLASSORIGIN=\"SMS_TaskSequencePackage\" TYPE=\"string\">\n    <VALUE><![CDATA[",
    );
    let after = String::from(
        "]]></VALUE>\n  </PROPERTY>\n  <PROPERTY NAME=\"Type\" CLASSORIGIN=\"SMS_PackageBaseclass\" TYPE=\"uint32\">\n    <VALUE>4</VALUE>\n  </PROPERTY>\n</INSTANCE>\n",
    );
    Document {
        container: Container::PackageObject { before, after },
        prolog: Vec::new(),
        package: Some(PackageInfo {
            name: name.map(str::to_string),
            description: description.map(str::to_string),
            ..PackageInfo::default()
        }),
        sequence,
        warnings: Vec::new(),
    }
}

/// Character data escaped for an element's text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_with_its_name_and_description() {
        let doc = package_object(
            Some("Upgrade to Windows 11 <23H2> & more"),
            Some("Made by tsq"),
            Sequence {
                version: Some("3.10".into()),
                ..Sequence::default()
            },
        );
        let again = crate::xml::read(doc.to_xml().as_bytes()).unwrap();
        assert_eq!(again, doc);
        let info = again.package.unwrap();
        assert_eq!(
            info.name.as_deref(),
            Some("Upgrade to Windows 11 <23H2> & more")
        );
        assert_eq!(info.description.as_deref(), Some("Made by tsq"));
        let only_name = package_object(Some("n"), None, Sequence::default());
        let again = crate::xml::read(only_name.to_xml().as_bytes()).unwrap();
        assert_eq!(again.package.unwrap().description, None);
    }
}
