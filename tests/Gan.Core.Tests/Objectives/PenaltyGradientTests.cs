using Gan.Core.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Tests.Objectives;

/// <summary>
/// The gradient penalties in float64: their values against hand computation, and the gradients they give D's
/// parameters (a double backward through autograd.grad with create_graph, which TorchSharp itself never tests)
/// against central finite differences of the penalty's value.
/// </summary>
public class PenaltyGradientTests
{
    const long Seed = 77;

    /// <summary>A small nonlinear D in float64 with LeakyReLU, like the study's, on 4-dimensional inputs.</summary>
    static nn.Module<Tensor, Tensor> SmallD()
    {
        random.manual_seed(5);
        return nn.Sequential(nn.Linear(4, 6, dtype: ScalarType.Float64), nn.LeakyReLU(0.2), nn.Linear(6, 1, dtype: ScalarType.Float64));
    }

    static Tensor Batch(long seed)
    {
        using var g = new torch.Generator((ulong)seed);
        return randn(new long[] { 5, 4 }, ScalarType.Float64, generator: g);
    }

    static double Penalty(IDiscriminatorPenalty p, nn.Module<Tensor, Tensor> d, Tensor real, Tensor fake)
    {
        using var scope = NewDisposeScope();
        using var noise = new torch.Generator((ulong)Seed);
        return p.Compute(x => d.forward(x).squeeze(-1), real, fake, noise).item<double>();
    }

    static IEnumerable<TestCaseData> Penalties()
    {
        yield return new TestCaseData(new GradientPenalty(10)).SetArgDisplayNames("gp λ=10");
        yield return new TestCaseData(new R1Penalty(10)).SetArgDisplayNames("r1 γ=10");
    }

    [TestCaseSource(nameof(Penalties))]
    public void Gradient_for_Ds_parameters_matches_finite_differences(IDiscriminatorPenalty penalty)
    {
        using var d = SmallD();
        using var real = Batch(1);
        using var fake = Batch(2);
        using (var scope = NewDisposeScope())
        {
            using var noise = new torch.Generator((ulong)Seed);
            penalty.Compute(x => d.forward(x).squeeze(-1), real, fake, noise).backward();
        }
        const double h = 1e-6;
        int checkedElements = 0;
        foreach (var p in d.parameters())
        {
            // The last bias moves every score alike, so no input gradient depends on it: no gradient (zero) is right.
            var analytic = p.grad?.flatten() ?? zeros(p.numel(), ScalarType.Float64);
            var flat = p.detach().view(-1);
            for (long i = 0; i < flat.numel(); i++)
            {
                double x0 = flat[i].item<double>();
                flat[i] = x0 + h;
                double up = Penalty(penalty, d, real, fake);
                flat[i] = x0 - h;
                double down = Penalty(penalty, d, real, fake);
                flat[i] = x0;
                double numeric = (up - down) / (2 * h);
                double a = analytic[i].item<double>();
                Assert.That(a, Is.EqualTo(numeric).Within(1e-6 * Math.Max(1, Math.Abs(numeric))), $"{penalty.Column}: d/d{p.name}[{i}]");
                checkedElements++;
            }
        }
        Assert.That(checkedElements, Is.EqualTo(4 * 6 + 6 + 6 + 1));
    }

    [Test]
    public void Input_gradient_matches_finite_differences_of_D()
    {
        using var d = SmallD();
        using var x = Batch(3);
        using var scope = NewDisposeScope();
        Func<Tensor, Tensor> score = t => d.forward(t).squeeze(-1);
        var analytic = InputGradient.Of(score, x);
        const double h = 1e-6;
        for (long n = 0; n < 5; n++)
        {
            for (long j = 0; j < 4; j++)
            {
                var up = x.clone();
                up[n, j] = up[n, j].item<double>() + h;
                var down = x.clone();
                down[n, j] = down[n, j].item<double>() - h;
                double numeric;
                using (no_grad())
                    numeric = (score(up)[n].item<double>() - score(down)[n].item<double>()) / (2 * h);
                Assert.That(analytic[n, j].item<double>(), Is.EqualTo(numeric).Within(1e-7), $"∂D(x{n})/∂x{n},{j}");
            }
        }
    }

    /// <summary>D(x) = w·x + b has ∇D = w everywhere: with w = (3, 4), ‖∇D‖ = 5, so GP = λ(5 − 1)² and R1 = γ/2 · 25.</summary>
    [Test]
    public void Values_on_a_linear_D_are_the_hand_computed_ones()
    {
        using var w = tensor(new[] { 3.0, 4.0 });
        Func<Tensor, Tensor> d = x => x.matmul(w) + 0.5;
        using var real = Batch(4).narrow(1, 0, 2);
        using var fake = Batch(5).narrow(1, 0, 2);
        using var noise = new torch.Generator((ulong)Seed);
        Assert.That(new GradientPenalty(10).Compute(d, real, fake, noise).item<double>(), Is.EqualTo(160).Within(1e-9));
        Assert.That(new R1Penalty(10).Compute(d, real, fake, noise).item<double>(), Is.EqualTo(125).Within(1e-9));
        Assert.That(new R1Penalty(3).Compute(d, real, fake, noise).item<double>(), Is.EqualTo(37.5).Within(1e-9));
    }

    /// <summary>
    /// D(x) = ½‖x‖² has ∇D(x̂) = x̂. With fake = 0, x̂ᵢ = εᵢ·xᵢ, so GP = λ · mean (εᵢ‖xᵢ‖ − 1)², where εᵢ are the
    /// first draws of U[0, 1] from the noise generator, one per sample.
    /// </summary>
    [Test]
    public void Gradient_penalty_draws_one_epsilon_per_sample()
    {
        Func<Tensor, Tensor> d = x => 0.5 * x.square().sum(1);
        using var real = tensor(new[] { 1.0, 0, 0, 2, 3, 0, 0, 0, 0, 4, 0, 0 }).view(3, 4);
        using var fake = zeros_like(real);
        double[] norms = [Math.Sqrt(1 + 4), 3, 4];
        double[] eps;
        using (var g = new torch.Generator((ulong)Seed))
            eps = rand(new long[] { 3, 1 }, generator: g).to(ScalarType.Float64).view(-1).data<double>().ToArray();
        Assert.That(eps.Distinct().Count(), Is.EqualTo(3));
        double expected = 2 * Enumerable.Range(0, 3).Average(i => Math.Pow(eps[i] * norms[i] - 1, 2));
        using var noise = new torch.Generator((ulong)Seed);
        Assert.That(new GradientPenalty(2).Compute(d, real, fake, noise).item<double>(), Is.EqualTo(expected).Within(1e-6));
    }
}
