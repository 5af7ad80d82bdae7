//! Browser glue for getting bytes out of the page: dropped files and
//! folders, the file and folder pickers.
//!
//! Everything ends as [`InputFile`]s (a path as the user sees it, relative
//! inside folders, plus raw bytes) for [`crate::ingest::ingest`]; decoding
//! and format handling (HTML, JSON, zip, …) happen there, not here. A file
//! the browser cannot read becomes an error [`Notice`] naming it, like any
//! other bad input.

use std::future::Future;

use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
};

use crate::ingest::InputFile;
use crate::report::Notice;

/// Something the user handed over that still has to be read.
pub enum Source {
    /// A file with the path to show for it.
    File { path: String, file: File },
    /// A dropped file or folder, read through the entries API.
    Entry(FileSystemEntry),
}

/// Bytes read from the sources plus a notice for each that could not be read.
#[derive(Debug, Default)]
pub struct ReadResult {
    pub files: Vec<InputFile>,
    pub notices: Vec<Notice>,
}

/// Collect the sources of a drop. Must run synchronously inside the drop
/// handler: the browser empties the `DataTransfer` once the handler returns.
pub fn dropped(data: &DataTransfer) -> Vec<Source> {
    let items = data.items();
    let mut sources = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        // Real drops expose entries (folders included); script-built ones
        // and some browsers only give the file.
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => sources.push(Source::Entry(entry)),
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    sources.push(Source::File {
                        path: file.name(),
                        file,
                    });
                }
            }
        }
    }
    if sources.is_empty() {
        // Browsers without `items` still fill `files`.
        if let Some(list) = data.files() {
            sources = picked(&list);
        }
    }
    sources
}

/// Sources from an `<input type=file>` (with or without `webkitdirectory`);
/// folder picks carry their relative path (`folder/sub/a.txt`).
pub fn picked(list: &FileList) -> Vec<Source> {
    let mut sources: Vec<Source> = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let relative = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|p| !p.is_empty());
            Source::File {
                path: relative.unwrap_or_else(|| file.name()),
                file,
            }
        })
        .collect();
    // Folder picks come in no particular order; keep loads reproducible.
    if sources
        .iter()
        .any(|s| matches!(s, Source::File { path, .. } if path.contains('/')))
    {
        crate::sort::by_key(&mut sources, source_path);
    }
    sources
}

fn source_path(source: &Source) -> String {
    match source {
        Source::File { path, .. } => path.clone(),
        Source::Entry(entry) => entry_path(entry),
    }
}

/// Read every source (walking folders) into bytes. The sources are read
/// at the same time (one after another, 300 small files took ≈ 100 ms of
/// waits); the result keeps their order.
pub async fn read_all(sources: Vec<Source>) -> ReadResult {
    let parts = futures::future::join_all(sources.into_iter().map(read_source)).await;
    let mut result = ReadResult::default();
    for part in parts {
        result.files.extend(part.files);
        result.notices.extend(part.notices);
    }
    result
}

async fn read_source(source: Source) -> ReadResult {
    let mut result = ReadResult::default();
    match source {
        Source::File { path, file } => read_into(&mut result, path, &file).await,
        Source::Entry(entry) => walk(&mut result, entry).await,
    }
    result
}

async fn read_into(result: &mut ReadResult, path: String, file: &File) {
    match read_bytes(file).await {
        Ok(bytes) => result.files.push(InputFile::new(path, bytes)),
        Err(e) => result.notices.push(Notice::error(
            path,
            format!("the browser could not read this file ({e})"),
        )),
    }
}

/// Read a file's bytes (`Blob.arrayBuffer()`).
pub async fn read_bytes(file: &File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| describe(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Depth-first walk of a dropped entry, files of a folder in name order.
async fn walk(result: &mut ReadResult, root: FileSystemEntry) {
    let mut stack = vec![root];
    while let Some(entry) = stack.pop() {
        let path = entry_path(&entry);
        if entry.is_directory() {
            let dir: FileSystemDirectoryEntry = entry.unchecked_into();
            match list_directory(&dir).await {
                Ok(mut children) => {
                    crate::sort::by_key(&mut children, |c| std::cmp::Reverse(c.name()));
                    stack.extend(children);
                }
                Err(e) => result.notices.push(Notice::error(
                    path,
                    format!("the browser could not list this folder ({e})"),
                )),
            }
        } else if entry.is_file() {
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            match entry_file(&file_entry).await {
                Ok(file) => read_into(result, path, &file).await,
                Err(e) => result.notices.push(Notice::error(
                    path,
                    format!("the browser could not open this file ({e})"),
                )),
            }
        }
    }
}

/// `/folder/a.txt` → `folder/a.txt`.
fn entry_path(entry: &FileSystemEntry) -> String {
    let full = entry.full_path();
    let path = full.trim_start_matches('/');
    if path.is_empty() {
        entry.name()
    } else {
        path.to_string()
    }
}

/// All children of a folder; the reader returns at most 100 per call.
async fn list_directory(dir: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, String> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = callback_promise(|ok, err| {
            reader
                .read_entries_with_callback_and_callback(ok, err)
                .map_err(|e| describe(&e))
        })
        .await?;
        let batch: Array = batch.unchecked_into();
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(|e| e.unchecked_into::<FileSystemEntry>()));
    }
}

async fn entry_file(entry: &FileSystemFileEntry) -> Result<File, String> {
    let file = callback_promise(|ok, err| {
        entry.file_with_callback_and_callback(ok, err);
        Ok(())
    })
    .await?;
    file.dyn_into::<File>()
        .map_err(|_| "not a file".to_string())
}

/// Turn a success/error callback API into a future.
fn callback_promise(
    call: impl FnOnce(&Function, &Function) -> Result<(), String>,
) -> impl Future<Output = Result<JsValue, String>> {
    let mut call = Some(call);
    let mut started = Ok(());
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            started = call(&resolve, &reject);
        }
    });
    async move {
        started?;
        JsFuture::from(promise).await.map_err(|e| describe(&e))
    }
}

/// A readable message for a JS error value (`DOMException`, `Error`, …).
pub fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        return e.message();
    }
    error
        .as_string()
        .unwrap_or_else(|| "unknown browser error".to_string())
}
