using Gan.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan.Core.Runtime;

/// <summary>
/// Which checker tests which leaf module, by the module's exact type. A type without a registered checker (or one its
/// checker does not support) gets <see cref="GenericChecker"/>, so a new layer is checked before anyone registers it.
/// </summary>
public sealed class LeafCheckers
{
    readonly Dictionary<Type, ILeafChecker> _byType = [];

    public ILeafChecker Generic { get; } = new GenericChecker();

    /// <summary>The checkers of every layer type the study's models and the evaluation classifier use.</summary>
    public static LeafCheckers Default { get; } = new LeafCheckers()
        .Register<Linear>(new LinearChecker())
        .Register<Conv2d>(new Conv2dChecker())
        .Register<ConvTranspose2d>(new ConvTranspose2dChecker())
        .Register<BatchNorm1d>(new BatchNormChecker())
        .Register<BatchNorm2d>(new BatchNormChecker())
        .Register<ReLU>(ActivationChecker.ReLU)
        .Register<LeakyReLU>(ActivationChecker.LeakyReLU)
        .Register<Tanh>(ActivationChecker.Tanh)
        .Register<Sigmoid>(ActivationChecker.Sigmoid)
        .Register<MaxPool2d>(SelectionChecker.MaxPool2d)
        .Register<Flatten>(SelectionChecker.Flatten)
        .Register<Bf16Linear>(new Bf16LayerChecker<Linear>(new LinearChecker()))
        .Register<Bf16Conv2d>(new Bf16LayerChecker<Conv2d>(new Conv2dChecker()));

    /// <summary>Adds the checker of a module type; a type has one checker, so registering it twice is an error.</summary>
    public LeafCheckers Register<TModule>(ILeafChecker checker) where TModule : nn.Module
    {
        if (!_byType.TryAdd(typeof(TModule), checker))
            throw new InvalidOperationException($"{typeof(TModule).Name} already has a kernel checker");
        return this;
    }

    public ILeafChecker For(nn.Module module) =>
        _byType.TryGetValue(module.GetType(), out var checker) && checker.Supports(module) ? checker : Generic;

    /// <summary>Replaces a type's checker until the result is disposed: how tests make a check fail on purpose.</summary>
    internal IDisposable Override<TModule>(ILeafChecker checker) where TModule : nn.Module
    {
        var had = _byType.TryGetValue(typeof(TModule), out var previous);
        _byType[typeof(TModule)] = checker;
        return new Restore(() =>
        {
            if (had) _byType[typeof(TModule)] = previous!;
            else _byType.Remove(typeof(TModule));
        });
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
