using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Gan.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Optim;

/// <summary>
/// TorchSharp's <see cref="Adam"/> with the same result bit for bit, in one pass over each parameter instead of nine
/// tensor operations and two parameter-sized temporaries: each block of a few thousand elements gets its moments, its
/// √v (LibTorch's own, <see cref="LibTorchSqrt"/>) and its update while it is in cache, and the weight's kept bf16 copy
/// (<see cref="Bf16Copy"/>, in bf16-mixed runs) is written in the same pass, so no cast region needs to cast it. On
/// D2's 38.3M parameters that is one read and one write of each array; on the small MLPs it removes most per-op overhead.
/// <para>
/// Each element gets exactly LibTorch's float arithmetic: m = fma(g, 1−β1, m·β1) (add with alpha and addcmul end in a fused
/// multiply-add in ATen's vector loop), v = fma((1−β2)·g, g, v·β2), d = √v / √(1−β2^t) + ε, p = p + ((−lr/(1−β1^t))·m) / d.
/// ATen runs each element-wise op in blocks of two vectors and leaves each parallel chunk's remainder to a scalar
/// loop whose rounding may differ (the compiler may contract it into FMAs); those few remainder elements are
/// updated here with TorchSharp's own operations, so they too match. Where the blocks lie depends on the CPU's vector
/// width, so the constructor calibrates against TorchSharp's Adam on probe tensors (sizes with remainders, chunked as
/// at the current thread count) and falls back to TorchSharp's Adam when nothing matches, on non-x86 CPUs, without
/// libtorch_cpu's VML, on other devices or dtypes, and with weight decay, AMSGrad or maximize. State and state_dict
/// files are TorchSharp's.
/// </para>
/// </summary>
public sealed class SinglePassAdam : Adam
{
    /// <summary>at::internal::GRAIN_SIZE: element-wise ops on fewer elements run on one thread.</summary>
    const long Grain = 32768;
    /// <summary>Elements per fused block: its five float arrays (p, g, m, v, √v) stay within a core's L2.</summary>
    const int Tile = 4096;
    static readonly Dictionary<(int Threads, double Lr, double Beta1, double Beta2, double Eps), int> Calibrated = [];

    readonly int _block;

    public SinglePassAdam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps = 1e-8)
        : base(parameters, lr, beta1, beta2, eps)
    {
        _block = Calibrate(lr, beta1, beta2, eps);
    }

    /// <summary>True when steps run in one pass; false when this is plain TorchSharp Adam (see the class remarks).</summary>
    public bool IsSinglePass => _block > 0;

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (_block == 0 || closure is not null) return base.step(closure);
        var groups = _parameter_groups.Cast<ParamGroup>().ToList();
        if (!groups.All(g => Supported((Options)g.Options) && g.Parameters.All(p => p.device_type == DeviceType.CPU && p.dtype == ScalarType.Float32 && p.is_contiguous())))
            return base.step(closure);

        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var group in groups)
            {
                var o = (Options)group.Options;
                foreach (var param in group.Parameters)
                {
                    var grad = param.grad;
                    if (grad is null) continue;
                    var state = (State)_state[param.Handle];
                    state.step += 1;
                    Update(param, grad.contiguous(), state.exp_avg, state.exp_avg_sq, Bf16Copy.Of(param), o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, state.step, _block);
                }
            }
        }
        return null!;
    }

    static bool Supported(Options o) =>
        o.weight_decay is null or 0 && o.amsgrad is null or false && o.maximize is null or false;

    /// <summary>
    /// One Adam step on one parameter, in place, and on its bf16 copy when it has one;
    /// <paramref name="block"/> = ATen's elements per vector-loop iteration.
    /// </summary>
    static void Update(Tensor p, Tensor g, Tensor m, Tensor v, Bf16Copy? copy, double lr, double beta1, double beta2, double eps, long step, int block)
    {
        double bc1 = 1 - Math.Pow(beta1, step), bc2 = 1 - Math.Pow(beta2, step);
        var c = new Coefficients((float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2),
            (float)Math.Sqrt(bc2), (float)eps, (float)-(lr / bc1));
        long n = p.numel();
        int threads = torch.get_num_threads();
        long chunk = threads <= 1 || n < Grain ? n : DivUp(n, Math.Min(threads, DivUp(n, Grain)));
        var ps = MemoryMarshal.Cast<byte, float>(p.bytes);
        var gs = MemoryMarshal.Cast<byte, float>(g.bytes);
        var ms = MemoryMarshal.Cast<byte, float>(m.bytes);
        var vs = MemoryMarshal.Cast<byte, float>(v.bytes);
        Span<ushort> p16 = default;
        bool writeCopy = copy is not null && copy.TryGetValues(out p16);
        Span<float> root = stackalloc float[Tile];
        for (long start = 0; start < n; start += chunk)
        {
            long end = Math.Min(n, start + chunk), vectorEnd = start + (end - start) / block * block;
            // Tile is a multiple of every block size, so each tile but a chunk's last is whole blocks, and so is that last.
            for (int tile = (int)start; tile < vectorEnd; tile += Tile)
            {
                int length = (int)Math.Min(Tile, vectorEnd - tile);
                Moments(gs, ms, vs, tile, tile + length, c);
                LibTorchSqrt.Apply(vs[tile..], root, length);
                Parameters(ps, ms, root, tile, tile + length, c);
                if (writeCopy) RoundToBf16(ps, p16, tile, tile + length);
            }
            if (vectorEnd < end)
            {
                Remainder(p, g, m, v, vectorEnd, end - vectorEnd, lr, beta1, beta2, eps, bc1, bc2);
                if (writeCopy)
                    for (long i = vectorEnd; i < end; i++) p16[(int)i] = Bf16Copy.Round(ps[(int)i]);
            }
        }
        if (writeCopy) copy!.Stamp();
    }

    readonly record struct Coefficients(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float SqrtBc2, float Eps, float NegStepSize);

    /// <summary>m = fma(g, 1−β1, m·β1) as ATen's add-with-alpha; v = fma((1−β2)·g, g, v·β2) as its addcmul.</summary>
    static void Moments(Span<float> g, Span<float> m, Span<float> v, int start, int end, Coefficients c)
    {
        var b1 = Vector256.Create(c.Beta1);
        var a1 = Vector256.Create(c.OneMinusBeta1);
        var b2 = Vector256.Create(c.Beta2);
        var a2 = Vector256.Create(c.OneMinusBeta2);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        for (int i = start; i < end; i += Vector256<float>.Count)
        {
            var gi = Vector256.LoadUnsafe(ref gr, (nuint)i);
            Fma.MultiplyAdd(gi, a1, Vector256.LoadUnsafe(ref mr, (nuint)i) * b1).StoreUnsafe(ref mr, (nuint)i);
            Fma.MultiplyAdd(a2 * gi, gi, Vector256.LoadUnsafe(ref vr, (nuint)i) * b2).StoreUnsafe(ref vr, (nuint)i);
        }
    }

    /// <summary>p = p + ((−lr/(1−β1^t))·m) / (√v / √(1−β2^t) + ε), as ATen's div, add and addcdiv.</summary>
    /// <remarks><paramref name="root"/> holds √v of the elements from <paramref name="start"/> on.</remarks>
    static void Parameters(Span<float> p, Span<float> m, Span<float> root, int start, int end, Coefficients c)
    {
        var s2 = Vector256.Create(c.SqrtBc2);
        var eps = Vector256.Create(c.Eps);
        var ns = Vector256.Create(c.NegStepSize);
        ref float pr = ref MemoryMarshal.GetReference(p);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float rr = ref MemoryMarshal.GetReference(root);
        for (int i = start; i < end; i += Vector256<float>.Count)
        {
            var d = Vector256.LoadUnsafe(ref rr, (nuint)(i - start)) / s2 + eps;
            (Vector256.LoadUnsafe(ref pr, (nuint)i) + ns * Vector256.LoadUnsafe(ref mr, (nuint)i) / d).StoreUnsafe(ref pr, (nuint)i);
        }
    }

    /// <summary>bf16 copies of p's elements (16 at a time), rounded as LibTorch's cast.</summary>
    static void RoundToBf16(Span<float> p, Span<ushort> p16, int start, int end)
    {
        ref float pr = ref MemoryMarshal.GetReference(p);
        ref ushort hr = ref MemoryMarshal.GetReference(p16);
        for (int i = start; i < end; i += 2 * Vector256<float>.Count)
            Bf16Copy.Round(Vector256.LoadUnsafe(ref pr, (nuint)i), Vector256.LoadUnsafe(ref pr, (nuint)(i + Vector256<float>.Count)))
                .StoreUnsafe(ref hr, (nuint)i);
    }

    /// <summary>TorchSharp's Adam arithmetic (Adam.step) on the elements ATen leaves to its scalar loop.</summary>
    static void Remainder(Tensor p, Tensor g, Tensor m, Tensor v, long start, long length, double lr, double beta1, double beta2, double eps, double bc1, double bc2)
    {
        using var scope = NewDisposeScope();
        var gt = g.view(-1).narrow(0, start, length);
        var mt = m.view(-1).narrow(0, start, length).mul_(beta1).add_(gt, alpha: 1 - beta1);
        var vt = v.view(-1).narrow(0, start, length).mul_(beta2).addcmul_(gt, gt.conj(), value: 1 - beta2);
        var denom = (vt.sqrt() / Math.Sqrt(bc2)).add_(eps);
        p.view(-1).narrow(0, start, length).addcdiv_(mt, denom, value: -(lr / bc1));
    }

    static long DivUp(long a, long b) => (a + b - 1) / b;

    /// <summary>
    /// The block size (16 or 32 elements: two AVX2 or AVX-512 vectors) at which this update matches TorchSharp's Adam
    /// bit for bit on probe tensors at the current thread count, or 0 when neither does.
    /// </summary>
    static int Calibrate(double lr, double beta1, double beta2, double eps)
    {
        if (!Fma.IsSupported || !Avx.IsSupported || !LibTorchSqrt.Available) return 0;
        var key = (torch.get_num_threads(), lr, beta1, beta2, eps);
        lock (Calibrated)
        {
            if (!Calibrated.TryGetValue(key, out int block))
                Calibrated[key] = block = new[] { 16, 32 }.FirstOrDefault(b => MatchesTorchSharp(b, lr, beta1, beta2, eps));
            return block;
        }
    }

    static bool MatchesTorchSharp(int block, double lr, double beta1, double beta2, double eps)
    {
        // Sizes with remainders of every length class, and ones large enough to be split across threads.
        long[] sizes = [1, 5, 16, 23, 37, 484, 2 * Grain + 7, 3 * Grain + 29];
        using var scope = NewDisposeScope();
        using var gen = new torch.Generator(20240325);
        var reference = sizes.Select(n => new Parameter(randn(n, generator: gen))).ToList();
        var ours = reference.Select(r => r.detach().clone()).ToList();
        var m = ours.Select(o => zeros_like(o)).ToList();
        var v = ours.Select(o => zeros_like(o)).ToList();
        using var adam = new Adam(reference, lr, beta1, beta2, eps);
        for (int t = 1; t <= 3; t++)
        {
            var grads = sizes.Select(n => randn(n, generator: gen)).ToList();
            for (int i = 0; i < sizes.Length; i++) reference[i].grad = grads[i].clone();
            adam.step();
            using (no_grad())
                for (int i = 0; i < sizes.Length; i++) Update(ours[i], grads[i], m[i], v[i], null, lr, beta1, beta2, eps, t, block);
        }
        using (no_grad())
            return reference.Zip(ours).All(pair => pair.First.detach().eq(pair.Second).all().item<bool>());
    }
}
