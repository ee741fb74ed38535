using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// BatchNorm1d and BatchNorm2d, against a float64 recomputation of the whole batch (these layers are small). Random affine parameters
/// and running statistics replace the fresh 1/0 ones, so scale, shift and the running-statistics path are exercised.
/// <para>
/// Training mode normalises with batch statistics over K = batch (·height·width) values per channel. First-order error
/// analysis, every term evaluated in float64: the mean errs by at most γ_K·mean|x|; the two-pass variance by (γ_K + 3u)
/// relative, plus the square of the mean's error; so 1/σ by e = ½(γ_K + 3u) + 2u + ½(γ_K·mean|x|/σ)² relative, and
/// x̂ = (x − μ)/σ by ε = (γ_K·mean|x| + |x − μ|·e)/σ + 4u|x̂| absolute. LibTorch applies y = x·α + β with α = w/σ and
/// β = b − μα, which adds 4u·(|x α| + |μ α| + |b|). The backward, dx = w/σ·(g − mean g − x̂·mean(g x̂)), inherits γ_K
/// from both means, ε from x̂, 6u from its own arithmetic and 2e from 1/σ; dw = Σ g x̂ and db = Σ g errs by
/// γ_K·Σ|g x̂| + Σ|g|ε and γ_K·Σ|g|. <see cref="Slack"/> covers the products of error terms the first-order bound drops.
/// </para>
/// <para>Evaluation mode is an affine map per channel from the running statistics: 8u relative to |x α| + |μ α| + |b|.</para>
/// <para>
/// Training mode with one value per channel (BatchNorm1d at batch 1) is not compared: its exact output is the bias,
/// x − μ = 0 divided by √ε, so any rounding in LibTorch's statistics is magnified 1/√ε times, and PyTorch refuses
/// that case outright ("Expected more than 1 value per channel when training"). No training step runs it.
/// </para>
/// </summary>
public sealed class BatchNormChecker : ILeafChecker
{
    public const double Slack = 2;

    public string? Settings(nn.Module module)
    {
        var m = (BatchNorm)module;
        return $"{m.num_features}, eps {m.eps:G3}, {(m.training ? "batch statistics" : "running statistics")}{(m.affine ? "" : ", no affine")}";
    }

    public bool Supports(nn.Module module) => module is BatchNorm1d or BatchNorm2d && module is BatchNorm { affine: true, track_running_stats: true };

    public bool ChangesModule => true;

    public IReadOnlyList<LeafComparison> Check(nn.Module<Tensor, Tensor> module, long[] inputShape, LeafCheckContext context)
    {
        var m = (BatchNorm)module;
        long channels = m.num_features;
        long[] perChannel = [0, .. Enumerable.Range(2, inputShape.Length - 2).Select(d => (long)d)];
        long[] channelShape = [1, channels, .. Enumerable.Repeat(1L, inputShape.Length - 2)];
        if (m.training && inputShape.Where((_, d) => d != 1).Aggregate(1L, (a, n) => a * n) == 1) return [];
        using (no_grad())
        {
            m.weight!.copy_(1 + 0.5 * context.Normal([channels]));
            m.bias!.copy_(0.5 * context.Normal([channels]));
            m.running_mean!.copy_(0.5 * context.Normal([channels]));
            m.running_var!.copy_((0.5 * context.Normal([channels])).exp());
        }
        double u = context.Precision.UnitRoundoff;
        // Statistics and parameters are read before the forward, which updates the running statistics in training mode.
        var w = m.weight.detach().to(ScalarType.Float64).view(channelShape);
        var b = m.bias.detach().to(ScalarType.Float64).view(channelShape);
        var runningMean = m.running_mean.to(ScalarType.Float64).view(channelShape);
        var runningVar = m.running_var.to(ScalarType.Float64).view(channelShape);
        bool training = m.training;
        var run = PrecisionRun.Of(module, context.Normal(inputShape) + 0.5, context);
        var x = run.Input.to(ScalarType.Float64);
        long k = x.numel() / channels;
        double gamma = context.Precision.Gamma(k);

        var mean = training ? x.mean(perChannel, keepdim: true) : runningMean;
        var centred = x - mean;
        var variance = training ? centred.square().mean(perChannel, keepdim: true) : runningVar;
        var invStd = (variance + m.eps).rsqrt();
        var xHat = centred * invStd;
        var y = xHat * w + b;
        var meanAbs = x.abs().mean(perChannel, keepdim: true);
        var invStdError = training ? 0.5 * (gamma + 3 * u) + 2 * u + 0.5 * (gamma * meanAbs * invStd).square() : full_like(invStd, 2 * u);
        var xHatError = training
            ? invStd * (gamma * meanAbs + centred.abs() * invStdError) + 4 * u * xHat.abs()
            : 4 * u * (x.abs() + mean.abs()) * invStd;
        var alpha = (w * invStd).abs();
        var forwardBound = Slack * (w.abs() * xHatError + (training ? 4 : 8) * u * (x.abs() * alpha + mean.abs() * alpha + b.abs()));
        var results = new List<LeafComparison> { new(CheckDirection.Forward, Deviation.Of(run.Output.to(ScalarType.Float64), y, forwardBound)) };
        if (!context.Backward) return results;

        var g = run.Upstream!.to(ScalarType.Float64);
        var gAbs = g.abs();
        Tensor dx, dxBound;
        if (training)
        {
            var meanG = g.mean(perChannel, keepdim: true);
            var meanGxHat = (g * xHat).mean(perChannel, keepdim: true);
            dx = w * invStd * (g - meanG - xHat * meanGxHat);
            dxBound = Slack * (w.abs() * invStd * (
                    gamma * gAbs.mean(perChannel, keepdim: true)
                    + xHat.abs() * (gamma * (gAbs * xHat.abs()).mean(perChannel, keepdim: true) + (gAbs * xHatError).mean(perChannel, keepdim: true))
                    + xHatError * meanGxHat.abs()
                    + 6 * u * (gAbs + meanG.abs() + xHat.abs() * meanGxHat.abs()))
                + 2 * invStdError * dx.abs());
        }
        else
        {
            dx = g * w * invStd;
            dxBound = Slack * 4 * u * dx.abs();
        }
        results.Add(new(CheckDirection.GradInput, Deviation.Of(run.GradInput!.to(ScalarType.Float64), dx, dxBound)));
        results.Add(new(CheckDirection.Grad("weight"), Deviation.Of(
            run.Grad("weight").to(ScalarType.Float64),
            (g * xHat).sum(perChannel),
            Slack * (gamma * (gAbs * xHat.abs()).sum(perChannel) + (gAbs * xHatError).sum(perChannel)))));
        results.Add(new(CheckDirection.Grad("bias"), Deviation.Of(
            run.Grad("bias").to(ScalarType.Float64),
            g.sum(perChannel),
            Slack * gamma * gAbs.sum(perChannel))));
        return results;
    }
}
