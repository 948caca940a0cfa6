//! Batches: many records checked or planned in one pass, in constant memory.
//!
//! [`Reader`] reads records one at a time from a byte stream: either *JSON lines* (one record per
//! line; blank lines are skipped) or one top-level *JSON array* (the input's first non-blank byte
//! is `[`), whose elements are cut out one by one without holding the array. A record's bytes are
//! kept only up to the options' `maxBytes`; a longer one is skipped to its end and reported as
//! `payload_too_large`. Every record carries its 1-based line (where it starts) and its 0-based
//! index. A record that cannot be read (invalid JSON, too large, too deep, not an object, or a
//! broken array) is a record with its error: a batch never fails because of one record.
//!
//! [`Batch`] runs [`Validator::check`] or [`Validator::plan`] on each record ([`Job`]) and keeps a
//! [`BatchSummary`] (records, valid, invalid, unreadable, counts by severity, by code, by action, by
//! error code).

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::validator::Validator;

/// One record as read: its position and its bytes (or why it could not be cut out).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// 0-based position among the records.
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
    /// The record's JSON text, or the error that makes it unreadable.
    pub text: std::result::Result<Vec<u8>, Error>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Start,
    Lines,
    Array,
    /// After the array's closing `]`.
    Closed,
    Done,
}

/// Reads records one at a time from JSON lines or a top-level JSON array (see the module docs).
#[derive(Debug)]
pub struct Reader<R> {
    src: R,
    max_bytes: usize,
    mode: Mode,
    line: usize,
    index: usize,
}

/// The bytes of one record being cut out: kept up to the limit, counted beyond it.
struct Cut {
    bytes: Vec<u8>,
    size: usize,
    limit: usize,
}

impl Cut {
    fn new(limit: usize) -> Self {
        Cut {
            bytes: Vec::new(),
            size: 0,
            limit,
        }
    }

    fn push(&mut self, b: u8) {
        self.size += 1;
        if self.bytes.len() < self.limit {
            self.bytes.push(b);
        }
    }

    fn is_blank(&self) -> bool {
        self.bytes.iter().all(u8::is_ascii_whitespace)
    }

    fn finish(mut self) -> std::result::Result<Vec<u8>, Error> {
        while self.bytes.last().is_some_and(u8::is_ascii_whitespace) {
            self.bytes.pop();
            self.size -= 1;
        }
        if self.size > self.limit {
            return Err(Error::PayloadTooLarge {
                size: self.size,
                limit: self.limit,
            });
        }
        Ok(self.bytes)
    }
}

fn broken(line: usize, message: &str) -> Error {
    Error::InvalidJson {
        line,
        column: 1,
        message: message.into(),
    }
}

impl<R: BufRead> Reader<R> {
    /// A reader of `src` that keeps at most `max_bytes` of a record (the options' `maxBytes`).
    pub fn new(src: R, max_bytes: usize) -> Self {
        Reader {
            src,
            max_bytes,
            mode: Mode::Start,
            line: 1,
            index: 0,
        }
    }

    /// The source.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.src
    }

    /// The next byte, counting lines.
    fn next_byte(&mut self) -> std::io::Result<Option<u8>> {
        let b = match self.src.fill_buf()? {
            [] => return Ok(None),
            buf => buf[0],
        };
        self.src.consume(1);
        if b == b'\n' {
            self.line += 1;
        }
        Ok(Some(b))
    }

    /// The next byte without taking it.
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.src.fill_buf()?.first().copied())
    }

    /// Skip whitespace; the first other byte (not taken), `None` at the end.
    fn skip_blank(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b) if b.is_ascii_whitespace() => {
                    self.next_byte()?;
                }
                other => return Ok(other),
            }
        }
    }

    fn record(&mut self, line: usize, text: std::result::Result<Vec<u8>, Error>) -> RawRecord {
        let r = RawRecord {
            index: self.index,
            line,
            text,
        };
        self.index += 1;
        r
    }

    fn start(&mut self) -> std::io::Result<()> {
        // A UTF-8 byte order mark is skipped.
        if self.src.fill_buf()?.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.src.consume(3);
        }
        self.mode = match self.skip_blank()? {
            Some(b'[') => {
                self.next_byte()?;
                Mode::Array
            }
            Some(_) => Mode::Lines,
            None => Mode::Done,
        };
        Ok(())
    }

    fn next_line(&mut self) -> std::io::Result<Option<RawRecord>> {
        loop {
            let line = self.line;
            let mut cut = Cut::new(self.max_bytes);
            let mut ended = false;
            loop {
                let buf = self.src.fill_buf()?;
                if buf.is_empty() {
                    ended = true;
                    break;
                }
                let (take, newline) = match buf.iter().position(|&b| b == b'\n') {
                    Some(n) => (n, true),
                    None => (buf.len(), false),
                };
                let room = cut.limit.saturating_sub(cut.bytes.len()).min(take);
                cut.bytes.extend_from_slice(&buf[..room]);
                cut.size += take;
                self.src.consume(take + usize::from(newline));
                if newline {
                    self.line += 1;
                    break;
                }
            }
            if !cut.is_blank() || cut.size > cut.limit {
                return Ok(Some(self.record(line, cut.finish())));
            }
            if ended {
                self.mode = Mode::Done;
                return Ok(None);
            }
        }
    }

    fn next_element(&mut self) -> std::io::Result<Option<RawRecord>> {
        let first = self.skip_blank()?;
        let line = self.line;
        if first == Some(b']') && self.index == 0 {
            self.next_byte()?;
            return self.after_array();
        }
        let mut cut = Cut::new(self.max_bytes);
        let (mut depth, mut in_string, mut escape) = (0usize, false, false);
        let end = loop {
            let Some(b) = self.next_byte()? else {
                break None;
            };
            if in_string {
                cut.push(b);
                if escape {
                    escape = false;
                } else if b == b'\\' {
                    escape = true;
                } else if b == b'"' {
                    in_string = false;
                }
                continue;
            }
            match b {
                b',' | b']' if depth == 0 => break Some(b),
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            cut.push(b);
        };
        let blank = cut.is_blank() && cut.size <= cut.limit;
        match end {
            None => {
                self.mode = Mode::Done;
                let e = broken(self.line, "the array is not closed");
                Ok(Some(self.record(line, Err(e))))
            }
            Some(_) if blank => {
                let e = broken(line, "an empty element in the array");
                let r = self.record(line, Err(e));
                self.mode = Mode::Done;
                Ok(Some(r))
            }
            Some(b) => {
                let r = self.record(line, cut.finish());
                if b == b']' {
                    self.mode = Mode::Closed;
                }
                Ok(Some(r))
            }
        }
    }

    /// After the closing `]`: only whitespace may follow.
    fn after_array(&mut self) -> std::io::Result<Option<RawRecord>> {
        self.mode = Mode::Done;
        if self.skip_blank()?.is_some() {
            let line = self.line;
            let e = broken(line, "data after the closing ] of the array");
            return Ok(Some(self.record(line, Err(e))));
        }
        Ok(None)
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        let read = (|| {
            if self.mode == Mode::Start {
                self.start()?;
            }
            match self.mode {
                Mode::Start | Mode::Done => Ok(None),
                Mode::Lines => self.next_line(),
                Mode::Array => self.next_element(),
                Mode::Closed => self.after_array(),
            }
        })();
        match read {
            Ok(r) => r,
            Err(e) => {
                self.mode = Mode::Done;
                let line = self.line;
                Some(self.record(
                    line,
                    Err(Error::InvalidArgument {
                        argument: "records".into(),
                        message: format!("could not be read: {e}"),
                    }),
                ))
            }
        }
    }
}

/// What a batch does with each record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// [`Validator::check`] each record (a resource).
    Check,
    /// [`Validator::plan`] each record: the body of a request with this method, or a request
    /// envelope `{"method", "body", "current"}` (an object with a `method` string and no
    /// `schemas`), which gives its own method and current resource.
    Plan {
        /// The method of records that are bodies (`POST` by default).
        method: String,
    },
}

impl Job {
    /// A plan job whose records that are bodies go with `method` (POST, PUT, PATCH or DELETE, in
    /// any case). A method outside these is the caller's mistake, not a record's: it is
    /// [`Error::InvalidOption`] here, before any record is read.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] naming `method`.
    pub fn plan(method: &str) -> Result<Self> {
        let upper = method.trim().to_ascii_uppercase();
        match upper.as_str() {
            "POST" | "PUT" | "PATCH" | "DELETE" => Ok(Job::Plan { method: upper }),
            _ => Err(Error::InvalidOption {
                option: "method".into(),
                message: format!("{method:?} is not POST, PUT, PATCH or DELETE"),
            }),
        }
    }
}

/// The result of one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchRecord {
    /// 0-based position among the records.
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
    /// Whether the record was read and passes: a valid report (check) or a plan that is not a
    /// reject (plan).
    pub valid: bool,
    /// The record's Report (checkMany) or Plan (planMany); absent when it could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// Why the record could not be read or run (the error's JSON: code, message, its fields);
    /// absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
}

/// Counts over a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BatchSummary {
    /// Records read (unreadable ones included).
    pub records: usize,
    /// Records that are valid (see [`BatchRecord::valid`]).
    pub valid: usize,
    /// Records that are not: findings of severity error, a rejected plan, or unreadable.
    pub invalid: usize,
    /// Records that could not be read or run (each with its error).
    pub unreadable: usize,
    /// Issues by severity (error, warning, info).
    pub by_severity: BTreeMap<String, usize>,
    /// Issues by code.
    pub by_code: BTreeMap<String, usize>,
    /// Plans by action (planMany only).
    pub by_action: BTreeMap<String, usize>,
    /// Unreadable records by error code.
    pub errors: BTreeMap<String, usize>,
}

fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

impl BatchSummary {
    /// Count one record.
    pub fn add(&mut self, record: &BatchRecord) {
        self.records += 1;
        if record.valid {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
        if let Some(e) = &record.error {
            self.unreadable += 1;
            let code = e.get("code").and_then(Value::as_str).unwrap_or("error");
            *self.errors.entry(code.to_string()).or_default() += 1;
        }
        let Some(result) = &record.result else {
            return;
        };
        if let Some(action) = result.get("action").and_then(Value::as_str) {
            *self.by_action.entry(action.to_string()).or_default() += 1;
        }
        for issue in result
            .get("issues")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(s) = issue.get("severity").and_then(Value::as_str) {
                *self.by_severity.entry(s.to_string()).or_default() += 1;
            }
            if let Some(c) = issue.get("code").and_then(Value::as_str) {
                *self.by_code.entry(c.to_string()).or_default() += 1;
            }
        }
    }
}

/// A whole batch's results (what the contract's `checkMany` / `planMany` return; the bindings'
/// streaming forms give the records one at a time and the summary at the end).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Batch {
    /// One result per record, in order.
    pub records: Vec<BatchRecord>,
    /// The counts.
    pub summary: BatchSummary,
}

/// Run `job` on one record with `validator`.
pub fn run_record(validator: &Validator, job: &Job, raw: RawRecord) -> BatchRecord {
    let outcome = raw.text.and_then(|text| {
        // A check first tries the stream path, which gives the very report of the parsed
        // document's check whenever it gives one (core/tests/stream.rs), without building it.
        if matches!(job, Job::Check) {
            if let Some(report) = validator.check_stream(&text) {
                return Ok((report.valid, to_value(&report)?));
            }
        }
        let doc = validator.options().parse_json(&text)?;
        if !doc.is_object() {
            return Err(Error::NotAnObject {
                found: crate::json::type_name(&doc),
            });
        }
        match job {
            Job::Check => {
                let report = validator.check(&doc)?;
                Ok((report.valid, to_value(&report)?))
            }
            Job::Plan { method } => {
                let envelope =
                    doc.get("method").is_some_and(Value::is_string) && doc.get("schemas").is_none();
                let plan = if envelope {
                    let m = doc.get("method").and_then(Value::as_str).unwrap_or(method);
                    let body = doc.get("body").filter(|b| !b.is_null());
                    let current = doc.get("current").filter(|c| !c.is_null());
                    validator.plan(m, body, current)?
                } else {
                    validator.plan(method, Some(&doc), None)?
                };
                let valid = name_of(&plan.action) != "reject";
                Ok((valid, to_value(&plan)?))
            }
        }
    });
    match outcome {
        Ok((valid, result)) => BatchRecord {
            index: raw.index,
            line: raw.line,
            valid,
            result: Some(result),
            error: None,
        },
        Err(e) => BatchRecord {
            index: raw.index,
            line: raw.line,
            valid: false,
            result: None,
            error: Some(e.to_json()),
        },
    }
}

fn to_value<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::InvalidArgument {
        argument: "result".into(),
        message: e.to_string(),
    })
}

/// Every record of a reader run and counted (the eager form, for inputs held in memory).
pub fn run_all<R: BufRead>(validator: &Validator, job: &Job, reader: Reader<R>) -> Batch {
    let mut summary = BatchSummary::default();
    let records = reader
        .map(|raw| {
            let r = run_record(validator, job, raw);
            summary.add(&r);
            r
        })
        .collect();
    Batch { records, summary }
}

/// A batch being run one record at a time (what the bindings' streaming forms hold): a reader,
/// the job and the summary so far.
#[derive(Debug)]
pub struct Run<R> {
    reader: Reader<R>,
    job: Job,
    summary: BatchSummary,
}

impl<R: BufRead> Run<R> {
    /// A run of `job` over `reader`.
    pub fn new(reader: Reader<R>, job: Job) -> Self {
        Run {
            reader,
            job,
            summary: BatchSummary::default(),
        }
    }

    /// The next record's result (counted in the summary), `None` after the last.
    pub fn next_record(&mut self, validator: &Validator) -> Option<BatchRecord> {
        let raw = self.reader.next()?;
        let r = run_record(validator, &self.job, raw);
        self.summary.add(&r);
        Some(r)
    }

    /// The JSON text of an array of the next results (at most `n`, at least one), `None` after
    /// the last: fewer crossings of a binding's boundary than one record at a time.
    pub fn next_chunk_json(&mut self, validator: &Validator, n: usize) -> Option<String> {
        let mut out = String::from("[");
        for i in 0..n.max(1) {
            let Some(r) = self.next_record(validator) else {
                break;
            };
            if i > 0 {
                out.push(',');
            }
            // A record of JSON values always serializes.
            out.push_str(&serde_json::to_string(&r).unwrap_or_else(|_| "null".into()));
        }
        (out.len() > 1).then(|| out + "]")
    }

    /// The reader (e.g. to reach its source).
    pub fn reader_mut(&mut self) -> &mut Reader<R> {
        &mut self.reader
    }

    /// The counts so far (final once [`Run::next_record`] has returned `None`).
    pub fn summary(&self) -> &BatchSummary {
        &self.summary
    }

    /// [`Run::summary`] as JSON text.
    pub fn summary_json(&self) -> String {
        serde_json::to_string(&self.summary).unwrap_or_else(|_| "{}".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    #[test]
    fn a_plan_job_takes_the_four_methods_in_any_case_and_refuses_others() {
        for (given, kept) in [
            ("post", "POST"),
            (" Put ", "PUT"),
            ("PATCH", "PATCH"),
            ("delete", "DELETE"),
        ] {
            assert_eq!(
                Job::plan(given).unwrap(),
                Job::Plan {
                    method: kept.into()
                }
            );
        }
        for bad in ["GET", "", "POSTS"] {
            let e = Job::plan(bad).unwrap_err();
            assert!(
                matches!(&e, Error::InvalidOption { option, .. } if option == "method"),
                "{bad:?}: {e}"
            );
        }
    }

    fn read(
        input: &[u8],
        limit: usize,
    ) -> Vec<(usize, usize, std::result::Result<String, String>)> {
        Reader::new(input, limit)
            .map(|r| {
                (
                    r.index,
                    r.line,
                    r.text
                        .map(|t| String::from_utf8(t).unwrap())
                        .map_err(|e| e.code().as_str().to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn json_lines_skip_blank_lines_and_keep_line_numbers() {
        let got = read(b"{\"a\":1}\r\n\n  \n{\"b\":2}\n{bad\n", 100);
        assert_eq!(
            got,
            vec![
                (0, 1, Ok(r#"{"a":1}"#.into())),
                (1, 4, Ok(r#"{"b":2}"#.into())),
                (2, 5, Ok("{bad".into())),
            ]
        );
    }

    #[test]
    fn an_array_is_cut_element_by_element() {
        let input = b"\xEF\xBB\xBF [\n {\"a\": \"x],\\\"\"},\n [1, {\"b\": [2]}],\n 3 ]\n";
        let got = read(input, 100);
        assert_eq!(
            got,
            vec![
                (0, 2, Ok(r#"{"a": "x],\""}"#.into())),
                (1, 3, Ok(r#"[1, {"b": [2]}]"#.into())),
                (2, 4, Ok("3".into())),
            ]
        );
        assert!(read(b"[]", 10).is_empty());
        assert!(read(b"  \n ", 10).is_empty());
    }

    #[test]
    fn broken_arrays_and_large_records_are_records_with_errors() {
        let got = read(b"[{}, {} x", 100);
        assert_eq!(got[0].2, Ok("{}".into()));
        assert_eq!(got[1], (1, 1, Err("invalid_json".into())));
        assert_eq!(got.len(), 2);
        let got = read(b"[{},,{}]", 100);
        assert_eq!(got[1].2, Err("invalid_json".into()));
        assert_eq!(got.len(), 2);
        let got = read(b"[{}] {}", 100);
        assert_eq!(got[1].2, Err("invalid_json".into()));
        let got = read(b"{\"a\":\"0123456789\"}\n{}\n", 8);
        assert_eq!(got[0].2, Err("payload_too_large".into()));
        assert_eq!(got[1], (1, 2, Ok("{}".into())));
        let got = read(b"[{\"a\":\"0123456789\"}, {}]", 8);
        assert_eq!(got[0].2, Err("payload_too_large".into()));
        assert_eq!(got[1].2, Ok("{}".into()));
    }

    #[test]
    fn a_batch_reports_each_record_and_counts() {
        let v = Validator::new(Options::default()).unwrap();
        let input = b"{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada@acme.com\"}\n[1]\n{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}\n{x\n";
        let b = run_all(&v, &Job::Check, Reader::new(&input[..], 1000));
        assert_eq!(b.records.len(), 4);
        assert!(b.records[0].valid);
        assert_eq!(
            b.records[1].error.as_ref().unwrap()["code"],
            "not_an_object"
        );
        assert!(!b.records[2].valid && b.records[2].result.is_some());
        assert_eq!(b.records[3].line, 4);
        assert_eq!(b.summary.records, 4);
        assert_eq!(b.summary.valid, 1);
        assert_eq!(b.summary.invalid, 3);
        assert_eq!(b.summary.unreadable, 2);
        assert_eq!(b.summary.errors["invalid_json"], 1);
        assert!(b.summary.by_severity["error"] >= 1, "{:?}", b.summary);
        assert_eq!(
            b.summary.by_code.values().sum::<usize>(),
            b.summary.by_severity.values().sum::<usize>()
        );
        let p = run_all(
            &v,
            &Job::Plan {
                method: "POST".into(),
            },
            Reader::new(&input[..], 1000),
        );
        assert_eq!(p.summary.by_action["create"], 1);
        assert_eq!(p.summary.by_action["reject"], 1, "{:?}", p.summary);
        let envelope = br#"{"method":"DELETE"}"#;
        let p = run_all(
            &v,
            &Job::Plan {
                method: "POST".into(),
            },
            Reader::new(&envelope[..], 1000),
        );
        assert_eq!(p.summary.by_action.get("deactivate"), Some(&1), "{p:?}");
    }
}
