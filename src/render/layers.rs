//! The layers a theme is assembled from, as types: the default theme compiled into the binary,
//! a `themes/<name>/` folder, and the site's own `templates/` and `static/`. This module reads
//! a layer's file list; merging the layers (later ones win) belongs to `theme.rs`.

use crate::error::{Error, Result};
use crate::fs::FileSource;
use crate::model::source::{self, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));
}

/// One layer of a theme, from the one that loses to the one that wins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// The default theme compiled into the binary.
    Builtin,
    /// A theme folder, `themes/<name>/`.
    Theme(String),
    /// The site's own `templates/` and `static/` folders.
    Site,
}

/// Where a theme file came from: its layer and its path inside that layer, with `/`
/// separators (`templates/base.html`, `static/css/style.css`, `i18n/en.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The layer.
    pub layer: Layer,
    /// The path inside the layer.
    pub path: String,
}

impl Origin {
    /// The file on disk, relative to the site root; `None` for the built-in theme.
    pub fn file(&self) -> Option<PathBuf> {
        match &self.layer {
            Layer::Builtin => None,
            Layer::Theme(name) => Some(Path::new(THEMES_DIR).join(name).join(&self.path)),
            Layer::Site => Some(PathBuf::from(&self.path)),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.layer {
            Layer::Builtin => write!(f, "built-in theme {}", self.path),
            Layer::Theme(name) => write!(f, "{THEMES_DIR}/{name}/{}", self.path),
            Layer::Site => f.write_str(&self.path),
        }
    }
}

/// What a theme file holds: bytes compiled into the binary, or a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// The built-in theme's bytes.
    Embedded(&'static [u8]),
    /// An absolute path, read only when needed (static files are copied, never read).
    File(PathBuf),
}

/// One file of a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerFile {
    /// Where it came from.
    pub origin: Origin,
    /// Its contents.
    pub contents: Contents,
}

impl LayerFile {
    /// The file's bytes (read from disk for the theme folder and site layers).
    pub fn bytes(&self) -> Result<Cow<'static, [u8]>> {
        match &self.contents {
            Contents::Embedded(bytes) => Ok(Cow::Borrowed(bytes)),
            Contents::File(path) => std::fs::read(path)
                .map(Cow::Owned)
                .map_err(|e| Error::io(path, e)),
        }
    }

    /// How the file reaches the output when it is a static file: built-in bytes are written
    /// from the binary, everything else is copied from disk.
    pub fn action(&self) -> FileSource {
        match &self.contents {
            Contents::Embedded(bytes) => FileSource::Embedded(bytes),
            Contents::File(path) => FileSource::Copy(path.clone()),
        }
    }
}

/// The built-in default theme's files.
pub fn builtin() -> Vec<LayerFile> {
    builtin::FILES
        .iter()
        .map(|(path, bytes)| LayerFile {
            origin: Origin {
                layer: Layer::Builtin,
                path: (*path).to_string(),
            },
            contents: Contents::Embedded(bytes),
        })
        .collect()
}

/// The files of `themes/<name>/` (none if the folder does not exist).
pub fn theme_folder(root: &Path, name: &str) -> Result<Vec<LayerFile>> {
    let dir = root.join(THEMES_DIR).join(name);
    disk(&dir, "", Layer::Theme(name.to_string()))
}

/// The site's `templates/` and `static/` files.
pub fn site(root: &Path) -> Result<Vec<LayerFile>> {
    let mut files = disk(&root.join(TEMPLATES_DIR), TEMPLATES_DIR, Layer::Site)?;
    files.extend(disk(&root.join(STATIC_DIR), STATIC_DIR, Layer::Site)?);
    Ok(files)
}

/// Files under `dir`, with layer paths prefixed by `prefix`.
fn disk(dir: &Path, prefix: &str, layer: Layer) -> Result<Vec<LayerFile>> {
    Ok(source::walk(dir)?
        .into_iter()
        .map(|(path, rel)| LayerFile {
            origin: Origin {
                layer: layer.clone(),
                path: if prefix.is_empty() {
                    rel
                } else {
                    format!("{prefix}/{rel}")
                },
            },
            contents: Contents::File(dir.join(path)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_display_where_the_file_is() {
        let at = |layer, path: &str| Origin {
            layer,
            path: path.to_string(),
        };
        assert_eq!(
            at(Layer::Builtin, "templates/base.html").to_string(),
            "built-in theme templates/base.html"
        );
        let theme = at(Layer::Theme("civic".into()), "static/a.css");
        assert_eq!(theme.to_string(), "themes/civic/static/a.css");
        assert_eq!(
            theme.file(),
            Some(PathBuf::from("themes/civic/static/a.css"))
        );
        let site = at(Layer::Site, "templates/page.html");
        assert_eq!(site.to_string(), "templates/page.html");
        assert_eq!(at(Layer::Builtin, "x").file(), None);
    }

    #[test]
    fn builtin_statics_are_embedded_and_disk_ones_copied() {
        let builtin = builtin();
        let css = builtin
            .iter()
            .find(|f| f.origin.path.starts_with("static/"))
            .expect("the default theme has static files");
        assert!(matches!(css.action(), FileSource::Embedded(_)));
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("static")).expect("mkdir");
        std::fs::write(dir.path().join("static/a.css"), "a{}").expect("write");
        let site = site(dir.path()).expect("site layer");
        assert_eq!(site.len(), 1);
        assert_eq!(site[0].origin.layer, Layer::Site);
        assert_eq!(site[0].origin.path, "static/a.css");
        assert_eq!(
            site[0].action(),
            FileSource::Copy(dir.path().join("static").join("a.css"))
        );
        std::fs::create_dir_all(dir.path().join("themes/civic/static")).expect("mkdir");
        std::fs::write(dir.path().join("themes/civic/static/b.css"), "b{}").expect("write");
        let theme = theme_folder(dir.path(), "civic").expect("theme layer");
        assert_eq!(theme[0].origin.layer, Layer::Theme("civic".into()));
        assert_eq!(theme[0].origin.to_string(), "themes/civic/static/b.css");
        assert_eq!(
            theme[0].action(),
            FileSource::Copy(dir.path().join("themes/civic").join("static/b.css"))
        );
    }
}
