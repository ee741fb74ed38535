// The floor of a training step on this CPU: the time its matrix products and convolutions alone take, each timed on
// its own as a plain LibTorch op on operands already in the step's precision (no casts, no autograd, no optimizer).
// A step of G and D (k = 1, batch B) does, per Linear / Conv2d leaf (G3's transposed convolutions are conv2d here):
//   G: forward twice (the D step's fakes, the G step), weight gradient once, input gradient once (not the first layer);
//   D: forward three times (real, fake, the G step's fake), weight gradient twice, input gradient three times (the
//      D step's two skip the first layer); with --joint-d-batch the D step's pairs are one op at batch 2B.
// Prints each op class's median ms and the sum, to set against `gan bench`'s ms/step at the same threads.
//
//   gan script bench/floor.csx -- --pair g2-d2 [--precision bf16-mixed] [--threads 1] [--joint-d-batch] [--batch-size 64] [--reps 7]
#load "../scripts/common.csx"

using System.Diagnostics;
using Gan.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

var pairName = "g1-d1";
var precision = Precision.Fp32;
int threads = 1, batch = 64, reps = 7;
bool joint = false;
for (int i = 0; i < Args.Count; i++)
{
    switch (Args[i])
    {
        case "--pair": pairName = Args[++i]; break;
        case "--precision": precision = PrecisionExtensions.ResolveHere(Args[++i], Console.WriteLine); break;
        case "--threads": threads = int.Parse(Args[++i]); break;
        case "--batch-size": batch = int.Parse(Args[++i]); break;
        case "--reps": reps = int.Parse(Args[++i]); break;
        case "--joint-d-batch": joint = true; break;
        default: throw new Gan.Core.GanException($"floor.csx: unknown option '{Args[i]}'; options: --pair --precision --threads --batch-size --reps --joint-d-batch");
    }
}
torch.set_num_threads(threads);
var dtype = precision == Precision.Fp32 ? ScalarType.Float32 : ScalarType.BFloat16;

/// <summary>A Linear or convolution leaf with the input shape it sees at batch 1 (batch dimension dropped).</summary>
record Leaf(string Name, nn.Module Layer, long[] InputShape, bool First);

List<Leaf> Leaves(nn.Module<Tensor, Tensor> model, long[] input)
{
    var found = new List<Leaf>();
    var removers = new List<Action>();
    foreach (var (name, m) in model.named_modules())
    {
        if (m is not (Linear or Conv2d or ConvolutionTranspose)) continue;
        var hookable = (nn.Module<Tensor, Tensor>)m;
        var hook = hookable.register_forward_pre_hook((module, x) =>
        {
            found.Add(new Leaf(name, module, x.shape.Skip(1).ToArray(), found.Count == 0));
            return null;
        });
        removers.Add(hook.remove);
    }
    using (no_grad()) model.call(zeros([1, .. input]));
    foreach (var remove in removers) remove();
    return found;
}

double Median(Action op)
{
    op();
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
(double Forward, double InputGrad, double WeightGrad) Time(Leaf leaf, long n)
{
    using var scope = NewDisposeScope();
    var x = randn([n, .. leaf.InputShape]).to(dtype);
    switch (leaf.Layer)
    {
        case Linear l:
        {
            var w = l.weight!.detach().to(dtype);
            var b = l.bias?.detach().to(dtype);
            var g = randn(n, w.shape[0]).to(dtype);
            return (Median(() => nn.functional.linear(x, w, b)), Median(() => g.mm(w)), Median(() => g.t().mm(x)));
        }
        default:
        {
            // Conv2d, and G3's ConvTranspose2dAsConv, which computes a stride-1 conv2d with the flipped kernel.
            var c = (Convolution)leaf.Layer;
            var transposed = c is ConvolutionTranspose;
            var w = (transposed ? c.weight!.detach().transpose(0, 1).flip(2, 3) : c.weight!.detach()).contiguous().to(dtype);
            var pad = transposed ? c.kernel_size[0] - 1 - c.padding![0] : c.padding![0];
            var y = nn.functional.conv2d(x, w, padding: [pad, pad]);
            var g = randn(y.shape).to(dtype);
            var xg = x.detach().requires_grad_(true);
            var wg = w.detach().requires_grad_(true);
            double forward = Median(() => nn.functional.conv2d(x, w, padding: [pad, pad]));
            double input = Median(() => autograd.grad([nn.functional.conv2d(xg, w, padding: [pad, pad])], [xg], [g]));
            double weight = Median(() => autograd.grad([nn.functional.conv2d(x, wg, padding: [pad, pad])], [wg], [g]));
            return (forward, input - forward, weight - forward);
        }
    }
}

var pair = Gan.Core.Models.ModelZoo.Pair(pairName);
random.manual_seed(0);
var gModel = Gan.Core.Models.ModelZoo.CreateGenerator(pair.Generator);
var dModel = Gan.Core.Models.ModelZoo.CreateDiscriminator(pair.Discriminator);
double total = 0;
Console.WriteLine($"floor of one {pairName} step: {precision.Name()}, batch {batch}, {threads} thread(s){(joint ? ", joint D batch" : "")}; median of {reps} ms per op");
Console.WriteLine($"{"net",-3} {"layer",-28} {"input",-16} {"fwd",8} {"d input",8} {"d weight",8}  {"step ms",8}");
foreach (var (net, model, input) in new[] { ("G", (nn.Module<Tensor, Tensor>)gModel, new long[] { 100 }), ("D", dModel, new long[] { 1, 28, 28 }) })
{
    foreach (var leaf in Leaves(model, input))
    {
        var (f, gi, gw) = Time(leaf, batch);
        double ms;
        if (net == "G")
            ms = 2 * f + gw + (leaf.First ? 0 : gi);
        else if (!joint)
            ms = 3 * f + 2 * gw + (leaf.First ? 1 : 3) * gi;
        else
        {
            var (f2, gi2, gw2) = Time(leaf, 2 * batch);
            ms = f2 + f + gw2 + gi + (leaf.First ? 0 : gi2);
        }
        total += ms;
        Console.WriteLine($"{net,-3} {leaf.Name,-28} {string.Join('x', leaf.InputShape),-16} {f,8:F2} {gi,8:F2} {gw,8:F2}  {ms,8:F2}");
    }
}
Console.WriteLine($"floor: {total:F1} ms per step");
