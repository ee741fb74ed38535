using System.Runtime.Intrinsics.X86;
using Gan.Core.Models;
using Gan.Core.Optim;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Optim;

[NonParallelizable]
public class SinglePassAdamTests
{
    int _threads;

    [SetUp]
    public void SaveThreads() => _threads = get_num_threads();

    [TearDown]
    public void RestoreThreads() => set_num_threads(_threads);

    [Test]
    public void Runs_in_one_pass_on_an_x86_cpu_with_fma()
    {
        Assume.That(Fma.IsSupported, "the single-pass kernel needs AVX + FMA");
        using var g = ModelZoo.CreateGenerator("G1");
        using var adam = new SinglePassAdam(g.parameters(), 3e-4, 0.9, 0.999);
        Assert.That(adam.IsSinglePass, Is.True);
    }

    // G3 has parameters whose sizes leave remainders (484, 36, 4, 1 elements); D1 ends in a 1-element bias.
    [TestCase("G3", 1)]
    [TestCase("G3", 2)]
    [TestCase("D1", 1)]
    [TestCase("D1", 2)]
    public void Matches_TorchSharp_Adam_bit_for_bit(string model, int threads)
    {
        set_num_threads(threads);
        using var reference = Create(model);
        using var ours = Create(model);
        using (no_grad())
            foreach (var (r, o) in reference.parameters().Zip(ours.parameters())) o.copy_(r);
        using var refAdam = new Adam(reference.parameters(), 3e-4, 0.9, 0.999);
        using var ourAdam = new SinglePassAdam(ours.parameters(), 3e-4, 0.9, 0.999);
        using var gen = new TorchSharp.torch.Generator(7);
        for (int step = 0; step < 5; step++)
        {
            foreach (var (r, o) in reference.parameters().Zip(ours.parameters()))
            {
                var grad = randn(r.shape, generator: gen);
                r.grad = grad;
                o.grad = grad.clone();
            }
            refAdam.step();
            ourAdam.step();
        }
        foreach (var (r, o) in reference.parameters().Zip(ours.parameters()))
            Assert.That(r.detach().eq(o.detach()).all().item<bool>(), Is.True, $"a {model} parameter of shape [{string.Join(",", r.shape)}] differs");
    }

    [Test]
    public void Changes_the_parameters()
    {
        using var d = ModelZoo.CreateDiscriminator("D1");
        var before = d.parameters().Select(p => p.detach().clone()).ToList();
        using var adam = new SinglePassAdam(d.parameters(), 3e-4, 0.9, 0.999);
        foreach (var p in d.parameters()) p.grad = ones_like(p);
        adam.step();
        foreach (var (b, p) in before.Zip(d.parameters()))
            Assert.That(b.eq(p.detach()).any().item<bool>(), Is.False);
    }

    static nn.Module<Tensor, Tensor> Create(string model)
    {
        manual_seed(11);
        return model.StartsWith('G') ? ModelZoo.CreateGenerator(model) : ModelZoo.CreateDiscriminator(model);
    }
}
