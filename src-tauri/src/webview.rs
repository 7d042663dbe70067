//! The WebKitGTK settings Steward chooses for its window, to lower what its
//! web view holds in memory without costing the user anything: which were
//! tried, what each saved and why it was kept or not is ADR 0022. Shared
//! with `tools/empty-window`, whose tuned floor applies the same ones, so
//! `scripts/app-footprint` compares like with like.

/// A WebKitGTK setting Steward may choose for its web view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The document-viewer cache model: no in-memory cache of decoded
    /// resources or of whole pages. The window shows one page, loaded once
    /// from the app itself.
    DocumentViewerCache,
    /// No back-forward page cache: Steward never navigates between pages.
    NoPageCache,
    /// Software rendering instead of the GPU (hardware-acceleration policy
    /// "never").
    NoHardwareAcceleration,
    /// WebGL and Web Audio off: no screen uses them.
    NoWebglNoAudio,
}

/// What the app applies on this computer (ADR 0022 says why each one is or
/// is not here): software rendering when there is no GPU to render with
/// (no DRM render node), where WebKit's "hardware" compositing would run on
/// a GL emulated by the CPU and cost the web process about 57 MB more than
/// painting on the CPU directly. With a GPU, WebKit's default stays.
pub fn adopted() -> Vec<Setting> {
    if has_render_node(std::path::Path::new("/dev/dri")) {
        Vec::new()
    } else {
        vec![Setting::NoHardwareAcceleration]
    }
}

/// Whether `dri` (the folder of DRM devices) holds a render node, the device
/// a GPU renders through.
fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

impl Setting {
    /// The setting a name on the command line of the empty window stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "document-viewer-cache" => Some(Self::DocumentViewerCache),
            "no-page-cache" => Some(Self::NoPageCache),
            "no-hardware-acceleration" => Some(Self::NoHardwareAcceleration),
            "no-webgl-no-audio" => Some(Self::NoWebglNoAudio),
            _ => None,
        }
    }
}

/// Applies `settings` to `window`'s web view; nothing outside Linux, where
/// the system web views have no such choices.
///
/// # Errors
/// When the window is already gone.
pub fn apply<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    settings: &[Setting],
) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let settings = settings.to_vec();
        window.with_webview(move |webview| linux::apply(&webview.inner(), &settings))?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (window, settings);
    Ok(())
}

#[cfg(target_os = "linux")]
mod linux {
    use super::Setting;
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebView, WebViewExt,
    };

    pub fn apply(webview: &WebView, settings: &[Setting]) {
        let context = webview.context();
        let options = WebViewExt::settings(webview);
        for setting in settings {
            match setting {
                Setting::DocumentViewerCache => {
                    if let Some(context) = &context {
                        context.set_cache_model(CacheModel::DocumentViewer);
                    }
                }
                Setting::NoPageCache => {
                    if let Some(options) = &options {
                        options.set_enable_page_cache(false);
                    }
                }
                Setting::NoHardwareAcceleration => {
                    if let Some(options) = &options {
                        options.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                    }
                }
                Setting::NoWebglNoAudio => {
                    if let Some(options) = &options {
                        options.set_enable_webgl(false);
                        options.set_enable_webaudio(false);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu() {
        let dri = tempfile::tempdir().expect("a temp dir");
        assert!(!has_render_node(dri.path()));
        assert!(!has_render_node(&dri.path().join("missing")));
        std::fs::create_dir(dri.path().join("card0")).expect("a device entry");
        assert!(!has_render_node(dri.path()));
        std::fs::create_dir(dri.path().join("renderD128")).expect("a device entry");
        assert!(has_render_node(dri.path()));
    }

    #[test]
    fn the_trials_have_names() {
        for (name, setting) in [
            ("document-viewer-cache", Setting::DocumentViewerCache),
            ("no-page-cache", Setting::NoPageCache),
            ("no-hardware-acceleration", Setting::NoHardwareAcceleration),
            ("no-webgl-no-audio", Setting::NoWebglNoAudio),
        ] {
            assert_eq!(Setting::from_name(name), Some(setting));
        }
        assert_eq!(Setting::from_name("no-jit"), None);
    }
}
