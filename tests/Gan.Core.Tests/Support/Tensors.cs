using static TorchSharp.torch;

namespace Gan.Core.Tests.Support;

public static class Tensors
{
    /// <summary>Same shape and bit-identical values (NaN never equals).</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }

    /// <summary>Detached copies of a module's parameters, in registration order.</summary>
    public static List<Tensor> Snapshot(nn.Module module) => module.parameters().Select(p => p.detach().clone()).ToList();
}
