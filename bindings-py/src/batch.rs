//! `scimgate._native.BatchRun`: a batch (`check_many` / `plan_many`) read and run one chunk of
//! records at a time (core `scimgate::batch`), in constant memory, without the GIL while the
//! core reads and works. The source is bytes, a file path, or any Python iterable of lines or
//! chunks (`str` or `bytes`; a `dict` or `list` item is one record, through `json.dumps`).

use std::io::{BufRead, BufReader, Cursor, Read};
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyIterator, PyList, PyMemoryView, PyString};
use scimgate::batch::{Job, Reader, Run};

use crate::{dumps, utf8, Validator};

/// A Python iterable read as a byte stream: each item's text, with a newline after an item
/// that does not end with one (so a generator of lines without newlines reads as JSON lines).
struct Items {
    iter: Py<PyIterator>,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
    /// The exception an item raised, for `take` to raise.
    failed: Option<PyErr>,
    options: Vec<u8>,
}

impl Items {
    fn pull(&mut self) -> std::io::Result<()> {
        Python::attach(|py| {
            let it = self.iter.bind(py).clone();
            match it.into_iter().next() {
                None => {
                    self.done = true;
                    Ok(())
                }
                Some(Err(e)) => {
                    self.failed = Some(e);
                    self.done = true;
                    Err(std::io::Error::other("the iterable raised"))
                }
                Some(Ok(item)) => {
                    let bytes = if let Ok(s) = item.cast::<PyString>() {
                        utf8(s, "records")
                    } else if let Ok(b) = item.cast::<PyBytes>() {
                        Ok(b.as_bytes().to_vec())
                    } else if let Ok(b) = item.cast::<PyByteArray>() {
                        Ok(b.to_vec())
                    } else if item.cast::<PyMemoryView>().is_ok() {
                        item.call_method0("tobytes")
                            .and_then(|b| Ok(b.cast::<PyBytes>()?.as_bytes().to_vec()))
                    } else {
                        dumps(&item, "records", &self.options)
                    };
                    match bytes {
                        Ok(mut b) => {
                            if b.last() != Some(&b'\n') {
                                b.push(b'\n');
                            }
                            self.buf = b;
                            self.pos = 0;
                            Ok(())
                        }
                        Err(e) => {
                            self.failed = Some(e);
                            self.done = true;
                            Err(std::io::Error::other("an item is not text"))
                        }
                    }
                }
            }
        })
    }
}

impl Read for Items {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Items {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.pos >= self.buf.len() && !self.done {
            self.pull()?;
        }
        if self.pos >= self.buf.len() {
            return Ok(&[]);
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.buf.len());
    }
}

enum Source {
    Bytes(Cursor<Vec<u8>>),
    File(BufReader<std::fs::File>),
    Items(Items),
}

impl Read for Source {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Bytes(r) => r.read(out),
            Source::File(r) => r.read(out),
            Source::Items(r) => r.read(out),
        }
    }
}

impl BufRead for Source {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        match self {
            Source::Bytes(r) => r.fill_buf(),
            Source::File(r) => r.fill_buf(),
            Source::Items(r) => r.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            Source::Bytes(r) => r.consume(amount),
            Source::File(r) => r.consume(amount),
            Source::Items(r) => r.consume(amount),
        }
    }
}

/// A batch being run (see the module docs).
#[pyclass(frozen, module = "scimgate._native")]
pub(crate) struct BatchRun {
    validator: Py<Validator>,
    run: Mutex<Run<Source>>,
}

impl BatchRun {
    /// The exception an iterable source raised, if any (taken).
    fn failure(&self) -> Option<PyErr> {
        let mut run = self
            .run
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match run.reader_mut().get_mut() {
            Source::Items(items) => items.failed.take(),
            _ => None,
        }
    }
}

#[pymethods]
impl BatchRun {
    /// A batch over `source` with `validator`: `method` None checks each record, else plans it
    /// (records that are bodies get this method).
    #[new]
    #[pyo3(signature = (validator, source, method, /))]
    fn new(
        py: Python<'_>,
        validator: Py<Validator>,
        source: &Bound<'_, PyAny>,
        method: Option<String>,
    ) -> PyResult<Self> {
        // A bad method is the caller's mistake: raised here, before the source is opened.
        let job = match method {
            None => Job::Check,
            Some(method) => Job::plan(&method).map_err(|e| crate::core_error(&e))?,
        };
        let v = validator.get();
        let max = v.inner.options().limits.max_bytes;
        let src = if let Ok(b) = source.cast::<PyBytes>() {
            Source::Bytes(Cursor::new(b.as_bytes().to_vec()))
        } else if let Ok(b) = source.cast::<PyByteArray>() {
            Source::Bytes(Cursor::new(b.to_vec()))
        } else if source.cast::<PyMemoryView>().is_ok() {
            let b = source.call_method0("tobytes")?;
            Source::Bytes(Cursor::new(b.cast::<PyBytes>()?.as_bytes().to_vec()))
        } else if source.cast::<PyString>().is_ok() || source.hasattr("__fspath__")? {
            let path: std::path::PathBuf = py
                .import("os")?
                .getattr("fspath")?
                .call1((source,))?
                .extract()?;
            let file = py.detach(|| std::fs::File::open(&path))?;
            Source::File(BufReader::with_capacity(1 << 16, file))
        } else if source.cast::<PyDict>().is_ok() {
            return Err(crate::invalid(
                "records",
                "must be bytes, a file path or an iterable of records, found dict".into(),
            ));
        } else {
            let iter = if let Ok(list) = source.cast::<PyList>() {
                list.try_iter()?
            } else {
                source.try_iter()?
            };
            Source::Items(Items {
                iter: iter.unbind(),
                buf: Vec::new(),
                pos: 0,
                done: false,
                failed: None,
                options: v.options.clone(),
            })
        };
        Ok(BatchRun {
            validator,
            run: Mutex::new(Run::new(Reader::new(src, max), job)),
        })
    }

    /// The JSON text of an array of the next results (at most `n`), None after the last.
    #[pyo3(signature = (n, /))]
    fn take(&self, py: Python<'_>, n: usize) -> PyResult<Option<String>> {
        let v = &self.validator.get().inner;
        let run = &self.run;
        let out = py.detach(|| {
            let mut run = run
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            run.next_chunk_json(v, n)
        });
        if let Some(e) = self.failure() {
            return Err(e);
        }
        Ok(out)
    }

    /// The summary so far as JSON text.
    fn summary_json(&self) -> String {
        self.run
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .summary_json()
    }
}
