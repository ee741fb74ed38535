using System.Globalization;
using Gan.Cli.Scripting;
using Gan.Core;
using Gan.Core.Runs;
using Gan.Core.Training;

namespace Gan.Scripts.Tests;

/// <summary>Every experiment script end to end in --quick mode through the host, on a small subset of the embedded sample.</summary>
public class QuickRunTests
{
    string _out = "";

    [SetUp]
    public void MakeDir() => _out = Directory.CreateTempSubdirectory("gan-quick-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_out, recursive: true);

    /// <summary>One LibTorch thread: test assemblies run side by side on two cores, and oversubscribed LibTorch threads crawl.</summary>
    int Run(string script, params string[] args) =>
        ScriptHost.Run(Path.Combine(Repo.ScriptsDir, script), [.. args, "--threads", "1", "--out", _out]);

    /// <summary>Each run finished, its steps are what its schedule implies, and index.csv agrees with summary.json.</summary>
    static void AssertRuns(string experimentDir, IReadOnlyDictionary<string, long> stepsByVariant, int trainImages)
    {
        var index = ExperimentIndexFile.Read(experimentDir);
        Assert.That(index.Rows.Select(r => r["variant"]), Is.EquivalentTo(stepsByVariant.Keys));
        foreach (var (variant, steps) in stepsByVariant)
        {
            var run = new RunDirectory(Path.Combine(experimentDir, variant, "seed-0"));
            var summary = run.ReadSummary();
            Assert.That(summary, Is.Not.Null, variant);
            Assert.That(summary!.Status, Is.EqualTo("completed"), variant);
            Assert.That(summary.Steps, Is.EqualTo(steps), variant);
            Assert.That(File.Exists(run.SamplePath(1)), variant);
            var row = index.Row(variant);
            Assert.That(row["path"], Is.EqualTo($"{variant}/seed-0"));
            Assert.That(row["steps"], Is.EqualTo(steps.ToString(CultureInfo.InvariantCulture)));
            Assert.That(row["train_images"], Is.EqualTo(trainImages.ToString(CultureInfo.InvariantCulture)));
            Assert.That(float.Parse(row["final_d_loss"], CultureInfo.InvariantCulture), Is.EqualTo(summary.FinalDLoss));
            Assert.That(float.Parse(row["final_g_loss"], CultureInfo.InvariantCulture), Is.EqualTo(summary.FinalGLoss));
        }
    }

    [Test]
    public void G_loss_quick_trains_both_losses_resumes_and_indexes_eval_metrics()
    {
        Assert.That(Run("g-loss.csx", "--quick"), Is.EqualTo(ExitCodes.Ok));
        var dir = Path.Combine(_out, "g-loss");
        AssertRuns(dir, new Dictionary<string, long> { ["non-saturating"] = 4, ["minimax"] = 4 }, 256);
        var index = ExperimentIndexFile.Read(dir);
        Assert.That(index.Row("minimax")["objective"], Is.EqualTo("bce-minimax"));
        Assert.That(float.Parse(index.Row("minimax")["final_g_loss"], CultureInfo.InvariantCulture), Is.LessThan(0), "minimax G loss is log(1 − D(G(z)))");
        Assert.That(float.Parse(index.Row("non-saturating")["final_g_loss"], CultureInfo.InvariantCulture), Is.GreaterThan(0));

        // A second call keeps finished runs and rebuilds the index, now with the metrics of an eval.csv.
        var summaryPath = Path.Combine(dir, "minimax", "seed-0", "summary.json");
        var written = File.GetLastWriteTimeUtc(summaryPath);
        File.WriteAllText(Path.Combine(dir, "minimax", "seed-0", "eval.csv"), "epoch,step,fd,classes_covered\n1,4,812.5,3\n");
        Assert.That(Run("g-loss.csx", "--quick"), Is.EqualTo(ExitCodes.Ok));
        Assert.That(File.GetLastWriteTimeUtc(summaryPath), Is.EqualTo(written));
        index = ExperimentIndexFile.Read(dir);
        Assert.That(index.Columns, Does.Contain("final_fd").And.Contain("final_classes_covered").And.Not.Contain("final_step"));
        Assert.That(index.Row("minimax")["final_fd"], Is.EqualTo("812.5"));
        Assert.That(index.Row("non-saturating")["final_fd"], Is.EqualTo(""));

        // Asking for other settings in the same place is refused before anything trains.
        var e = Assert.Throws<GanException>(() => Run("g-loss.csx", "--quick", "--epochs", "2"))!;
        Assert.That(e.Message, Does.Contain("epochs 1 there, 2 asked"));
    }

    [Test]
    public void K_to_1_quick_applies_each_schedule()
    {
        Assert.That(Run("k-to-1.csx", "--quick"), Is.EqualTo(ExitCodes.Ok));
        // 256 images = 4 batches of 64 per epoch: k D steps per iteration gives ceil(4 / k) iterations; 1:2 keeps 4.
        AssertRuns(Path.Combine(_out, "k-to-1"),
            new Dictionary<string, long> { ["k1"] = 4, ["k2"] = 2, ["k3"] = 2, ["k5"] = 1, ["1to2"] = 4 }, 256);
        var index = ExperimentIndexFile.Read(Path.Combine(_out, "k-to-1"));
        Assert.That(index.Row("k5")["d_steps"], Is.EqualTo("5"));
        Assert.That(index.Row("1to2")["g_steps"], Is.EqualTo("2"));
    }

    [Test]
    public void Slope_quick_trains_both_slopes_for_G2_and_G3_with_D2_in_two_steps_each()
    {
        Assert.That(Run("slope.csx", "--quick"), Is.EqualTo(ExitCodes.Ok));
        var dir = Path.Combine(_out, "slope");
        var steps = new Dictionary<string, long> { ["g2-d2-seed"] = 2, ["g2-d2-fixed"] = 2, ["g3-d2-seed"] = 2, ["g3-d2-fixed"] = 2 };
        AssertRuns(dir, steps, 128);
        var row = ExperimentIndexFile.Read(dir).Row("g3-d2-fixed");
        Assert.That((row["generator"], row["discriminator"], row["slope"]), Is.EqualTo(("G3", "D2", "fixed")));
    }

    [Test]
    public void Compare_losses_builds_the_grid_from_the_command_line()
    {
        Assert.That(Run("compare-losses.csx", "--quick", "--pair", "g1-d1", "--g-loss", "non-saturating,minimax",
            "--k", "1,3", "--experiment", "grid"), Is.EqualTo(ExitCodes.Ok));
        var steps = new Dictionary<string, long> { ["g1-d1_ns_k1"] = 4, ["g1-d1_ns_k3"] = 2, ["g1-d1_mm_k1"] = 4, ["g1-d1_mm_k3"] = 2 };
        AssertRuns(Path.Combine(_out, "grid"), steps, 256);
    }

    [Test]
    public void Compare_losses_quick_compares_every_objective_and_logs_their_terms()
    {
        Assert.That(Run("compare-losses.csx", "--quick", "--subset", "128", "--experiment", "objectives"), Is.EqualTo(ExitCodes.Ok));
        var dir = Path.Combine(_out, "objectives");
        AssertRuns(dir, new Dictionary<string, long>
        {
            ["g1-d1_ns_k1"] = 2,
            ["g1-d1_mm_k1"] = 2,
            ["g1-d1_lsgan_k1"] = 2,
            ["g1-d1_hinge_k1"] = 2,
            ["g1-d1_wgan-gp_k1"] = 2,
            ["g1-d1_rasgan_k1"] = 2,
        }, 128);
        var index = ExperimentIndexFile.Read(dir);
        Assert.That(index.Row("g1-d1_wgan-gp_k1")["objective"], Is.EqualTo("wgan-gp"));
        var header = File.ReadLines(Path.Combine(dir, "g1-d1_wgan-gp_k1", "seed-0", "metrics.csv")).First();
        Assert.That(header, Is.EqualTo(StepRecord.CsvHeader + ",gp"));
    }

    /// <summary>
    /// A discriminator written in the script trains into run directories like a built-in one, gives the same numbers as
    /// the built-in spectral norm it re-implements, and a second call keeps the finished runs; a run left unfinished
    /// continues from its checkpoint.
    /// </summary>
    [Test]
    public void Custom_d_trains_a_discriminator_defined_in_the_script()
    {
        Assert.That(Run("custom-d.csx", "--quick", "--subset", "64"), Is.EqualTo(ExitCodes.Ok));
        var dir = Path.Combine(_out, "custom-d");
        AssertRuns(dir, new Dictionary<string, long> { ["d2"] = 1, ["d2-sn"] = 1, ["d2-sn-script"] = 1 }, 64);
        var index = ExperimentIndexFile.Read(dir);
        Assert.That(index.Row("d2-sn-script")["discriminator"], Is.EqualTo("D2-SN-SCRIPT"));
        Assert.That(index.Row("d2-sn-script")["final_d_loss"], Is.EqualTo(index.Row("d2-sn")["final_d_loss"]));
        Assert.That(index.Row("d2-sn-script")["final_g_loss"], Is.EqualTo(index.Row("d2-sn")["final_g_loss"]));
        Assert.That(index.Row("d2-sn")["final_d_loss"], Is.Not.EqualTo(index.Row("d2")["final_d_loss"]));

        // Unfinish the script's run: the next call resumes it from its epoch-end checkpoint instead of refusing it.
        var run = Path.Combine(dir, "d2-sn-script", "seed-0");
        File.Delete(Path.Combine(run, "summary.json"));
        Assert.That(Run("custom-d.csx", "--quick", "--subset", "64"), Is.EqualTo(ExitCodes.Ok));
        Assert.That(ExperimentIndexFile.Read(dir).Row("d2-sn-script")["status"], Is.EqualTo("completed"));
    }

    /// <summary>
    /// g-scale.csx trains each G against D1 for 5 steps and measures G at step 0 and after every step, into a CSV per run
    /// and summary.md. G2 with slope 1.0 is affine in z before its Tanh (with train-mode BatchNorm too), so over 256 noise
    /// vectors that activation has rank ≤ 100 where G1's and slope 0.2's do not. Measuring changes no step: measured at
    /// step 5 only, every run ends with the same numbers.
    /// </summary>
    [Test]
    public void G_scale_quick_measures_every_step_without_changing_the_training()
    {
        Assert.That(Run("g-scale.csx", "--quick"), Is.EqualTo(ExitCodes.Ok));
        var dir = Path.Combine(_out, "g-scale");
        string[] variants = ["g1", "g2-seed", "g2-fixed", "g2-bn-seed"];
        foreach (var v in variants)
        {
            var rows = ReadCsv(Path.Combine(dir, v, "seed-0.csv"));
            Assert.That(rows.Select(r => r["step"]), Is.EqualTo(new[] { "0", "1", "2", "3", "4", "5" }), v);
            Assert.That(rows[0]["d_loss"], Is.Empty, $"{v}: no step record before the first step");
            Assert.That(Number(rows[5]["d_loss"]), Is.GreaterThan(0), v);
            Assert.That(rows.Select(r => Number(r["saturated"])), Is.All.InRange(0.0, 1.0), v);
        }
        double PreTanhRank(string variant) => Number(ReadCsv(Path.Combine(dir, variant, "seed-0.csv"))[0]["pre_rank_1pct"]);
        Assert.That(PreTanhRank("g2-seed"), Is.LessThanOrEqualTo(100));
        Assert.That(PreTanhRank("g2-bn-seed"), Is.LessThanOrEqualTo(100));
        Assert.That(PreTanhRank("g1"), Is.GreaterThan(100));
        Assert.That(PreTanhRank("g2-fixed"), Is.GreaterThan(100));
        Assert.That(File.ReadAllText(Path.Combine(dir, "summary.md")),
            Does.Contain("| real | — |").And.Contain("| g2-bn-seed | 5 |").And.Contain("**train mode**"));

        var sparse = Path.Combine(_out, "sparse");
        Assert.That(ScriptHost.Run(Path.Combine(Repo.ScriptsDir, "g-scale.csx"), ["--quick", "--every", "5", "--threads", "1", "--out", sparse]),
            Is.EqualTo(ExitCodes.Ok));
        foreach (var v in variants)
        {
            var few = ReadCsv(Path.Combine(sparse, "g-scale", v, "seed-0.csv"));
            Assert.That(few.Select(r => r["step"]), Is.EqualTo(new[] { "0", "5" }), v);
            Assert.That(few[1], Is.EqualTo(ReadCsv(Path.Combine(dir, v, "seed-0.csv"))[5]), v);
        }
    }

    /// <summary>A CSV without quoted fields, as rows keyed by column name.</summary>
    static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var columns = lines[0].Split(',');
        return lines[1..].Select(l => columns.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [TestCase("g-loss.csx", "--variants", "nope", "unknown variant 'nope'")]
    [TestCase("k-to-1.csx", "--epochs", "ten", "--epochs 'ten' is not an integer")]
    [TestCase("compare-losses.csx", "--g-loss", "hinge", "unknown G loss 'hinge'")]
    [TestCase("compare-losses.csx", "--objective", "bce,wasserstein", "unknown objective 'wasserstein'")]
    [TestCase("k-to-1.csx", "--lr-d", "fast", "--lr-d 'fast' is not a number")]
    [TestCase("slope.csx", "--seeds", "0,x", "--seeds value 'x' is not an integer")]
    [TestCase("g-scale.csx", "--report-steps", "0,9", "--report-steps 0,9 must lie within 0..5")]
    [TestCase("g-scale.csx", "--jobs", "2", "--jobs does not apply here")]
    public void Bad_input_fails_in_one_line_before_any_training(string script, string option, string value, string expected)
    {
        var e = Assert.Throws<GanException>(() => Run(script, "--quick", option, value))!;
        Assert.That(e.Message, Does.Contain(expected).And.Not.Contain('\n'));
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(Directory.EnumerateFileSystemEntries(_out), Is.Empty);
    }
}
