// The floor of a training step on this CPU (Gan.Core.Benchmarking.StepFloor: the step's matrix products and
// convolutions, each timed alone as a plain LibTorch op in the step's precision), row by row: each leaf's median ms
// per op and its share of the step. `gan bench --floor` prints the same total beside the step it measured.
//
//   gan script bench/floor.csx -- --pair g2-d2 [--precision bf16-mixed] [--threads 1] [--joint-d-batch] [--batch-size 64] [--reps 7]
#load "../scripts/common.csx"

using Gan.Core.Benchmarking;
using Gan.Core.Runtime;
using TorchSharp;

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
var floor = StepFloor.Measure(pairName, precision, batch, joint, reps);
Console.WriteLine($"floor of one {pairName} step: {floor.Precision}, batch {batch}, {threads} thread(s){(joint ? ", joint D batch" : "")}; median of {reps} ms per op");
Console.WriteLine($"{"net",-3} {"layer",-28} {"input",-16} {"fwd",8} {"d input",8} {"d weight",8}  {"step ms",8}");
foreach (var r in floor.Rows)
    Console.WriteLine($"{r.Net,-3} {r.Layer,-28} {string.Join('x', r.Input),-16} {r.ForwardMs,8:F2} {r.InputGradMs,8:F2} {r.WeightGradMs,8:F2}  {r.StepMs,8:F2}");
Console.WriteLine($"floor: {floor.TotalMs:F1} ms per step");
