using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>Linear: y = x·Wᵀ + b, K = in_features products per output, out_features per input-gradient element, the batch per dW element.</summary>
public sealed class LinearChecker : BilinearLayerChecker<Linear>
{
    protected override int WeightOutputAxis => 0;
    protected override Tensor Weight(Linear m) => m.weight!;
    protected override Tensor? Bias(Linear m) => m.bias;
    protected override Tensor Apply(Linear m, Tensor x, Tensor w, Tensor? b) => nn.functional.linear(x, w, b);
    protected override (Tensor A, Tensor B) WeightGradientOperands(Linear m, Tensor x, Tensor g) => (g.unsqueeze(2), x.unsqueeze(2));

    public override string? Settings(nn.Module module)
    {
        var m = (Linear)module;
        return $"{m.in_features}→{m.out_features}{(m.bias is null ? ", no bias" : "")}";
    }
}
