using Gan.Cli.Scripting;
using Gan.Core;

namespace Gan.Scripts.Tests;

public class ScriptHostTests
{
    string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("gan-script-host-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    static IEnumerable<string> Scripts() =>
        Directory.GetFiles(Repo.ScriptsDir, "*.csx").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal);

    [Test]
    public void Scripts_folder_holds_the_experiments_and_their_shared_helpers() =>
        Assert.That(Scripts(), Is.SupersetOf(new[] { "common.csx", "k-to-1.csx", "g-loss.csx", "slope.csx", "compare-losses.csx", "g-scale.csx" }));

    [TestCaseSource(nameof(Scripts))]
    public void Script_compiles_in_the_host(string name) =>
        Assert.DoesNotThrow(() => ScriptHost.Compile(Path.Combine(Repo.ScriptsDir, name)));

    string Write(string name, string code)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, code);
        return path;
    }

    [Test]
    public void Arguments_reach_the_script_and_its_int_result_is_the_exit_code()
    {
        var path = Write("args.csx", "return Args.Count == 3 && Args[0] == \"--k\" && Args[2] == \"--quick\" ? 7 : 1;");
        Assert.That(ScriptHost.Run(path, ["--k", "3", "--quick"]), Is.EqualTo(7));
    }

    [Test]
    public void Load_paths_are_relative_to_the_script_not_the_working_directory()
    {
        Write("lib/helpers.csx", "static int Twice(int x) => 2 * x;");
        var path = Write("main.csx", "#load \"lib/helpers.csx\"\nreturn Twice(21);");
        Assert.That(Environment.CurrentDirectory, Is.Not.EqualTo(_dir));
        Assert.That(ScriptHost.Run(path, []), Is.EqualTo(42));
    }

    [Test]
    public void NuGet_and_path_references_resolve_to_the_hosts_TorchSharp_and_Gan_Core()
    {
        var path = Write("refs.csx", """
            #r "nuget: TorchSharp-cpu, 0.107.0"
            #r "../no/such/folder/Gan.Core.dll"
            using TorchSharp;
            var sum = (int)torch.ones(5).sum().item<float>();
            return typeof(Gan.Core.GanException).Assembly.Location == (string)Args[0] ? sum : -1;
            """);
        Assert.That(ScriptHost.Run(path, [typeof(GanException).Assembly.Location]), Is.EqualTo(5));
    }

    [Test]
    public void A_package_the_host_does_not_provide_is_a_one_line_error_naming_file_and_line()
    {
        var path = Write("pkg.csx", "// needs JSON\n#r \"nuget: Newtonsoft.Json, 13.0.3\"\nvar x = 1;\n");
        var e = Assert.Throws<GanException>(() => ScriptHost.Compile(path))!;
        Assert.That(e.Message, Does.StartWith(path + ":2:"));
        Assert.That(e.Message, Does.Contain("Newtonsoft.Json").And.Contain("TorchSharp-cpu").And.Not.Contain('\n'));
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.BadInput));
    }

    [Test]
    public void A_compile_error_is_one_line_with_file_line_and_the_count_of_the_rest()
    {
        var path = Write("bad.csx", "var a = 1;\nConsole.WriteLine(undefinedName);\nint b = \"text\";\n");
        var e = Assert.Throws<GanException>(() => ScriptHost.Compile(path))!;
        Assert.That(e.Message, Does.Match(@"bad\.csx:2:\d+: CS0103: .*undefinedName.* \(and 1 more error\)$"));
        Assert.That(e.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void A_missing_script_is_a_one_line_error()
    {
        var e = Assert.Throws<GanException>(() => ScriptHost.Compile(Path.Combine(_dir, "nope.csx")))!;
        Assert.That(e.Message, Does.Contain("nope.csx").And.Contain("not found"));
    }

    [Test]
    public void Only_the_script_command_has_its_arguments_after_the_separator_taken_off()
    {
        var (cli, script) = ScriptArguments.Split(["script", "a.csx", "--", "--k", "3"]);
        Assert.That(cli, Is.EqualTo(new[] { "script", "a.csx" }));
        Assert.That(script.Values, Is.EqualTo(new[] { "--k", "3" }));

        var (trainCli, none) = ScriptArguments.Split(["train", "--", "--k"]);
        Assert.That(trainCli, Is.EqualTo(new[] { "train", "--", "--k" }));
        Assert.That(none.Values, Is.Empty);
    }
}
