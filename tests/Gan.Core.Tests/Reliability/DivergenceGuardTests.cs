using Gan.Core.Interop;
using Gan.Core.Models;
using Gan.Core.Objectives;
using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Reliability;

/// <summary>
/// The divergence guard, with the non-finite numbers put in by construction rather than left to what an absurd
/// learning rate does on a given CPU: an objective whose D loss is NaN from a chosen D step on, and (through the CLI)
/// a D whose initial weights hold a NaN. The guard must stop with one line naming the step and what is not finite,
/// keep the last good checkpoint loadable, and under skip-step skip exactly the non-finite updates.
/// </summary>
public class DivergenceGuardTests
{
    /// <summary>The study's BCE, except that D's loss is NaN from D step <paramref name="from"/> (1-based) on.</summary>
    sealed class NanFrom(int from) : IGanObjective
    {
        readonly IGanObjective _bce = ObjectiveRegistry.Create(ObjectiveRegistry.Default, 1);
        int _dSteps;

        public string Name => _bce.Name;

        public Tensor DiscriminatorLoss(Tensor real, Tensor fake)
        {
            var loss = _bce.DiscriminatorLoss(real, fake);
            return ++_dSteps >= from ? loss * double.NaN : loss;
        }

        public Tensor GeneratorLoss(Tensor fake, Tensor? real) => _bce.GeneratorLoss(fake, real);
    }

    static readonly TrainingConfig Small = new()
    {
        Epochs = 1,
        TrainSubset = 1280,
        Threads = 1,
        CheckpointEvery = 1,
        TensorBoard = false,
    };

    static RunSummary Train(TrainingConfig config, string dir, int nanFrom) =>
        TrainingRun.Execute(config, dir, parts: TrainingParts.Registered with { Objective = _ => new NanFrom(nanFrom) });

    [Test]
    public void Nan_loss_stops_the_run_and_keeps_the_last_good_checkpoint()
    {
        using var tmp = new TempDir();
        var summary = Train(Small, tmp["run"], nanFrom: 2);
        Assert.That(summary.Status, Is.EqualTo(RunSummary.Diverged));
        Assert.That(summary.Reason, Does.Contain("diverged at step 2").And.Contain("D loss is NaN").And.Contain("step-000000001 is kept"));

        var run = new RunDirectory(tmp["run"]);
        Assert.That(run.ReadSummary()!.Reason, Is.EqualTo(summary.Reason));
        var rows = MetricsWriter.Read(run.MetricsPath);
        Assert.That(rows, Has.Count.EqualTo(2), "the diverged step is recorded, nothing after it");
        Assert.That(double.IsFinite(rows[0].DLoss) && double.IsNaN(rows[1].DLoss), Is.True);

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
        var summary = Train(Small with { OnNan = NanPolicy.SkipStep }, tmp["run"], nanFrom: 2);
        Assert.That(summary.Status, Is.EqualTo(RunSummary.Diverged));
        Assert.That(summary.Reason, Does.Contain($"the {TrainingRun.SkipStepPatience}th step in a row"));

        var rows = MetricsWriter.Read(new RunDirectory(tmp["run"]).MetricsPath);
        Assert.That(rows, Has.Count.EqualTo(1 + TrainingRun.SkipStepPatience), "one good step, then the patience of non-finite ones");
        Assert.That(rows.Skip(1).All(s => double.IsNaN(s.DLoss) && double.IsFinite(s.GLoss)), Is.True, "only D's loss was poisoned");
        Assert.That(summary.SkippedSteps, Is.EqualTo(TrainingRun.SkipStepPatience), "exactly the updates with a non-finite loss were skipped");
    }

    [Test]
    public void Through_the_cli_a_nan_weight_is_exit_code_3_with_one_line_naming_step_and_parameter()
    {
        using var tmp = new TempDir();
        random.manual_seed(0);
        using (var g = ModelZoo.CreateGenerator("G1"))
        using (var d = ModelZoo.CreateDiscriminator("D1"))
        {
            using (no_grad())
                d.parameters().First()[0, 0] = double.NaN;
            PyTorchStateDicts.Save(g, d, tmp["init"]);
        }
        var r = GanCli.Run(tmp.Path, ["train", "--pair", "g1-d1", "--epochs", "1", "--subset", "1280", "--threads", "1",
            "--checkpoint-every", "1", "--plain", "--init-from", tmp["init"], "--out", "run"]);
        GanCli.AssertUserError(r, ExitCodes.Diverged, "diverged at step 1", "D loss is NaN", "parameter D.", "no checkpoint was written before it");
        Assert.That(new RunDirectory(tmp["run"]).ReadSummary()!.Status, Is.EqualTo(RunSummary.Diverged));
    }
}
