using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace Gan.Core.Evaluation;

/// <summary>The classifier's view of a set of images: feature-layer activations and class probabilities, on the CPU.</summary>
public sealed class ClassifierOutputs : IDisposable
{
    /// <summary>(N, 84) float32 penultimate activations.</summary>
    public Tensor Features { get; }
    /// <summary>(N, 10) float64 softmax probabilities p(y|x).</summary>
    public Tensor Probabilities { get; }
    public int Count => (int)Features.shape[0];

    public ClassifierOutputs(Tensor features, Tensor probabilities)
    {
        Features = features;
        Probabilities = probabilities;
    }

    public Matrix<double> FeatureMatrix() => ToMatrix(Features);
    public Matrix<double> ProbabilityMatrix() => ToMatrix(Probabilities);

    /// <summary>A 2-D tensor as a MathNet matrix of doubles (row-major copy).</summary>
    public static Matrix<double> ToMatrix(Tensor t)
    {
        using var d = t.to(ScalarType.Float64).contiguous();
        return Matrix<double>.Build.DenseOfRowMajor((int)d.shape[0], (int)d.shape[1], d.data<double>().ToArray());
    }

    public void Dispose()
    {
        Features.Dispose();
        Probabilities.Dispose();
    }
}
