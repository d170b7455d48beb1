// C# binding for the tasksequence C API (include/tasksequence.h).
//
// Two layers:
// - Native: one P/Invoke declaration per C function, with a SafeHandle subclass per handle type
//   (SequenceHandle, TsStringHandle, ConditionHandle, VariablesHandle, MachineHandle) so that
//   every handle is freed exactly once, even when the caller forgets Dispose or an exception
//   interrupts the code that holds it.
// - Sequence, Node, Condition, Variables, Machine, Host, ReturnCodes, Languages, Architectures,
//   TaskSequenceException: the API a C# program uses.
//
// The native library must be findable as "tasksequence" (libtasksequence.so on Linux,
// tasksequence.dll on Windows): put it next to the program or on LD_LIBRARY_PATH / PATH.

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace TaskSequence
{
    /// <summary>ts_result: the status code of a fallible C call. Numbers are never reused.</summary>
    public enum TsResult : uint
    {
        Ok = 0,
        NullArgument = 1,
        InvalidUtf8 = 2,
        Panic = 3,
        ParseError = 4,
        InvalidArgument = 5,
        JsonError = 6,
        OutOfRange = 7,
        ConditionError = 8,
        WqlError = 9,
        MachineError = 10,
        EnvironmentError = 11,
        CodeError = 12,
    }

    /// <summary>ts_node_kind: what a node of a sequence is.</summary>
    public enum NodeKind : uint
    {
        Group = 0,
        Step = 1,
        SubTaskSequence = 2,
    }

    /// <summary>ts_layer: where a variable's value comes from, lowest first.</summary>
    public enum Layer : uint
    {
        /// <summary>A collection variable; its priority (1-9, 9 wins) is passed separately.</summary>
        Collection = 0,
        /// <summary>A device (computer) or media variable: beats every collection variable.</summary>
        Device = 1,
        /// <summary>Set while the sequence runs: beats both.</summary>
        Runtime = 2,
    }

    /// <summary>ts_architecture: numbered as Windows numbers them (PROCESSOR_ARCHITECTURE_*).</summary>
    public enum Architecture : uint
    {
        X86 = 0,
        Arm = 5,
        Ia64 = 6,
        X64 = 9,
        Arm64 = 12,
    }

    /// <summary>ts_registry_type: registry value types, numbered as in winnt.h.</summary>
    public enum RegistryType : uint
    {
        /// <summary>REG_NONE: data as hex digits.</summary>
        None = 0,
        /// <summary>REG_SZ: data as text.</summary>
        Sz = 1,
        /// <summary>REG_EXPAND_SZ: data as text.</summary>
        ExpandSz = 2,
        /// <summary>REG_BINARY: data as hex digits, two per byte.</summary>
        Binary = 3,
        /// <summary>REG_DWORD: data as a decimal or 0x hex number.</summary>
        Dword = 4,
        /// <summary>REG_MULTI_SZ: the strings joined with '\0'.</summary>
        MultiSz = 7,
        /// <summary>REG_QWORD: data as a decimal or 0x hex number.</summary>
        Qword = 11,
    }

    /// <summary>ts_product_key: which code a product question is about.</summary>
    public enum ProductKey : uint
    {
        /// <summary>A product code (ThisVersion): this exact product.</summary>
        ProductCode = 0,
        /// <summary>An upgrade code (AnyVersion): any version of the product.</summary>
        UpgradeCode = 1,
    }

    /// <summary>Owns a ts_sequence*; releases it with ts_sequence_free.</summary>
    public sealed class SequenceHandle : SafeHandle
    {
        public SequenceHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            Native.ts_sequence_free(handle);
            return true;
        }
    }

    /// <summary>Owns a ts_condition*; releases it with ts_condition_free.</summary>
    public sealed class ConditionHandle : SafeHandle
    {
        public ConditionHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            Native.ts_condition_free(handle);
            return true;
        }
    }

    /// <summary>Owns a ts_env*; releases it with ts_env_free.</summary>
    public sealed class VariablesHandle : SafeHandle
    {
        public VariablesHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            Native.ts_env_free(handle);
            return true;
        }
    }

    /// <summary>Owns a ts_machine*; releases it with ts_machine_free. A new, empty
    /// MachineHandle passes NULL ("no machine") to the functions that accept it.</summary>
    public sealed class MachineHandle : SafeHandle
    {
        public MachineHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            Native.ts_machine_free(handle);
            return true;
        }
    }

    /// <summary>Owns a ts_string*; releases it with ts_string_free.</summary>
    public sealed class TsStringHandle : SafeHandle
    {
        public TsStringHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            Native.ts_string_free(handle);
            return true;
        }

        /// <summary>Copies the UTF-8 text out (by length, so U+0000 survives).</summary>
        public string Read()
        {
            IntPtr ptr = Native.ts_string_ptr(this);
            ulong len = (ulong)Native.ts_string_len(this);
            if (len > int.MaxValue)
            {
                throw new InvalidOperationException("string of " + len + " bytes is too long for .NET");
            }
            var bytes = new byte[(int)len];
            Marshal.Copy(ptr, bytes, 0, bytes.Length);
            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>The raw C functions. Prefer the Sequence API.</summary>
    public static class Native
    {
        private const string Lib = "tasksequence";

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr ts_version();

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr ts_result_name(uint result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_last_error(out TsStringHandle message);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr ts_string_ptr(TsStringHandle s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern UIntPtr ts_string_len(TsStringHandle s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern void ts_string_free(IntPtr s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_from_xml(byte[] xml, UIntPtr xmlLen, out SequenceHandle seq);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern void ts_sequence_free(IntPtr seq);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_to_xml(SequenceHandle seq, out TsStringHandle xml);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_to_json(
            SequenceHandle seq, [MarshalAs(UnmanagedType.U1)] bool revealSecrets, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_node_count(SequenceHandle seq, out UIntPtr count);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_node_kind(SequenceHandle seq, UIntPtr index, out NodeKind kind);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_node_depth(SequenceHandle seq, UIntPtr index, out UIntPtr depth);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_node_disabled(
            SequenceHandle seq, UIntPtr index, [MarshalAs(UnmanagedType.U1)] out bool disabled);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_node_name(SequenceHandle seq, UIntPtr index, out TsStringHandle name);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_node_type(SequenceHandle seq, UIntPtr index, out TsStringHandle type);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_sequence_node_path(SequenceHandle seq, UIntPtr index, out TsStringHandle path);

        // Conditions.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_condition_parse(byte[] text, UIntPtr textLen, out ConditionHandle cond);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_condition_from_xml(byte[] xml, UIntPtr xmlLen, out ConditionHandle cond);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_condition_to_text(ConditionHandle cond, out TsStringHandle text);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_condition_eval(
            ConditionHandle cond, VariablesHandle env, MachineHandle machine, [MarshalAs(UnmanagedType.U1)] out bool result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_condition_eval_with_host(
            ConditionHandle cond, VariablesHandle env, ref HostCallbacks host, [MarshalAs(UnmanagedType.U1)] out bool result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_condition_explain(
            ConditionHandle cond, VariablesHandle env, MachineHandle machine, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_condition_explain_with_host(
            ConditionHandle cond, VariablesHandle env, ref HostCallbacks host, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern void ts_condition_free(IntPtr cond);

        // Machines.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_machine_from_json(byte[] json, UIntPtr jsonLen, out MachineHandle machine);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern void ts_machine_free(IntPtr machine);

        // Pre-cache plans and the in-place upgrade template.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_precache_plan(
            SequenceHandle seq, MachineHandle machine, byte[] catalog, UIntPtr catalogLen,
            byte[] options, UIntPtr optionsLen, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_template_upgrade(byte[] options, UIntPtr optionsLen, out SequenceHandle seq);

        // Structural diffs and renders.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_diff(SequenceHandle oldSeq, SequenceHandle newSeq, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_render(SequenceHandle seq, byte[] format, UIntPtr formatLen, out TsStringHandle text);

        // Simulation.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_simulate(
            SequenceHandle seq, MachineHandle machine, byte[] scenario, UIntPtr scenarioLen, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_simulate_with_host(
            SequenceHandle seq, ref HostCallbacks host, byte[] scenario, UIntPtr scenarioLen, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_render_trace(
            SequenceHandle seq, byte[] trace, UIntPtr traceLen, byte[] format, UIntPtr formatLen,
            byte[] machineName, UIntPtr machineNameLen, out TsStringHandle text);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_simulate_fleet(
            SequenceHandle seq, IntPtr[] machines, UIntPtr count, byte[] scenario, UIntPtr scenarioLen,
            UIntPtr threads, out TsStringHandle jsonl);

        // Variables.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_env_new(out VariablesHandle env);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern void ts_env_free(IntPtr env);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_env_set(
            VariablesHandle env, byte[] name, UIntPtr nameLen, byte[] value, UIntPtr valueLen);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_env_set_layered(
            VariablesHandle env, byte[] name, UIntPtr nameLen, byte[] value, UIntPtr valueLen,
            uint layer, uint priority, [MarshalAs(UnmanagedType.U1)] bool secret);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_env_get(
            VariablesHandle env, byte[] name, UIntPtr nameLen, out TsStringHandle value,
            [MarshalAs(UnmanagedType.U1)] out bool found);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_env_to_json(
            VariablesHandle env, [MarshalAs(UnmanagedType.U1)] bool revealSecrets, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_expand(
            byte[] text, UIntPtr textLen, VariablesHandle env, MachineHandle machine, out TsStringHandle expanded);

        // Codes, languages, architectures.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_return_code_parse(byte[] text, UIntPtr textLen, out uint code);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_return_code_describe(byte[] text, UIntPtr textLen, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_lcid_lookup(byte[] text, UIntPtr textLen, out TsStringHandle json);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_architecture_parse(byte[] text, UIntPtr textLen, out Architecture arch);

        // The linter.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_lint(
            byte[] xml, UIntPtr xmlLen, byte[] optionsJson, UIntPtr optionsLen, out TsStringHandle json);

        // Host callbacks. The answer pointer is valid only inside the callback that received it.

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        public static extern TsResult ts_host_answer_set(IntPtr answer, byte[] text, UIntPtr textLen);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        public delegate bool WmiCountFn(IntPtr userData, IntPtr ns, UIntPtr nsLen, IntPtr query, UIntPtr queryLen,
            out ulong count, IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        public delegate bool WmiQueryFn(IntPtr userData, IntPtr ns, UIntPtr nsLen, IntPtr query, UIntPtr queryLen,
            IntPtr result);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        public delegate bool FileFn(IntPtr userData, IntPtr path, UIntPtr pathLen, IntPtr version, IntPtr modified);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        public delegate bool FolderFn(IntPtr userData, IntPtr path, UIntPtr pathLen, IntPtr modified);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        public delegate bool RegistryFn(IntPtr userData, IntPtr key, UIntPtr keyLen, IntPtr value, UIntPtr valueLen,
            out uint valueType, IntPtr data);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        public delegate bool ProductFn(IntPtr userData, ProductKey key, IntPtr code, UIntPtr codeLen, IntPtr version);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        public delegate bool EnvVarFn(IntPtr userData, IntPtr name, UIntPtr nameLen, IntPtr value);

        /// <summary>UTF-8 bytes of a string (never null) for the ptr+len arguments.</summary>
        internal static byte[] Utf8(string text, string argument)
        {
            if (text == null)
            {
                throw new ArgumentNullException(argument);
            }
            return Encoding.UTF8.GetBytes(text);
        }

        /// <summary>Reads UTF-8 text the library passes to a callback.</summary>
        internal static string FromUtf8(IntPtr ptr, UIntPtr len)
        {
            ulong n = (ulong)len;
            if (ptr == IntPtr.Zero || n == 0)
            {
                return "";
            }
            var bytes = new byte[checked((int)n)];
            Marshal.Copy(ptr, bytes, 0, bytes.Length);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Gives text back from a callback through ts_host_answer_set.</summary>
        internal static void Answer(IntPtr answer, string text)
        {
            if (text == null)
            {
                return;
            }
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            ts_host_answer_set(answer, bytes, (UIntPtr)bytes.Length);
        }
    }

    /// <summary>ts_host as C lays it out: struct_size, user_data and one function pointer per
    /// question (IntPtr.Zero = the host does not answer it).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct HostCallbacks
    {
        public UIntPtr StructSize;
        public IntPtr UserData;
        public IntPtr WmiCount;
        public IntPtr WmiQuery;
        public IntPtr File;
        public IntPtr Folder;
        public IntPtr Registry;
        public IntPtr Product;
        public IntPtr EnvVar;
    }

    /// <summary>A failed C call: the ts_result and this thread's last error message.</summary>
    public class TaskSequenceException : Exception
    {
        public TaskSequenceException(TsResult result, string message) : base(message)
        {
            Result = result;
        }

        public TaskSequenceException(TsResult result, string message, Exception inner) : base(message, inner)
        {
            Result = result;
        }

        public TsResult Result { get; private set; }

        /// <summary>Throws for anything but Ok. Must run on the thread that made the call,
        /// right after it, because the message is per thread.</summary>
        internal static void Check(TsResult result)
        {
            if (result == TsResult.Ok)
            {
                return;
            }
            throw new TaskSequenceException(result, Library.LastError());
        }
    }

    /// <summary>Library-wide functions.</summary>
    public static class Library
    {
        /// <summary>The native library's version, e.g. "0.1.0".</summary>
        public static string Version
        {
            get { return Marshal.PtrToStringAnsi(Native.ts_version()); }
        }

        /// <summary>The C name of a result, e.g. "TS_RESULT_PARSE_ERROR".</summary>
        public static string ResultName(TsResult result)
        {
            return Marshal.PtrToStringAnsi(Native.ts_result_name((uint)result));
        }

        /// <summary>This thread's last error message ("" when nothing failed yet).</summary>
        public static string LastError()
        {
            TsStringHandle message;
            if (Native.ts_last_error(out message) != TsResult.Ok)
            {
                return "";
            }
            using (message)
            {
                return message.Read();
            }
        }

        internal static string TakeString(TsResult result, TsStringHandle s)
        {
            TaskSequenceException.Check(result);
            using (s)
            {
                return s.Read();
            }
        }
    }

    /// <summary>One group, step or sub-task-sequence of a Sequence, in document order.</summary>
    public sealed class Node
    {
        internal Node(int index, NodeKind kind, int depth, bool disabled, string name, string type, string path)
        {
            Index = index;
            Kind = kind;
            Depth = depth;
            Disabled = disabled;
            Name = name;
            Type = type;
            Path = path;
        }

        public int Index { get; private set; }
        public NodeKind Kind { get; private set; }
        /// <summary>0 directly under the sequence, 1 inside a top-level group, ...</summary>
        public int Depth { get; private set; }
        /// <summary>The node's own disable flag (an ancestor may be disabled too).</summary>
        public bool Disabled { get; private set; }
        public string Name { get; private set; }
        /// <summary>The step type, "" for groups and untyped MDT steps.</summary>
        public string Type { get; private set; }
        /// <summary>Names from the top-level group down to this node.</summary>
        public string Path { get; private set; }

        public override string ToString()
        {
            return Path;
        }
    }

    /// <summary>A parsed task sequence. Immutable and safe to share between threads.</summary>
    public sealed class Sequence : IDisposable
    {
        private readonly SequenceHandle handle;
        private IReadOnlyList<Node> nodes;

        private Sequence(SequenceHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Reads an MDT ts.xml, a ConfigMgr object.xml or a raw ConfigMgr sequence.</summary>
        /// <exception cref="TaskSequenceException">ParseError (with line and column) and others.</exception>
        public static Sequence FromXml(string xml)
        {
            if (xml == null)
            {
                throw new ArgumentNullException("xml");
            }
            return FromXmlBytes(Encoding.UTF8.GetBytes(xml));
        }

        /// <summary>Reads XML given as UTF-8 bytes, without a round trip through string.</summary>
        public static Sequence FromXmlBytes(byte[] utf8)
        {
            if (utf8 == null)
            {
                throw new ArgumentNullException("utf8");
            }
            SequenceHandle handle;
            TsResult result = Native.ts_sequence_from_xml(utf8, (UIntPtr)utf8.Length, out handle);
            if (result != TsResult.Ok)
            {
                handle.Dispose();
                TaskSequenceException.Check(result);
            }
            return new Sequence(handle);
        }

        /// <summary>A new sequence as the console's "Upgrade an operating system from an upgrade
        /// package" wizard makes it, from the wizard's choices as JSON:
        /// {"package":"OPC005ED"} plus, optionally, name, description, edition_index,
        /// product_key, ignore_compat_messages, updates ("none", "required", "all"),
        /// applications, continue_on_app_failure, recommended, architecture ("x64", "x86").</summary>
        /// <exception cref="TaskSequenceException">JsonError naming the field, InvalidArgument
        /// for a refused choice (a malformed product key).</exception>
        public static Sequence NewUpgrade(string choicesJson)
        {
            byte[] bytes = Native.Utf8(choicesJson, "choicesJson");
            SequenceHandle handle;
            TsResult result = Native.ts_template_upgrade(bytes, (UIntPtr)bytes.Length, out handle);
            if (result != TsResult.Ok)
            {
                handle.Dispose();
                TaskSequenceException.Check(result);
            }
            return new Sequence(handle);
        }

        /// <summary>The pre-cache plan of this sequence for a machine, as JSON: {"download",
        /// "skip", "start", "total_mb", "warnings"}. catalogJson is the package catalog (an array
        /// of {id, name, type, architecture, language, model, size_mb}); optionsJson is
        /// {"site_version", "deployment"} or null for the defaults.</summary>
        /// <exception cref="TaskSequenceException">JsonError naming the field of the catalog or
        /// the options.</exception>
        public string PrecachePlan(Machine machine, string catalogJson, string optionsJson = null)
        {
            if (machine == null)
            {
                throw new ArgumentNullException("machine");
            }
            byte[] catalog = Native.Utf8(catalogJson, "catalogJson");
            byte[] options = optionsJson == null ? new byte[0] : Encoding.UTF8.GetBytes(optionsJson);
            TsStringHandle s;
            return Library.TakeString(
                Native.ts_precache_plan(handle, machine.Handle, catalog, (UIntPtr)catalog.Length,
                    options, (UIntPtr)options.Length, out s),
                s);
        }

        /// <summary>The structural changes from this sequence to newer, as JSON:
        /// {"changes":[{"kind","path","old_path","fields":[{"field","old","new"}]}]}, kind one of
        /// added, removed, moved, renamed, changed; {"changes":[]} when equal. Secret values read
        /// ********.</summary>
        public string DiffTo(Sequence newer)
        {
            if (newer == null)
            {
                throw new ArgumentNullException("newer");
            }
            TsStringHandle s;
            return Library.TakeString(Native.ts_diff(handle, newer.handle, out s), s);
        }

        /// <summary>The sequence rendered as "tree", "json", "markdown", "mermaid" or "html"
        /// (one self-contained page).</summary>
        /// <exception cref="TaskSequenceException">InvalidArgument for another format.</exception>
        public string Render(string format)
        {
            byte[] bytes = Native.Utf8(format, "format");
            TsStringHandle s;
            return Library.TakeString(Native.ts_render(handle, bytes, (UIntPtr)bytes.Length, out s), s);
        }

        /// <summary>A trace of this sequence (the JSON Simulate or SimulateFleet returns)
        /// rendered as "html" (one self-contained page: the result at the top, each step marked
        /// ran, failed, skipped or not reached with why, a search box), "markdown" (a table per
        /// group) or "text". machineName (null: none) names the machine in the heading.</summary>
        /// <exception cref="TaskSequenceException">JsonError when traceJson is not a trace;
        /// InvalidArgument for another format.</exception>
        public string RenderTrace(string traceJson, string format, string machineName = null)
        {
            byte[] trace = Native.Utf8(traceJson, "traceJson");
            byte[] f = Native.Utf8(format, "format");
            byte[] name = machineName == null ? new byte[0] : Native.Utf8(machineName, "machineName");
            TsStringHandle s;
            return Library.TakeString(
                Native.ts_render_trace(handle, trace, (UIntPtr)trace.Length, f, (UIntPtr)f.Length,
                    name, (UIntPtr)name.Length, out s),
                s);
        }

        /// <summary>Simulates the sequence on a machine (null: a machine nothing is known about)
        /// and returns the trace as JSON: {"result":"success"|"failure", "exit_code", "steps":
        /// [{"path", "name", "type", "status", "reason", "exit_code", "succeeded", ...}],
        /// "variables", "failed_at", "error"}. scenarioJson (null: the default) is {"variables",
        /// "outcomes": {"STEP": {"exit_code", "rollback", ...}}, "children": {"PKGID": "XML"},
        /// "options"}. A sequence that fails is a trace saying so, not an exception.</summary>
        /// <exception cref="TaskSequenceException">JsonError naming the field of the scenario;
        /// InvalidArgument for an outcome naming no step (or a name several steps have).</exception>
        public string Simulate(Machine machine = null, string scenarioJson = null)
        {
            byte[] scenario = ScenarioBytes(scenarioJson);
            TsStringHandle s;
            return Library.TakeString(
                Native.ts_simulate(handle, Machine.HandleOrNull(machine), scenario, (UIntPtr)scenario.Length, out s), s);
        }

        /// <summary>Simulates the sequence on a Host implemented in C# (its conditions' WMI, file,
        /// registry questions go to it); the run starts with the scenario's variables only.</summary>
        public string Simulate(Host host, string scenarioJson = null)
        {
            var call = new HostCall(host);
            byte[] scenario = ScenarioBytes(scenarioJson);
            TsStringHandle s;
            TsResult r = Native.ts_simulate_with_host(handle, ref call.Callbacks, scenario, (UIntPtr)scenario.Length, out s);
            using (s)
            {
                call.Finish(r);
                return s.Read();
            }
        }

        /// <summary>Simulates the sequence on every machine with threads threads (0: as many as
        /// the computer has) and returns one trace JSON per machine, in the order given; each is
        /// what Simulate(machine, scenarioJson) returns.</summary>
        /// <exception cref="TaskSequenceException">As for Simulate.</exception>
        public IReadOnlyList<string> SimulateFleet(IList<Machine> machines, string scenarioJson = null, int threads = 0)
        {
            if (machines == null)
            {
                throw new ArgumentNullException("machines");
            }
            if (threads < 0)
            {
                throw new ArgumentOutOfRangeException("threads");
            }
            byte[] scenario = ScenarioBytes(scenarioJson);
            var pointers = new IntPtr[machines.Count];
            int added = 0;
            try
            {
                // The raw pointers go into an array, so each handle is kept alive by hand until
                // the call returns.
                for (; added < machines.Count; added++)
                {
                    if (machines[added] == null)
                    {
                        throw new ArgumentNullException("machines", "machines[" + added + "] is null");
                    }
                    bool ok = false;
                    machines[added].Handle.DangerousAddRef(ref ok);
                    pointers[added] = machines[added].Handle.DangerousGetHandle();
                }
                TsStringHandle s;
                string lines = Library.TakeString(
                    Native.ts_simulate_fleet(handle, pointers, (UIntPtr)pointers.Length, scenario,
                        (UIntPtr)scenario.Length, (UIntPtr)threads, out s),
                    s);
                return lines.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
            }
            finally
            {
                for (int i = 0; i < added; i++)
                {
                    machines[i].Handle.DangerousRelease();
                }
            }
        }

        private static byte[] ScenarioBytes(string scenarioJson)
        {
            return scenarioJson == null ? new byte[0] : Encoding.UTF8.GetBytes(scenarioJson);
        }

        /// <summary>The sequence as XML, in the container it was read from.</summary>
        public string ToXml()
        {
            TsStringHandle s;
            return Library.TakeString(Native.ts_sequence_to_xml(handle, out s), s);
        }

        /// <summary>The sequence in the library's JSON shape; secret values (passwords, product
        /// keys, "do not display" and IsSecret values) are "********" unless revealed, which gives
        /// the lossless dump.</summary>
        public string ToJson(bool revealSecrets = false)
        {
            TsStringHandle s;
            return Library.TakeString(Native.ts_sequence_to_json(handle, revealSecrets, out s), s);
        }

        /// <summary>Every group and step, depth first in document order (read once, then cached).</summary>
        public IReadOnlyList<Node> Nodes
        {
            get
            {
                if (nodes == null)
                {
                    nodes = ReadNodes();
                }
                return nodes;
            }
        }

        private IReadOnlyList<Node> ReadNodes()
        {
            UIntPtr count;
            TaskSequenceException.Check(Native.ts_sequence_node_count(handle, out count));
            var list = new List<Node>((int)count);
            for (int i = 0; i < (int)count; i++)
            {
                var index = (UIntPtr)i;
                NodeKind kind;
                UIntPtr depth;
                bool disabled;
                TsStringHandle name, type, path;
                TaskSequenceException.Check(Native.ts_sequence_node_kind(handle, index, out kind));
                TaskSequenceException.Check(Native.ts_sequence_node_depth(handle, index, out depth));
                TaskSequenceException.Check(Native.ts_sequence_node_disabled(handle, index, out disabled));
                string nameText = Library.TakeString(Native.ts_sequence_node_name(handle, index, out name), name);
                string typeText = Library.TakeString(Native.ts_sequence_node_type(handle, index, out type), type);
                string pathText = Library.TakeString(Native.ts_sequence_node_path(handle, index, out path), path);
                list.Add(new Node(i, kind, (int)depth, disabled, nameText, typeText, pathText));
            }
            return list.AsReadOnly();
        }

        /// <summary>The native handle, for calls this wrapper does not cover.</summary>
        public SequenceHandle Handle { get { return handle; } }

        public void Dispose()
        {
            handle.Dispose();
        }
    }

    /// <summary>Task sequence variables (a ts_env): names case-insensitive, values per layer,
    /// secrets redacted in JSON. Reads (Get, ToJson, evaluating, expanding) may run on many
    /// threads at once; writes (Set, SetLayered, Dispose) must not overlap any other use.</summary>
    public sealed class Variables : IDisposable
    {
        private readonly VariablesHandle handle;

        public Variables()
        {
            TaskSequenceException.Check(Native.ts_env_new(out handle));
        }

        /// <summary>Sets a variable at run time, as the engine does (any valid name, including
        /// _SMSTS... names). "" deletes it.</summary>
        /// <exception cref="TaskSequenceException">EnvironmentError for a bad name or a value
        /// longer than 4000 characters.</exception>
        public void Set(string name, string value)
        {
            byte[] n = Native.Utf8(name, "name");
            byte[] v = Native.Utf8(value, "value");
            TaskSequenceException.Check(Native.ts_env_set(handle, n, (UIntPtr)n.Length, v, (UIntPtr)v.Length));
        }

        /// <summary>Sets a variable in one layer; priority (1-9) counts for Layer.Collection only;
        /// a secret value is redacted in JSON and explanations.</summary>
        public void SetLayered(string name, string value, Layer layer, int priority, bool secret)
        {
            if (priority < 0)
            {
                throw new ArgumentOutOfRangeException("priority");
            }
            byte[] n = Native.Utf8(name, "name");
            byte[] v = Native.Utf8(value, "value");
            TaskSequenceException.Check(Native.ts_env_set_layered(
                handle, n, (UIntPtr)n.Length, v, (UIntPtr)v.Length, (uint)layer, (uint)priority, secret));
        }

        /// <summary>The variable's effective value, or null when it is not set. Secret values are
        /// returned as they are.</summary>
        public string Get(string name)
        {
            byte[] n = Native.Utf8(name, "name");
            TsStringHandle value;
            bool found;
            string text = Library.TakeString(Native.ts_env_get(handle, n, (UIntPtr)n.Length, out value, out found), value);
            return found ? text : null;
        }

        /// <summary>Get and Set by name; setting null or "" deletes.</summary>
        public string this[string name]
        {
            get { return Get(name); }
            set { Set(name, value ?? ""); }
        }

        /// <summary>The variables as a JSON object; secrets are "********" unless revealed.</summary>
        public string ToJson(bool revealSecrets = false)
        {
            TsStringHandle s;
            return Library.TakeString(Native.ts_env_to_json(handle, revealSecrets, out s), s);
        }

        /// <summary>Expands %NAME% references: these variables, then the machine's variables and
        /// OS environment (%windir%) when a machine is given. Unknown references stay as written.</summary>
        public string Expand(string text, Machine machine = null)
        {
            byte[] t = Native.Utf8(text, "text");
            TsStringHandle s;
            return Library.TakeString(
                Native.ts_expand(t, (UIntPtr)t.Length, handle, Machine.HandleOrNull(machine), out s), s);
        }

        /// <summary>The native handle, for calls this wrapper does not cover.</summary>
        public VariablesHandle Handle { get { return handle; } }

        public void Dispose()
        {
            handle.Dispose();
        }
    }

    /// <summary>A machine profile read from JSON (a ts_machine). Immutable and safe to share
    /// between threads.</summary>
    public sealed class Machine : IDisposable
    {
        private readonly MachineHandle handle;

        private Machine(MachineHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Reads a profile (examples/machines/*.json).</summary>
        /// <exception cref="TaskSequenceException">MachineError naming the field, with line and column.</exception>
        public static Machine FromJson(string json)
        {
            byte[] bytes = Native.Utf8(json, "json");
            MachineHandle handle;
            TsResult result = Native.ts_machine_from_json(bytes, (UIntPtr)bytes.Length, out handle);
            if (result != TsResult.Ok)
            {
                handle.Dispose();
                TaskSequenceException.Check(result);
            }
            return new Machine(handle);
        }

        internal static MachineHandle HandleOrNull(Machine machine)
        {
            // An empty handle marshals as NULL: "no machine".
            return machine != null ? machine.handle : new MachineHandle();
        }

        /// <summary>The native handle, for calls this wrapper does not cover.</summary>
        public MachineHandle Handle { get { return handle; } }

        public void Dispose()
        {
            handle.Dispose();
        }
    }

    /// <summary>What a Host says about a file.</summary>
    public sealed class FileFacts
    {
        /// <summary>The file version, dotted; null when the file has none.</summary>
        public string Version { get; set; }
        /// <summary>Last modification, UTC, RFC 3339 ("2023-05-01T10:00:00Z"); null when unknown.</summary>
        public string Modified { get; set; }
    }

    /// <summary>What a Host says about a folder.</summary>
    public sealed class FolderFacts
    {
        /// <summary>Last modification, UTC, RFC 3339; null when unknown.</summary>
        public string Modified { get; set; }
    }

    /// <summary>What a Host says about a registry value.</summary>
    public sealed class RegistryValue
    {
        public RegistryType Type { get; set; }
        /// <summary>The data as text, in the form RegistryType describes (REG_MULTI_SZ: strings
        /// joined with '\0').</summary>
        public string Data { get; set; }
    }

    /// <summary>A machine answered by C# code, for Condition.Evaluate and Condition.Explain.
    /// Override the questions the host can answer; the others are passed to the library as NULL
    /// callbacks: files, folders, registry values, products and environment variables are then
    /// "not there", and WMI queries fail. Override WmiCount (WMI conditions) and/or WmiQuery
    /// (conditions that read WMI properties; its JSON also gives counts).
    /// Methods run on the evaluating thread, during the call. Returning null means "not there".
    /// An exception from WmiCount or WmiQuery is a failed query (its message goes to the
    /// library); an exception from any other method fails the call with TsResult.InvalidArgument
    /// and the exception as InnerException.</summary>
    public abstract class Host
    {
        /// <summary>How many instances the WQL query returns in the namespace.</summary>
        public virtual ulong WmiCount(string wmiNamespace, string query)
        {
            throw new NotSupportedException("WmiCount");
        }

        /// <summary>The instances the query returns, as a JSON array of objects.</summary>
        public virtual string WmiQuery(string wmiNamespace, string query)
        {
            throw new NotSupportedException("WmiQuery");
        }

        public virtual FileFacts File(string path)
        {
            return null;
        }

        public virtual FolderFacts Folder(string path)
        {
            return null;
        }

        /// <summary>A registry value; valueName "" is the key's default value.</summary>
        public virtual RegistryValue Registry(string key, string valueName)
        {
            return null;
        }

        /// <summary>The installed product's version ("" when unknown), or null when not installed.</summary>
        public virtual string ProductVersion(ProductKey key, string code)
        {
            return null;
        }

        /// <summary>An OS environment variable (windir), or null.</summary>
        public virtual string EnvironmentVariable(string name)
        {
            return null;
        }

        internal bool Overrides(string method)
        {
            var info = GetType().GetMethod(method, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance);
            return info != null && info.DeclaringType != typeof(Host);
        }
    }

    /// <summary>One call's bridge from the library's callbacks to a Host: owns the delegates (so
    /// the GC keeps them while native code holds their pointers) and catches every exception, since
    /// none may unwind into native code.</summary>
    internal sealed class HostCall
    {
        private readonly Host host;
        private readonly Native.WmiCountFn wmiCount;
        private readonly Native.WmiQueryFn wmiQuery;
        private readonly Native.FileFn file;
        private readonly Native.FolderFn folder;
        private readonly Native.RegistryFn registry;
        private readonly Native.ProductFn product;
        private readonly Native.EnvVarFn envVar;
        private Exception failure;
        private string failedCallback;
        internal HostCallbacks Callbacks;

        internal HostCall(Host host)
        {
            if (host == null)
            {
                throw new ArgumentNullException("host");
            }
            this.host = host;
            Callbacks.StructSize = (UIntPtr)Marshal.SizeOf(typeof(HostCallbacks));
            if (host.Overrides("WmiCount"))
            {
                wmiCount = OnWmiCount;
                Callbacks.WmiCount = Marshal.GetFunctionPointerForDelegate(wmiCount);
            }
            if (host.Overrides("WmiQuery"))
            {
                wmiQuery = OnWmiQuery;
                Callbacks.WmiQuery = Marshal.GetFunctionPointerForDelegate(wmiQuery);
            }
            if (host.Overrides("File"))
            {
                file = OnFile;
                Callbacks.File = Marshal.GetFunctionPointerForDelegate(file);
            }
            if (host.Overrides("Folder"))
            {
                folder = OnFolder;
                Callbacks.Folder = Marshal.GetFunctionPointerForDelegate(folder);
            }
            if (host.Overrides("Registry"))
            {
                registry = OnRegistry;
                Callbacks.Registry = Marshal.GetFunctionPointerForDelegate(registry);
            }
            if (host.Overrides("ProductVersion"))
            {
                product = OnProduct;
                Callbacks.Product = Marshal.GetFunctionPointerForDelegate(product);
            }
            if (host.Overrides("EnvironmentVariable"))
            {
                envVar = OnEnvVar;
                Callbacks.EnvVar = Marshal.GetFunctionPointerForDelegate(envVar);
            }
        }

        /// <summary>After the native call: a host exception first, then the call's own result.</summary>
        internal void Finish(TsResult result)
        {
            GC.KeepAlive(this);
            if (failure != null)
            {
                throw new TaskSequenceException(TsResult.InvalidArgument,
                    "the host's " + failedCallback + " threw " + failure.GetType().Name + ": " + failure.Message, failure);
            }
            TaskSequenceException.Check(result);
        }

        private void Record(string callback, Exception e)
        {
            if (failure == null)
            {
                failure = e;
                failedCallback = callback;
            }
        }

        private bool OnWmiCount(IntPtr userData, IntPtr ns, UIntPtr nsLen, IntPtr query, UIntPtr queryLen,
            out ulong count, IntPtr error)
        {
            count = 0;
            try
            {
                count = host.WmiCount(Native.FromUtf8(ns, nsLen), Native.FromUtf8(query, queryLen));
                return true;
            }
            catch (Exception e)
            {
                try
                {
                    Native.Answer(error, e.Message);
                }
                catch (Exception inner)
                {
                    Record("WmiCount", inner);
                }
                return false;
            }
        }

        private bool OnWmiQuery(IntPtr userData, IntPtr ns, UIntPtr nsLen, IntPtr query, UIntPtr queryLen, IntPtr result)
        {
            try
            {
                string json = host.WmiQuery(Native.FromUtf8(ns, nsLen), Native.FromUtf8(query, queryLen));
                Native.Answer(result, json ?? "[]");
                return true;
            }
            catch (Exception e)
            {
                try
                {
                    Native.Answer(result, e.Message);
                }
                catch (Exception inner)
                {
                    Record("WmiQuery", inner);
                }
                return false;
            }
        }

        private bool OnFile(IntPtr userData, IntPtr path, UIntPtr pathLen, IntPtr version, IntPtr modified)
        {
            try
            {
                FileFacts facts = host.File(Native.FromUtf8(path, pathLen));
                if (facts == null)
                {
                    return false;
                }
                Native.Answer(version, facts.Version);
                Native.Answer(modified, facts.Modified);
                return true;
            }
            catch (Exception e)
            {
                Record("File", e);
                return false;
            }
        }

        private bool OnFolder(IntPtr userData, IntPtr path, UIntPtr pathLen, IntPtr modified)
        {
            try
            {
                FolderFacts facts = host.Folder(Native.FromUtf8(path, pathLen));
                if (facts == null)
                {
                    return false;
                }
                Native.Answer(modified, facts.Modified);
                return true;
            }
            catch (Exception e)
            {
                Record("Folder", e);
                return false;
            }
        }

        private bool OnRegistry(IntPtr userData, IntPtr key, UIntPtr keyLen, IntPtr value, UIntPtr valueLen,
            out uint valueType, IntPtr data)
        {
            valueType = 0;
            try
            {
                RegistryValue found = host.Registry(Native.FromUtf8(key, keyLen), Native.FromUtf8(value, valueLen));
                if (found == null)
                {
                    return false;
                }
                valueType = (uint)found.Type;
                Native.Answer(data, found.Data ?? "");
                return true;
            }
            catch (Exception e)
            {
                Record("Registry", e);
                return false;
            }
        }

        private bool OnProduct(IntPtr userData, ProductKey key, IntPtr code, UIntPtr codeLen, IntPtr version)
        {
            try
            {
                string found = host.ProductVersion(key, Native.FromUtf8(code, codeLen));
                if (found == null)
                {
                    return false;
                }
                Native.Answer(version, found);
                return true;
            }
            catch (Exception e)
            {
                Record("ProductVersion", e);
                return false;
            }
        }

        private bool OnEnvVar(IntPtr userData, IntPtr name, UIntPtr nameLen, IntPtr value)
        {
            try
            {
                string found = host.EnvironmentVariable(Native.FromUtf8(name, nameLen));
                if (found == null)
                {
                    return false;
                }
                Native.Answer(value, found);
                return true;
            }
            catch (Exception e)
            {
                Record("EnvironmentVariable", e);
                return false;
            }
        }
    }

    /// <summary>A parsed condition (a ts_condition). Immutable and safe to share between threads.</summary>
    public sealed class Condition : IDisposable
    {
        private readonly ConditionHandle handle;

        private Condition(ConditionHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Reads the one-line text syntax, e.g. _SMSTSOSUpgradeActionReturnCode == 0xC1900210.</summary>
        /// <exception cref="TaskSequenceException">ConditionError with line, column and a caret.</exception>
        public static Condition Parse(string text)
        {
            byte[] bytes = Native.Utf8(text, "text");
            ConditionHandle h;
            return Wrap(Native.ts_condition_parse(bytes, (UIntPtr)bytes.Length, out h), h);
        }

        /// <summary>Reads a &lt;condition&gt; element.</summary>
        /// <exception cref="TaskSequenceException">ParseError with line and column.</exception>
        public static Condition FromXml(string xml)
        {
            byte[] bytes = Native.Utf8(xml, "xml");
            ConditionHandle h;
            return Wrap(Native.ts_condition_from_xml(bytes, (UIntPtr)bytes.Length, out h), h);
        }

        private static Condition Wrap(TsResult result, ConditionHandle h)
        {
            if (result != TsResult.Ok)
            {
                h.Dispose();
                TaskSequenceException.Check(result);
            }
            return new Condition(h);
        }

        /// <summary>The canonical text form.</summary>
        public string ToText()
        {
            TsStringHandle s;
            return Library.TakeString(Native.ts_condition_to_text(handle, out s), s);
        }

        public override string ToString()
        {
            return ToText();
        }

        /// <summary>Evaluates against the variables, then the machine's (when given); the machine
        /// answers WMI, file, registry and other questions.</summary>
        /// <exception cref="TaskSequenceException">ConditionError (e.g. WMI without a machine).</exception>
        public bool Evaluate(Variables variables, Machine machine = null)
        {
            bool result;
            TaskSequenceException.Check(Native.ts_condition_eval(
                handle, VariablesHandleOf(variables), Machine.HandleOrNull(machine), out result));
            return result;
        }

        /// <summary>Evaluates against the variables and a Host implemented in C#.</summary>
        public bool Evaluate(Variables variables, Host host)
        {
            var call = new HostCall(host);
            bool result;
            TsResult r = Native.ts_condition_eval_with_host(handle, VariablesHandleOf(variables), ref call.Callbacks, out result);
            call.Finish(r);
            return result;
        }

        /// <summary>Why the condition comes out as it does, as JSON (secrets redacted).</summary>
        public string Explain(Variables variables, Machine machine = null)
        {
            TsStringHandle s;
            return Library.TakeString(Native.ts_condition_explain(
                handle, VariablesHandleOf(variables), Machine.HandleOrNull(machine), out s), s);
        }

        /// <summary>Explains against the variables and a Host implemented in C#.</summary>
        public string Explain(Variables variables, Host host)
        {
            var call = new HostCall(host);
            TsStringHandle s;
            TsResult r = Native.ts_condition_explain_with_host(handle, VariablesHandleOf(variables), ref call.Callbacks, out s);
            using (s)
            {
                call.Finish(r);
                return s.Read();
            }
        }

        private static VariablesHandle VariablesHandleOf(Variables variables)
        {
            if (variables == null)
            {
                throw new ArgumentNullException("variables");
            }
            return variables.Handle;
        }

        /// <summary>The native handle, for calls this wrapper does not cover.</summary>
        public ConditionHandle Handle { get { return handle; } }

        public void Dispose()
        {
            handle.Dispose();
        }
    }

    /// <summary>Return codes in any form.</summary>
    public static class ReturnCodes
    {
        /// <summary>0xC1900210, 3247440400, -1047526896 or a known name, as its unsigned value.</summary>
        /// <exception cref="TaskSequenceException">CodeError.</exception>
        public static uint Parse(string text)
        {
            byte[] bytes = Native.Utf8(text, "text");
            uint code;
            TaskSequenceException.Check(Native.ts_return_code_parse(bytes, (UIntPtr)bytes.Length, out code));
            return code;
        }

        /// <summary>The code's description as JSON (hex, unsigned, signed, name, meaning, ...).</summary>
        public static string Describe(string text)
        {
            byte[] bytes = Native.Utf8(text, "text");
            TsStringHandle s;
            return Library.TakeString(Native.ts_return_code_describe(bytes, (UIntPtr)bytes.Length, out s), s);
        }
    }

    /// <summary>Windows languages.</summary>
    public static class Languages
    {
        /// <summary>By LCID (1033, 0x0409, 0409), tag (en-US) or English name, as JSON
        /// {"lcid":1033,"hex":"0x0409","tag":"en-US","name":"English (United States)"}.</summary>
        /// <exception cref="TaskSequenceException">CodeError when unknown.</exception>
        public static string Lookup(string text)
        {
            byte[] bytes = Native.Utf8(text, "text");
            TsStringHandle s;
            return Library.TakeString(Native.ts_lcid_lookup(bytes, (UIntPtr)bytes.Length, out s), s);
        }
    }

    /// <summary>The linter: mistakes in a task sequence, with rule ids, positions and fixes.</summary>
    public static class Linter
    {
        /// <summary>Lints the XML text of a sequence; returns
        /// {"findings":[{"rule","severity","path","message","help","line","column"}]}.
        /// optionsJson (null for the defaults) is {"packages":[...],"site_version":N,"allow":[...],"deny":[...]}.</summary>
        /// <exception cref="TaskSequenceException">ParseError, JsonError or InvalidArgument (an unknown rule).</exception>
        public static string Lint(string xml, string optionsJson = null)
        {
            byte[] x = Native.Utf8(xml, "xml");
            byte[] o = optionsJson == null ? null : Native.Utf8(optionsJson, "optionsJson");
            TsStringHandle s;
            return Library.TakeString(
                Native.ts_lint(x, (UIntPtr)x.Length, o, (UIntPtr)(o == null ? 0 : o.Length), out s), s);
        }
    }

    /// <summary>Processor architectures in every spelling.</summary>
    public static class Architectures
    {
        /// <summary>x64, AMD64, 64-bit, 9, ARM 64-bit Processor, x86, 32, ...</summary>
        /// <exception cref="TaskSequenceException">CodeError when unknown.</exception>
        public static Architecture Parse(string text)
        {
            byte[] bytes = Native.Utf8(text, "text");
            Architecture arch;
            TaskSequenceException.Check(Native.ts_architecture_parse(bytes, (UIntPtr)bytes.Length, out arch));
            return arch;
        }
    }
}
