using Gan.Cli;
using Gan.Core.Interop;
using Gan.Core.Models;
using Gan.Core.Runs;
using Gan.Core.Tests.Support;
using Gan.Core.Training;
using Spectre.Console.Cli;
using TorchSharp;
using static TorchSharp.torch;
using Generator = Gan.Core.Models.Generator;

namespace Gan.Core.Tests.Interop;

public class PyTorchStateDictsTests
{
    static Dictionary<string, Tensor> Snapshot(nn.Module m) =>
        m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    static void AssertSame(Dictionary<string, Tensor> expected, nn.Module m)
    {
        var now = m.state_dict();
        Assert.That(now.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (key, t) in expected)
            Assert.That(Tensors.Same(now[key], t), Is.True, $"{key} differs");
    }

    static (Generator G, Discriminator D) Build(string g, string d, long seed)
    {
        random.manual_seed(seed);
        return (ModelZoo.CreateGenerator(g), ModelZoo.CreateDiscriminator(d));
    }

    [TestCase("G1", "D1")]
    [TestCase("G3", "D1")]
    public void Saved_weights_and_buffers_load_back_bit_for_bit(string gName, string dName)
    {
        using var dir = new TempDirectory();
        var (g, d) = Build(gName, dName, 1);
        if (g is G3)
        {
            // Running statistics must travel too: one training-mode forward moves them off their initial 0 and 1.
            using var scope = NewDisposeScope();
            g.train();
            g.forward(randn(8, 100));
        }
        var gWant = Snapshot(g);
        var dWant = Snapshot(d);
        PyTorchStateDicts.Save(g, d, dir.Path);

        var (g2, d2) = Build(gName, dName, 2);
        Assert.That(Tensors.Same(g2.state_dict()["gen.0.weight"], gWant["gen.0.weight"]), Is.False, "the seeds give equal weights; the test would prove nothing");
        PyTorchStateDicts.Load(g2, d2, dir.Path);
        AssertSame(gWant, g2);
        AssertSame(dWant, d2);
    }

    [Test]
    public void A_mismatched_file_is_refused_and_neither_model_is_touched()
    {
        using var dir = new TempDirectory();
        var (g1, d1) = Build("G1", "D1", 1);
        PyTorchStateDicts.Save(g1, d1, dir.Path);

        // G matches, D does not: G must not have been loaded before D's check failed.
        var (g, d2) = Build("G1", "D2", 2);
        var gBefore = Snapshot(g);
        var e = Assert.Throws<GanException>(() => PyTorchStateDicts.Load(g, d2, dir.Path))!;
        Assert.That(e.Message, Does.Contain("D.pt: keys do not match D2").And.Contain("missing features.0.weight").And.Contain("unexpected disc.0.bias, disc.0.weight,"));
        AssertSame(gBefore, g);

        var (g2, d) = Build("G2", "D1", 3);
        e = Assert.Throws<GanException>(() => PyTorchStateDicts.Load(g2, d, dir.Path))!;
        Assert.That(e.Message, Does.Contain("G.pt: keys do not match G2 (missing gen.6.weight, gen.6.bias)"));
    }

    [Test]
    public void A_wrong_shape_names_the_key_and_both_shapes()
    {
        using var dir = new TempDirectory();
        random.manual_seed(1);
        var (g, d) = (new G1(noiseDim: 64), new D1());
        PyTorchStateDicts.Save(g, d, dir.Path);
        var (g2, d2) = Build("G1", "D1", 2);
        var e = Assert.Throws<GanException>(() => PyTorchStateDicts.Load(g2, d2, dir.Path))!;
        Assert.That(e.Message, Does.EndWith("G.pt: gen.0.weight has shape [256, 64] but G1 expects [256, 100]; was it saved from another model?"));
    }

    [Test]
    public void A_missing_or_foreign_file_is_one_line_naming_it()
    {
        using var dir = new TempDirectory();
        var (g, d) = Build("G1", "D1", 1);
        PyTorchStateDicts.Save(g, d, dir.Path);
        File.Delete(dir.File("D.pt"));
        var e = Assert.Throws<GanException>(() => PyTorchStateDicts.Load(g, d, dir.Path))!;
        Assert.That(e.Message, Is.EqualTo($"{dir.File("D.pt")}: not found; --init-from needs G.pt and D.pt side by side"));

        File.WriteAllText(dir.File("D.pt"), "not a pickle");
        e = Assert.Throws<GanException>(() => PyTorchStateDicts.Load(g, d, dir.Path))!;
        Assert.That(e.Message, Does.StartWith($"{dir.File("D.pt")}: not a PyTorch state_dict").And.Not.Contain("\n"));

        e = Assert.Throws<GanException>(() => PyTorchStateDicts.Load(g, d, dir.File("nope")))!;
        Assert.That(e.Message, Does.Contain("no such folder"));
    }

    static RunSummary TinyRun(string outDir, string? initFrom) =>
        TrainingRun.Execute(new TrainingConfig { Epochs = 1, TrainSubset = 128, Threads = 1, InitFrom = initFrom }, outDir);

    static void ExportInitialWeights(long seed, string dir)
    {
        using var data = SampleData.LoadTrain();
        using var subset = data.Take(128);
        using var trainer = new GanTrainer(new TrainingConfig { Seed = seed, Threads = 1 }, subset);
        PyTorchStateDicts.Save(trainer.G, trainer.D, dir);
    }

    [Test]
    public void Init_from_starts_training_from_the_given_weights()
    {
        using var root = new TempDirectory();
        ExportInitialWeights(0, root.File("init-seed0"));
        ExportInitialWeights(5, root.File("init-seed5"));
        TinyRun(root.File("plain"), null);
        TinyRun(root.File("same"), root.File("init-seed0"));
        TinyRun(root.File("other"), root.File("init-seed5"));

        // Losses and D outputs only: wall_ms differs from run to run.
        static List<(double, double, double, double)> Losses(string run) =>
            MetricsWriter.Read(Path.Combine(run, "metrics.csv")).Select(r => (r.DLoss, r.GLoss, r.DReal, r.DFake)).ToList();
        var plain = Losses(root.File("plain"));
        Assert.That(Losses(root.File("same")), Is.EqualTo(plain),
            "seed 0's own initial weights, through PyTorch's format, must give the same run");
        Assert.That(Losses(root.File("other"))[0], Is.Not.EqualTo(plain[0]));
    }

    [Test]
    public void Init_from_a_bad_folder_fails_before_the_run_directory_is_written()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("empty"));
        var e = Assert.Throws<GanException>(() => TinyRun(root.File("run"), root.File("empty")))!;
        Assert.That(e.Message, Does.Contain("G.pt: not found"));
        Assert.That(File.Exists(Path.Combine(root.File("run"), "config.json")), Is.False);
    }

    [Test]
    public void Export_writes_the_checkpoints_weights_in_pytorch_format()
    {
        using var root = new TempDirectory();
        var run = root.File("run");
        TinyRun(run, null);
        var app = new CommandApp<ExportCommand>();
        app.Configure(c => c.PropagateExceptions());
        Assert.That(CliErrors.Run(() => app.Run([run, "--to", "pytorch"])), Is.EqualTo(ExitCodes.Ok));
        Assert.That(CliErrors.Run(() => app.Run([run, "--to", "onnx"])), Is.EqualTo(ExitCodes.BadInput));

        var (g, d) = Build("G1", "D1", 9);
        Checkpoint.LoadGenerator(g, new RunDirectory(run).LastCheckpointDir);
        Checkpoint.LoadDiscriminator(d, new RunDirectory(run).LastCheckpointDir);
        var (g2, d2) = Build("G1", "D1", 10);
        PyTorchStateDicts.Load(g2, d2, Path.Combine(run, "export", "pytorch", "last"));
        AssertSame(Snapshot(g), g2);
        AssertSame(Snapshot(d), d2);
    }

    [Test]
    public void The_export_workflow_is_callable_without_the_cli_and_names_a_missing_checkpoint()
    {
        using var root = new TempDirectory();
        var run = root.File("run");
        TinyRun(run, null);
        var r = PyTorchExport.Run(run, outDir: root.File("out"));
        Assert.Multiple(() =>
        {
            Assert.That(r.GeneratorPath, Is.EqualTo(Path.Combine(root.File("out"), PyTorchStateDicts.GeneratorFile)));
            Assert.That(File.Exists(r.GeneratorPath) && File.Exists(r.DiscriminatorPath), Is.True);
            Assert.That((r.PairLabel, r.LoadCall), Is.EqualTo(("G1+D1", "model.load_state_dict")));
            Assert.That(() => PyTorchExport.Run(run, "epoch-0099"), Throws.TypeOf<GanException>().With.Message.Contains("no such checkpoint"));
        });
    }
}
