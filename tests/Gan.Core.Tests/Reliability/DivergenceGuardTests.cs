using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Reliability;

/// <summary>
/// An absurd learning rate (1e12) makes D's outputs NaN within two steps (seed 0, one thread). The guard must stop
/// with exit code 3 and one line naming the step and the tensor, and keep the last good checkpoint loadable.
/// </summary>
public class DivergenceGuardTests
{
    static readonly string[] Absurd = ["train", "--pair", "g1-d1", "--epochs", "1", "--subset", "1280", "--lr", "1e12",
        "--threads", "1", "--checkpoint-every", "1", "--plain"];

    [Test]
    public void Nan_loss_stops_with_exit_code_3_and_keeps_the_last_good_checkpoint()
    {
        using var tmp = new TempDir();
        var r = GanCli.Run(tmp.Path, [.. Absurd, "--out", "run"]);
        GanCli.AssertUserError(r, ExitCodes.Diverged, "diverged at step 2", "D loss is NaN", "step-000000001 is kept");

        var run = new RunDirectory(tmp["run"]);
        var summary = run.ReadSummary()!;
        Assert.That(summary.Status, Is.EqualTo(RunSummary.Diverged));
        Assert.That(summary.Reason, Is.EqualTo(r.ErrorLines[0]["gan: error: ".Length..]));
        var rows = MetricsWriter.Read(run.MetricsPath);
        Assert.That(rows, Has.Count.EqualTo(2), "the diverged step is recorded, nothing after it");
        Assert.That(float.IsNaN(rows[^1].DLoss), Is.True);

        var good = new CheckpointStore(run).Latest(run.ReadRecord().Config);
        Assert.That(good, Is.Not.Null);
        Assert.That(Path.GetFileName(good!.Directory), Is.EqualTo("step-000000001"));
        using var d = ModelZoo.CreateDiscriminator("D1");
        d.load(Path.Combine(good.Directory, Checkpoint.DiscriminatorFile));
        Assert.That(d.parameters().All(p => isfinite(p).all().item<bool>()), Is.True, "the kept checkpoint holds finite weights");
    }

    [Test]
    public void Skip_step_skips_non_finite_updates_until_it_is_clearly_not_recovering()
    {
        using var tmp = new TempDir();
        var r = GanCli.Run(tmp.Path, [.. Absurd, "--on-nan", "skip-step", "--out", "run"]);
        GanCli.AssertUserError(r, ExitCodes.Diverged, $"the {TrainingRun.SkipStepPatience}th step in a row");

        var run = new RunDirectory(tmp["run"]);
        var rows = MetricsWriter.Read(run.MetricsPath);
        Assert.That(rows, Has.Count.EqualTo(1 + TrainingRun.SkipStepPatience), "one good step, then the patience of non-finite ones");
        Assert.That(rows.Skip(1).All(s => float.IsNaN(s.DLoss)), Is.True);
        long nonFiniteLosses = rows.Count(s => !float.IsFinite(s.DLoss)) + rows.Count(s => !float.IsFinite(s.GLoss));
        Assert.That(run.ReadSummary()!.SkippedSteps, Is.EqualTo(nonFiniteLosses), "exactly the updates with a non-finite loss were skipped");
        Assert.That(run.ReadSummary()!.Status, Is.EqualTo(RunSummary.Diverged));
    }
}
