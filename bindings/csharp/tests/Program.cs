// Tests for the C# binding, mirroring tests/c/test_sequence.c.
// Usage: mono TaskSequenceTests.exe FIXTURE.xml   (exit status 0 when every check passes)

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using TaskSequence;

internal static class Program
{
    private static int run;
    private static int failed;

    private static void Check(bool condition, string what)
    {
        run++;
        if (!condition)
        {
            failed++;
            Console.Error.WriteLine("check failed: " + what);
        }
    }

    private static void Equal<T>(T expected, T actual, string what)
    {
        run++;
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            failed++;
            Console.Error.WriteLine("check failed: " + what + ": expected <" + expected + ">, got <" + actual + ">");
        }
    }

    private static TaskSequenceException Throws(Action action, string what)
    {
        try
        {
            action();
        }
        catch (TaskSequenceException e)
        {
            run++;
            return e;
        }
        catch (Exception e)
        {
            run++;
            failed++;
            Console.Error.WriteLine("check failed: " + what + ": threw " + e.GetType().Name + ": " + e.Message);
            return null;
        }
        run++;
        failed++;
        Console.Error.WriteLine("check failed: " + what + ": did not throw");
        return null;
    }

    private struct Expected
    {
        public NodeKind Kind;
        public int Depth;
        public bool Disabled;
        public string Name;
        public string Type;

        public Expected(NodeKind kind, int depth, bool disabled, string name, string type)
        {
            Kind = kind;
            Depth = depth;
            Disabled = disabled;
            Name = name;
            Type = type;
        }
    }

    // tests/data/ipu-small.xml in document order.
    private static readonly Expected[] ExpectedNodes =
    {
        new Expected(NodeKind.Group, 0, false, "Prepare for Upgrade", ""),
        new Expected(NodeKind.Step, 1, false, "Check Readiness for Upgrade", "SMS_TaskSequence_PrestartCheckAction"),
        new Expected(NodeKind.Step, 1, false, "Remember start", "SMS_TaskSequence_SetVariableAction"),
        new Expected(NodeKind.Step, 1, true, "Collect battery state", "SMS_TaskSequence_RunCommandLineAction"),
        new Expected(NodeKind.Group, 0, false, "Upgrade the Operating System", ""),
        new Expected(NodeKind.Step, 1, false, "Download upgrade media", "SMS_TaskSequence_DownloadPackageContentAction"),
        new Expected(NodeKind.Step, 1, false, "Upgrade Operating System", "SMS_TaskSequence_UpgradeOperatingSystemAction"),
        new Expected(NodeKind.Group, 1, false, "Compatibility blocked", ""),
        new Expected(NodeKind.Step, 2, false, "Write marker", "SMS_TaskSequence_RunCommandLineAction"),
        new Expected(NodeKind.Group, 0, false, "Post-Processing", ""),
        new Expected(NodeKind.SubTaskSequence, 1, false, "Run post-upgrade child", "SMS_TaskSequence_SubTasksequence"),
        new Expected(NodeKind.Group, 0, false, "Rollback", ""),
    };

    private static void TestLibrary()
    {
        Check(Library.Version.Split('.').Length == 3, "version has three parts: " + Library.Version);
        Equal("TS_RESULT_PARSE_ERROR", Library.ResultName(TsResult.ParseError), "result name");
        Equal("TS_RESULT_UNKNOWN", Library.ResultName((TsResult)4000000000u), "unknown result name");
    }

    private static void TestWalk(Sequence seq)
    {
        IReadOnlyList<Node> nodes = seq.Nodes;
        Equal(ExpectedNodes.Length, nodes.Count, "node count");
        for (int i = 0; i < Math.Min(nodes.Count, ExpectedNodes.Length); i++)
        {
            Node node = nodes[i];
            Expected want = ExpectedNodes[i];
            Equal(want.Kind, node.Kind, "kind of node " + i);
            Equal(want.Depth, node.Depth, "depth of node " + i);
            Equal(want.Disabled, node.Disabled, "disabled of node " + i);
            Equal(want.Name, node.Name, "name of node " + i);
            Equal(want.Type, node.Type, "type of node " + i);
            Check(node.Path.EndsWith(node.Name, StringComparison.Ordinal), "path ends with name: " + node.Path);
            Console.WriteLine(new string(' ', 2 * node.Depth) + node.Name + (node.Disabled ? " (disabled)" : ""));
        }
        if (nodes.Count > 8)
        {
            Equal("Upgrade the Operating System/Compatibility blocked/Write marker", nodes[8].Path, "path of node 8");
        }
        Check(ReferenceEquals(nodes, seq.Nodes), "nodes are read once");
    }

    private static void TestRoundTrip(Sequence seq)
    {
        string xml = seq.ToXml();
        Check(xml.Contains("Collect battery state"), "xml has the disabled step");
        Check(xml.Contains("\u2014 em dash"), "non-ASCII text survives the round trip");
        using (Sequence again = Sequence.FromXml(xml))
        {
            Equal(ExpectedNodes.Length, again.Nodes.Count, "node count after round trip");
            Equal(xml, again.ToXml(), "writing the re-read sequence gives the same text");
        }

        string json = seq.ToJson();
        Check(json.StartsWith("{", StringComparison.Ordinal), "json is an object");
        Check(json.Contains("\"Prepare for Upgrade\""), "json has the first group");
        Check(json.Contains("\"Write marker\""), "json has the nested step");
    }

    private static void TestErrors()
    {
        var e = Throws(() => Sequence.FromXml("<sequence version=\"3.10\">\n  <group name=\"a\">\n</sequence>\n"), "bad xml");
        if (e != null)
        {
            Equal(TsResult.ParseError, e.Result, "bad xml result");
            Check(e.Message.Contains("line") && e.Message.Contains("column"), "parse error has line and column: " + e.Message);
            Console.WriteLine("parse error: " + e.Message);
        }

        e = Throws(() => Sequence.FromXml("<html><body/></html>"), "not a task sequence");
        if (e != null)
        {
            Equal(TsResult.ParseError, e.Result, "not a task sequence result");
        }

        e = Throws(() => Sequence.FromXml(""), "empty input");
        if (e != null)
        {
            Equal(TsResult.ParseError, e.Result, "empty input result");
        }

        string template = "<sequence version=\"3.10\"><group name=\"xx\"/></sequence>";
        byte[] badUtf8 = Encoding.ASCII.GetBytes(template);
        badUtf8[template.IndexOf("xx", StringComparison.Ordinal)] = 0xff;
        e = Throws(() => Sequence.FromXmlBytes(badUtf8), "invalid utf-8");
        if (e != null)
        {
            Equal(TsResult.InvalidUtf8, e.Result, "invalid utf-8 result");
            Check(e.Message.Contains("utf-8"), "invalid utf-8 message: " + e.Message);
        }

        // A NULL handle straight through the raw layer.
        TsStringHandle s;
        TsResult r = Native.ts_sequence_to_xml(new SequenceHandle(), out s);
        Equal(TsResult.NullArgument, r, "null sequence handle");
        Check(s.IsInvalid, "out-parameter not written on failure");
        Check(Library.LastError().Contains("`seq`"), "last error names the argument");

        // Index past the end.
        using (Sequence seq = Sequence.FromXml("<sequence version=\"3.10\"><group name=\"only\" description=\"\"/></sequence>"))
        {
            Equal(1, seq.Nodes.Count, "one node");
            TsStringHandle name;
            Equal(TsResult.OutOfRange, Native.ts_sequence_node_name(seq.Handle, (UIntPtr)1, out name), "index past the end");
            Check(name.IsInvalid, "out-parameter not written past the end");
        }

        Throws(() => { throw new TaskSequenceException(TsResult.Ok, "sanity"); }, "exception type");
    }

    private static void TestThreads(Sequence seq)
    {
        const int threadCount = 4;
        var errors = new int[threadCount];
        var threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            int slot = t;
            threads[t] = new Thread(() =>
            {
                for (int round = 0; round < 20; round++)
                {
                    UIntPtr count;
                    if (Native.ts_sequence_node_count(seq.Handle, out count) != TsResult.Ok || (int)count != ExpectedNodes.Length)
                    {
                        errors[slot]++;
                    }
                    for (int i = 0; i < (int)count; i++)
                    {
                        TsStringHandle name;
                        string text = Library.TakeString(Native.ts_sequence_node_name(seq.Handle, (UIntPtr)i, out name), name);
                        if (text != ExpectedNodes[i].Name)
                        {
                            errors[slot]++;
                        }
                    }
                    if (seq.ToJson().Length == 0)
                    {
                        errors[slot]++;
                    }
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads)
        {
            thread.Join();
        }
        for (int t = 0; t < threadCount; t++)
        {
            Equal(0, errors[t], "errors on thread " + t);
        }
    }

    private static void TestFinalizers(string xml)
    {
        // Handles nobody disposes are freed by their SafeHandle finalizers (valgrind-clean in C).
        for (int i = 0; i < 50; i++)
        {
            Sequence seq = Sequence.FromXml(xml);
            Check(seq.Nodes.Count == ExpectedNodes.Length, "undisposed sequence " + i);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        run++;
    }

    private static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: TaskSequenceTests.exe FIXTURE.xml");
            return 2;
        }
        string xml = File.ReadAllText(args[0], Encoding.UTF8);

        TestLibrary();
        using (Sequence seq = Sequence.FromXml(xml))
        {
            TestWalk(seq);
            TestRoundTrip(seq);
            TestThreads(seq);
        }
        TestErrors();
        TestFinalizers(xml);

        Console.WriteLine((run - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
