namespace Gan.Scripts.Tests;

/// <summary><c>gan script</c> as a user runs it: a child process, exit codes, and one-line errors on stderr.</summary>
public class CliScriptTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("gan-cli-script-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    ProcessResult Gan(params string[] args) => ChildProcess.Dotnet(_dir, Timeout, [Repo.GanDll, .. args]);

    static void AssertOneLineError(ProcessResult r, string expected)
    {
        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdErr);
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), r.StdErr);
        Assert.That(lines[0], Does.StartWith("gan: error: ").And.Contain(expected));
    }

    [Test]
    public void Arguments_after_the_separator_reach_the_script_untouched()
    {
        File.WriteAllText(Path.Combine(_dir, "echo.csx"), "System.Console.WriteLine(string.Join(\"|\", Args)); return 5;");
        var r = Gan("script", "echo.csx", "--", "--k", "1,3", "--g=G2", "--quick");
        Assert.That(r.ExitCode, Is.EqualTo(5), r.StdErr);
        Assert.That(r.StdOut.Trim(), Is.EqualTo("--k|1,3|--g=G2|--quick"));
    }

    /// <summary>The long option names a command's --help lists at the start of its option lines.</summary>
    static SortedSet<string> HelpOptions(string help) =>
        [.. System.Text.RegularExpressions.Regex.Matches(help, @"(?m)^\s+(?:-\w, )?(--[a-z0-9-]+)").Select(m => m.Groups[1].Value)];

    /// <summary>
    /// Every training option of <c>gan train</c> is accepted by the experiment scripts (common.csx), so a run a script
    /// makes can be configured as far as one <c>gan train</c> makes; the exceptions are the ones a script replaces.
    /// </summary>
    [Test]
    public void Scripts_accept_every_training_option_of_gan_train()
    {
        var replaced = new Dictionary<string, string>
        {
            ["--generator"] = "scripts take --g",
            ["--discriminator"] = "scripts take --d",
            ["--d-steps"] = "compare-losses.csx's --k LIST, a grid axis, replaces it",
            ["--seed"] = "scripts take --seeds, one run per seed",
            ["--resume"] = "a script resumes its interrupted runs by itself",
            ["--plain"] = "gan train's console output only",
        };
        var train = Gan("train", "--help");
        var script = Gan("script", Path.Combine(Repo.ScriptsDir, "compare-losses.csx"), "--", "--help");
        Assert.That(train.ExitCode, Is.Zero, train.StdErr);
        Assert.That(script.ExitCode, Is.Zero, script.StdErr);
        var trainOptions = HelpOptions(train.StdOut);
        var scriptOptions = HelpOptions(script.StdOut + script.StdErr);
        Assert.That(trainOptions, Has.Count.GreaterThan(30), "gan train --help was read");
        Assert.That(trainOptions.Except(scriptOptions).Except(replaced.Keys), Is.Empty, "gan train options the scripts lack");
        Assert.That(replaced.Keys.Except(trainOptions), Is.Empty, "exceptions gan train no longer has");
    }

    [Test]
    public void A_training_option_the_variants_set_themselves_is_refused_before_any_training()
    {
        var r = Gan("script", Path.Combine(Repo.ScriptsDir, "k-to-1.csx"), "--", "--quick", "--d-steps", "2", "--out", "runs");
        AssertOneLineError(r, "k-to-1.csx: its variants set what --d-steps sets (variant k1); drop --d-steps");
        Assert.That(Directory.Exists(Path.Combine(_dir, "runs")), Is.False);
    }

    [Test]
    public void An_unknown_variant_exits_2_with_one_line_and_trains_nothing()
    {
        var r = Gan("script", Path.Combine(Repo.ScriptsDir, "k-to-1.csx"), "--", "--quick", "--variants", "k4", "--out", "runs");
        AssertOneLineError(r, "k-to-1.csx: unknown variant 'k4'; choose from k1, k2, k3, k5, 1to2");
        Assert.That(Directory.Exists(Path.Combine(_dir, "runs")), Is.False);
    }

    [Test]
    public void A_compile_error_exits_2_naming_file_and_line()
    {
        File.WriteAllText(Path.Combine(_dir, "broken.csx"), "var x = 1;\nx.NoSuchMethod();\n");
        AssertOneLineError(Gan("script", "broken.csx"), "broken.csx:2:");
    }

    [Test]
    public void A_missing_script_exits_2()
    {
        AssertOneLineError(Gan("script", "scripts/none.csx", "--", "--quick"), "script 'scripts/none.csx' not found");
    }
}
