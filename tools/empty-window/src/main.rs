//! An empty Tauri 2 window: the floor `scripts/app-footprint` measures
//! Steward against. One heading and one input, the same window size as
//! Steward's, default settings; `--tuned` applies the WebKitGTK settings
//! Steward adopts, `--try a,b` the named ones (ADR 0022's trials).

#[path = "../../../src-tauri/src/webview.rs"]
mod webview;

use tauri::Manager;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let settings: Vec<webview::Setting> = match args.iter().position(|a| a == "--try") {
        Some(i) => args
            .get(i + 1)
            .map(|names| {
                names
                    .split(',')
                    .filter_map(webview::Setting::from_name)
                    .collect()
            })
            .unwrap_or_default(),
        None if args.iter().any(|a| a == "--tuned") => webview::adopted(),
        None => Vec::new(),
    };
    #[allow(clippy::expect_used)]
    tauri::Builder::default()
        .setup(move |app| {
            if let Some(window) = app.get_webview_window("main") {
                webview::apply(&window, &settings)?;
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the window system did not start");
}
