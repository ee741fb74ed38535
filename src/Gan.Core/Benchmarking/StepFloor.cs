using System.Diagnostics;
using Gan.Core.Models;
using Gan.Core.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Benchmarking;

/// <summary>One Linear or convolution leaf's share of a step's floor: median ms per op and the step's count of them.</summary>
public sealed record StepFloorRow(string Net, string Layer, long[] Input, double ForwardMs, double InputGradMs, double WeightGradMs, double StepMs);

/// <summary>The floor of one training step: <see cref="StepFloor"/>'s rows and their sum.</summary>
public sealed record StepFloorResult(string Pair, string Precision, int BatchSize, int Threads, bool JointDBatch, int Reps, IReadOnlyList<StepFloorRow> Rows)
{
    public double TotalMs => Rows.Sum(r => r.StepMs);
}

/// <summary>
/// The floor of a training step on this CPU: the time its matrix products and convolutions alone take, each timed on
/// its own as a plain LibTorch op on operands already in the step's precision (no casts, no autograd, no optimizer),
/// at the current thread count. A step of G and D (k = 1, batch B) does, per Linear / Conv2d leaf (G3's transposed
/// convolutions are conv2d here):
/// G: forward twice (the D step's fakes, the G step), weight gradient once, input gradient once (not the first layer);
/// D: forward three times (real, fake, the G step's fake), weight gradient twice, input gradient three times (the
/// D step's two skip the first layer); with the joint D batch the D step's pairs are one op at batch 2B.
/// <c>gan bench --floor</c> sets a step's time against it; <c>bench/floor.csx</c> prints the rows.
/// </summary>
public static class StepFloor
{
    sealed record Leaf(string Name, nn.Module Layer, long[] InputShape, bool First);

    public static StepFloorResult Measure(string pairName, Precision precision, int batch = 64, bool jointDBatch = false, int reps = 7)
    {
        if (reps < 1) throw new GanException($"--reps {reps} must be at least 1");
        if (batch < 1) throw new GanException($"--batch-size {batch} must be at least 1");
        var dtype = precision switch
        {
            Precision.Fp32 => ScalarType.Float32,
            Precision.Fp64 => ScalarType.Float64,
            _ => ScalarType.BFloat16,
        };
        var pair = ModelZoo.Pair(pairName);
        using var g = ModelZoo.CreateGenerator(pair.Generator);
        using var d = ModelZoo.CreateDiscriminator(pair.Discriminator);
        var rows = new List<StepFloorRow>();
        foreach (var (net, model, input) in new[] { ("G", (nn.Module<Tensor, Tensor>)g, new long[] { 100 }), ("D", d, new long[] { 1, 28, 28 }) })
        {
            foreach (var leaf in Leaves(model, input))
            {
                var (f, gi, gw) = Time(leaf, batch, dtype, reps);
                double ms;
                if (net == "G")
                    ms = 2 * f + gw + (leaf.First ? 0 : gi);
                else if (!jointDBatch)
                    ms = 3 * f + 2 * gw + (leaf.First ? 1 : 3) * gi;
                else
                {
                    var (f2, gi2, gw2) = Time(leaf, 2 * batch, dtype, reps);
                    ms = f2 + f + gw2 + gi + (leaf.First ? 0 : gi2);
                }
                rows.Add(new StepFloorRow(net, leaf.Name, leaf.InputShape, f, gi, gw, ms));
            }
        }
        return new StepFloorResult(pairName, precision.Name(), batch, get_num_threads(), jointDBatch, reps, rows);
    }

    /// <summary>The Linear and convolution leaves in call order, with the input shape each sees (batch dimension dropped).</summary>
    static List<Leaf> Leaves(nn.Module<Tensor, Tensor> model, long[] input)
    {
        var found = new List<Leaf>();
        var removers = new List<Action>();
        foreach (var (name, m) in model.named_modules())
        {
            if (m is not (Linear or Conv2d or ConvolutionTranspose)) continue;
            // Returning null leaves the input as it is.
            var hook = ((nn.Module<Tensor, Tensor>)m).register_forward_pre_hook((module, x) =>
            {
                found.Add(new Leaf(name, module, x.shape.Skip(1).ToArray(), found.Count == 0));
                return null!;
            });
            removers.Add(hook.remove);
        }
        using (no_grad())
        using (NewDisposeScope())
            model.call(zeros([1, .. input]));
        foreach (var remove in removers) remove();
        return found;
    }

    static double Median(Action op, int reps)
    {
        using (NewDisposeScope()) op();
        var times = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            op();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[reps / 2];
    }

    /// <summary>Median ms of the forward, the input gradient and the weight gradient of one leaf at batch <paramref name="n"/>.</summary>
    static (double Forward, double InputGrad, double WeightGrad) Time(Leaf leaf, long n, ScalarType dtype, int reps)
    {
        using var scope = NewDisposeScope();
        var x = randn([n, .. leaf.InputShape]).to(dtype);
        if (leaf.Layer is Linear l)
        {
            var w = l.weight!.detach().to(dtype);
            var b = l.bias?.detach().to(dtype);
            var g = randn(n, w.shape[0]).to(dtype);
            return (Median(() => nn.functional.linear(x, w, b), reps), Median(() => g.mm(w), reps), Median(() => g.t().mm(x), reps));
        }
        // Conv2d, and G3's ConvTranspose2dAsConv, which computes a stride-1 conv2d with the flipped kernel.
        var c = (Convolution)leaf.Layer;
        var transposed = c is ConvolutionTranspose;
        var cw = (transposed ? c.weight!.detach().transpose(0, 1).flip(2, 3) : c.weight!.detach()).contiguous().to(dtype);
        var pad = transposed ? c.kernel_size[0] - 1 - c.padding![0] : c.padding![0];
        var y = nn.functional.conv2d(x, cw, padding: [pad, pad]);
        var gy = randn(y.shape).to(dtype);
        var xg = x.detach().requires_grad_(true);
        var wg = cw.detach().requires_grad_(true);
        double forward = Median(() => nn.functional.conv2d(x, cw, padding: [pad, pad]), reps);
        double input = Median(() => autograd.grad([nn.functional.conv2d(xg, cw, padding: [pad, pad])], [xg], [gy]), reps);
        double weight = Median(() => autograd.grad([nn.functional.conv2d(x, wg, padding: [pad, pad])], [wg], [gy]), reps);
        return (forward, input - forward, weight - forward);
    }
}
