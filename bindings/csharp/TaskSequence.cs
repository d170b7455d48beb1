// C# binding for the tasksequence C API (include/tasksequence.h).
//
// Two layers:
// - Native: one P/Invoke declaration per C function, with a SafeHandle subclass per handle type
//   (SequenceHandle, TsStringHandle) so that every handle is freed exactly once, even when the
//   caller forgets Dispose or an exception interrupts the code that holds it.
// - Sequence, Node, TaskSequenceException: the API a C# program uses.
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
        public static extern TsResult ts_sequence_to_json(SequenceHandle seq, out TsStringHandle json);

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
    }

    /// <summary>A failed C call: the ts_result and this thread's last error message.</summary>
    public class TaskSequenceException : Exception
    {
        public TaskSequenceException(TsResult result, string message) : base(message)
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

        /// <summary>The sequence as XML, in the container it was read from.</summary>
        public string ToXml()
        {
            TsStringHandle s;
            return Library.TakeString(Native.ts_sequence_to_xml(handle, out s), s);
        }

        /// <summary>The sequence in the library's JSON shape.</summary>
        public string ToJson()
        {
            TsStringHandle s;
            return Library.TakeString(Native.ts_sequence_to_json(handle, out s), s);
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
}
