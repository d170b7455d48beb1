//! The client's rules: which referenced packages it downloads, and why, in words.

use super::catalog::{CatalogPackage, PackageType};
use super::deployment::SiteVersion;
use super::facts::{MachineFacts, lcid_text};

/// Whether one package is downloaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decision {
    pub download: bool,
    pub reason: String,
}

impl Decision {
    fn download(reason: impl Into<String>) -> Self {
        Decision {
            download: true,
            reason: reason.into(),
        }
    }

    fn skip(reason: impl Into<String>) -> Self {
        Decision {
            download: false,
            reason: reason.into(),
        }
    }
}

/// A referenced package the catalog does not hold.
pub(super) fn not_in_catalog() -> Decision {
    Decision::download(
        "not in the catalog: downloaded unfiltered, as a package without attributes matches any client",
    )
}

/// The client's decision for a catalog package.
pub(super) fn decide(
    package: &CatalogPackage,
    facts: &MachineFacts,
    site: Option<SiteVersion>,
) -> Decision {
    if package.kind == PackageType::BootImage {
        return Decision::download("boot images are not filtered");
    }
    if let Some(site) = site
        && !site.filters(package.kind)
    {
        return Decision::download(format!(
            "site version {site} filters only OS upgrade packages: {} are downloaded unfiltered",
            package.kind.plural()
        ));
    }
    match package.kind {
        PackageType::Driver => by_model(package, facts),
        _ => by_architecture_and_language(package, facts),
    }
}

fn by_model(package: &CatalogPackage, facts: &MachineFacts) -> Decision {
    let Some(model) = &package.model else {
        return Decision::download("no model set: matches any client");
    };
    match &facts.model {
        None => Decision::skip(format!(
            "model \"{model}\": the client reports no `Win32_ComputerSystemProduct.Name`"
        )),
        Some(name) if package.model_matches(name) => {
            Decision::download(format!("model \"{model}\" in \"{name}\""))
        }
        Some(name) => Decision::skip(format!("model \"{model}\" not in \"{name}\"")),
    }
}

/// One attribute compared: its value, and whether the client matches.
enum Compared {
    Unset,
    Match(String),
    Mismatch(String),
}

fn by_architecture_and_language(package: &CatalogPackage, facts: &MachineFacts) -> Decision {
    let architecture = match (package.architecture, facts.architecture) {
        (None, _) => Compared::Unset,
        (Some(want), Some(have)) if want == have => {
            Compared::Match(format!("architecture {want}", want = want.as_str()))
        }
        (Some(want), Some(have)) => Compared::Mismatch(format!(
            "architecture {} ≠ client {}",
            want.as_str(),
            have.as_str()
        )),
        (Some(want), None) => Compared::Mismatch(format!(
            "architecture {}: the client's architecture is unknown",
            want.as_str()
        )),
    };
    let language = match (package.language, facts.language) {
        (None, _) => Compared::Unset,
        (Some(want), Some(have)) if want.lcid == have => {
            Compared::Match(format!("language {}", lcid_text(want.lcid)))
        }
        (Some(want), Some(have)) => Compared::Mismatch(format!(
            "language {} ≠ client {}",
            lcid_text(want.lcid),
            lcid_text(have)
        )),
        (Some(want), None) => Compared::Mismatch(format!(
            "language {}: the client's language is unknown",
            lcid_text(want.lcid)
        )),
    };
    let mismatches: Vec<&str> = [&architecture, &language]
        .into_iter()
        .filter_map(|c| match c {
            Compared::Mismatch(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    if !mismatches.is_empty() {
        return Decision::skip(mismatches.join("; "));
    }
    Decision::download(match (architecture, language) {
        (Compared::Match(a), Compared::Match(l)) => format!("{a} and {l} match the client"),
        (Compared::Match(a), _) => format!("{a} matches the client; no language set: any language"),
        (_, Compared::Match(l)) => {
            format!("{l} matches the client; no architecture set: any architecture")
        }
        _ => "no architecture or language set: matches any client".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::{self, Architecture};

    fn client(arch: Option<&str>, lcid: Option<u32>, model: Option<&str>) -> MachineFacts {
        MachineFacts {
            architecture: arch.and_then(Architecture::parse),
            language: lcid,
            model: model.map(str::to_string),
            ..MachineFacts::default()
        }
    }

    fn package(kind: PackageType, arch: Option<&str>, lang: Option<&str>) -> CatalogPackage {
        let mut p = CatalogPackage::new("PS100001", "p", kind);
        p.architecture = arch.and_then(Architecture::parse);
        p.language = lang.and_then(locale::lookup).copied();
        p
    }

    #[test]
    fn architecture_and_language_in_words() {
        let us = client(Some("64-bit"), Some(1033), None);
        let cases = [
            (
                Some("x64"),
                Some("en-US"),
                true,
                "architecture x64 and language 1033 (en-US) match the client",
            ),
            (
                Some("AMD64"),
                None,
                true,
                "architecture x64 matches the client; no language set: any language",
            ),
            (
                None,
                Some("0x0409"),
                true,
                "language 1033 (en-US) matches the client; no architecture set: any architecture",
            ),
            (
                None,
                None,
                true,
                "no architecture or language set: matches any client",
            ),
            (
                Some("x64"),
                Some("1031"),
                false,
                "language 1031 (de-DE) ≠ client 1033 (en-US)",
            ),
            (
                Some("32-bit"),
                Some("de-DE"),
                false,
                "architecture x86 ≠ client x64; language 1031 (de-DE) ≠ client 1033 (en-US)",
            ),
            (
                Some("arm64"),
                None,
                false,
                "architecture arm64 ≠ client x64",
            ),
        ];
        for kind in [
            PackageType::OsUpgrade,
            PackageType::OsImage,
            PackageType::Package,
        ] {
            for (arch, lang, download, reason) in cases {
                let d = decide(&package(kind, arch, lang), &us, None);
                assert_eq!(
                    d,
                    Decision {
                        download,
                        reason: reason.into()
                    },
                    "{kind} {arch:?} {lang:?}"
                );
            }
        }
        let unknown = client(None, None, None);
        let d = decide(
            &package(PackageType::OsUpgrade, Some("x64"), Some("en-US")),
            &unknown,
            None,
        );
        assert!(!d.download);
        assert_eq!(
            d.reason,
            "architecture x64: the client's architecture is unknown; language 1033 (en-US): the client's language is unknown"
        );
    }

    #[test]
    fn driver_packages_by_model() {
        let dell = client(Some("x64"), Some(1033), Some("Latitude 7490"));
        let d = |model: Option<&str>| {
            let mut p = CatalogPackage::new("PS100002", "d", PackageType::Driver);
            if let Some(m) = model {
                p = p.with_model(m).unwrap();
            }
            decide(&p, &dell, None)
        };
        assert_eq!(
            d(Some("OptiPlex 9020")),
            Decision::skip("model \"OptiPlex 9020\" not in \"Latitude 7490\"")
        );
        assert_eq!(
            d(Some("latitude")),
            Decision::download("model \"latitude\" in \"Latitude 7490\"")
        );
        assert_eq!(
            d(Some("Latitude_7490")),
            Decision::download("model \"Latitude_7490\" in \"Latitude 7490\"")
        );
        assert_eq!(
            d(None),
            Decision::download("no model set: matches any client")
        );
        let mut p = CatalogPackage::new("PS100003", "d", PackageType::Driver)
            .with_model("X")
            .unwrap();
        p.architecture = Architecture::parse("x86");
        assert!(
            decide(&p, &client(Some("x64"), None, Some("X1")), None).download,
            "drivers compare only the model"
        );
        assert!(!decide(&p, &client(None, None, None), None).download);
    }

    #[test]
    fn site_version_boundaries() {
        let us = client(Some("x64"), Some(1033), Some("Latitude 7490"));
        let german_image = package(PackageType::OsImage, Some("x64"), Some("de-DE"));
        let german_upgrade = package(PackageType::OsUpgrade, Some("x64"), Some("de-DE"));
        let other_driver = CatalogPackage::new("PS100004", "d", PackageType::Driver)
            .with_model("OptiPlex")
            .unwrap();
        let v = |n| Some(SiteVersion::new(n).unwrap());
        for old in [v(1702), v(1810), v(1902)] {
            assert!(!decide(&german_upgrade, &us, old).download);
            let d = decide(&german_image, &us, old);
            assert!(d.download);
            assert_eq!(
                d.reason,
                format!(
                    "site version {} filters only OS upgrade packages: OS images are downloaded unfiltered",
                    old.unwrap()
                )
            );
            assert!(decide(&other_driver, &us, old).download);
        }
        for new in [v(1906), v(2103), None] {
            assert!(!decide(&german_upgrade, &us, new).download);
            assert!(!decide(&german_image, &us, new).download);
            assert!(!decide(&other_driver, &us, new).download);
        }
        let boot = package(PackageType::BootImage, Some("x86"), None);
        assert_eq!(
            decide(&boot, &us, v(2103)),
            Decision::download("boot images are not filtered")
        );
    }
}
