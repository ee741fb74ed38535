using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>One leaf layer of a model: its state_dict path, type, parameter count and output shape for a probe input.</summary>
public sealed record LayerCard(string Path, string Type, long Parameters, long[] OutputShape);

/// <summary>A model's layers in call order with their parameter counts and output shapes, as <c>gan models</c> prints it.</summary>
public sealed record ModelCard(string Name, long Parameters, long[] InputShape, long[] OutputShape, IReadOnlyList<LayerCard> Layers)
{
    /// <summary>Describes <paramref name="model"/> by running one probe batch of <paramref name="inputShape"/> through it in eval mode.</summary>
    public static ModelCard Describe(string name, nn.Module<Tensor, Tensor> model, long[] inputShape)
    {
        var shapes = new Dictionary<string, long[]>();
        var leaves = model.named_modules().Where(m => !m.module.children().Any()).ToList();
        var hooks = new List<Action>();
        foreach (var (path, module) in leaves)
        {
            if (module is nn.Module<Tensor, Tensor> m)
            {
                var p = path;
                var handle = m.register_forward_hook((_, _, output) => { shapes[p] = output.shape; return output; });
                hooks.Add(handle.remove);
            }
        }
        bool wasTraining = model.training;
        model.eval();
        long[] outShape;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            outShape = model.forward(zeros(inputShape)).shape;
        }
        if (wasTraining) model.train();
        foreach (var remove in hooks) remove();
        var layers = leaves.Select(l => new LayerCard(
            l.name,
            l.module.GetType().Name,
            l.module.parameters().Sum(p => p.numel()),
            shapes.GetValueOrDefault(l.name, []))).ToList();
        return new ModelCard(name, ModelZoo.ParameterCount(model), inputShape, outShape, layers);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Name}: {Parameters:N0} parameters, ({string.Join(",", InputShape)}) → ({string.Join(",", OutputShape)})");
        foreach (var l in Layers)
            sb.AppendLine($"  {l.Path,-16} {l.Type,-21} {l.Parameters,12:N0}  → ({string.Join(",", l.OutputShape)})");
        return sb.ToString();
    }
}
