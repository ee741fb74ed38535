using Gan.Core.Training;
using SkiaSharp;

namespace Gan.Scripts.Tests;

/// <summary><c>dotnet fsi research/compare-runs.fsx DIR</c> as a child process, on run directories made by <see cref="RunFixture"/>.</summary>
public class CompareRunsTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("gan-compare-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    static ProcessResult CompareRuns(params string[] args) => ChildProcess.Dotnet(Repo.Root, Timeout, ["fsi", Repo.CompareRuns, .. args]);

    static string RowOf(string report, string start) =>
        report.Split('\n').SingleOrDefault(l => l.StartsWith(start, StringComparison.Ordinal))
        ?? throw new AssertionException($"no row starting '{start}' in report.md:\n{report}");

    static void AssertPng(string path, int width, int height)
    {
        Assert.That(File.Exists(path), path);
        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap, Is.Not.Null, $"{path} is not a decodable image");
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((width, height)), path);
        Assert.That(File.ReadAllBytes(path)[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), path);
    }

    /// <summary>
    /// WGAN-GP with R1 on top: the gp and r1 columns reach the report as last-epoch means (gp 2 then 4, r1 0.5 then
    /// 0.25: means 4 and 0.25) and as figures; the objective and schedule come from config.json's labels.
    /// </summary>
    [Test]
    public void Reports_the_terms_an_objective_adds_to_D_loss()
    {
        var exp = Path.Combine(_dir, "terms");
        var config = new TrainingConfig { Objective = "wgan-gp", DRegulariser = "r1:2", Epochs = 2, TrainSubset = 320, GSteps = 2 };
        RunFixture.WriteRun(Path.Combine(exp, "wgan", "seed-0"), config, _ => -1f, _ => 0.5f, "epoch,step,fd\n2,10,5\n",
            s => s > RunFixture.StepsPerEpoch ? [4f, 0.25f] : [2f, 0.5f]);
        var r = CompareRuns(exp);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        var report = File.ReadAllText(Path.Combine(exp, "report.md"));
        Assert.That(RowOf(report, "| wgan | G1 | D1 |"), Does.StartWith("| wgan | G1 | D1 | wgan-gp | 1:2 | — |"));
        Assert.That(RowOf(report, "| variant | n | gp"), Is.EqualTo("| variant | n | gp | r1 |"));
        Assert.That(RowOf(report, "| wgan | 1 | 4 | 0.25 |"), Is.Not.Empty);
        AssertPng(Path.Combine(exp, "figures", "term-gp.png"), 900, 500);
        AssertPng(Path.Combine(exp, "figures", "term-r1.png"), 900, 500);
    }

    [Test]
    public void Writes_a_report_with_statistics_collapse_steps_and_figures()
    {
        var exp = Path.Combine(_dir, "fixture");
        RunFixture.Write(exp);
        var r = CompareRuns(exp);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        var report = File.ReadAllText(Path.Combine(exp, "report.md"));

        Assert.That(RowOf(report, "| collapsed | G3 | D1 | bce | 1:1 | fixed |"), Does.EndWith("| 0,1 | 2 |"));
        Assert.That(RowOf(report, "| healthy | G1 | D1 | bce | 1:1 | — |"), Does.EndWith("| 0,1 | 2 |"));
        // Last-epoch D loss 1.0 and 1.2; G loss 0.8 and 0.9: t(0.975, 1) = 12.706.
        Assert.That(RowOf(report, "| healthy | 2 | 1.1 ± 1.3 | 0.85 ± 0.64 |"), Is.Not.Empty);
        // Sample counts, class labels and per-class counts in eval.csv are not metrics.
        Assert.That(RowOf(report, "| variant | n | final fd"), Is.EqualTo(
            "| variant | n | final fd | best fd | final classes_covered | best classes_covered | final max_class_fraction | best max_class_fraction | final classes_at_share | best classes_at_share |"));
        Assert.That(RowOf(report, "| healthy | 2 | 30 ± 127 | 20 ± 127 | 10 ± 0 | 10 ± 0 |"), Does.EndWith("| 10 ± 0 | 10 ± 0 |"));
        Assert.That(RowOf(report, "| collapsed seed 0 |"), Is.EqualTo("| collapsed seed 0 | completed | 10 | 7 | 8 | 10 | 10 | yes, from step 7 | 0 (90%) |"));
        Assert.That(RowOf(report, "| collapsed seed 1 |"), Is.EqualTo("| collapsed seed 1 | completed | 10 | — | — | — | — | no | 3 (30%) |"));
        Assert.That(RowOf(report, "| collapsed | 1 / 2 |"), Is.EqualTo("| collapsed | 1 / 2 | 7 | 0 (90%), 3 (30%) |"));
        Assert.That(RowOf(report, "| healthy | 0 / 2 |"), Is.EqualTo("| healthy | 0 / 2 | — | 0 (10%), 0 (10%) |"));
        Assert.That(RowOf(report, "| healthy seed 0 |"), Does.EndWith("| no | 0 (10%) |"));

        var figures = Path.Combine(exp, "figures");
        AssertPng(Path.Combine(figures, "d-loss.png"), 900, 500);
        AssertPng(Path.Combine(figures, "g-loss.png"), 900, 500);
        AssertPng(Path.Combine(figures, "metric-fd.png"), 900, 500);
        AssertPng(Path.Combine(figures, "metric-classes-covered.png"), 900, 500);
        // Two variants × two seeds of 242-pixel grids, with labels.
        AssertPng(Path.Combine(figures, "samples.png"), 260 + 2 * (242 + 12), 12 + 2 * (26 + 242 + 12));
        foreach (var link in new[] { "figures/d-loss.png", "figures/g-loss.png", "figures/metric-fd.png", "figures/samples.png" })
            Assert.That(report, Does.Contain($"]({link})"));
    }

    /// <summary>
    /// An eval.csv from before classes_at_share: the report derives it from class_counts at 1% (nine classes of 1,111
    /// samples and one stray sample of the tenth: 10 classes at least once, 9 at the share), and the collapse table
    /// applies the ≤ 2 rule to it (3 classes at least once but 2 at the share from step 10), which decides "collapsed".
    /// </summary>
    [Test]
    public void Derives_the_share_count_from_class_counts_in_older_eval_files()
    {
        var exp = Path.Combine(_dir, "share");
        var config = new TrainingConfig { Epochs = 2, TrainSubset = 320 };
        RunFixture.WriteRun(Path.Combine(exp, "stray", "seed-0"), config, _ => 1f, _ => 1f,
            "epoch,step,fd,classes_covered,class_counts\n1,5,50,10,1111|1111|1111|1111|1111|1111|1111|1111|1111|1\n" +
            "2,10,60,3,5000|4999|1|0|0|0|0|0|0|0\n");
        var r = CompareRuns(exp);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        var report = File.ReadAllText(Path.Combine(exp, "report.md"));
        Assert.That(RowOf(report, "| variant | n | final fd"), Is.EqualTo(
            "| variant | n | final fd | best fd | final classes_covered | best classes_covered | final classes_at_share | best classes_at_share |"));
        Assert.That(RowOf(report, "| stray | 1 | 60 | 50 | 3 | 10 | 2 | 9 |"), Is.Not.Empty);
        Assert.That(RowOf(report, "| stray seed 0 |"), Is.EqualTo("| stray seed 0 | completed | 10 | — | — | — | 10 | yes, from step 10 | — |"));
    }

    [Test]
    public void Out_writes_the_report_and_figures_into_a_write_up_folder()
    {
        var exp = Path.Combine(_dir, "fixture");
        RunFixture.Write(exp);
        var writeUp = Path.Combine(_dir, "write-up");
        var r = CompareRuns(exp, "--out", writeUp);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        var report = File.ReadAllText(Path.Combine(writeUp, "fixture.md"));
        AssertPng(Path.Combine(writeUp, "figures", "fixture", "d-loss.png"), 900, 500);
        Assert.That(report, Does.Contain("](figures/fixture/d-loss.png)").And.Contain("](figures/fixture/samples.png)"));
        Assert.That(File.Exists(Path.Combine(exp, "report.md")), Is.False, "nothing is written into the runs");
    }

    [Test]
    public void A_missing_directory_is_a_one_line_error_with_exit_code_2()
    {
        var r = CompareRuns(Path.Combine(_dir, "no-such-experiment"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr.Trim(), Does.StartWith("compare-runs: error: run directory").And.Contain("no-such-experiment").And.Not.Contain('\n'));
        Assert.That(Directory.Exists(Path.Combine(_dir, "no-such-experiment")), Is.False);
    }

    [Test]
    public void A_directory_without_runs_is_a_one_line_error_and_writes_nothing()
    {
        var r = CompareRuns(_dir);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr.Trim(), Does.StartWith("compare-runs: error: no runs found").And.Not.Contain('\n'));
        Assert.That(Directory.EnumerateFileSystemEntries(_dir), Is.Empty);
    }
}
