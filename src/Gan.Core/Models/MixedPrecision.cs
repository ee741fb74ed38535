using System.Reflection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Models;

/// <summary>
/// TorchSharp 0.107 has no autocast, so bf16-mixed is a transformation of a built model: each layer inside a
/// <see cref="Sequential"/> that a registered rule recognises (<see cref="Bf16Linear"/>, <see cref="Bf16Conv2d"/>) is
/// swapped for a bf16 form holding the same float32 parameter tensors under the same names. Model definitions stay
/// untouched; state_dict keys, checkpoints (float32), resume and the optimizers' parameter lists do not change.
/// Everything no rule recognises runs in float32: BatchNorm, activations, Sigmoid and the losses after it, and any
/// layer type added later (a custom leaf stays float32 until it registers a rule).
/// Apply after moving the model to its device: a wrapper does not move its layer.
/// </summary>
public static class MixedPrecision
{
    /// <summary>A rule: the bf16 form of a layer, or null when the rule does not apply to it.</summary>
    public delegate nn.Module<Tensor, Tensor>? Rule(nn.IModule<Tensor, Tensor> layer);

    static readonly List<Rule> Rules = [Bf16Linear.Wrap, Bf16Conv2d.Wrap];

    // Sequential offers no way to replace a child; its list is the only place its forward and parameters come from.
    static readonly FieldInfo SequentialChildren =
        typeof(Sequential).GetField("_modules", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("TorchSharp's Sequential no longer keeps its children in _modules; MixedPrecision needs updating");

    /// <summary>Adds a rule, tried after the built-in ones (for a layer type that should multiply in bf16 too).</summary>
    public static void Register(Rule rule)
    {
        lock (Rules) Rules.Add(rule);
    }

    /// <summary>Swaps every recognised layer of <paramref name="model"/> for its bf16 form; returns how many were swapped.</summary>
    public static int UseBf16(nn.Module model)
    {
        Rule[] rules;
        lock (Rules) rules = [.. Rules];
        int swapped = 0;
        foreach (var sequential in model.modules().Prepend(model).OfType<Sequential>().ToList())
        {
            var children = (List<nn.IModule<Tensor, Tensor>>)SequentialChildren.GetValue(sequential)!;
            for (int i = 0; i < children.Count; i++)
            {
                var bf16 = rules.Select(rule => rule(children[i])).FirstOrDefault(m => m is not null);
                if (bf16 is null) continue;
                bf16.train(((nn.Module)children[i]).training);
                children[i] = bf16;
                swapped++;
            }
        }
        return swapped;
    }
}
