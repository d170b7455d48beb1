//! Simulation: a sequence run on a machine (a profile or callbacks), or on a fleet of profiles.

use super::boundary::{Failure, str_in};
use super::handle::handle_ref;
use super::host::{CallbackHost, ts_host};
use super::machine::ts_machine;
use super::result::ts_result;
use super::sequence::ts_sequence;
use super::string::ts_string;
use crate::engine::{Scenario, ScenarioError, TextOptions, Trace, simulate, simulate_fleet};
use crate::machine::MachineProfile;

/// Reads the caller's scenario; empty (or only white space) is the default scenario. A scenario
/// with something in it is also checked against the sequence, so that an outcome for a step the
/// sequence does not have fails the call instead of giving an empty trace.
///
/// # Safety
///
/// As for [`str_in`].
unsafe fn scenario_in(
    seq: &ts_sequence,
    json: *const u8,
    json_len: usize,
) -> Result<Scenario, Failure> {
    // SAFETY: the caller's promise about `json` and `json_len`.
    let text = unsafe { str_in(json, json_len, "scenario")? };
    if text.trim().is_empty() {
        return Ok(Scenario::new());
    }
    let scenario = Scenario::from_json(text).map_err(|e| scenario_failure(&e))?;
    scenario
        .check(&seq.document().sequence)
        .map_err(|e| scenario_failure(&e))?;
    Ok(scenario)
}

fn scenario_failure(e: &ScenarioError) -> Failure {
    let code = match e {
        ScenarioError::Json { .. } => ts_result::JsonError,
        _ => ts_result::InvalidArgument,
    };
    Failure::new(code, e.to_string())
}

/// Simulates `seq` on `machine` as the scenario describes and writes the trace to `*out` as
/// JSON: `{"result": "success" | "failure", "exit_code", "steps": [{"path", "name", "type",
/// "status": "ran" | "skipped" | "not_reached", "reason", "exit_code", "succeeded",
/// "command_line", "condition": {"text", "value", "explain"}, "variables_set"}], "variables",
/// "failed_at", "error"}`, the shape `tsq simulate --format json` prints.
///
/// `machine` may be NULL: the machine then knows nothing (no variables, no WMI, no files).
/// With a machine, its variables are set first and the scenario's after them.
///
/// `scenario` is the scenario's JSON (`scenario_len` bytes); NULL with length 0, or text of only
/// white space, is the default scenario. Every field is optional: `{"variables": {"NAME":
/// "value"}, "outcomes": {"STEP PATH or unique name": {"exit_code": "0xC1900101", "rollback":
/// true, "variables": {…}, "output": "…", "failed_packages": ["…"]}}, "children": {"PKGID":
/// "<sequence …>…</sequence>"}, "options": {"case_sensitive": false, "secrets": "redact" |
/// "reveal", "max_steps": 10000}}`. A child is the XML text of the sequence a Run Task Sequence
/// step with that package ID runs (or the model's JSON, as `ts_sequence_to_json` writes it).
///
/// A sequence that fails on the machine is not a failure of this call: the trace says
/// `"result":"failure"`. A run that stops early (the step budget spent, children nested too
/// deep) is not one either: the trace's `"error"` says why.
///
/// Returns `TS_RESULT_JSON_ERROR` when the scenario is not JSON or does not fit its shape; the
/// last error names the field and gives line and column (``scenario: `options.max_steps`:
/// invalid type: …``). Returns `TS_RESULT_INVALID_ARGUMENT` when the scenario does not fit the
/// sequence (an outcome for a step that does not exist, or for a name several steps have; a
/// starting variable that cannot be set); the last error says which. Also
/// `TS_RESULT_NULL_ARGUMENT` and `TS_RESULT_INVALID_UTF8`.
///
/// Thread safety: `seq` and `machine` are only read; any number of threads may simulate with
/// the same handles at once.
///
/// ```
/// use tasksequence::ffi::*;
/// let xml = br#"<sequence version="3.10"><step type="SMS_TaskSequence_RunCommandLineAction"
///   name="Fail" successCodeList="0"/></sequence>"#;
/// let mut seq = std::ptr::null_mut();
/// assert_eq!(unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) }, ts_result::Ok);
/// let scenario = r#"{"outcomes":{"Fail":{"exit_code":5}}}"#;
/// let mut trace = std::ptr::null_mut();
/// let r = unsafe {
///     ts_simulate(seq, std::ptr::null(), scenario.as_ptr(), scenario.len(), &mut trace)
/// };
/// assert_eq!(r, ts_result::Ok);
/// assert!(unsafe { (*trace).as_str() }.starts_with(r#"{"result":"failure","exit_code":5"#));
/// unsafe {
///     ts_string_free(trace);
///     ts_sequence_free(seq);
/// }
/// ```
///
/// # Safety
///
/// `seq` and `machine` must be NULL or live handles; `scenario` must be NULL or point to
/// `scenario_len` readable bytes; `out` must be NULL or point to writable memory for one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_simulate(
    seq: *const ts_sequence,
    machine: *const ts_machine,
    scenario: *const u8,
    scenario_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: `seq` is not NULL (checked by the boundary); the caller promises both are NULL
        // or live.
        let seq = unsafe { handle_ref(seq) };
        let machine = (!machine.is_null()).then(|| unsafe { handle_ref(machine) });
        // SAFETY: the caller's promise about `scenario` and `scenario_len`.
        let scenario = unsafe { scenario_in(seq, scenario, scenario_len)? };
        let sequence = &seq.document().sequence;
        let trace = match machine {
            Some(m) => simulate(sequence, &m.profile, &scenario.with_machine(&m.profile)),
            None => simulate(sequence, &MachineProfile::default(), &scenario),
        };
        Ok(ts_string::new(trace.to_json()))
    })
}

/// Simulates `seq` as `ts_simulate` does, on a machine described by the caller's callbacks
/// (`ts_host`): conditions ask it about WMI, files, folders, the registry, products and the
/// environment, and Check Readiness about its `hardware`. The variables the run starts with are
/// the scenario's only.
///
/// Returns what `ts_simulate` returns, and `TS_RESULT_INVALID_ARGUMENT` when `host.struct_size`
/// is too small or a callback gave back something malformed (an answer that is not UTF-8, WMI
/// instances that are not a JSON array, an unknown registry type); the last error names the
/// callback. A callback that returns false is an answer (not found, the query failed), and a
/// failing WMI query fails the step whose condition asked it, as on a real machine.
///
/// Thread safety: the callbacks run only during this call, on the calling thread; `seq` is only
/// read.
///
/// # Safety
///
/// As for `ts_simulate`, with `host` NULL or pointing to a `ts_host` whose `struct_size` bytes
/// are readable and whose non-NULL functions follow `ts_host`'s rules.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_simulate_with_host(
    seq: *const ts_sequence,
    host: *const ts_host,
    scenario: *const u8,
    scenario_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq, host], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises `seq` is live and
        // `host` a valid `ts_host`.
        let (seq, host) = unsafe { (handle_ref(seq), CallbackHost::from_raw(host)?) };
        // SAFETY: the caller's promise about `scenario` and `scenario_len`.
        let scenario = unsafe { scenario_in(seq, scenario, scenario_len)? };
        let trace = simulate(&seq.document().sequence, &host, &scenario);
        host.finish()?;
        Ok(ts_string::new(trace.to_json()))
    })
}

/// Simulates `seq` on each of the `count` machines of `machines` as `ts_simulate` does (each
/// machine's variables, then the scenario's), with `threads` threads (0: as many as the
/// computer offers; never more than there are machines), and writes the traces to `*out` as
/// JSON Lines: one trace per line, each ended by `\n`, in the order of `machines` whatever
/// order the threads finish in. The traces are the ones `ts_simulate` gives one at a time.
///
/// `machines` may be NULL when `count` is 0 (the text is then empty).
///
/// Returns `TS_RESULT_NULL_ARGUMENT` when `seq`, `out` or one of the machines is NULL (the last
/// error gives its index), or `machines` is NULL with a non-zero `count`; otherwise as
/// `ts_simulate`.
///
/// Thread safety: `seq` and the machines are only read (the library's threads read them too,
/// and are finished when the call returns); other threads may use them meanwhile.
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `machines` must be NULL or point to `count` readable
/// pointers, each NULL or a live `ts_machine`; `scenario` and `out` as for `ts_simulate`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ts_simulate_fleet(
    seq: *const ts_sequence,
    machines: *const *const ts_machine,
    count: usize,
    scenario: *const u8,
    scenario_len: usize,
    threads: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live.
        let seq = unsafe { handle_ref(seq) };
        // SAFETY: the caller's promise about `machines` and `count`.
        let profiles = unsafe { profiles_in(machines, count)? };
        // SAFETY: the caller's promise about `scenario` and `scenario_len`.
        let scenario = unsafe { scenario_in(seq, scenario, scenario_len)? };
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        }
        .min(count)
        .max(1);
        let mut lines = String::new();
        simulate_fleet(&seq.document().sequence, &scenario, profiles, threads, |run| {
            lines.push_str(&run.trace.to_json());
            lines.push('\n');
        })
        .map_err(|e| scenario_failure(&e))?;
        Ok(ts_string::new(lines))
    })
}

/// Writes to `*out` a trace rendered in `format` (UTF-8, `format_len` bytes): `html` (one
/// self-contained page: the result and exit code at the top, collapsible groups, each step
/// marked ran, failed, skipped or not reached with why, a search box; what `tsq simulate
/// --format html` prints), `markdown` (a table per group) or `text` (the tree of `tsq
/// simulate`, without colours).
///
/// `trace` is a trace's JSON (`trace_len` bytes) as `ts_simulate`, `ts_simulate_with_host` or
/// a line of `ts_simulate_fleet` gives it; `seq` is the sequence it ran, for the title.
/// `machine_name` (UTF-8, `machine_name_len` bytes; NULL with length 0 for none) names the
/// machine in the heading. Values are rendered as the trace holds them: secrets are already
/// `********` unless the scenario revealed them.
///
/// A separate call rather than a format argument on `ts_simulate`: the trace JSON stays the one
/// result of every simulation call (with a host, on a fleet), and any of them renders.
///
/// Returns `TS_RESULT_JSON_ERROR` when `trace` is not a trace's JSON (the last error gives line
/// and column), `TS_RESULT_INVALID_ARGUMENT` for another format (the last error names it), and
/// `TS_RESULT_NULL_ARGUMENT`, `TS_RESULT_INVALID_UTF8`.
///
/// Thread safety: `seq` is only read; any number of threads may render at once.
///
/// ```
/// use tasksequence::ffi::*;
/// let xml = br#"<sequence><step type="SMS_TaskSequence_RunCommandLineAction" name="Fail"
///   successCodeList="0"><action>cmd /c exit 5</action></step></sequence>"#;
/// let mut seq = std::ptr::null_mut();
/// assert_eq!(unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) }, ts_result::Ok);
/// let mut trace = std::ptr::null_mut();
/// let r = unsafe { ts_simulate(seq, std::ptr::null(), std::ptr::null(), 0, &mut trace) };
/// assert_eq!(r, ts_result::Ok);
/// let (json, name, format) = (unsafe { (*trace).as_str() }, "lab VM", "html");
/// let mut page = std::ptr::null_mut();
/// let r = unsafe {
///     ts_render_trace(seq, json.as_ptr(), json.len(), format.as_ptr(), format.len(),
///                     name.as_ptr(), name.len(), &mut page)
/// };
/// assert_eq!(r, ts_result::Ok);
/// let html = unsafe { (*page).as_str() };
/// assert!(html.contains(r#"data-path="Fail" data-outcome="failed""#));
/// assert!(html.contains("simulation on <b>lab VM</b>"));
/// unsafe {
///     ts_string_free(page);
///     ts_string_free(trace);
///     ts_sequence_free(seq);
/// }
/// ```
///
/// # Safety
///
/// `seq` must be NULL or a live handle; `trace`, `format` and `machine_name` must each be NULL
/// or point to as many readable bytes as their length says; `out` must be NULL or point to
/// writable memory for one pointer.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn ts_render_trace(
    seq: *const ts_sequence,
    trace: *const u8,
    trace_len: usize,
    format: *const u8,
    format_len: usize,
    machine_name: *const u8,
    machine_name_len: usize,
    out: *mut *mut ts_string,
) -> ts_result {
    ffi_boundary!(check [seq, trace], out out, {
        // SAFETY: not NULL (checked by the boundary); the caller promises it is live.
        let seq = unsafe { handle_ref(seq) };
        // SAFETY: the caller's promises about the three buffers and their lengths.
        let (json, format, name) = unsafe {
            (
                str_in(trace, trace_len, "trace")?,
                str_in(format, format_len, "format")?,
                str_in(machine_name, machine_name_len, "machine_name")?,
            )
        };
        let trace: Trace = serde_json::from_str(json).map_err(|e| {
            Failure::new(
                ts_result::JsonError,
                format!("trace: line {} column {}: {e}", e.line(), e.column()),
            )
        })?;
        let doc = seq.document();
        let name = (!name.is_empty()).then_some(name);
        let text = match format {
            "html" => crate::render::trace_html(doc, &trace, name),
            "markdown" => crate::render::trace_markdown(doc, &trace, name),
            "text" => {
                crate::render::printable(&trace.to_text(&TextOptions::default())).into_owned()
            }
            other => {
                return Err(Failure::new(
                    ts_result::InvalidArgument,
                    format!("unknown trace format `{other}`: expected html, markdown or text"),
                ));
            }
        };
        Ok(ts_string::new(text))
    })
}

/// Borrows the profiles of the caller's array of machines.
///
/// # Safety
///
/// `machines` is NULL or points to `count` readable pointers, each NULL or a live `ts_machine`
/// for the rest of the call.
unsafe fn profiles_in<'a>(
    machines: *const *const ts_machine,
    count: usize,
) -> Result<Vec<&'a MachineProfile>, Failure> {
    if machines.is_null() {
        return if count == 0 {
            Ok(Vec::new())
        } else {
            Err(Failure::new(
                ts_result::NullArgument,
                format!("argument `machines` is null but `count` is {count}"),
            ))
        };
    }
    if count > isize::MAX as usize / size_of::<*const ts_machine>() {
        return Err(Failure::new(
            ts_result::InvalidArgument,
            format!("argument `count` is {count}, more machines than any array can hold"),
        ));
    }
    // SAFETY: not NULL, the length within what `from_raw_parts` allows, and the caller promises
    // `count` readable pointers.
    let pointers = unsafe { std::slice::from_raw_parts(machines, count) };
    pointers
        .iter()
        .enumerate()
        .map(|(i, &machine)| {
            if machine.is_null() {
                Err(Failure::new(
                    ts_result::NullArgument,
                    format!("argument `machines[{i}]` must not be null"),
                ))
            } else {
                // SAFETY: not NULL, and the caller promises it is live.
                Ok(&unsafe { handle_ref(machine) }.profile)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::take_last_error_for_test;
    use crate::ffi::machine::{ts_machine_free, ts_machine_from_json};
    use crate::ffi::sequence::{ts_sequence_free, ts_sequence_from_xml};
    use crate::ffi::string::ts_string_free;
    use std::ptr::{null, null_mut};

    const SEQUENCE: &str = r#"<sequence version="3.10">
      <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade Operating System" successCodeList="0"/>
      <subtasksequence type="SMS_TaskSequence_SubTasksequence" name="Post" >
        <defaultVarList><variable name="OSDSubTasksequencePackageID" property="TsPackageID">TSQ00011</variable></defaultVarList>
      </subtasksequence>
    </sequence>"#;
    const CHILD: &str = r#"<sequence version="3.10"><step type="SMS_TaskSequence_SetVariableAction" name="Mark"><defaultVarList><variable name="VariableName" property="VariableName">Marked</variable><variable name="VariableValue" property="VariableValue">%OSDComputerName%</variable></defaultVarList></step></sequence>"#;

    fn sequence(xml: &str) -> *mut ts_sequence {
        let mut seq = null_mut();
        let r = unsafe { ts_sequence_from_xml(xml.as_ptr(), xml.len(), &mut seq) };
        assert_eq!(r, ts_result::Ok, "{}", take_last_error_for_test());
        seq
    }

    fn machine(name: &str) -> *mut ts_machine {
        let json = format!(r#"{{"name":"{name}","variables":{{"OSDComputerName":"{name}"}}}}"#);
        let mut m = null_mut();
        let r = unsafe { ts_machine_from_json(json.as_ptr(), json.len(), &mut m) };
        assert_eq!(r, ts_result::Ok);
        m
    }

    fn take(s: *mut ts_string) -> String {
        let text = unsafe { (*s).as_str().to_owned() };
        unsafe { ts_string_free(s) };
        text
    }

    fn run(seq: *const ts_sequence, m: *const ts_machine, scenario: &str) -> (ts_result, String) {
        let mut out = null_mut();
        let r = unsafe { ts_simulate(seq, m, scenario.as_ptr(), scenario.len(), &mut out) };
        if r == ts_result::Ok {
            (r, take(out))
        } else {
            (r, take_last_error_for_test())
        }
    }

    #[test]
    fn same_trace_as_the_engine_with_children_from_the_scenario() {
        let seq = sequence(SEQUENCE);
        let m = machine("PC01");
        let scenario = format!(
            r#"{{"children":{{"TSQ00011":{}}}}}"#,
            serde_json::json!(CHILD)
        );
        let (r, json) = run(seq, m, &scenario);
        assert_eq!(r, ts_result::Ok, "{json}");
        let trace: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(trace["result"], "success", "{json}");
        assert_eq!(trace["variables"]["Marked"], "PC01");

        let expected: Trace = {
            let profile = unsafe { &(*m).profile };
            let s = Scenario::from_json(&scenario)
                .unwrap()
                .with_machine(profile);
            simulate(unsafe { &(*seq).document().sequence }, profile, &s)
        };
        assert_eq!(json, expected.to_json());

        // Without the child the Run Task Sequence step fails, and so does the sequence.
        let (r, json) = run(seq, m, "");
        assert_eq!(r, ts_result::Ok);
        assert!(json.contains(r#""result":"failure""#), "{json}");
        // Without a machine nothing is known about it.
        let (r, json) = run(seq, null(), &scenario);
        assert_eq!(r, ts_result::Ok);
        let trace: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(trace["variables"]["Marked"], "%OSDComputerName%");
        unsafe {
            ts_machine_free(m);
            ts_sequence_free(seq);
        }
    }

    #[test]
    fn scenario_errors_name_the_field_or_the_step() {
        let seq = sequence(SEQUENCE);
        let sentinel = std::ptr::dangling_mut::<ts_string>();
        let mut out = sentinel;
        let bad = r#"{"options":{"max_steps":"many"}}"#;
        let r = unsafe { ts_simulate(seq, null(), bad.as_ptr(), bad.len(), &mut out) };
        assert_eq!(r, ts_result::JsonError);
        assert_eq!(out, sentinel);
        let message = take_last_error_for_test();
        assert!(
            message.starts_with("scenario: `options.max_steps`: invalid type"),
            "{message}"
        );
        let (r, message) = run(seq, null(), r#"{"outcomes":{"Nope":{"exit_code":1}}}"#);
        assert_eq!(r, ts_result::InvalidArgument);
        assert_eq!(message, "outcome for `Nope`: no step has this path or name");
        let (r, message) = run(seq, null(), r#"{"children":{"TSQ00011":"<sequence"}}"#);
        assert_eq!(r, ts_result::JsonError);
        assert!(
            message.starts_with("scenario: `children`: child `TSQ00011`: line 1, column 1"),
            "{message}"
        );
        let r = unsafe { ts_simulate(null(), null(), null(), 0, &mut out) };
        assert_eq!(r, ts_result::NullArgument);
        let r = unsafe { ts_simulate(seq, null(), null(), 0, null_mut()) };
        assert_eq!(r, ts_result::NullArgument);
        let r = unsafe { ts_simulate(seq, null(), [0xff].as_ptr(), 1, &mut out) };
        assert_eq!(r, ts_result::InvalidUtf8);
        assert_eq!(out, sentinel);
        let _ = take_last_error_for_test();
        unsafe { ts_sequence_free(seq) };
    }

    #[test]
    fn fleet_gives_one_line_per_machine_in_order() {
        let seq = sequence(CHILD);
        let owned: Vec<*mut ts_machine> = (0..9).map(|i| machine(&format!("PC{i:02}"))).collect();
        let machines: Vec<*const ts_machine> = owned.iter().map(|m| m.cast_const()).collect();
        for threads in [0, 1, 3, 50] {
            let mut out = null_mut();
            let r = unsafe {
                ts_simulate_fleet(seq, machines.as_ptr(), 9, null(), 0, threads, &mut out)
            };
            assert_eq!(r, ts_result::Ok);
            let text = take(out);
            assert!(text.ends_with('\n'));
            let marked: Vec<String> = text
                .lines()
                .map(|line| {
                    let trace: serde_json::Value = serde_json::from_str(line).unwrap();
                    trace["variables"]["Marked"].as_str().unwrap().to_owned()
                })
                .collect();
            let expected: Vec<String> = (0..9).map(|i| format!("PC{i:02}")).collect();
            assert_eq!(marked, expected, "{threads} threads");
            let (_, one) = run(seq, machines[4], "");
            assert_eq!(text.lines().nth(4), Some(one.as_str()));
        }

        let mut out = null_mut();
        let r = unsafe { ts_simulate_fleet(seq, null(), 0, null(), 0, 0, &mut out) };
        assert_eq!(r, ts_result::Ok);
        assert_eq!(take(out), "");
        let r = unsafe { ts_simulate_fleet(seq, null(), 2, null(), 0, 0, &mut out) };
        assert_eq!(r, ts_result::NullArgument);
        let holes = [machines[0], null()];
        let r = unsafe { ts_simulate_fleet(seq, holes.as_ptr(), 2, null(), 0, 0, &mut out) };
        assert_eq!(r, ts_result::NullArgument);
        assert_eq!(
            take_last_error_for_test(),
            "argument `machines[1]` must not be null"
        );
        let bad = r#"{"outcomes":{"Mark":{"exit_code":"x"}}}"#;
        let r = unsafe {
            ts_simulate_fleet(
                seq,
                machines.as_ptr(),
                9,
                bad.as_ptr(),
                bad.len(),
                2,
                &mut out,
            )
        };
        assert_eq!(r, ts_result::JsonError);
        assert!(take_last_error_for_test().contains("`outcomes.Mark.exit_code`"));
        unsafe {
            for m in owned {
                ts_machine_free(m);
            }
            ts_sequence_free(seq);
        }
    }
    fn render_trace(
        seq: *const ts_sequence,
        trace: &str,
        format: &str,
        name: &str,
    ) -> (ts_result, String) {
        let mut out = null_mut();
        let r = unsafe {
            ts_render_trace(
                seq,
                trace.as_ptr(),
                trace.len(),
                format.as_ptr(),
                format.len(),
                if name.is_empty() {
                    null()
                } else {
                    name.as_ptr()
                },
                name.len(),
                &mut out,
            )
        };
        if r == ts_result::Ok {
            (r, take(out))
        } else {
            assert!(out.is_null());
            (r, take_last_error_for_test())
        }
    }

    #[test]
    fn render_trace_is_the_core_render_of_the_json_trace() {
        let seq = sequence(SEQUENCE);
        let m = machine("PC01");
        let (r, json) = run(
            seq,
            m,
            r#"{"outcomes":{"Upgrade Operating System":{"exit_code":"0xC1900101","rollback":true}}}"#,
        );
        assert_eq!(r, ts_result::Ok, "{json}");
        let trace: Trace = serde_json::from_str(&json).unwrap();
        assert!(!trace.succeeded());
        let doc = unsafe { (*seq).document() };
        let (r, page) = render_trace(seq, &json, "html", "PC01");
        assert_eq!(r, ts_result::Ok, "{page}");
        assert_eq!(page, crate::render::trace_html(doc, &trace, Some("PC01")));
        assert!(page.contains(r#"data-path="Upgrade Operating System" data-outcome="failed""#));
        let (r, md) = render_trace(seq, &json, "markdown", "");
        assert_eq!(r, ts_result::Ok);
        assert_eq!(md, crate::render::trace_markdown(doc, &trace, None));
        let (r, text) = render_trace(seq, &json, "text", "");
        assert_eq!(r, ts_result::Ok);
        assert_eq!(text, trace.to_text(&TextOptions::default()));

        let (r, error) = render_trace(seq, &json, "pdf", "");
        assert_eq!(r, ts_result::InvalidArgument);
        assert!(error.contains("`pdf`"), "{error}");
        let (r, error) = render_trace(seq, "{\"result\":\"success\",\n\"steps\":7}", "html", "");
        assert_eq!(r, ts_result::JsonError);
        assert!(error.starts_with("trace: line 2 column"), "{error}");
        let (r, _) = render_trace(seq, &json, "html", "\u{0}");
        assert_eq!(r, ts_result::Ok);
        let bad = [b'h', 0xff];
        let mut out = null_mut();
        let r = unsafe {
            ts_render_trace(
                seq,
                json.as_ptr(),
                json.len(),
                bad.as_ptr(),
                2,
                null(),
                0,
                &mut out,
            )
        };
        assert_eq!(r, ts_result::InvalidUtf8);
        let r =
            unsafe { ts_render_trace(seq, null(), 0, b"html".as_ptr(), 4, null(), 0, &mut out) };
        assert_eq!(r, ts_result::NullArgument);
        unsafe {
            ts_machine_free(m);
            ts_sequence_free(seq);
        }
    }
}
