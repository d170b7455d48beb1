// Tests for the C# binding, mirroring tests/c/test_sequence.c, test_conditions.c and
// test_env_codes.c.
// Usage: mono TaskSequenceTests.exe FIXTURE.xml [MACHINE.json]   (exit status 0 when every check
// passes; MACHINE.json defaults to examples/machines/win10-x64-en-us-laptop.json beside the fixture's
// repository)

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

        const string secret = "<sequence><step type=\"SMS_TaskSequence_JoinDomainWorkgroupAction\" name=\"Join\">"
            + "<defaultVarList><variable name=\"OSDJoinPassword\" property=\"DomainPassword\" hidden=\"true\">p4ss</variable>"
            + "</defaultVarList></step></sequence>";
        using (Sequence join = Sequence.FromXml(secret))
        {
            Check(!join.ToJson().Contains("p4ss"), "sequence json redacts secrets");
            Check(join.ToJson().Contains("\"********\""), "sequence json shows the redaction");
            Check(join.ToJson(true).Contains("\"p4ss\""), "sequence json reveals secrets on request");
        }
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

    // ---- Conditions, variables, machines, hosts, codes ----------------------------------------

    private static void TestConditionsAgainstVariables()
    {
        using (Condition c = Condition.Parse("_SMSTSOSUpgradeActionReturnCode == 0xC1900210"))
        using (var vars = new Variables())
        {
            vars.Set("_SMSTSOSUpgradeActionReturnCode", "3247440400");
            Check(c.Evaluate(vars), "3247440400 equals 0xC1900210");
            vars["_SMSTSOSUpgradeActionReturnCode"] = "-1047526896";
            Check(c.Evaluate(vars), "-1047526896 equals 0xC1900210");
            vars["_SMSTSOSUpgradeActionReturnCode"] = "0";
            Check(!c.Evaluate(vars), "0 does not");
            Equal("_SMSTSOSUpgradeActionReturnCode == 0xC1900210", c.ToText(), "text form");
        }
        using (Condition c = Condition.Parse("phase EQUALS 'x' AND NOT (a == 1 OR b == 2)"))
        {
            Equal("phase == \"x\" and not (a == 1 or b == 2)", c.ToString(), "canonical text");
        }
        string xml = "<condition><expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
            + "<variable name=\"Variable\">PHASE</variable><variable name=\"Operator\">equals</variable>"
            + "<variable name=\"Value\">VALIDATION</variable></expression></condition>";
        using (Condition c = Condition.FromXml(xml))
        using (var vars = new Variables())
        {
            Equal("PHASE == \"VALIDATION\"", c.ToText(), "condition from xml");
            vars["phase"] = "validation";
            Check(c.Evaluate(vars), "case-insensitive names and values");
        }
    }

    private static void TestConditionsAgainstMachine(Machine laptop)
    {
        using (var vars = new Variables())
        {
            string[] trueOnLaptop =
            {
                "wmi(\"SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'\")",
                "Make == \"lenovo\" and _SMSTSInWinPE == \"false\"",
                "file(\"%windir%\\notepad.exe\", version >= \"10.0.19041.0\")",
                "software(this_version, product_code = \"{90160000-0011-0000-0000-0000000FF1CE}\")",
                "os(X64, >= \"10.0\")",
            };
            foreach (string text in trueOnLaptop)
            {
                using (Condition c = Condition.Parse(text))
                {
                    Check(c.Evaluate(vars, laptop), "true on the laptop: " + text);
                }
            }
            using (Condition c = Condition.Parse("wmi(\"SELECT * FROM Win32_Battery\")"))
            {
                var e = Throws(() => c.Evaluate(vars), "wmi without a machine");
                if (e != null)
                {
                    Equal(TsResult.ConditionError, e.Result, "wmi without a machine result");
                    Check(e.Message.Contains("`wmi`"), "message names the kind: " + e.Message);
                }
            }
            using (Condition c = Condition.Parse("OSDJoinPassword == \"x\" or Make like \"*Dell*\""))
            {
                vars.Set("OSDJoinPassword", "hunter2");
                string json = c.Explain(vars, laptop);
                Console.WriteLine("explanation: " + json);
                Check(json.StartsWith("{\"value\":\"false\"", StringComparison.Ordinal), "explanation value");
                Check(!json.Contains("hunter2") && json.Contains("********"), "secrets redacted in explanations");
                Check(json.Contains("LENOVO"), "explanation has the facts");
            }
        }
    }

    private static void TestConditionErrors()
    {
        var e = Throws(() => Condition.Parse("Make == \"LENOVO\" and\n  (Model ==)"), "bad condition text");
        if (e != null)
        {
            Equal(TsResult.ConditionError, e.Result, "bad text result");
            Check(e.Message.Contains("line 2, column"), "line and column: " + e.Message);
        }
        e = Throws(() => Condition.FromXml("<step/>"), "not a condition");
        if (e != null)
        {
            Equal(TsResult.ParseError, e.Result, "not a condition result");
        }
        e = Throws(() => Machine.FromJson("{\"wmi\": {\"root\\\\cimv2\": {\"Win32_BIOS\": [{\"Version\": {}}]}}}"), "bad profile");
        if (e != null)
        {
            Equal(TsResult.MachineError, e.Result, "bad profile result");
            Check(e.Message.Contains("`wmi.root\\cimv2.Win32_BIOS[0].Version`"), "profile error names the field: " + e.Message);
        }

        // NULL handles and invalid UTF-8 straight through the raw layer.
        bool result = true;
        Equal(TsResult.NullArgument, Native.ts_condition_eval(new ConditionHandle(), new VariablesHandle(), new MachineHandle(), out result), "null condition");
        Check(result, "out-parameter not written on failure");
        ConditionHandle h;
        byte[] bad = { (byte)'a', (byte)' ', (byte)'=', (byte)'=', (byte)' ', 0xff };
        Equal(TsResult.InvalidUtf8, Native.ts_condition_parse(bad, (UIntPtr)bad.Length, out h), "invalid utf-8");
        Check(h.IsInvalid, "no handle on failure");
    }

    private sealed class CountingHost : Host
    {
        public int WmiCalls;
        public int FileCalls;
        public int EnvCalls;

        public override ulong WmiCount(string wmiNamespace, string query)
        {
            WmiCalls++;
            // The library must keep this call's delegates alive even when a collection runs here.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (query.Contains("Win32_Nothing"))
            {
                throw new InvalidOperationException("invalid class `Win32_Nothing` (from C#)");
            }
            return query.Contains("Win32_Battery") ? 1UL : 0UL;
        }

        public override FileFacts File(string path)
        {
            FileCalls++;
            if (path == "C:\\Windows\\notepad.exe")
            {
                return new FileFacts { Version = "10.0.19041.1", Modified = "2022-10-12T08:15:00Z" };
            }
            if (path == "C:\\throws.exe")
            {
                throw new System.IO.IOException("disk on fire");
            }
            return null;
        }

        public override RegistryValue Registry(string key, string valueName)
        {
            if (valueName == "Languages")
            {
                return new RegistryValue { Type = RegistryType.MultiSz, Data = "en-US\0de-DE" };
            }
            return valueName == "UBR" ? new RegistryValue { Type = RegistryType.Dword, Data = "3803" } : null;
        }

        public override string EnvironmentVariable(string name)
        {
            EnvCalls++;
            return string.Equals(name, "windir", StringComparison.OrdinalIgnoreCase) ? "C:\\Windows" : null;
        }
    }

    private sealed class OsHost : Host
    {
        public override string WmiQuery(string wmiNamespace, string query)
        {
            if (query.Contains("Win32_OperatingSystem"))
            {
                return "[{\"OSArchitecture\":\"ARM 64-bit Processor\",\"Version\":\"10.0.22631\"}]";
            }
            throw new InvalidOperationException("unknown class");
        }
    }

    private static void TestCallbackHost()
    {
        var host = new CountingHost();
        using (var vars = new Variables())
        {
            Func<string, bool> eval = text =>
            {
                using (Condition c = Condition.Parse(text))
                {
                    return c.Evaluate(vars, host);
                }
            };
            Check(eval("wmi(\"SELECT * FROM Win32_Battery\")"), "wmi through C#");
            Check(!eval("wmi(\"SELECT * FROM Win32_Fan\")"), "no fans");
            Equal(2, host.WmiCalls, "wmi calls");
            Check(eval("file(\"%WINDIR%\\notepad.exe\", version == \"10.0.19041.1\")"), "file through C#, path expanded");
            Equal(1, host.FileCalls, "file calls");
            Equal(1, host.EnvCalls, "env calls");
            Check(!eval("folder(\"C:\\Temp\")"), "folder not overridden: not there");
            Check(eval("registry(\"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\", \"UBR\", REG_DWORD) > 3000"), "registry dword");
            Check(eval("registry(\"HKLM\\SOFTWARE\\Contoso\", \"Languages\") == \"DE-de\""), "registry multi-string");
            Check(eval("wmi(\"SELECT * FROM Win32_Nothing\", ignore_failure) or true_var not exists"), "ignored failure");

            var e = Throws(() => eval("wmi(\"SELECT * FROM Win32_Nothing\")"), "wmi exception is a failed query");
            if (e != null)
            {
                Equal(TsResult.ConditionError, e.Result, "failed query result");
                Check(e.Message.Contains("(from C#)"), "the host's message reaches the error: " + e.Message);
            }
            e = Throws(() => eval("file(\"C:\\throws.exe\")"), "exception in File");
            if (e != null)
            {
                Equal(TsResult.InvalidArgument, e.Result, "host exception result");
                Check(e.InnerException is System.IO.IOException, "the host's exception is kept");
                Check(e.Message.Contains("File"), "message names the callback: " + e.Message);
            }
            e = Throws(() => eval("software(any_version, upgrade_code = \"{X}\") or os(X64)"), "os without wmi_query");
            if (e != null)
            {
                Equal(TsResult.ConditionError, e.Result, "os without instances");
            }

            using (Condition c = Condition.Parse("os(ARM64, >= \"10.0.22000\")"))
            {
                Check(c.Evaluate(vars, new OsHost()), "os through WmiQuery json");
                string json = c.Explain(vars, new OsHost());
                Check(json.Contains("\"value\":\"true\""), "explain through a C# host: " + json);
            }
            using (Condition c = Condition.Parse("wmi(\"SELECT * FROM Win32_OperatingSystem\")"))
            {
                Check(c.Evaluate(vars, new OsHost()), "counts from WmiQuery when WmiCount is not overridden");
            }
        }
    }

    private static void TestVariables(Machine laptop)
    {
        using (var vars = new Variables())
        {
            vars.Set("OSDComputerName", "PC01");
            Equal("PC01", vars.Get("osdcomputername"), "case-insensitive get");
            Equal(null, vars.Get("Missing"), "missing is null");
            vars.SetLayered("Role", "Kiosk", Layer.Collection, 9, false);
            vars.SetLayered("Role", "Desk", Layer.Collection, 2, false);
            Equal("Kiosk", vars["Role"], "priority 9 wins");
            vars.SetLayered("Role", "Lab", Layer.Device, 0, false);
            Equal("Lab", vars["Role"], "device beats collection");
            vars.SetLayered("Pin", "1234", Layer.Runtime, 0, true);
            vars.Set("OSDJoinPassword", "hunter2");
            Equal("{\"OSDComputerName\":\"PC01\",\"OSDJoinPassword\":\"********\",\"Pin\":\"********\",\"Role\":\"Lab\"}",
                vars.ToJson(), "secrets redacted");
            Equal("{\"OSDComputerName\":\"PC01\",\"OSDJoinPassword\":\"hunter2\",\"Pin\":\"1234\",\"Role\":\"Lab\"}",
                vars.ToJson(true), "secrets revealed");
            vars["Role"] = null;
            Equal(null, vars["Role"], "null deletes");

            Equal("PC01 %windir% 100%", vars.Expand("%OSDComputerName% %windir% 100%"), "expand without a machine");
            Equal("PC01 C:\\Windows LENOVO", vars.Expand("%OSDComputerName% %windir% %Make%", laptop), "expand with a machine");

            var e = Throws(() => vars.Set("bad name", "x"), "bad name");
            if (e != null)
            {
                Equal(TsResult.EnvironmentError, e.Result, "bad name result");
            }
            e = Throws(() => vars.SetLayered("Role", "x", Layer.Collection, 10, false), "priority 10");
            if (e != null)
            {
                Equal(TsResult.EnvironmentError, e.Result, "priority result");
            }
            e = Throws(() => vars.SetLayered("Role", "x", (Layer)7, 0, false), "unknown layer");
            if (e != null)
            {
                Equal(TsResult.InvalidArgument, e.Result, "unknown layer result");
            }
            e = Throws(() => vars.Set("Long", new string('x', 4001)), "too long");
            if (e != null)
            {
                Equal(TsResult.EnvironmentError, e.Result, "too long result");
            }
        }
    }

    private static void TestCodes()
    {
        Equal(3247440400u, ReturnCodes.Parse("0xC1900210"), "hex code");
        Equal(3247440400u, ReturnCodes.Parse("-1047526896"), "signed code");
        Equal(3010u, ReturnCodes.Parse("ERROR_SUCCESS_REBOOT_REQUIRED"), "named code");
        string json = ReturnCodes.Describe("3247440400");
        Check(json.Contains("\"hex\":\"0xC1900210\"") && json.Contains("MOSETUP_E_COMPAT_SCANONLY"), "describe: " + json);
        var e = Throws(() => ReturnCodes.Parse("12x"), "bad code");
        if (e != null)
        {
            Equal(TsResult.CodeError, e.Result, "bad code result");
            Check(e.Message.Contains("column 3"), "column: " + e.Message);
        }

        Equal("{\"lcid\":1033,\"hex\":\"0x0409\",\"tag\":\"en-US\",\"name\":\"English (United States)\"}",
            Languages.Lookup("0409"), "lcid lookup");
        e = Throws(() => Languages.Lookup("Klingon"), "unknown language");
        if (e != null)
        {
            Equal(TsResult.CodeError, e.Result, "unknown language result");
        }

        Equal(Architecture.X64, Architectures.Parse("AMD64"), "AMD64");
        Equal(Architecture.Arm64, Architectures.Parse("ARM 64-bit Processor"), "arm64");
        Equal(Architecture.X86, Architectures.Parse("32-bit"), "x86");
        Equal(9u, (uint)Architecture.X64, "Windows numbering");
        e = Throws(() => Architectures.Parse("sparc"), "unknown architecture");
        if (e != null)
        {
            Equal(TsResult.CodeError, e.Result, "unknown architecture result");
        }
    }

    private static void TestSharedCondition(Machine laptop)
    {
        using (Condition c = Condition.Parse("Make == \"LENOVO\" and wmi(\"SELECT * FROM Win32_Battery\")"))
        using (var vars = new Variables())
        {
            const int threadCount = 4;
            var errors = new int[threadCount];
            var threads = new Thread[threadCount];
            for (int t = 0; t < threadCount; t++)
            {
                int slot = t;
                threads[t] = new Thread(() =>
                {
                    for (int i = 0; i < 100; i++)
                    {
                        if (!c.Evaluate(vars, laptop))
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
                Equal(0, errors[t], "errors evaluating on thread " + t);
            }
        }
    }

    private static void TestHandleFinalizers(string machineJson)
    {
        for (int i = 0; i < 30; i++)
        {
            var c = Condition.Parse("a == " + i);
            var v = new Variables();
            v.Set("a", i.ToString());
            var m = Machine.FromJson(machineJson);
            Check(c.Evaluate(v, m), "undisposed handles " + i);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        run++;
    }

    private static void TestPrecacheAndTemplate(Machine laptop)
    {
        const string catalog = "[{\"id\":\"OPC005ED\",\"name\":\"Windows 11 x64 de-DE\",\"type\":\"os_upgrade\","
            + "\"architecture\":\"x64\",\"language\":\"de-DE\",\"size_mb\":4700}]";
        using (Sequence upgrade = Sequence.NewUpgrade("{\"package\":\"OPC005ED\",\"updates\":\"required\"}"))
        {
            Check(upgrade.Nodes[0].Path == "Prepare for Upgrade", "template: first group");
            Check(upgrade.ToXml().Contains("<variable name=\"SMSInstallUpdateTarget\" property=\"Target\">Mandatory</variable>"),
                "template: required updates");
            string plan = upgrade.PrecachePlan(laptop, catalog);
            Check(plan.Contains("\"reason\":\"language 1031 (de-DE) \u2260 client 1033 (en-US)\""), "plan: skip reason: " + plan);
            Check(plan.Contains("\"kind\":\"not_cached\""), "plan: beyond-the-console warning");
            plan = upgrade.PrecachePlan(laptop, catalog, "{\"deployment\":{\"purpose\":\"required\",\"pre_download\":true}}");
            Check(plan.Contains("available deployments only: this one is required"), "plan: required deployment");
            TaskSequenceException e = Throws(() => upgrade.PrecachePlan(laptop, "[{\"id\":\"A\"}]"), "plan: bad catalog");
            Check(e != null && e.Result == TsResult.JsonError && e.Message.Contains("`[0].name`: missing field"),
                "plan: bad catalog names the field");
        }
        TaskSequenceException refused = Throws(
            () => Sequence.NewUpgrade("{\"package\":\"OPC005ED\",\"product_key\":\"ABCDE\"}"), "template: bad key");
        Check(refused != null && refused.Result == TsResult.InvalidArgument && refused.Message.StartsWith("product key `ABCDE`"),
            "template: the key's problem is named");
    }

    private static void TestLint(string fixture)
    {
        string xml = "<sequence version=\"3.10\">\n  <step name=\"Old\" disable=\"true\"/>\n</sequence>";
        string json = Linter.Lint(xml);
        Check(json.StartsWith("{\"findings\":[{\"rule\":\"TS038\",\"severity\":\"info\"", StringComparison.Ordinal), "lint finding: " + json);
        Check(json.Contains("\"line\":2,\"column\":3"), "lint position: " + json);
        Equal("{\"findings\":[]}", Linter.Lint(xml, "{\"allow\":[\"disabled-step\"]}"), "allowed rule");
        Check(Linter.Lint(fixture).StartsWith("{\"findings\":[", StringComparison.Ordinal), "lint the fixture");
        var e = Throws(() => Linter.Lint(xml, "{\"deny\":[\"TS999\"]}"), "unknown rule");
        if (e != null)
        {
            Equal(TsResult.InvalidArgument, e.Result, "unknown rule result");
            Check(e.Message.Contains("TS999"), "message names the rule: " + e.Message);
        }
        e = Throws(() => Linter.Lint("<sequence>"), "bad xml");
        if (e != null)
        {
            Equal(TsResult.ParseError, e.Result, "bad xml result");
        }
    }

    private static void TestDiffAndRender(Sequence seq)
    {
        Equal("{\"changes\":[]}", seq.DiffTo(seq), "a sequence equals itself");
        using (Sequence old = Sequence.FromXml("<sequence><step name=\"A\" type=\"X\"/></sequence>"))
        using (Sequence changed = Sequence.FromXml("<sequence><step name=\"A\" type=\"X\" disable=\"true\"/></sequence>"))
        {
            string json = old.DiffTo(changed);
            Check(json.Contains("{\"kind\":\"changed\",\"path\":\"A\",\"old_path\":null"), "changed step: " + json);
            Check(json.Contains("{\"field\":\"disabled\",\"old\":\"false\",\"new\":\"true\"}"), "disabled field: " + json);
        }
        Check(seq.Render("markdown").Contains("| Step |"), "markdown has a step table");
        Check(seq.Render("mermaid").StartsWith("flowchart TD", StringComparison.Ordinal), "mermaid is a flowchart");
        string html = seq.Render("html");
        Check(html.StartsWith("<!DOCTYPE html>", StringComparison.Ordinal), "html is a page");
        Check(html.Contains("Prepare for Upgrade"), "html names the first group");
        try
        {
            seq.Render("pdf");
            Check(false, "an unknown format is refused");
        }
        catch (TaskSequenceException e)
        {
            Check(e.Message.Contains("`pdf`"), "message names the format: " + e.Message);
        }
    }

    private sealed class BatteryHost : Host
    {
        public ulong Batteries;
        public int Calls;

        public override ulong WmiCount(string wmiNamespace, string query)
        {
            Calls++;
            return query.Contains("Win32_Battery") ? Batteries : 0;
        }
    }

    private static void TestSimulate(string machinePath, Machine laptop)
    {
        string examples = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(machinePath)));
        using (Sequence upgrade = Sequence.FromXml(File.ReadAllText(Path.Combine(examples, "upgrade.xml"), Encoding.UTF8)))
        {
            string trace = upgrade.Simulate(laptop);
            Check(trace.StartsWith("{\"result\":\"success\"", StringComparison.Ordinal), "simulate: the laptop upgrades");
            trace = upgrade.Simulate(laptop, "{\"outcomes\":{\"Upgrade Operating System\":{\"rollback\":true}}}");
            Check(trace.StartsWith("{\"result\":\"failure\",\"exit_code\":3247440129", StringComparison.Ordinal),
                "simulate: a rollback fails with Setup's code: " + trace.Substring(0, Math.Min(80, trace.Length)));
            string blocked = upgrade.Simulate(laptop, "{\"outcomes\":{\"Upgrade assessment\":{\"exit_code\":\"0xC1900208\"}}}");
            string page = upgrade.RenderTrace(blocked, "html", "laptop");
            Check(page.StartsWith("<!DOCTYPE html>", StringComparison.Ordinal), "render trace: an html page");
            Check(page.Contains("<section id=\"result\" class=\"result failure\">"), "render trace: the failure at the top");
            Check(page.Contains("data-path=\"Prepare for Upgrade/Stop on compatibility issues\" data-outcome=\"failed\""),
                "render trace: the failing step is marked failed");
            Check(page.Contains("data-path=\"Post-Processing\" data-outcome=\"not_reached\""), "render trace: later groups not reached");
            Check(page.Contains("simulation on <b>laptop</b>"), "render trace: the machine is named");
            Check(upgrade.RenderTrace(blocked, "markdown").Contains("**Result: failure**"), "render trace: markdown");
            TaskSequenceException re = Throws(() => upgrade.RenderTrace(blocked, "pdf"), "render trace: unknown format");
            Check(re != null && re.Result == TsResult.InvalidArgument && re.Message.Contains("`pdf`"), "render trace: the format is named");
            re = Throws(() => upgrade.RenderTrace("{\"result\":7}", "html"), "render trace: not a trace");
            Check(re != null && re.Result == TsResult.JsonError, "render trace: a JSON error");
            TaskSequenceException e = Throws(() => upgrade.Simulate(laptop, "{\"options\":{\"max_steps\":-1}}"), "simulate: bad scenario");
            Check(e != null && e.Result == TsResult.JsonError && e.Message.Contains("`options.max_steps`"),
                "simulate: the scenario's field is named");
            e = Throws(() => upgrade.Simulate(laptop, "{\"outcomes\":{\"Nope\":{}}}"), "simulate: unknown step");
            Check(e != null && e.Result == TsResult.InvalidArgument && e.Message.Contains("`Nope`"), "simulate: the step is named");

            var fleet = new List<Machine>();
            try
            {
                foreach (string file in Directory.GetFiles(Path.Combine(examples, "machines"), "*.json"))
                {
                    fleet.Add(Machine.FromJson(File.ReadAllText(file, Encoding.UTF8)));
                }
                IReadOnlyList<string> traces = upgrade.SimulateFleet(fleet, null, 2);
                Equal(fleet.Count, traces.Count, "fleet: one trace per machine");
                for (int i = 0; i < Math.Min(fleet.Count, traces.Count); i++)
                {
                    Equal(upgrade.Simulate(fleet[i]), traces[i], "fleet: trace " + i + " as one at a time");
                }
                bool refused = false;
                try
                {
                    upgrade.SimulateFleet(new Machine[] { laptop, null });
                }
                catch (ArgumentNullException)
                {
                    refused = true;
                }
                Check(refused, "fleet: a null machine is refused before the call");
                Equal("success", upgrade.Simulate(laptop).Substring(11, 7), "fleet: the laptop's handle survives the refused call");
            }
            finally
            {
                foreach (Machine m in fleet)
                {
                    m.Dispose();
                }
            }
        }

        const string battery = "<sequence version=\"3.10\"><step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"On battery\">"
            + "<condition><expression type=\"SMS_TaskSequence_WMIConditionExpression\"><variable name=\"Namespace\">root\\cimv2</variable>"
            + "<variable name=\"Query\">SELECT * FROM Win32_Battery</variable></expression></condition></step></sequence>";
        using (Sequence seq = Sequence.FromXml(battery))
        {
            var host = new BatteryHost();
            Check(seq.Simulate(host).Contains("\"status\":\"skipped\""), "simulate with a host: no battery, skipped");
            host.Batteries = 1;
            Check(seq.Simulate(host).Contains("\"status\":\"ran\""), "simulate with a host: a battery, ran");
            Equal(2, host.Calls, "simulate with a host: one WMI question per run");
        }
    }

    private static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: TaskSequenceTests.exe FIXTURE.xml [MACHINE.json]");
            return 2;
        }
        string xml = File.ReadAllText(args[0], Encoding.UTF8);
        string machinePath = args.Length > 1
            ? args[1]
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(args[0])), "..", "..", "examples", "machines", "win10-x64-en-us-laptop.json");
        string machineJson = File.ReadAllText(machinePath, Encoding.UTF8);

        TestLibrary();
        using (Sequence seq = Sequence.FromXml(xml))
        {
            TestWalk(seq);
            TestRoundTrip(seq);
            TestThreads(seq);
            TestDiffAndRender(seq);
        }
        TestErrors();
        TestFinalizers(xml);

        TestConditionsAgainstVariables();
        TestConditionErrors();
        TestCallbackHost();
        TestCodes();
        using (Machine laptop = Machine.FromJson(machineJson))
        {
            TestConditionsAgainstMachine(laptop);
            TestVariables(laptop);
            TestSharedCondition(laptop);
            TestPrecacheAndTemplate(laptop);
            TestSimulate(machinePath, laptop);
        }
        TestHandleFinalizers(machineJson);
        TestLint(xml);

        Console.WriteLine((run - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
