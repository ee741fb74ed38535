using Gan.Cli;
using Gan.Core.Interop;
using Gan.Core.Runs;
using Gan.Core.Runtime;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Runs;

/// <summary>
/// A run's models rebuilt from its record (<see cref="RunModels"/>) are the ones it trained, for every D option:
/// export and eval of a run trained with spectral normalisation or dropout once failed ("Mismatched state_dict sizes",
/// "no submodule 'disc.3.weight'") because they built D without its options. Each option, alone and with G's average,
/// bf16-mixed and fp64: the rebuilt D's state equals the checkpoint's, export writes it in PyTorch format, eval runs,
/// and a resumed run continues.
/// </summary>
public class RunModelsTests
{
    static IEnumerable<TestCaseData> Options()
    {
        var plain = new TrainingConfig { Epochs = 1, TrainSubset = 128, BatchSize = 32, Threads = 1, TensorBoard = false };
        yield return new TestCaseData(plain with { DSpectralNorm = true }).SetArgDisplayNames("spectral-norm");
        yield return new TestCaseData(plain with { DDropout = 0.3 }).SetArgDisplayNames("dropout");
        yield return new TestCaseData(plain with { DSpectralNorm = true, DDropout = 0.3, Ema = 0.9 }).SetArgDisplayNames("spectral-norm+dropout+ema");
        yield return new TestCaseData(plain with { DSpectralNorm = true, DDropout = 0.3, Precision = Precision.Bf16Mixed }).SetArgDisplayNames("spectral-norm+dropout+bf16-mixed");
        yield return new TestCaseData(plain with { DSpectralNorm = true, DDropout = 0.3, Precision = Precision.Fp64 }).SetArgDisplayNames("spectral-norm+dropout+fp64");
    }

    static int Cli<TCommand>(params string[] args) where TCommand : class, ICommand
    {
        var app = new CommandApp<TCommand>();
        app.Configure(c => c.PropagateExceptions());
        return CliErrors.Run(() => app.Run(args));
    }

    [TestCaseSource(nameof(Options))]
    public void Export_eval_and_resume_rebuild_the_models_the_run_trained(TrainingConfig config)
    {
        using var root = new TempDirectory();
        var runDir = root.File("run");
        TrainingRun.Execute(config, runDir);
        var run = new RunDirectory(runDir);

        using (var d = RunModels.Discriminator(config, run.LastCheckpointDir))
        using (var g = RunModels.Generator(config, run.LastCheckpointDir, average: true))
        {
            Assert.That(d.parameters().Select(p => p.dtype), Is.All.EqualTo(config.Precision.DType()));
            using var saved = ModelsOf(config);
            saved.D.load(Path.Combine(run.LastCheckpointDir, Checkpoint.DiscriminatorFile));
            foreach (var (key, t) in saved.D.state_dict())
                Assert.That(Tensors.Same(d.state_dict()[key], t), Is.True, key);

            Assert.That(Cli<ExportCommand>(runDir, "--to", "pytorch"), Is.EqualTo(ExitCodes.Ok), "export");
            using var exported = ModelsOf(config);
            PyTorchStateDicts.Load(exported.G, exported.D, Path.Combine(runDir, "export", "pytorch", "last"));
            foreach (var (key, t) in d.state_dict())
                Assert.That(Tensors.Same(exported.D.state_dict()[key], t), Is.True, $"exported {key}");
        }

        Assert.That(Cli<EvalCommand>(runDir, "--samples", "100", "--threads", "1"), Is.EqualTo(ExitCodes.Ok), "eval");

        var longer = config with { Epochs = 2 };
        Json.WriteAtomic(run.ConfigPath, run.ReadRecord() with { Config = longer });
        File.Delete(run.SummaryPath);
        var resumed = TrainingRun.Resume(runDir);
        Assert.That(resumed.Status, Is.EqualTo(RunSummary.Completed));
        Assert.That(resumed.Epochs, Is.EqualTo(2));
    }

    /// <summary>A fresh G and D shaped as the run's (its options and dtype), for loading files into.</summary>
    static Pair ModelsOf(TrainingConfig config)
    {
        var g = TrainingParts.Registered.Generator(config);
        var d = TrainingParts.Registered.Discriminator(config);
        TorchSharp.ModuleExtensionMethods.to(g, config.Precision.DType());
        TorchSharp.ModuleExtensionMethods.to(d, config.Precision.DType());
        return new Pair(g, d);
    }

    sealed record Pair(Core.Models.Generator G, Core.Models.Discriminator D) : IDisposable
    {
        public void Dispose()
        {
            G.Dispose();
            D.Dispose();
        }
    }
}
